package engine

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/mmfld/playground/engine/mirror"
	"github.com/mmfld/playground/engine/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Dimension 1: the simplex Δ¹ is a segment (two barycentric coordinates,
// x₁ + x₂ = 1, one chart coordinate x₁ and one dual coordinate
// y = log(x₁/x₂)); the box, the ball and the orthant are intervals [a, b],
// (−R, R) and (0, ∞); the plane is the line ℝ. The polygon stays in ℝ².

// TestDimOneConfig checks that dim 1 is accepted on every domain but the
// polygon, and that Patch gives the vectors their dimension-1 defaults.
func TestDimOneConfig(t *testing.T) {
	if f := specByName("dim"); f.Min != 1 {
		t.Fatalf("options(): dim has minimum %v, want 1", f.Min)
	}
	c, err := Default().Patch([]byte(`{"dim": 1}`))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.Q, []float64{0.7, 0.3}) || !slices.Equal(c.Alpha, []float64{2, 3}) || !slices.Equal(c.Center, []float64{0.5}) {
		t.Errorf("Δ¹ defaults: q %v, alpha %v, center %v; want (0.7, 0.3), (2, 3), (0.5)", c.Q, c.Alpha, c.Center)
	}
	for _, tc := range []struct {
		patch  string
		center float64
	}{
		{`{"domain": "box", "low": -1, "high": 3}`, 1},
		{`{"domain": "ball", "radius": 2}`, 0},
		{`{"domain": "orthant"}`, 1},
		{`{"domain": "plane"}`, 0},
	} {
		d, err := c.Patch([]byte(tc.patch))
		if err != nil || d.Dim != 1 || !slices.Equal(d.Center, []float64{tc.center}) {
			t.Errorf("Δ¹ then %s: dim %d, center %v, %v; want dim 1, center [%g]", tc.patch, d.Dim, d.Center, err, tc.center)
		}
	}
	// The polygon is a plane figure: dim 1 is refused, naming dim, and
	// changes nothing; choosing the polygon from dim 1 brings dim 2.
	var fe *FieldError
	poly, err := Default().Patch([]byte(`{"domain": "polygon"}`))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := poly.Patch([]byte(`{"dim": 1}`)); !errors.As(err, &fe) || fe.Field != "dim" || got.Dim != 2 {
		t.Errorf("polygon with dim 1: %v (dim %d), want a FieldError for dim", err, got.Dim)
	}
	if got, err := c.Patch([]byte(`{"domain": "polygon"}`)); err != nil || got.Dim != 2 || len(got.Center) != 2 {
		t.Errorf("Δ¹ then the polygon: dim %d, center %v, %v; want dim 2", got.Dim, got.Center, err)
	}
	// Dim-1 vectors of the wrong length are refused.
	if _, err := c.Patch([]byte(`{"alpha": [1, 2, 3]}`)); !errors.As(err, &fe) || fe.Field != "alpha" {
		t.Errorf("alpha of 3 numbers on Δ¹: %v, want a FieldError for alpha", err)
	}
	if _, err := c.Patch([]byte(`{"dim": 0}`)); !errors.As(err, &fe) || fe.Field != "dim" {
		t.Errorf("dim 0: %v, want a FieldError for dim", err)
	}
}

