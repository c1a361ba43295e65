package mirror

import (
	"golang.org/x/sys/cpu"

	"github.com/mmfld/playground/engine/internal/purefloat"
)

// useAVX2 reports whether the reference workload's loops on Δ² run four
// points at a time in AVX2 vectors (simplex_avx2_amd64.s): the processor
// has AVX2 (x86-64 processors since 2013 and 2015), and the tests have not
// turned them off.
var useAVX2 = cpu.X86.HasAVX2

// The vector loops compute the bits of the Go loops (mmfldMovesGo and
// conjBlock2) four points at a time: the same operations in the same order,
// each rounded as Go rounds it (Go fuses no multiply and add on amd64, and
// the loops use no FMA), divisions and square roots correctly rounded as in
// Go, the exponential's table read by a gather. TestAVX2MatchesGo checks the
// equality, bit for bit, on points at and past every cut.
//
// Why assembly, and not Go's SIMD experiment (GOEXPERIMENT=simd, tried in
// commit 31fe64c): under the experiment, Go's asynchronous preemption
// restores the full vector registers and leaves their upper halves marked
// in use, after which every scalar loop of the program runs slower (mmd's
// exact sums fell from 32 to 21 steps/s); Go never preempts an assembly
// function asynchronously, and these clear the upper halves (VZEROUPPER)
// before they return. Measured with `make bench` (README, "Speed").

// avx2Consts holds the loops' constants, each broadcast to four lanes; the
// assembly reads them at fixed offsets (the K_ names in
// simplex_avx2_amd64.s; TestAVX2ConstsLayout checks them).
type avx2Consts struct {
	invL, shift, ln2Hi, ln2Lo      [4]float64 // purefloat.ExpParts' reduction
	one, c2, c3, c4, c5            [4]float64 // its polynomial: 1, 1/2, 1/6, 1/24, 1/120
	half                           [4]float64 // the half-exponents' ½
	moveHi, moveLo, dualHi, dualLo [4]float64 // ±MoveBound, ±DualBound
	mask63, bias                   [4]uint64  // j = m & 63; the exponent bias 1023 << 52
}

var avx2K = func() (k avx2Consts) {
	b := func(v float64) [4]float64 { return [4]float64{v, v, v, v} }
	k.invL, k.shift, k.ln2Hi, k.ln2Lo = b(purefloat.ExpInvL), b(purefloat.ExpShift), b(purefloat.ExpLn2Hi), b(purefloat.ExpLn2Lo)
	k.one, k.c2, k.c3, k.c4, k.c5 = b(1), b(1./2), b(1./6), b(1./24), b(1./120)
	k.half = b(0.5)
	k.moveHi, k.moveLo, k.dualHi, k.dualLo = b(MoveBound), b(-MoveBound), b(DualBound), b(-DualBound)
	k.mask63 = [4]uint64{63, 63, 63, 63}
	k.bias = [4]uint64{1023 << 52, 1023 << 52, 1023 << 52, 1023 << 52}
	return k
}()

// mmfldMovesAVX2 is mmfldMovesGo for n points, n a positive multiple of 4,
// at y (2 a point), grad (2 a point) and xi (3 a point); tab is
// purefloat.ExpTable().
//
//go:noescape
func mmfldMovesAVX2(y, grad, xi *float64, n int, eta, sq float64, k *avx2Consts, tab *[64]float64) (cuts, accepted int)

// conjAVX2 is conjBlock2 for n points, n a positive multiple of 4, from y
// (2 a point) to x (3 a point).
//
//go:noescape
func conjAVX2(x, y *float64, n int, k *avx2Consts, tab *[64]float64)

// mmfldMoves is MMFLDBlock's moves: the points in fours in AVX2 where the
// processor has it, the rest (and every point elsewhere) by mmfldMovesGo.
func mmfldMoves(y, g, xi []float64, eta, sq float64) (cuts, rejected int) {
	n := min(len(y)/2, len(g)/2, len(xi)/3)
	n4 := 0
	if useAVX2 {
		n4 = n &^ 3
	}
	if n4 > 0 {
		c, kept := mmfldMovesAVX2(&y[0], &g[0], &xi[0], n4, eta, sq, &avx2K, purefloat.ExpTable())
		cuts, rejected = c, n4-kept
	}
	c, r := mmfldMovesGo(y[2*n4:2*n], g[2*n4:2*n], xi[3*n4:3*n], eta, sq)
	return cuts + c, rejected + r
}

// conjBlock is conjBlock2, the points in fours in AVX2 where the processor
// has it.
func conjBlock(x, y []float64) {
	n := min(len(x)/3, len(y)/2)
	n4 := 0
	if useAVX2 {
		n4 = n &^ 3
	}
	if n4 > 0 {
		conjAVX2(&x[0], &y[0], n4, &avx2K, purefloat.ExpTable())
	}
	conjBlock2(x[3*n4:3*n], y[2*n4:2*n])
}
