package stat

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mathext"
)

// TestMeanMatchFixedPointDefault: the default meanmatch (q = (0.7, 0.2, 0.1),
// λ = 0.1, β = 0.1) has the fixed point engine/meanmatch_test.go's quadrature
// finds, m* = (0.52208, 0.25618, 0.22173) (its log, 5 digits), against which
// MMFLD's particles are checked there; the grid is converged (k = 200 and
// k = 400 agree to 1e-5 in m*, as that test requires, and to 1e-4 in L*).
func TestMeanMatchFixedPointDefault(t *testing.T) {
	q := []float64{0.7, 0.2, 0.1}
	fine, err := MeanMatchFixedPoint(q, 0.1, 0.1, 400)
	if err != nil {
		t.Fatal(err)
	}
	coarse, err := MeanMatchFixedPoint(q, 0.1, 0.1, 200)
	if err != nil {
		t.Fatal(err)
	}
	want := [3]float64{0.52208, 0.25618, 0.22173}
	for i := range want {
		if math.Abs(fine.Mean[i]-want[i]) > 6e-6 { // the logged digits' rounding, plus the grid's 1e-6
			t.Errorf("m*[%d] = %.6f, want %.5f", i, fine.Mean[i], want[i])
		}
		if math.Abs(coarse.Mean[i]-fine.Mean[i]) > 1e-5 {
			t.Errorf("m*[%d]: %.7f on 200², %.7f on 400²", i, coarse.Mean[i], fine.Mean[i])
		}
	}
	if math.Abs(coarse.L-fine.L) > 1e-4 {
		t.Errorf("L*: %.6f on 200², %.6f on 400²", coarse.L, fine.L)
	}
	if s := fine.Mean[0] + fine.Mean[1] + fine.Mean[2]; math.Abs(s-1) > 1e-12 {
		t.Errorf("Σm* = %v", s)
	}
	// L* is the minimum: the Gibbs measure of any other m has a larger L.
	for _, dm := range [][3]float64{{0.02, -0.01, -0.01}, {-0.02, 0.01, 0.01}, {0, 0.01, -0.01}, {0.005, 0, -0.005}} {
		m := []float64{fine.Mean[0] + dm[0], fine.Mean[1] + dm[1], fine.Mean[2] + dm[2]}
		if l := MeanMatchGibbsL(m, q, 0.1, 0.1, 400); l <= fine.L {
			t.Errorf("L of the Gibbs measure at m*%+v = %.7f ≤ L* = %.7f", dm, l, fine.L)
		}
	}
	if l := MeanMatchGibbsL(fine.Mean[:], q, 0.1, 0.1, 400); math.Abs(l-fine.L) > 1e-12 {
		t.Errorf("MeanMatchGibbsL(m*) = %v, L* = %v", l, fine.L)
	}
	t.Logf("m* = %.6f, Var x₁ = %.5f, F* = %.6f, Ent* = %.6f, L* = %.6f (%d iterations)",
		fine.Mean, fine.Var1, fine.F, fine.Ent, fine.L, fine.Iterations)
}

// TestMeanMatchFixedPointDirichlet: with q at the centroid, m* = q solves the
// fixed point (the linear term vanishes), so μ* = Dirichlet(a, a, a),
// a = 1 + β/λ, whose entropy and E log xᵢ = ψ(a) − ψ(3a) are known in closed
// form (docs/math.md, "Dirichlet moments and entropy"): Ent* = −H, F* = −3β(ψ(a)
// − ψ(3a)), Var x₁ = 2/(9(3a + 1)). β = 0 is the uniform law, Ent* = log 2.
func TestMeanMatchFixedPointDirichlet(t *testing.T) {
	q := []float64{1. / 3, 1. / 3, 1. / 3}
	// The midpoint rule's error is O(k⁻²) = 6e-6 at k = 400 for smooth
	// integrands; E log x near the faces converges a little slower (1e-4).
	// With β/λ = ½ the density grows like √xᵢ off the faces and the rule
	// converges like k^{-3/2} only: measured 3e-4 at k = 400, allowed 1e-3.
	for _, tc := range []struct{ lambda, beta, tol float64 }{{0.1, 0, 1e-4}, {0.1, 0.1, 1e-4}, {0.1, 0.3, 1e-4}, {1, 0.5, 1e-3}} {
		o, err := MeanMatchFixedPoint(q, tc.lambda, tc.beta, 400)
		if err != nil {
			t.Fatal(err)
		}
		a := 1 + tc.beta/tc.lambda
		ent := -DirichletEntropy([]float64{a, a, a})
		f := -3 * tc.beta * (mathext.Digamma(a) - mathext.Digamma(3*a))
		if math.Abs(o.Ent-ent) > tc.tol || math.Abs(o.F-f) > tc.tol || math.Abs(o.L-(f+tc.lambda*ent)) > tc.tol {
			t.Errorf("λ=%g β=%g: Ent* %.6f F* %.6f L* %.6f, want %.6f %.6f %.6f", tc.lambda, tc.beta, o.Ent, o.F, o.L, ent, f, f+tc.lambda*ent)
		}
		if v := 2 / (9 * (3*a + 1)); math.Abs(o.Var1-v) > 1e-5 {
			t.Errorf("λ=%g β=%g: Var x₁ %.6f, want %.6f", tc.lambda, tc.beta, o.Var1, v)
		}
		for i := range 3 {
			if math.Abs(o.Mean[i]-1./3) > 1e-12 {
				t.Errorf("λ=%g β=%g: m*[%d] = %v, want 1/3", tc.lambda, tc.beta, i, o.Mean[i])
			}
		}
	}
}
