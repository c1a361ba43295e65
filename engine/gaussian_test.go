package engine

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/mmfld/playground/engine/mirror"
	"gonum.org/v1/gonum/stat/distuv"
)

// gaussianRun runs a gaussian config from patch and returns the per-
// coordinate sample mean and variance of the particles' chart coordinates.
func gaussianRun(t *testing.T, patch string, steps int) (mean, variance []float64, s *System) {
	t.Helper()
	c, err := Default().Patch([]byte(patch))
	if err != nil {
		t.Fatal(err)
	}
	s = mustNew(t, c)
	s.Step(steps)
	checkHealthy(t, s, patch)
	mean, variance = sampleMoments(s.Primal(nil), c.Dim)
	return mean, variance, s
}

// TestGaussianPlane checks the Euler scheme on ℝᵈ against its exact
// stationary law. With V = λ‖x − c‖²/(2σ²) one step is the AR(1) recursion
// x⁺ − c = (1 − ηλ/σ²)(x − c) + √(2λη)ξ, whose stationary law is
// N(c, σ²/(1 − ηλ/(2σ²)) I): the discrete answer, 5% above σ² here, so the
// test also sees the step-size bias it predicts.
func TestGaussianPlane(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: 1.2e7 particle-steps")
	}
	t.Parallel()
	const n, k = 20000, 4.0
	for _, alg := range []string{AlgorithmMMFLD, AlgorithmMirrored, AlgorithmMFLD} {
		t.Run(alg, func(t *testing.T) {
			t.Parallel()
			mean, variance, _ := gaussianRun(t, fmt.Sprintf(
				`{"domain": "plane", "algorithm": %q, "center": [1, -2], "sigma": 1, "lambda": 1, "eta": 0.1, "n": %d, "seed": 5}`, alg, n), 200)
			want := 1 / (1 - 0.1/2.0)
			// SE of a sample mean σ/√N; of a Gaussian sample variance σ²√(2/N).
			seMean, seVar := math.Sqrt(want/n), want*math.Sqrt(2.0/n)
			for i, c := range []float64{1, -2} {
				if d := math.Abs(mean[i] - c); d > k*seMean {
					t.Errorf("%s: mean x%d = %.4f, want %.4f (off by %.1f SE)", alg, i+1, mean[i], c, d/seMean)
				}
				if d := math.Abs(variance[i] - want); d > k*seVar {
					t.Errorf("%s: var x%d = %.4f, want %.4f (off by %.1f SE)", alg, i+1, variance[i], want, d/seVar)
				}
			}
		})
	}
}

// truncatedNormal returns the mean and variance of N(mu, sigma²) truncated to
// [a, b] (Johnson, Kotz & Balakrishnan, Continuous Univariate Distributions
// 1, §10.1).
func truncatedNormal(mu, sigma, a, b float64) (mean, variance float64) {
	std := distuv.UnitNormal
	al, be := (a-mu)/sigma, (b-mu)/sigma
	z := std.CDF(be) - std.CDF(al)
	pa, pb := std.Prob(al), std.Prob(be)
	mean = mu + sigma*(pa-pb)/z
	variance = sigma * sigma * (1 + (al*pa-be*pb)/z - ((pa-pb)/z)*((pa-pb)/z))
	return mean, variance
}

