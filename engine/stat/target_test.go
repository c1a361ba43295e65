package stat

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/integrate/quad"
)

// TestTruncNormalMoments checks the closed-form moments of a truncated
// normal against Gauss–Legendre quadrature of the density, including
// intervals far out in either tail, where Z = Φ(β) − Φ(α) cancels unless it is
// taken from the nearer tail.
func TestTruncNormalMoments(t *testing.T) {
	for _, tc := range []struct{ mu, sigma, a, b float64 }{
		{0, 1, math.Inf(-1), math.Inf(1)},
		{0.15, 0.3, 0, 1},
		{0.6, 0.3, 0, 1},
		{1, 2, 0, math.Inf(1)},
		{-5, 1, 0, 1},  // α = 5: the upper tail
		{30, 1, 0, 1},  // β = −29: deep in the lower tail
		{-30, 1, 0, 1}, // α = 30: deep in the upper tail
		{-2, 0.5, 0, math.Inf(1)},
	} {
		tn := newTruncNormal(tc.mu, tc.sigma, tc.a, tc.b)
		// Quadrature on the interval (cut at 40σ), the density taken
		// relative to its value at the interval's point nearest the mode so
		// it does not underflow.
		a, b := max(tc.a, tc.mu-40*tc.sigma), min(tc.b, tc.mu+40*tc.sigma)
		peak := min(max(tc.mu, a), b)
		dens := func(x float64) float64 {
			u, v := (x-tc.mu)/tc.sigma, (peak-tc.mu)/tc.sigma
			return math.Exp(-(u*u - v*v) / 2)
		}
		z := quad.Fixed(dens, a, b, 2000, nil, 0)
		m1 := quad.Fixed(func(x float64) float64 { return x * dens(x) }, a, b, 2000, nil, 0) / z
		m2 := quad.Fixed(func(x float64) float64 { return (x - m1) * (x - m1) * dens(x) }, a, b, 2000, nil, 0) / z
		name := fmt.Sprintf("N(%g, %g²) on [%g, %g]", tc.mu, tc.sigma, tc.a, tc.b)
		if d := math.Abs(tn.mean - m1); d > 1e-9*max(1, math.Abs(m1)) {
			t.Errorf("%s: mean %.12g, quadrature %.12g", name, tn.mean, m1)
		}
		if d := math.Abs(tn.variance - m2); d > 1e-6*m2 {
			t.Errorf("%s: variance %.12g, quadrature %.12g", name, tn.variance, m2)
		}
	}
}

// TestTruncMixtureMoments checks the truncated even mixture of N(c ± a, σ²)
// (doublewell's x₁ in a box) against quadrature of its density
// ∝ φ((x − c + a)/σ) + φ((x − c − a)/σ) on [lo, hi]; the interval cuts the
// two modes unequally, so the components' weights differ.
func TestTruncMixtureMoments(t *testing.T) {
	const c, a, sigma, lo, hi = 0.2, 0.6, 0.3, -1.0, 0.5
	m, ok := newTruncMixture([]float64{c - a, c + a}, sigma, lo, hi)
	if !ok {
		t.Fatal("no mixture")
	}
	dens := func(x float64) float64 {
		u, v := (x-c+a)/sigma, (x-c-a)/sigma
		return math.Exp(-u*u/2) + math.Exp(-v*v/2)
	}
	z := quad.Fixed(dens, lo, hi, 2000, nil, 0)
	m1 := quad.Fixed(func(x float64) float64 { return x * dens(x) }, lo, hi, 2000, nil, 0) / z
	m2 := quad.Fixed(func(x float64) float64 { return (x - m1) * (x - m1) * dens(x) }, lo, hi, 2000, nil, 0) / z
	if math.Abs(m.mean-m1) > 1e-10 || math.Abs(m.variance-m2) > 1e-10 {
		t.Errorf("mixture: mean %.12g, var %.12g; quadrature %.12g, %.12g", m.mean, m.variance, m1, m2)
	}
	// The draws pick the components with the same weights.
	rng := rand.New(rand.NewPCG(5, 6))
	const draws = 100000
	sum := 0.0
	for range draws {
		sum += m.draw(rng)
	}
	if se := math.Sqrt(m2 / draws); math.Abs(sum/draws-m1) > 4*se {
		t.Errorf("mean of %d draws %.5f, exact %.5f (SE %.1e)", draws, sum/draws, m1, se)
	}
}
