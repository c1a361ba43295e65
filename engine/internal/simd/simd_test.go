package simd

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestSum3 checks Sum3 against sums taken one number at a time, for
// lengths that are and are not multiples of four points: the two orders of
// addition agree to a few ulp of the sums of magnitudes (the coordinates
// are positive, as on Δ²).
func TestSum3(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{0, 1, 3, 4, 5, 11, 12, 1000, 100_001} {
		x := make([]float64, 3*n)
		for i := range x {
			x[i] = rng.Float64() * math.Pow(10, -3*rng.Float64())
		}
		var want [3]float64
		for i, v := range x {
			want[i%3] += v
		}
		m0, m1, m2 := Sum3(x)
		for c, got := range []float64{m0, m1, m2} {
			if math.Abs(got-want[c]) > 1e-13*want[c] || (n == 0 && got != 0) {
				t.Errorf("n=%d: coordinate %d sums to %v, one at a time %v", n, c, got, want[c])
			}
		}
	}
}

// BenchmarkGoLoops times the Go loops, the ones WebAssembly runs, on one
// block (256 points).
func BenchmarkGoLoops(b *testing.B) {
	const n = 256
	y, g, g0, xi, x := benchPoints(n)
	var a [12]float64
	for _, c := range []struct {
		name string
		f    func()
	}{
		{"moves", func() { copy(g, g0); movesGo(y, g, xi, 1e-3, 0.01) }},
		{"softmax", func() { softmaxGo(x, y) }},
		{"barrierGrad", func() { barrierGradGo(g, x, 0.1, 0.2, 0.1) }},
		{"sum12", func() { sum12Go(&a, x[:3*n]) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				c.f()
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "points/s")
		})
	}
}

// benchPoints returns n dual points, gradients (and a copy), normals and
// primal points for the benchmarks.
func benchPoints(n int) (y, g, g0, xi, x []float64) {
	rng := rand.New(rand.NewPCG(1, 2))
	y, g, xi = make([]float64, 2*n), make([]float64, 2*n), make([]float64, 3*n)
	for i := range y {
		y[i], g[i] = rng.NormFloat64(), rng.NormFloat64()
	}
	for i := range xi {
		xi[i] = rng.NormFloat64()
	}
	x = make([]float64, 3*n)
	softmaxGo(x, y)
	return y, g, append([]float64(nil), g...), xi, x
}
