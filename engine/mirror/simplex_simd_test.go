//go:build goexperiment.simd && amd64

package mirror

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/mmfld/playground/engine/internal/purefloat"
	"github.com/mmfld/playground/engine/internal/rng"
)

// TestSIMDMatchesScalar runs MMFLDBlock and ConjBlock with the 8-lane loops
// (simplex_simd.go) and with the scalar ones alone (purefloat.SIMD off) on
// the same points, and requires the same bits and counts: ordinary points,
// points at the dual bound, steps large enough to cut moves, gradients that
// are NaN or infinite (refused moves), and a block whose size is no
// multiple of 8 (the scalar loop finishes it).
func TestSIMDMatchesScalar(t *testing.T) {
	if !purefloat.SIMD {
		t.Skip("no AVX-512")
	}
	defer func() { purefloat.SIMD = true }()
	m := EntropicSimplex{Simplex{D: 2}}
	src := rand.New(rand.NewPCG(5, 6))
	for trial, tc := range []struct {
		n        int
		eta, sq  float64
		spread   float64 // of the dual points
		gradient float64 // of the gradients
		bad      bool    // some gradients NaN or infinite
	}{
		{256, 3e-3, 0.0245, 5, 3, false},
		{253, 0.5, 1, 40, 300, false},
		{61, 3e-3, 0.0245, DualBound, 1e5, true},
		{7, 0.1, 0.4, 2, 10, false},
	} {
		y := make([]float64, 2*tc.n)
		g := make([]float64, 2*tc.n)
		for i := range y {
			y[i] = tc.spread * (2*src.Float64() - 1)
			g[i] = tc.gradient * src.NormFloat64()
			if i%37 == 0 {
				y[i] = DualBound * math.Copysign(1, y[i])
			}
			if tc.bad && i%11 == 0 {
				g[i] = []float64{math.NaN(), math.Inf(1), math.Inf(-1)}[i%3]
			}
		}
		run := func(vectors bool) (y2, x []float64, cuts, rejected int) {
			purefloat.SIMD = vectors
			y2, x = slices.Clone(y), make([]float64, 3*tc.n)
			var r rng.Stream
			r.Reseed(uint64(trial), 7, 0)
			cuts, rejected = m.MMFLDBlock(y2, x, g, make([]float64, 3*tc.n), tc.eta, tc.sq, &r)
			return y2, x, cuts, rejected
		}
		yv, xv, cv, rv := run(true)
		ys, xs, cs, rs := run(false)
		if cv != cs || rv != rs {
			t.Errorf("trial %d: cuts %d, rejected %d with vectors; %d, %d scalar", trial, cv, rv, cs, rs)
		}
		for i := range ys {
			if math.Float64bits(yv[i]) != math.Float64bits(ys[i]) {
				t.Fatalf("trial %d: y[%d] = %v with vectors, %v scalar", trial, i, yv[i], ys[i])
			}
		}
		for i := range xs {
			if math.Float64bits(xv[i]) != math.Float64bits(xs[i]) {
				t.Fatalf("trial %d: x[%d] = %v with vectors, %v scalar", trial, i, xv[i], xs[i])
			}
		}
		if tc.bad && rs == 0 || tc.eta == 0.5 && cs == 0 {
			t.Errorf("trial %d: %d cuts, %d refused: the case meant to exercise them did not", trial, cs, rs)
		}
	}
}
