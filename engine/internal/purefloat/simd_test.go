//go:build goexperiment.simd && amd64

package purefloat

import (
	"math"
	"math/rand/v2"
	"simd/archsimd"
	"testing"
)

// TestExp8 checks Exp8 against ExpFast bit for bit on 1.6·10⁶ arguments
// spread over the range the engine calls it on (|x| ≤ 300) and its ends.
func TestExp8(t *testing.T) {
	if !SIMD {
		t.Skip("no AVX-512")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var in, out [8]float64
	for k := range 100000 {
		for i := range in {
			in[i] = (rng.Float64()*2 - 1) * 300 * math.Pow(rng.Float64(), 3)
		}
		if k == 0 {
			in = [8]float64{ExpFastLo, ExpFastHi, 0, -0.0, 1e-300, -1e-17, 300, -300}
		}
		var rev, out2 [8]float64
		for i := range in {
			rev[i] = -in[7-i]
		}
		e, e2 := Exp8(archsimd.LoadFloat64x8(&in), archsimd.LoadFloat64x8(&rev))
		e.Store(&out)
		e2.Store(&out2)
		for i, x := range in {
			if w := ExpFast(x); math.Float64bits(w) != math.Float64bits(out[i]) {
				t.Fatalf("Exp8 lane %d: e^%v = %v, ExpFast %v", i, x, out[i], w)
			}
			if w := ExpFast(rev[i]); math.Float64bits(w) != math.Float64bits(out2[i]) {
				t.Fatalf("Exp8 second vector, lane %d: e^%v = %v, ExpFast %v", i, rev[i], out2[i], w)
			}
		}
	}
}
