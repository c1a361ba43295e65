package engine

import (
	"math"
	"testing"
)

// meanMatchFixedPoint returns the mean m* of the minimiser of
// L = F + λ·Ent for meanmatch on Δ², the fixed point of
//
//	μ* ∝ exp(−2⟨m* − q, x⟩/λ) Π xᵢ^{β/λ},  m* = E_{μ*} x
//
// (docs/math.md), by damped fixed-point iteration with the expectation taken
// by the midpoint rule on a grid of 2·k² congruent sub-triangles. It also
// returns the variance of x₁ under μ*.
func meanMatchFixedPoint(q []float64, lambda, beta float64, k int) (m []float64, var1 float64) {
	// Centroids of the sub-triangles of the chart {x₁, x₂ ≥ 0, x₁ + x₂ ≤ 1}.
	var pts [][3]float64
	h := 1 / float64(k)
	for i := range k {
		for j := range k - i {
			a, b := float64(i)*h, float64(j)*h
			pts = append(pts, [3]float64{a + h/3, b + h/3, 1 - a - b - 2*h/3})
			if i+j < k-1 {
				pts = append(pts, [3]float64{a + 2*h/3, b + 2*h/3, 1 - a - b - 4*h/3})
			}
		}
	}
	m = []float64{1. / 3, 1. / 3, 1. / 3}
	w := make([]float64, len(pts))
	for range 500 {
		z := 0.0
		next := make([]float64, 3)
		for p, x := range pts {
			e := 0.0
			for i := range 3 {
				e += -2*(m[i]-q[i])*x[i]/lambda + beta/lambda*math.Log(x[i])
			}
			w[p] = math.Exp(e)
			z += w[p]
		}
		for p, x := range pts {
			for i := range 3 {
				next[i] += w[p] / z * x[i]
			}
		}
		diff := 0.0
		for i := range 3 {
			diff = max(diff, math.Abs(next[i]-m[i]))
			m[i] = 0.5*m[i] + 0.5*next[i]
		}
		if diff < 1e-13 {
			var1 = 0
			for p, x := range pts {
				var1 += w[p] / z * (x[0] - m[0]) * (x[0] - m[0])
			}
			return m, var1
		}
	}
	panic("meanMatchFixedPoint: no convergence")
}

// TestMeanMatchFixedPoint checks the interacting case: MMFLD on meanmatch
// must bring the particles' mean to the mean of the minimiser μ*, computed
// independently by quadrature.
func TestMeanMatchFixedPoint(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: 4e7 particle-steps")
	}
	t.Parallel()
	c := Default()         // λ = 0.1, β = 0.1, q = (0.7, 0.2, 0.1): the paper's experiment 1 preset
	c.N, c.Seed = 20000, 3 // η = 3e-3, the paper's step size
	want, var1 := meanMatchFixedPoint(c.Q, c.Lambda, c.Beta, 400)
	// The midpoint rule on 400² sub-triangles is accurate far below the
	// statistical tolerance; halving the grid moves m* by less than 1e-5.
	coarse, _ := meanMatchFixedPoint(c.Q, c.Lambda, c.Beta, 200)
	for i := range want {
		if math.Abs(coarse[i]-want[i]) > 1e-5 {
			t.Fatalf("quadrature not converged: m*[%d] = %v on 200², %v on 400²", i, coarse[i], want[i])
		}
	}
	s := mustNew(t, c)
	// T = 6. Measured: the distance of the mean to m* shrinks like e^{−T}
	// (4% at T = 2, 0.5% at T = 4), so by T = 6 it is far below one SE.
	s.Step(2000)
	checkHealthy(t, s, "meanmatch")
	got := s.Metrics().Mean
	// For N interacting particles the mean fluctuates like that of N
	// independent draws from μ* to leading order: SE ≈ √(Var x₁ / N). We
	// allow 4 SE plus the measured O(η) bias budget of 1 SE.
	se := math.Sqrt(var1 / float64(c.N))
	for i := range want {
		if d := math.Abs(got[i] - want[i]); d > 5*se {
			t.Errorf("mean x%d = %.5f, fixed point %.5f: off by %.1f SE (SE %.1e)", i+1, got[i], want[i], d/se, se)
		}
	}
	t.Logf("particles' mean %.5f, fixed point m* = %.5f (SE of x₁ %.1e)", got, want, se)
}