// TestGaussianBox samples N(c, σ²I) truncated to the box [0, 1]², a product
// of truncated normals with closed-form moments. The centre sits near a face
// so the truncation matters; λ = 1, η = 3e-3. Measured: MMFLD on the
// log-barrier map, mirrored Langevin on Fermi–Dirac and mmfld-substep on
// Fermi–Dirac reach the target's mean to within 1 SE by T ≈ 9 (mirrored
// Langevin on the log-barrier map mixes far slower: its primal noise scales
// like the distance² to a face; one-step MMFLD on Fermi–Dirac is biased, see
// TestFermiDiracOneStepBias).
func TestGaussianBox(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: 2e8 particle-steps")
	}
	t.Parallel()
	const k = 4.0
	center, sigma := []float64{0.15, 0.6}, 0.3
	for _, tc := range []struct {
		mirror, algorithm string
		n, steps          int
	}{
		{MirrorLogBarrier, AlgorithmMMFLD, 20000, 4000},
		{MirrorFermiDirac, AlgorithmMirrored, 20000, 5000},
		{MirrorFermiDirac, AlgorithmMMFLDSubstep, 5000, 4000},
	} {
		t.Run(tc.mirror+"/"+tc.algorithm, func(t *testing.T) {
			t.Parallel()
			mean, variance, _ := gaussianRun(t, fmt.Sprintf(
				`{"domain": "box", "mirror": %q, "algorithm": %q, "center": [0.15, 0.6], "sigma": 0.3, "lambda": 1, "eta": 0.003, "n": %d, "seed": 9}`,
				tc.mirror, tc.algorithm, tc.n), tc.steps)
			n := float64(tc.n)
			for i := range 2 {
				mu, v := truncatedNormal(center[i], sigma, 0, 1)
				// SE of the mean √(v/N); of the variance ≈ v√(2/N) (near-normal).
				seMean, seVar := math.Sqrt(v/n), v*math.Sqrt(2/n)
				if d := math.Abs(mean[i] - mu); d > k*seMean {
					t.Errorf("%s/%s: mean x%d = %.5f, exact %.5f (off by %.1f SE)", tc.mirror, tc.algorithm, i+1, mean[i], mu, d/seMean)
				}
				if d := math.Abs(variance[i] - v); d > k*seVar {
					t.Errorf("%s/%s: var x%d = %.5f, exact %.5f (off by %.1f SE)", tc.mirror, tc.algorithm, i+1, variance[i], v, d/seVar)
				}
				t.Logf("%s/%s: x%d mean %.5f (exact %.5f), var %.5f (exact %.5f)", tc.mirror, tc.algorithm, i+1, mean[i], mu, variance[i], v)
			}
		})
	}
}

// TestFermiDiracOneStepBias records a documented fact: the Fermi–Dirac map's
// dual noise √(2λη/(u(1−u))) explodes at the faces, and where the target does
// not vanish there (a truncated Gaussian) one Euler step piles particles near
// them, as on the simplex with Dirichlet(1,1,1). Measured: boundary mass
// 0.025, against about 0.003 for the target.
func TestFermiDiracOneStepBias(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	t.Parallel()
	_, _, s := gaussianRun(t, `{"domain": "box", "mirror": "fermi-dirac", "center": [0.15, 0.6], "sigma": 0.3, "lambda": 1, "eta": 0.003, "n": 5000, "seed": 9}`, 3000)
	// The target's mass within 1e-3 of a face: density at the faces times
	// the strip width, from the truncated normals (≤ 0.004 here).
	exact := 0.0
	for _, c := range []float64{0.15, 0.6} {
		z := distuv.UnitNormal.CDF((1-c)/0.3) - distuv.UnitNormal.CDF((0-c)/0.3)
		exact += mirror.BoundaryEps / 0.3 * (distuv.UnitNormal.Prob((0-c)/0.3) + distuv.UnitNormal.Prob((1-c)/0.3)) / z
	}
	if bm := s.Metrics().BoundaryMass; bm < 3*exact {
		t.Errorf("one-step MMFLD on Fermi–Dirac: boundary mass %.4f, target %.4f: the documented bias is gone", bm, exact)
	}
}