// TestDimOneSystems runs every domain at dim 1 and checks the shapes of
// what a System reports: N·2 barycentric coordinates on Δ¹ and N·1 chart
// coordinates elsewhere, N dual coordinates, means and covariances of
// that width, an entropy estimate, and the errors against the known targets.
func TestDimOneSystems(t *testing.T) {
	for _, patch := range []string{
		`{"dim": 1}`,
		`{"dim": 1, "objective": "dirichlet"}`,
		`{"dim": 1, "domain": "box"}`,
		`{"dim": 1, "domain": "box", "mirror": "log-barrier"}`,
		`{"dim": 1, "domain": "ball"}`,
		`{"dim": 1, "domain": "orthant"}`,
		`{"dim": 1, "domain": "plane", "objective": "doublewell"}`,
	} {
		c, err := Default().Patch([]byte(patch))
		if err != nil {
			t.Fatal(err)
		}
		c.N = 500
		s := mustNew(t, c)
		s.Step(50)
		checkHealthy(t, s, patch)
		w := 1
		if c.Domain == DomainSimplex {
			w = 2
		}
		m := s.Metrics()
		if len(s.Primal(nil)) != c.N*w || len(s.Dual(nil)) != c.N || len(m.Mean) != w || len(m.Cov) != w*w {
			t.Errorf("%s: primal %d, dual %d, mean %d, cov %d numbers; want %d, %d, %d, %d",
				patch, len(s.Primal(nil)), len(s.Dual(nil)), len(m.Mean), len(m.Cov), c.N*w, c.N, w, w*w)
		}
		if !m.Entropy.Valid || !m.L.Valid {
			t.Errorf("%s: no entropy estimate", patch)
		}
		// Every run here has a known target (TargetOf) but meanmatch.
		if known := c.Objective != ObjectiveMeanMatch; m.MeanError.Valid != known || m.EnergyDistance.Valid != known {
			t.Errorf("%s: target errors present %v, want %v", patch, m.MeanError.Valid, known)
		}
		if c.Domain == DomainSimplex {
			if x := s.Primal(nil); math.Abs(x[0]+x[1]-1) > 1e-12 {
				t.Errorf("%s: x₁ + x₂ = %v", patch, x[0]+x[1])
			}
		}
	}
}

// TestDirichletEntropyIsBetaEntropy checks the entropy readout's target on
// Δ¹: on the chart x₁ the law Dirichlet(α₁, α₂) is Beta(α₁, α₂), so
// DirichletEntropy must equal gonum's Beta entropy.
func TestDirichletEntropyIsBetaEntropy(t *testing.T) {
	for _, a := range [][2]float64{{1, 1}, {2, 5}, {0.5, 3}, {30, 40}} {
		got := stat.DirichletEntropy(a[:])
		want := distuv.Beta{Alpha: a[0], Beta: a[1]}.Entropy()
		if math.Abs(got-want) > 1e-12*(1+math.Abs(want)) {
			t.Errorf("Dirichlet%v entropy %v, Beta entropy %v", a, got, want)
		}
	}
}

// TestBetaOnSegment samples Dirichlet(α₁, α₂) on Δ¹, which is Beta(α₁, α₂)
// in x₁, with one-step MMFLD and mirrored Langevin, and compares the mean
// and variance of x₁ with the exact ones (gonum distuv.Beta); for the
// uniform Beta(1, 1) also the boundary mass, P(min(x₁, x₂) < ε) = 2ε. The
// particles do not interact, so the SEs are those of N iid draws.
func TestBetaOnSegment(t *testing.T) {
	if testing.Short() {
		t.Skip("slow statistical test (about 3e8 particle-steps)")
	}
	t.Parallel()
	const (
		n = 20000
		k = 4.0 // tolerance in SEs: 2 or 3 checks per case, false alarms below 2e-4
	)
	for _, dc := range []dirichletCase{
		// η and T as on Δ² (TestDirichletKnownAnswers): below 1 SE of
		// step-size bias there, and several relaxation times.
		{AlgorithmMMFLD, HessianAtDrift, []float64{2, 5}, 1e-3, 6000},
		{AlgorithmMMFLD, HessianAtStart, []float64{2, 5}, 1e-3, 6000},
		{AlgorithmMirrored, HessianAtDrift, []float64{2, 5}, 3e-3, 3333},
		{AlgorithmMirrored, HessianAtDrift, []float64{1, 1}, 1e-2, 1000},
	} {
		label := fmt.Sprintf("%s/%s α=%v η=%g", dc.algorithm, dc.hessianAt, dc.alpha, dc.eta)
		t.Run(label, func(t *testing.T) {
			t.Parallel() // its own System and seed: the same numbers in any order
			x, m := runDirichlet(t, dc, n)
			mean, variance := sampleMoments(x, 2)
			b := distuv.Beta{Alpha: dc.alpha[0], Beta: dc.alpha[1]}
			mu, v := b.Mean(), b.Variance()
			// SE of a sample mean: σ/√N; of a sample variance: √((μ₄ − σ⁴)/N),
			// μ₄ = (excess kurtosis + 3)σ⁴.
			seMean := math.Sqrt(v / n)
			seVar := math.Sqrt(((b.ExKurtosis()+3)*v*v - v*v) / n)
			if d := math.Abs(mean[0] - mu); d > k*seMean {
				t.Errorf("%s: mean x₁ = %.5f, exact %.5f: off by %.1f SE", label, mean[0], mu, d/seMean)
			}
			if d := math.Abs(variance[0] - v); d > k*seVar {
				t.Errorf("%s: var x₁ = %.5f, exact %.5f: off by %.1f SE", label, variance[0], v, d/seVar)
			}
			t.Logf("%s: mean x₁ %.5f (exact %.5f, SE %.1e), var %.5f (exact %.5f, SE %.1e)",
				label, mean[0], mu, seMean, variance[0], v, seVar)
			if dc.alpha[0] == 1 {
				p := 2 * mirror.BoundaryEps
				se := math.Sqrt(p * (1 - p) / n)
				if d := math.Abs(m.BoundaryMass - p); d > k*se {
					t.Errorf("%s: boundary mass %.4f, exact %.4f: off by %.1f SE", label, m.BoundaryMass, p, d/se)
				}
			}
		})
	}
}

