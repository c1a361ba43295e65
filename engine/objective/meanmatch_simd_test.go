//go:build goexperiment.simd && amd64

package objective

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/mmfld/playground/engine/internal/purefloat"
)

// TestGrad8MatchesScalar checks grad8 against Grad's scalar loop on Δ²,
// bit for bit, on points from the centre to within 10⁻³⁰⁰ of a face, and
// that it leaves the tail of a block that is no multiple of 8 to the loop.
func TestGrad8MatchesScalar(t *testing.T) {
	if !purefloat.SIMD {
		t.Skip("no AVX-512")
	}
	src := rand.New(rand.NewPCG(7, 8))
	const n = 203
	x := make([]float64, 3*n)
	for i := range n {
		a, b, c := math.Exp(-300*math.Pow(src.Float64(), 6)), src.Float64(), src.Float64()
		z := a + b + c
		x[3*i], x[3*i+1], x[3*i+2] = a/z, b/z, c/z
	}
	c0, c1, beta := 0.37, -1.25, 0.1
	got := make([]float64, 2*n)
	done := grad8(got, x, c0, c1, beta)
	if done != n/8*8 {
		t.Fatalf("grad8 did %d points of %d, want %d", done, n, n/8*8)
	}
	for i := range done {
		b := beta / x[3*i+2]
		want := [2]float64{c0 - (beta/x[3*i] - b), c1 - (beta/x[3*i+1] - b)}
		for k, w := range want {
			if g := got[2*i+k]; math.Float64bits(g) != math.Float64bits(w) {
				t.Fatalf("point %d coordinate %d: %v from grad8, %v scalar", i, k, g, w)
			}
		}
	}
	for _, v := range got[2*done:] {
		if v != 0 {
			t.Fatalf("grad8 wrote past the %d points it reported", done)
		}
	}
}
