//go:build goexperiment.simd && amd64

package objective

import (
	"simd/archsimd"

	"github.com/mmfld/playground/engine/internal/lanes"
	"github.com/mmfld/playground/engine/internal/purefloat"
)

// grad8 writes meanmatch's chart gradients on Δ², cᵢ − (β/xᵢ − β/x₃), for
// the first 8⌊n/8⌋ of the n points of x into dst, eight at a time in
// AVX-512 vectors (Go's SIMD experiment): the operations of Grad's scalar
// loop in its order, so the same bits (TestGrad8MatchesScalar). It returns
// how many points it did.
func grad8(dst, x []float64, c0, c1, beta float64) (done int) {
	if !purefloat.SIMD {
		return 0
	}
	defer archsimd.ClearAVXUpperBits() // Go's scalar code after it is SSE, which waits on the upper halves
	n := min(len(x)/3, len(dst)/2)
	b := archsimd.BroadcastFloat64x8
	vc0, vc1, vb := b(c0), b(c1), b(beta)
	for ; done+8 <= n; done += 8 {
		x0, x1, x2 := lanes.Load3(x[3*done : 3*done+24])
		last := vb.Div(x2)
		lanes.Store2(dst[2*done:2*done+16], vc0.Sub(vb.Div(x0).Sub(last)), vc1.Sub(vb.Div(x1).Sub(last)))
	}
	return done
}