// TestGaussianBall samples N(c, σ²I) truncated to the unit disk and compares
// the mean and E‖x‖² with a reference drawn by rejection from the exact law
// (fixed seed); the tolerance adds both standard errors.
func TestGaussianBall(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: 8e7 particle-steps")
	}
	t.Parallel()
	const n, m, k = 20000, 400000, 4.0
	center, sigma := []float64{0.5, 0.2}, 0.5
	rng := rand.New(rand.NewPCG(77, 78))
	var ref [3]float64  // E x₁, E x₂, E‖x‖²
	var ref2 [3]float64 // second moments, for the SE
	for got := 0; got < m; {
		x1, x2 := center[0]+sigma*rng.NormFloat64(), center[1]+sigma*rng.NormFloat64()
		if x1*x1+x2*x2 >= 1 {
			continue
		}
		got++
		for j, v := range [3]float64{x1, x2, x1*x1 + x2*x2} {
			ref[j] += v / m
			ref2[j] += v * v / m
		}
	}
	// Measured: MMFLD reaches the reference by T ≈ 9 (λ = 1, η = 3e-3).
	for _, alg := range []string{AlgorithmMMFLD} {
		c, err := Default().Patch([]byte(fmt.Sprintf(
			`{"domain": "ball", "algorithm": %q, "center": [0.5, 0.2], "sigma": 0.5, "lambda": 1, "eta": 0.003, "n": %d, "seed": 4}`, alg, n)))
		if err != nil {
			t.Fatal(err)
		}
		s := mustNew(t, c)
		s.Step(4000)
		checkHealthy(t, s, alg)
		x := s.Primal(nil)
		var got [3]float64
		for i := 0; i < len(x); i += 2 {
			for j, v := range [3]float64{x[i], x[i+1], x[i]*x[i] + x[i+1]*x[i+1]} {
				got[j] += v / n
			}
		}
		for j, name := range []string{"mean x1", "mean x2", "E‖x‖²"} {
			v := ref2[j] - ref[j]*ref[j]
			se := math.Sqrt(v/n + v/m)
			if d := math.Abs(got[j] - ref[j]); d > k*se {
				t.Errorf("%s: %s = %.5f, reference %.5f (off by %.1f SE)", alg, name, got[j], ref[j], d/se)
			}
			t.Logf("%s: %s = %.5f, reference %.5f (SE %.1e)", alg, name, got[j], ref[j], se)
		}
	}
}

// TestGaussianPolygon samples N(c, σ²I) truncated to the default pentagon by
// MMFLD with the log-barrier map (∇φ* by warm-started Newton) and compares
// the mean with a reference drawn by rejection from the exact law.
func TestGaussianPolygon(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: 4e7 particle-steps with Newton solves")
	}
	t.Parallel()
	const n, m, k = 5000, 200000, 4.0
	c, err := Default().Patch([]byte(fmt.Sprintf(
		`{"domain": "polygon", "center": [0.6, 0.2], "sigma": 0.6, "lambda": 1, "eta": 0.003, "n": %d, "seed": 8}`, n)))
	if err != nil {
		t.Fatal(err)
	}
	pg, err := mirror.NewPolygon(vertexPairs(c.Vertices))
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(91, 92))
	var ref, ref2 [2]float64
	buf := make([]float64, pg.PrimalLen())
	for got := 0; got < m; {
		v := []float64{0.6 + 0.6*rng.NormFloat64(), 0.2 + 0.6*rng.NormFloat64()}
		if !pg.Inside(pg.Lift(buf, v)) {
			continue
		}
		got++
		for j := range 2 {
			ref[j] += v[j] / m
			ref2[j] += v[j] * v[j] / m
		}
	}
	s := mustNew(t, c)
	s.Step(4000) // T = 12, as for the disc
	checkHealthy(t, s, "polygon")
	mean := s.Metrics().Mean
	for j := range 2 {
		v := ref2[j] - ref[j]*ref[j]
		se := math.Sqrt(v/n + v/m)
		if d := math.Abs(mean[j] - ref[j]); d > k*se {
			t.Errorf("polygon: mean x%d = %.5f, reference %.5f (off by %.1f SE)", j+1, mean[j], ref[j], d/se)
		}
		t.Logf("polygon: mean x%d = %.5f, reference %.5f (SE %.1e)", j+1, mean[j], ref[j], se)
	}
}

