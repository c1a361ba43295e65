package engine

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// sampleMoments returns the per-coordinate sample mean and (biased) sample
// variance of the N·w coordinates in x.
func sampleMoments(x []float64, w int) (mean, variance []float64) {
	n := float64(len(x) / w)
	mean, variance = make([]float64, w), make([]float64, w)
	for i := 0; i < len(x); i += w {
		for j := range w {
			mean[j] += x[i+j]
		}
	}
	for j := range mean {
		mean[j] /= n
	}
	for i := 0; i < len(x); i += w {
		for j := range w {
			d := x[i+j] - mean[j]
			variance[j] += d * d
		}
	}
	for j := range variance {
		variance[j] /= n
	}
	return mean, variance
}

// TestMMFLDDirichlet runs MMFLD on the potential whose target is
// Dirichlet(2,3,4) and compares the particles' mean and variance with the
// exact ones. Without interaction the N particles are independent draws from
// the law of X_T, so the standard errors are those of N iid samples.
func TestMMFLDDirichlet(t *testing.T) {
	if testing.Short() {
		t.Skip("slow statistical test (about 1.2e8 particle-steps)")
	}
	const (
		n = 20000
		// k is the tolerance in standard errors; 8 checks at 4 SE have a
		// family-wise false-alarm rate below 5e-4 (normal tails).
		k = 4.0
	)
	alpha := []float64{2, 3, 4}
	for _, hessianAt := range []string{HessianAtDrift, HessianAtStart} {
		c := Default()
		c.Objective, c.Alpha, c.HessianAt = ObjectiveDirichlet, alpha, hessianAt
		// λ = 1, η = 1e-3 up to T = 6: measured on this scheme, the step-size
		// bias of the mean is below 1e-3 at η = 1e-3 (and 1.7e-3 at η = 3e-3),
		// under the standard error 9e-4 for N = 20000; T = 6 is several
		// relaxation times (the dual drift rate is λ(αᵢ − 1)/xᵢ ≥ 1).
		c.Lambda, c.Eta, c.N, c.Seed = 1, 1e-3, n, 7
		s := mustNew(t, c)
		s.Step(6000)
		checkHealthy(t, s, "dirichlet "+hessianAt)
		mean, variance := sampleMoments(s.Primal(nil), 3)

		a0 := alpha[0] + alpha[1] + alpha[2]
		for i, a := range alpha {
			// The marginal of Dirichlet(α) is Beta(αᵢ, α₀ − αᵢ).
			b := distuv.Beta{Alpha: a, Beta: a0 - a}
			mu, v := b.Mean(), b.Variance()
			// SE of a sample mean: σ/√N. SE of a sample variance:
			// √((μ₄ − σ⁴)/N), with μ₄ = (excess kurtosis + 3)σ⁴.
			seMean := math.Sqrt(v / n)
			mu4 := (b.ExKurtosis() + 3) * v * v
			seVar := math.Sqrt((mu4 - v*v) / n)
			if d := math.Abs(mean[i] - mu); d > k*seMean {
				t.Errorf("%s: mean x%d = %.5f, exact %.5f: off by %.1f SE", hessianAt, i+1, mean[i], mu, d/seMean)
			}
			if d := math.Abs(variance[i] - v); d > k*seVar {
				t.Errorf("%s: var x%d = %.5f, exact %.5f: off by %.1f SE", hessianAt, i+1, variance[i], v, d/seVar)
			}
			t.Logf("%s: x%d mean %.5f (exact %.5f, SE %.1e), var %.5f (exact %.5f, SE %.1e)",
				hessianAt, i+1, mean[i], mu, seMean, variance[i], v, seVar)
		}
	}
}

// TestFigure1BoundaryMass checks the paper's Figure 1 claim with numbers: on
// meanmatch at λ = 0.1, η = 3e-3 the projected method piles mass on the
// boundary of the simplex and MMFLD (with the barrier β > 0) keeps it inside.
func TestFigure1BoundaryMass(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: 1.6e7 particle-steps")
	}
	run := func(algorithm string, beta float64) (Metrics, float64) {
		c := Default()
		c.Objective, c.Algorithm, c.Lambda, c.Eta, c.Beta, c.N, c.Seed = ObjectiveMeanMatch, algorithm, 0.1, 3e-3, beta, 4000, 11
		s := mustNew(t, c)
		s.Step(1000)
		checkHealthy(t, s, algorithm)
		onFace := 0
		x := s.Primal(nil)
		for i := 0; i < len(x); i += 3 {
			if x[i] == 0 || x[i+1] == 0 || x[i+2] == 0 {
				onFace++
			}
		}
		return s.Metrics(), float64(onFace) / float64(c.N)
	}
	mirror, mirrorFace := run(AlgorithmMMFLD, 0.1)
	// Measured on this engine: projected holds 16–18% of the particles
	// exactly on a face (β = 0) and all of them with the barrier (β = 0.1),
	// whose gradient is infinite there; MMFLD holds none within 1e-3.
	// The thresholds leave a wide margin: with N = 4000 the standard error
	// of a fraction near 0.17 is 0.006.
	for _, beta := range []float64{0, 0.1} {
		proj, projFace := run(AlgorithmProjected, beta)
		t.Logf("β=%g: boundary mass projected %.3f (%.3f on a face), mmfld %.4f (%.4f on a face)",
			beta, proj.BoundaryMass, projFace, mirror.BoundaryMass, mirrorFace)
		if proj.BoundaryMass < 0.1 || projFace < 0.1 {
			t.Errorf("projected (β=%g): boundary mass %.3f, on a face %.3f; want both ≥ 0.1", beta, proj.BoundaryMass, projFace)
		}
	}
	if mirror.BoundaryMass > 0.005 || mirrorFace != 0 {
		t.Errorf("mmfld: boundary mass %.4f, on a face %.4f; want ≤ 0.005 and 0", mirror.BoundaryMass, mirrorFace)
	}
}
