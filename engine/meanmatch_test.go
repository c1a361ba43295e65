package engine

import (
	"math"
	"testing"

	"github.com/mmfld/playground/engine/stat"
)

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
	// m* by quadrature (stat.MeanMatchFixedPoint). The midpoint rule on
	// 400² sub-triangles is accurate far below the statistical tolerance;
	// halving the grid moves m* by less than 1e-5.
	opt, err := stat.MeanMatchFixedPoint(c.Q, c.Lambda, c.Beta, 400)
	if err != nil {
		t.Fatal(err)
	}
	coarse, err := stat.MeanMatchFixedPoint(c.Q, c.Lambda, c.Beta, 200)
	if err != nil {
		t.Fatal(err)
	}
	want, var1 := opt.Mean, opt.Var1
	for i := range want {
		if math.Abs(coarse.Mean[i]-want[i]) > 1e-5 {
			t.Fatalf("quadrature not converged: m*[%d] = %v on 200², %v on 400²", i, coarse.Mean[i], want[i])
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
