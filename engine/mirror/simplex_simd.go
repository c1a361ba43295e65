//go:build goexperiment.simd && amd64

package mirror

import (
	"math/bits"
	"simd/archsimd"

	"github.com/mmfld/playground/engine/internal/lanes"
	"github.com/mmfld/playground/engine/internal/purefloat"
)

// The fused MMFLD step on Δ² eight particles at a time, in AVX-512 vectors
// (Go's SIMD experiment, GOEXPERIMENT=simd): the same operations as
// MMFLDBlock's scalar loops in the same order, so the same bits
// (TestSIMDMatchesScalar), lane by lane. Points are stored interleaved (y
// two numbers a point, x and the normals three): package lanes gathers
// each group of eight into one vector a coordinate and scatters it back.

// bounds holds ±MoveBound and ±DualBound in every lane, made once a loop.
type bounds struct{ move, moveNeg, dual, dualNeg archsimd.Float64x8 }

// moveCut8 is moveCut on 8 lanes: y + v, v cut to ±MoveBound and the sum
// to ±DualBound; NaN passes through. It returns the sum and the lanes of
// each of the two cuts.
func moveCut8(y, v archsimd.Float64x8, b *bounds) (archsimd.Float64x8, archsimd.Mask64x8, archsimd.Mask64x8) {
	hi, lo := v.Greater(b.move), v.Less(b.moveNeg)
	v = b.move.Merge(b.moveNeg.Merge(v, lo), hi)
	v = v.Add(y)
	hi2, lo2 := v.Greater(b.dual), v.Less(b.dualNeg)
	v = b.dual.Merge(b.dualNeg.Merge(v, lo2), hi2)
	return v, hi.Or(lo), hi2.Or(lo2)
}

// ones counts the lanes of m.
func ones(m archsimd.Mask64x8) int { return bits.OnesCount8(m.ToBits()) }

// mmfldMoves8 runs MMFLDBlock's move loop for the first 8⌊n/8⌋ points
// (y 2 a point, g 2, xi 3 normals) and returns how many it moved, with the
// cuts and the points kept, as the scalar loop counts them.
func mmfldMoves8(y, g, xi []float64, n int, eta, sq float64) (done, cuts, rejected int) {
	if !purefloat.SIMD {
		return 0, 0, 0
	}
	// Go's scalar code is SSE: leaving the vectors' upper halves set makes
	// each of its instructions wait on them (the gradients' divisions ran
	// 4 times slower after this loop).
	defer archsimd.ClearAVXUpperBits()
	b := archsimd.BroadcastFloat64x8
	half, one, minusEta, vsq := b(0.5), b(1), b(-eta), b(sq)
	bd := bounds{b(MoveBound), b(-MoveBound), b(DualBound), b(-DualBound)}
	for ; done+8 <= n; done += 8 {
		yp, gp, np := y[2*done:2*done+16], g[2*done:2*done+16], xi[3*done:3*done+24]
		y0, y1 := lanes.Load2(yp)
		g0, g1 := lanes.Load2(gp)
		n0, n1, n2 := lanes.Load3(np)
		// The drift move Y'.
		p0, a0, b0 := moveCut8(y0, minusEta.Mul(g0), &bd)
		p1, a1, b1 := moveCut8(y1, minusEta.Mul(g1), &bd)
		cuts += ones(a0) + ones(b0) + ones(a1) + ones(b1)
		finite := p0.Equal(p0).And(p1.Equal(p1))
		// The noise move Y⁺ (hᵢ = e^{Y'ᵢ/2}); its cuts count where the
		// drift move was finite.
		h0, h1 := purefloat.Exp8(half.Mul(p0), half.Mul(p1))
		s := vsq.Mul(one.Add(h0.Mul(h0)).Add(h1.Mul(h1)).Sqrt())
		v0, a0, b0 := moveCut8(p0, s.Mul(n0.Div(h0).Sub(n2)), &bd)
		v1, a1, b1 := moveCut8(p1, s.Mul(n1.Div(h1).Sub(n2)), &bd)
		cuts += ones(a0.And(finite)) + ones(b0.And(finite)) + ones(a1.And(finite)) + ones(b1.And(finite))
		kept := finite.And(v0.Equal(v0)).And(v1.Equal(v1))
		rejected += 8 - ones(kept)
		lanes.Store2(yp, v0.Merge(y0, kept), v1.Merge(y1, kept))
	}
	return done, cuts, rejected
}

// conj8 runs conjBlock2 for the first 8⌊n/8⌋ points (y in the dual
// region) and returns how many it did.
func conj8(x, y []float64, n int) (done int) {
	if !purefloat.SIMD {
		return 0
	}
	defer archsimd.ClearAVXUpperBits() // as in mmfldMoves8
	one := archsimd.BroadcastFloat64x8(1)
	for ; done+8 <= n; done += 8 {
		y0, y1 := lanes.Load2(y[2*done : 2*done+16])
		e0, e1 := purefloat.Exp8(y0, y1)
		inv := one.Div(one.Add(e0).Add(e1))
		lanes.Store3(x[3*done:3*done+24], e0.Mul(inv), e1.Mul(inv), inv)
	}
	return done
}