// TestTruncatedNormalIntervals samples N(c, σ²) truncated to the interval
// [0, 1] (the box, d = 1) and (−1, 1) (the ball, d = 1) and compares the
// mean and variance with the closed forms (truncatedNormal). Settings as
// for the 2-D box and disc (TestGaussianBox, TestGaussianBall): λ = 1,
// η = 3e-3, T = 12 to 15.
func TestTruncatedNormalIntervals(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: 2.6e8 particle-steps")
	}
	t.Parallel()
	const k = 4.0
	for _, tc := range []struct {
		patch       string
		a, b, c, sd float64
		n, steps    int
	}{
		{`"domain": "box", "mirror": "log-barrier", "algorithm": "mmfld"`, 0, 1, 0.15, 0.3, 20000, 4000},
		{`"domain": "box", "mirror": "fermi-dirac", "algorithm": "mirrored"`, 0, 1, 0.15, 0.3, 20000, 5000},
		{`"domain": "ball", "algorithm": "mmfld"`, -1, 1, 0.5, 0.5, 20000, 4000},
	} {
		patch := fmt.Sprintf(`{"dim": 1, %s, "center": [%g], "sigma": %g, "lambda": 1, "eta": 0.003, "n": %d, "seed": 9}`, tc.patch, tc.c, tc.sd, tc.n)
		t.Run(tc.patch, func(t *testing.T) {
			t.Parallel()
			mean, variance, _ := gaussianRun(t, patch, tc.steps)
			mu, v := truncatedNormal(tc.c, tc.sd, tc.a, tc.b)
			n := float64(tc.n)
			// SE of the mean √(v/N); of the variance ≈ v√(2/N) (near-normal).
			seMean, seVar := math.Sqrt(v/n), v*math.Sqrt(2/n)
			if d := math.Abs(mean[0] - mu); d > k*seMean {
				t.Errorf("%s: mean = %.5f, exact %.5f (off by %.1f SE)", tc.patch, mean[0], mu, d/seMean)
			}
			if d := math.Abs(variance[0] - v); d > k*seVar {
				t.Errorf("%s: var = %.5f, exact %.5f (off by %.1f SE)", tc.patch, variance[0], v, d/seVar)
			}
			t.Logf("%s: mean %.5f (exact %.5f, SE %.1e), var %.5f (exact %.5f, SE %.1e)", tc.patch, mean[0], mu, seMean, variance[0], v, seVar)
		})
	}
}

