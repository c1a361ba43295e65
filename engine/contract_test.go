package engine

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// randomConfig draws a Config from everything validation accepts: every
// enum value, numbers log-uniform over their range (uniform where the range
// starts at 0), integers likewise, vectors entry by entry (q normalised).
func randomConfig(rng *rand.Rand) Config {
	c := Default()
	num := func(lo, hi float64) float64 {
		if lo > 0 {
			return math.Exp(math.Log(lo) + rng.Float64()*(math.Log(hi)-math.Log(lo)))
		}
		return lo + rng.Float64()*(hi-lo)
	}
	pick := func(v []string) string { return v[rng.IntN(len(v))] }
	c.Dim = MinDim + rng.IntN(MaxDim-MinDim+1)
	c.Domain = pick(Domains)
	if c.Domain == DomainPolygon {
		c.Dim = 2
	}
	ch := ChoicesFor(c.Domain)
	c.Mirror = pick(ch.Mirrors)
	c.Objective = pick(ch.Objectives)
	c.Low = num(MinBound, MaxBound-1)
	c.High = c.Low + num(minBoxWidth, MaxBound-c.Low)
	c.Radius = num(MinRadius, MaxRadius)
	c.Sigma = num(MinSigma, MaxSigma)
	c.Center = make([]float64, c.Dim)
	for i := range c.Center {
		c.Center[i] = num(MinBound, MaxBound)
	}
	c.Algorithm = pick(Algorithms)
	c.HessianAt = pick([]string{HessianAtDrift, HessianAtStart})
	c.Substeps = []int{0, 1, 3, MaxSubsteps}[rng.IntN(4)]
	c.Lambda = num(MinLambda, MaxLambda)
	c.Eta = num(MinEta, MaxEta)
	c.Beta = []float64{0, num(1e-3, MaxBeta)}[rng.IntN(2)]
	c.Q = make([]float64, c.Dim+1)
	sum := 0.0
	for i := range c.Q {
		c.Q[i] = rng.Float64() * float64(rng.IntN(2)) // some entries 0
		sum += c.Q[i]
	}
	if sum == 0 {
		c.Q[0], sum = 1, 1
	}
	for i := range c.Q {
		c.Q[i] /= sum
	}
	c.Alpha = make([]float64, c.Dim+1)
	for i := range c.Alpha {
		c.Alpha[i] = num(MinAlpha, MaxAlpha)
	}
	c.Gamma = num(MinGamma, MaxGamma)
	c.Seed = rng.Int64N(MaxSeed)
	return c
}

// TestNumericalContract is the engine's promise over the whole space of
// valid configs (issue 3, "Numerical contract"): for random configs, each
// run for 10⁶ particle-steps (10⁵ under -short), no number is NaN or Inf, no
// mirror-method particle leaves the open simplex, nothing panics. The
// safeguards that keep this (bounds, floors, refusals) are counted in the
// metrics and documented in the README.
func TestNumericalContract(t *testing.T) {
	runs, particleSteps := 40, 1_000_000
	if testing.Short() {
		runs, particleSteps = 10, 100_000
	}
	rng := rand.New(rand.NewPCG(2026, 11))
	for r := range runs {
		c := randomConfig(rng)
		c.N = []int{1, 7, 100, 1000}[r%4]
		if err := c.Validate(); err != nil {
			t.Fatalf("randomConfig made an invalid config: %v", err)
		}
		steps := particleSteps / c.N
		if c.Algorithm == AlgorithmMMFLDSubstep {
			steps = max(steps/20, 1) // each step may take up to MaxSubstepsPerStep substeps
		}
		s := mustNew(t, c)
		label := fmt.Sprintf("run %d: %s d=%d N=%d λ=%.3g η=%.3g β=%.3g σ=%.3g", r, describe(c), c.Dim, c.N, c.Lambda, c.Eta, c.Beta, c.Sigma)
		for done := 0; done < steps; done += 100 {
			s.Step(min(100, steps-done))
			checkHealthy(t, s, label)
		}
	}
}

// FuzzConfig feeds arbitrary JSON patches through validation; whatever is
// accepted must run without panicking or producing non-finite numbers.
func FuzzConfig(f *testing.F) {
	f.Add([]byte(`{"eta": 0.5, "lambda": 10, "algorithm": "mmfld-substep", "alpha": [0.1, 0.1, 0.1], "objective": "dirichlet"}`))
	f.Add([]byte(`{"algorithm": "mfld", "beta": 10, "q": [1, 0, 0]}`))
	f.Add([]byte(`{"dim": 10, "algorithm": "projected", "eta": 1e-6}`))
	f.Add([]byte(`{"algorithm": "mirrored", "lambda": 0.0001, "eta": 0.5}`))
	f.Add([]byte(`{"n": 1, "seed": 9007199254740991}`))
	f.Fuzz(func(t *testing.T, patch []byte) {
		c, err := Default().Patch(patch)
		if err != nil {
			return
		}
		c.N = min(c.N, 50)
		s := mustNew(t, c)
		s.Step(20)
		checkHealthy(t, s, string(patch))
	})
}
