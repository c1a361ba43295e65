package delta2

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