// TestInteractionPlane checks the mean-field interaction against its exact
// minimiser on the plane, N(c, s²I) with 1/s² = 1/σ² + κ/λ, as the Euler
// scheme sees it: with k = λ/s² a step is the AR(1) recursion
// x⁺ − m = (1 − ηk)(x − m) + √(2λη)ξ around the mean m ≈ c, whose stationary
// variance is (λ/k)/(1 − ηk/2).
func TestInteractionPlane(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: 8e6 particle-steps")
	}
	t.Parallel()
	const n, k = 20000, 4.0
	mean, variance, _ := gaussianRun(t, fmt.Sprintf(
		`{"domain": "plane", "objective": "interaction", "center": [1, -2], "sigma": 1, "kappa": 3, "lambda": 1, "eta": 0.05, "n": %d, "seed": 6}`, n), 200)
	kk := 1.0/1 + 3.0 // λ/σ² + κ
	want := (1 / kk) / (1 - 0.05*kk/2)
	// SE of a sample mean s/√N (plus the mean's own O(1/√N) wander, the same
	// size: 2 SE budget); of a Gaussian sample variance s²√(2/N).
	seMean, seVar := math.Sqrt(want/n), want*math.Sqrt(2.0/n)
	for i, c := range []float64{1, -2} {
		if d := math.Abs(mean[i] - c); d > 2*k*seMean {
			t.Errorf("mean x%d = %.4f, want %.4f (off by %.1f SE)", i+1, mean[i], c, d/seMean)
		}
		if d := math.Abs(variance[i] - want); d > k*seVar {
			t.Errorf("var x%d = %.5f, want %.5f (off by %.1f SE); the attraction-free value is %.5f", i+1, variance[i], want, d/seVar, 1/(1-0.05/2))
		}
	}
}

// TestDoubleWellPlane checks the bimodal target on the plane, the even
// mixture of N(c ± a e₁, σ²I), a = σ√(2h): E(x₁ − c₁)² = σ² + a² and
// E(x₁ − c₁)⁴ = a⁴ + 6a²σ² + 3σ⁴ exactly, and half the particles lie on each
// side of c₁.
func TestDoubleWellPlane(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: 2e7 particle-steps")
	}
	t.Parallel()
	const n, k, h, sigma = 10000, 4.0, 2.0, 0.5
	// λ = 1, η = 2e-3, T = 20: measured, the fraction right of c₁ settles
	// near ½ by T ≈ 5 (barrier ≈ h = 2); the Euler bias of E u² (ηλ/σ² ≈
	// 1%) is below one SE.
	_, _, s := gaussianRun(t, fmt.Sprintf(
		`{"domain": "plane", "objective": "doublewell", "center": [0.5, -1], "sigma": %g, "depth": %g, "lambda": 1, "eta": 0.002, "n": %d, "seed": 12}`, sigma, h, n), 10000)
	a := sigma * math.Sqrt(2*h)
	m2 := sigma*sigma + a*a
	m4 := a*a*a*a + 6*a*a*sigma*sigma + 3*sigma*sigma*sigma*sigma
	x := s.Primal(nil)
	got, right := 0.0, 0
	for i := 0; i < len(x); i += 2 {
		u := x[i] - 0.5
		got += u * u / n
		if u > 0 {
			right++
		}
	}
	se := math.Sqrt((m4 - m2*m2) / n) // SE of a sample mean of u²
	if d := math.Abs(got - m2); d > k*se {
		t.Errorf("E(x₁ − c₁)² = %.5f, exact %.5f (off by %.1f SE)", got, m2, d/se)
	}
	// Both modes are populated: the binomial SE of the fraction is 0.005.
	if f := float64(right) / n; math.Abs(f-0.5) > 4*0.005 {
		t.Errorf("fraction right of c₁ = %.3f, want 0.5", f)
	}
	t.Logf("E(x₁ − c₁)² = %.5f (exact %.5f, SE %.1e), right of c₁: %d of %d", got, m2, se, right, n)
}
