package simd

import (
	"golang.org/x/sys/cpu"

	"github.com/mmfld/playground/engine/internal/purefloat"
)

// useAVX2 reports whether the loops run four points at a time in AVX2
// (simd_amd64.s): the processor has AVX2 (most x86-64 processors since
// 2013), and the tests have not turned them off.
//
// Why assembly, and not Go's SIMD experiment (GOEXPERIMENT=simd, tried in
// commit 31fe64c with AVX-512): under the experiment, Go's asynchronous
// preemption restores the full vector registers and leaves their upper
// halves marked in use, after which every scalar loop of the program runs
// slower (mmd's exact sums fell from 32 to 21 steps/s). Go never preempts
// an assembly function asynchronously, and these clear the upper halves
// (VZEROUPPER) before they return; each runs for one block or one row of a
// tile (microseconds), so it delays no garbage collection. Why AVX2 and
// not AVX-512: most x86-64 processors have AVX2; many have no AVX-512.
var useAVX2 = cpu.X86.HasAVX2

// vecPoints returns how many of n points the vector loops take: the
// largest multiple of 4, or 0 without AVX2.
func vecPoints(n int) int {
	if !useAVX2 {
		return 0
	}
	return n &^ 3
}

// consts holds the vector loops' constants, each broadcast to four lanes;
// the assembly reads them at fixed offsets (the K_ names in
// simd_amd64.s; TestConstsLayout checks them).
type consts struct {
	invL, shift, ln2Hi, ln2Lo [4]float64 // purefloat.ExpParts' reduction
	one, c2, c3, c4, c5       [4]float64 // its polynomial: 1, 1/2, 1/6, 1/24, 1/120
	half                      [4]float64 // the half-exponents' ½
	mask63, bias              [4]uint64  // j = m & 63; the exponent bias 1023 << 52
	sign                      [4]uint64  // a float's sign bit
	expLo                     [4]float64 // purefloat.ExpFastLo, where ExpFast's range ends
}

var kc = func() (k consts) {
	b := func(v float64) [4]float64 { return [4]float64{v, v, v, v} }
	k.invL, k.shift, k.ln2Hi, k.ln2Lo = b(purefloat.ExpInvL), b(purefloat.ExpShift), b(purefloat.ExpLn2Hi), b(purefloat.ExpLn2Lo)
	k.one, k.c2, k.c3, k.c4, k.c5 = b(1), b(1./2), b(1./6), b(1./24), b(1./120)
	k.half = b(0.5)
	k.mask63 = [4]uint64{63, 63, 63, 63}
	k.bias = [4]uint64{1023 << 52, 1023 << 52, 1023 << 52, 1023 << 52}
	k.sign = [4]uint64{1 << 63, 1 << 63, 1 << 63, 1 << 63}
	k.expLo = b(purefloat.ExpFastLo)
	return k
}()

// driftAVX2 and noiseAVX2 are movesGo for n points, n a positive multiple
// of 4, at y, grad and xi, in two passes: driftAVX2 writes the drift move
// Y' over grad and hᵢ = e^{Y'ᵢ/2} and s = sq √Z to tmp (3 a point), and
// returns its cuts; noiseAVX2 makes the noise move from them and returns
// its cuts and the points kept. tab is purefloat.ExpTable(). Why two
// passes: one point's moves are a chain of dependent operations (two cuts,
// two exponentials, a square root, divisions, two more cuts) longer than
// the processor's window of operations in flight, so in one loop the
// points hardly overlap; each half overlaps more (measured with
// BenchmarkLoops on 50,000 points, 2026-11-30: 561 µs in one pass, 350 in
// two), and a block's arrays are small enough (256 points) to stay in the
// first-level cache between the passes.
//
//go:noescape
func driftAVX2(y, grad, tmp *float64, n int, eta, sq, moveBound, dualBound float64, k *consts, tab *[64]float64) (cuts int)

//go:noescape
func noiseAVX2(y, grad, xi, tmp *float64, n int, moveBound, dualBound float64) (cuts, accepted int)

// softmaxAVX2 is softmaxGo for n points, n a positive multiple of 4.
//
//go:noescape
func softmaxAVX2(x, y *float64, n int, k *consts, tab *[64]float64)

// barrierGradAVX2 is barrierGradGo for n points, n a positive multiple of 4.
//
//go:noescape
func barrierGradAVX2(dst, x *float64, n int, c0, c1, beta float64)

// sum12AVX2 is sum12Go for n numbers, n a positive multiple of 12.
//
//go:noescape
func sum12AVX2(a *[12]float64, x *float64, n int)

// kernelFoursAVX2 is kernelFoursGo for up to fours fours of points at b
// (gb and sb nil or not), four pairs at a time, acc's lanes in registers.
// It stops before a four with an exponent below purefloat.ExpFastLo (which
// purefloat.Exp takes in Go) and returns how many fours it did.
//
//go:noescape
func kernelFoursAVX2(acc *[12]float64, x0, x1 float64, b, gb, sb *float64, fours int, inv2h2 float64, k *consts, tab *[64]float64) (done int)

// kernelRows is KernelTile2's whole fours of one row (kernelFoursGo), in
// AVX2 where the processor has it; a four the vector loop leaves (an
// exponent below ExpFastLo) is taken by kernelFoursGo.
func kernelRows(acc *[12]float64, x0, x1 float64, b, gb, sb []float64, fours int, inv2h2 float64) {
	if !useAVX2 {
		kernelFoursGo(acc, x0, x1, b, gb, sb, fours, inv2h2)
		return
	}
	_ = b[8*fours-1]
	if gb != nil {
		_, _ = gb[8*fours-1], sb[4*fours-1]
	}
	for f := 0; f < fours; {
		var gp, sp *float64
		if gb != nil {
			gp, sp = &gb[8*f], &sb[4*f]
		}
		f += kernelFoursAVX2(acc, x0, x1, &b[8*f], gp, sp, fours-f, inv2h2, &kc, purefloat.ExpTable())
		if f < fours {
			var gf, sf []float64
			if gb != nil {
				gf, sf = gb[8*f:], sb[4*f:]
			}
			kernelFoursGo(acc, x0, x1, b[8*f:], gf, sf, 1, inv2h2)
			f++
		}
	}
}

func movesVec(y, g, xi, tmp []float64, n int, eta, sq float64) (cuts, rejected int) {
	_, _, _, _ = y[2*n-1], g[2*n-1], xi[3*n-1], tmp[3*n-1]
	cuts = driftAVX2(&y[0], &g[0], &tmp[0], n, eta, sq, MoveBound, DualBound, &kc, purefloat.ExpTable())
	c, kept := noiseAVX2(&y[0], &g[0], &xi[0], &tmp[0], n, MoveBound, DualBound)
	return cuts + c, n - kept
}

func softmaxVec(x, y []float64, n int) {
	_, _ = x[3*n-1], y[2*n-1]
	softmaxAVX2(&x[0], &y[0], n, &kc, purefloat.ExpTable())
}

func barrierGradVec(dst, x []float64, n int, c0, c1, beta float64) {
	_, _ = dst[2*n-1], x[3*n-1]
	barrierGradAVX2(&dst[0], &x[0], n, c0, c1, beta)
}