// TestOULine checks the Euler scheme on the line against its exact
// stationary law, as TestGaussianPlane does on the plane: one step is the
// AR(1) recursion x⁺ − c = (1 − ηλ/σ²)(x − c) + √(2λη)ξ, stationary law
// N(c, σ²/(1 − ηλ/(2σ²))).
func TestOULine(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: 1.2e7 particle-steps")
	}
	t.Parallel()
	const n, k = 20000, 4.0
	for _, alg := range []string{AlgorithmMMFLD, AlgorithmMirrored, AlgorithmMFLD} {
		mean, variance, _ := gaussianRun(t, fmt.Sprintf(
			`{"dim": 1, "domain": "plane", "algorithm": %q, "center": [-2], "sigma": 1, "lambda": 1, "eta": 0.1, "n": %d, "seed": 5}`, alg, n), 200)
		want := 1 / (1 - 0.1/2.0)
		// SE of a sample mean σ/√N; of a Gaussian sample variance σ²√(2/N).
		seMean, seVar := math.Sqrt(want/n), want*math.Sqrt(2.0/n)
		if d := math.Abs(mean[0] + 2); d > k*seMean {
			t.Errorf("%s: mean = %.4f, want -2 (off by %.1f SE)", alg, mean[0], d/seMean)
		}
		if d := math.Abs(variance[0] - want); d > k*seVar {
			t.Errorf("%s: var = %.4f, want %.4f (off by %.1f SE)", alg, variance[0], want, d/seVar)
		}
	}
}

// TestDimOneInitialLaws checks the initial particles at d = 1 against the
// laws New promises (moments in closed form; SE of a sample variance
// √((μ₄ − σ⁴)/N) with μ₄ the fourth central moment): uniform on the segment
// (x₁ ~ U(0, 1)), on [a, b] and on (−R, R) (μ₄ = w⁴/80 for width w),
// Exp(1) on the orthant (μ₄ = 9), N(0, 1) on the line (μ₄ = 3). The
// entropy readout of the uniform x₁ must be near H = 0.
func TestDimOneInitialLaws(t *testing.T) {
	const n, k = 20000, 4.0
	for _, tc := range []struct {
		patch       string
		mean, v, m4 float64
	}{
		{`{"dim": 1}`, 0.5, 1.0 / 12, 1.0 / 80},
		{`{"dim": 1, "domain": "box", "low": -1, "high": 3}`, 1, 16.0 / 12, 256.0 / 80},
		{`{"dim": 1, "domain": "ball", "radius": 2}`, 0, 16.0 / 12, 256.0 / 80},
		{`{"dim": 1, "domain": "orthant"}`, 1, 1, 9},
		{`{"dim": 1, "domain": "plane"}`, 0, 1, 3},
	} {
		c, err := Default().Patch([]byte(tc.patch))
		if err != nil {
			t.Fatal(err)
		}
		c.N = n
		s := mustNew(t, c)
		w := 1
		if c.Domain == DomainSimplex {
			w = 2
		}
		mean, variance := sampleMoments(s.Primal(nil), w)
		seMean, seVar := math.Sqrt(tc.v/n), math.Sqrt((tc.m4-tc.v*tc.v)/n)
		if d := math.Abs(mean[0] - tc.mean); d > k*seMean {
			t.Errorf("%s: initial mean %.4f, want %.4f (off by %.1f SE)", tc.patch, mean[0], tc.mean, d/seMean)
		}
		if d := math.Abs(variance[0] - tc.v); d > k*seVar {
			t.Errorf("%s: initial variance %.4f, want %.4f (off by %.1f SE)", tc.patch, variance[0], tc.v, d/seVar)
		}
		if c.Domain == DomainSimplex {
			// Measured over 40 seeds of 20000 uniform points: Ĥ has sd
			// 0.0056 and mean −0.0008 (the boundary bias is below the noise).
			if h := s.Metrics().Entropy; !h.Valid || math.Abs(h.Value) > k*0.0056 {
				t.Errorf("uniform x₁ on Δ¹: entropy readout %v, exact 0", h)
			}
		}
	}
}
