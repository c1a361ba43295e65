//go:build goexperiment.simd && amd64

package purefloat

import (
	"math"
	"simd/archsimd"
)

// SIMD reports whether Exp8 (and the engine's other 8-lane loops) may run:
// the build has Go's SIMD experiment on amd64 (GOEXPERIMENT=simd) and the
// processor has AVX-512 (F, CD, BW, DQ and VL: the 64-bit integer
// conversions and the 8-lane permutes and masks).
var SIMD = archsimd.X86.AVX512()

// expTable8 is expTable in eight 8-lane vectors, for Exp8's lookups.
var expTable8 = func() (t [8]archsimd.Float64x8) {
	for k := range t {
		t[k] = archsimd.LoadFloat64x8((*[8]float64)(expTable[8*k : 8*k+8]))
	}
	return t
}()

// Exp8 returns ExpFast of each of the 8 lanes of x and of y, the same
// bits: the same operations in the same order (Go fuses no multiply and
// add into one, in vectors as in scalars; TestExp8), the table read by four
// two-vector permutes and two blends on bits 4 and 5 of the index. Lanes
// outside [ExpFastLo, ExpFastHi] are not meaningful, as for ExpFast. The
// two vectors go through together, one call for both (the function is too
// big for Go to inline) and two chains for the processor to overlap. Call
// it only when SIMD is true.
func Exp8(x, y archsimd.Float64x8) (ex, ey archsimd.Float64x8) {
	const (
		invL  = 64 / math.Ln2
		ln2Hi = 6.93147180369123816490e-01 / 64
		ln2Lo = 1.90821492927058770002e-10 / 64
		shift = 0x1.8p52
	)
	b := archsimd.BroadcastFloat64x8
	cInvL, cShift, cHi, cLo := b(invL), b(shift), b(ln2Hi), b(ln2Lo)
	kx := x.Mul(cInvL).Add(cShift).Sub(cShift)
	ky := y.Mul(cInvL).Add(cShift).Sub(cShift)
	rx := x.Sub(kx.Mul(cHi)).Sub(kx.Mul(cLo))
	ry := y.Sub(ky.Mul(cHi)).Sub(ky.Mul(cLo))
	mx, my := kx.ConvertToInt64(), ky.ConvertToInt64()
	one, c2, c3, c4, c5 := b(1), b(1./2), b(1./6), b(1./24), b(1./120)
	px := one.Add(rx.Mul(one.Add(rx.Mul(c2.Add(rx.Mul(c3.Add(rx.Mul(c4.Add(rx.Mul(c5))))))))))
	py := one.Add(ry.Mul(one.Add(ry.Mul(c2.Add(ry.Mul(c3.Add(ry.Mul(c4.Add(ry.Mul(c5))))))))))
	ex = scale8(mx).Mul(table8(mx).Mul(px))
	ey = scale8(my).Mul(table8(my).Mul(py))
	return ex, ey
}

// table8 returns 2^{j/64} for j = m mod 64 in each lane (expTable[j]).
func table8(m archsimd.Int64x8) archsimd.Float64x8 {
	j := m.And(archsimd.BroadcastInt64x8(63))
	ju := j.AsUint64x8()
	t := &expTable8
	lo16, hi16 := t[0].ConcatPermute(t[1], ju), t[2].ConcatPermute(t[3], ju)
	lo48, hi48 := t[4].ConcatPermute(t[5], ju), t[6].ConcatPermute(t[7], ju)
	zero := archsimd.BroadcastInt64x8(0)
	bit4 := j.And(archsimd.BroadcastInt64x8(16)).NotEqual(zero)
	bit5 := j.And(archsimd.BroadcastInt64x8(32)).NotEqual(zero)
	return hi48.Merge(lo48, bit4).Merge(hi16.Merge(lo16, bit4), bit5)
}

// scale8 returns 2^q for q = m >> 6 in each lane (a normal number).
func scale8(m archsimd.Int64x8) archsimd.Float64x8 {
	return m.ShiftAllRight(6).Add(archsimd.BroadcastInt64x8(1023)).ShiftAllLeft(52).AsFloat64x8()
}
