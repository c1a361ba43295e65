package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/mmfld/playground/engine/objective/xor"
)

// xorConfig is the paper's experiment 3 (the paper-e3 preset's settings)
// with the algorithm, dim and particle count given.
func xorConfig(t testing.TB, algorithm string, dim, n int) Config {
	t.Helper()
	c, err := Default().Patch([]byte(fmt.Sprintf(
		`{"domain": "ball", "radius": 1, "objective": "xor", "algorithm": %q, "dim": %d, "n": %d, "eta": 0.1, "lambda": 1e-3}`,
		algorithm, dim, n)))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestXORGradFiniteDifferences checks Grad against central differences of
// F(μ_N) in one particle: moving particle i by h changes F(μ_N) at the rate
// (1/N) g(θᵢ), g = ∇_θ δF/δμ(μ_N)(θ) (the first variation of a functional of
// the empirical measure).
func TestXORGradFiniteDifferences(t *testing.T) {
	for _, dim := range []int{4, 6} {
		c := xorConfig(t, AlgorithmMMFLD, dim, 7)
		c.Seed = int64(dim)
		s := mustNew(t, c)
		s.Step(20) // away from the uniform start, margins of both signs
		o := s.st.Objective
		g := make([]float64, dim)
		x := s.st.X
		for i := range s.st.N {
			o.Observe(x)
			theta := x[i*s.st.P : i*s.st.P+dim]
			o.Grad(g, x[i*s.st.P:(i+1)*s.st.P], i)
			for j := range dim {
				const h = 1e-6
				old := theta[j]
				theta[j] = old + h
				o.Observe(x)
				up := o.Value(x, 0)
				theta[j] = old - h
				o.Observe(x)
				down := o.Value(x, 0)
				theta[j] = old
				fd := float64(s.st.N) * (up - down) / (2 * h)
				// Central differences err by O(h²·F''') ≈ 1e-12 and by
				// rounding ≈ 1e-16/h·N ≈ 1e-9 here.
				if math.Abs(fd-g[j]) > 1e-6*(1+math.Abs(g[j])) {
					t.Errorf("dim %d particle %d: ∂/∂θ%d = %.9g, finite differences %.9g", dim, i, j+1, g[j], fd)
				}
			}
		}
	}
}

// TestXORLearns: with the paper's settings (N = 512, η = 0.1, λ = 10⁻³, the
// unit ball, log-barrier map, MMFLD) the network reaches the Bayes accuracy
// of the noisy XOR, p² + (1 − p)² = 0.9555 (p = Φ(2)), on the fixed test
// set. The test accuracy of a fixed classifier estimates its accuracy with
// SE √(p(1 − p)/xor.Test) = 0.0065; we allow 3 SE either side. Measured
// (seed 1, 2026-11-30): 0.958 after 100 steps and from then on (the Bayes
// rule itself scores 0.961 on this test set, xor.BayesTestAccuracy); 0.919
// after 100 and 0.932 after 400 steps at dim 10 (8 pure-noise inputs).
func TestXORLearns(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: 200 steps of 512 neurons on 400 points")
	}
	t.Parallel()
	s := mustNew(t, xorConfig(t, AlgorithmMMFLD, 4, 512))
	start := s.Metrics()
	s.Step(200)
	m := s.Metrics()
	checkHealthy(t, s, "xor")
	bayes := xor.BayesAccuracy()
	se := math.Sqrt(bayes * (1 - bayes) / xor.Test)
	if got := m.Accuracy.Value; !m.Accuracy.Valid || got < bayes-3*se || got > bayes+3*se {
		t.Errorf("test accuracy %v after 200 steps, want the Bayes accuracy %.4f ± 3·%.4f", m.Accuracy, bayes, se)
	}
	// The training loss falls from about log 2 (0.70 measured).
	if !(m.F < start.F-0.3) {
		t.Errorf("training loss %.4f after 200 steps, %.4f at the start", m.F, start.F)
	}
}

// TestXORProjectedStalls is the paper's observation (experiment 3: "MFLD
// stalls at ‖w‖ = 1"): projected MFLD pushes the neurons onto the sphere
// and they stay there, while MMFLD keeps them inside. Measured (seed 1,
// 500 steps, boundary mass = share within 10⁻³ of the sphere): projected
// 0.981 at step 100 and 0.994 from step 250 on; MMFLD
// 0.0078 at step 100 and 0.0059 at 500, at most the share of the uniform
// start. Both reach a test accuracy of 0.958 (2026-11-30); projected's
// training loss is lower (0.180 against 0.214), as neurons on the sphere
// have the largest weights.
func TestXORProjectedStalls(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: 2 × 500 steps of 512 neurons")
	}
	t.Parallel()
	mass := map[string]float64{}
	for _, alg := range []string{AlgorithmProjected, AlgorithmMMFLD} {
		s := mustNew(t, xorConfig(t, alg, 4, 512))
		s.Step(500)
		checkHealthy(t, s, alg)
		mass[alg] = s.Metrics().BoundaryMass
	}
	if !(mass[AlgorithmProjected] > 0.8 && mass[AlgorithmMMFLD] < 0.05) {
		t.Errorf("boundary mass: projected %.3f (want > 0.8), mmfld %.3f (want < 0.05)", mass[AlgorithmProjected], mass[AlgorithmMMFLD])
	}
}

// TestXORValidation: xor is refused below dim 4 and off the ball, naming the
// field; a patch that switches to xor without naming dim brings dim 4 (and
// the vectors of dim 4); the accuracy readout exists for xor only.
func TestXORValidation(t *testing.T) {
	ball, err := Default().Patch([]byte(`{"domain": "ball"}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ patch, field, says string }{
		{`{"objective": "xor", "dim": 3}`, "dim", "at least 4 for xor"},
		{`{"objective": "xor", "dim": 2}`, "dim", "at least 4 for xor"},
		{`{"domain": "box", "objective": "xor", "dim": 4}`, "objective", "on the box"},
	} {
		_, err := ball.Patch([]byte(tc.patch))
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%s: error %v, want a *FieldError on %s saying %q", tc.patch, err, tc.field, tc.says)
		}
	}
	c := ball.Clone()
	c.Objective = ObjectiveXOR
	var fe *FieldError
	if err := c.Validate(); !errors.As(err, &fe) || fe.Field != "dim" {
		t.Errorf("Validate of xor at dim 2: %v", err)
	}

	for _, tc := range []struct {
		from  Config
		patch string
		dim   int
	}{
		{ball, `{"objective": "xor"}`, 4},
		{Default(), `{"domain": "ball", "objective": "xor"}`, 4},
		{ball, `{"objective": "xor", "dim": 7}`, 7},
	} {
		c, err := tc.from.Patch([]byte(tc.patch))
		if err != nil || c.Dim != tc.dim || len(c.Center) != tc.dim || len(c.Q) != tc.dim+1 {
			t.Errorf("%s: dim %d, centre %v, err %v; want dim %d", tc.patch, c.Dim, c.Center, err, tc.dim)
		}
	}
	if c, _ := ball.Patch([]byte(`{"dim": 6}`)); c.Dim != 6 {
		t.Fatal("dim 6 on the ball refused")
	} else if c, err := c.Patch([]byte(`{"objective": "xor"}`)); err != nil || c.Dim != 6 {
		t.Errorf("xor from dim 6: dim %d, %v; want 6 kept", c.Dim, err)
	}

	for _, obj := range []string{ObjectiveGaussian, ObjectiveXOR} {
		c, _ := ball.Patch([]byte(`{"objective": "` + obj + `", "n": 50}`))
		s := mustNew(t, c)
		m := s.Metrics()
		b, _ := json.Marshal(m)
		has := strings.Contains(string(b), `"accuracy":`)
		if has != (obj == ObjectiveXOR) || m.Accuracy.Valid != has {
			t.Errorf("%s: accuracy %+v, in JSON %v", obj, m.Accuracy, has)
		}
	}
}

// TestXORPresets: paper-e3 holds the paper's settings on both sides, MMFLD
// against projected MFLD (a failed Patch in Presets would leave the default
// config, which is valid too).
func TestXORPresets(t *testing.T) {
	a, b, err := Default().PatchLink("preset=paper-e3")
	if err != nil || b == nil || a.Algorithm != AlgorithmMMFLD || b.Algorithm != AlgorithmProjected {
		t.Fatalf("paper-e3: %v, %v, %v", a.Query(), b, err)
	}
	for _, c := range []Config{a, *b} {
		if c.Domain != DomainBall || c.Radius != 1 || c.Objective != ObjectiveXOR || c.Dim != 4 || c.N != 512 || c.Eta != 0.1 || c.Lambda != 1e-3 {
			t.Errorf("paper-e3: %s", c.Query())
		}
	}
}

// TestXORNumericalContract runs random valid xor configs (every algorithm,
// radius, λ, η, dim ≥ 4, from the contract test's generator) and checks the
// engine's promise: nothing non-finite, no mirror-method particle outside
// the ball. TestNumericalContract draws xor rarely (1 run in 24).
func TestXORNumericalContract(t *testing.T) {
	runs, particleSteps := 12, 100_000
	if testing.Short() {
		runs, particleSteps = 4, 20_000
	}
	t.Parallel()
	rng := rand.New(rand.NewPCG(2026, 3))
	for r := 0; r < runs; {
		c := randomConfig(rng)
		if c.Objective != ObjectiveXOR {
			continue
		}
		c.N = []int{1, 7, 100, 512}[r%4]
		if err := c.Validate(); err != nil {
			t.Fatalf("randomConfig made an invalid config: %v", err)
		}
		label := fmt.Sprintf("run %d: %s d=%d N=%d R=%.3g λ=%.3g η=%.3g", r, describe(c), c.Dim, c.N, c.Radius, c.Lambda, c.Eta)
		steps := particleSteps / c.N
		if c.Algorithm == AlgorithmMMFLDSubstep {
			steps = max(steps/20, 1)
		}
		// The configs are drawn above, in order; each run is then its own
		// System and runs in parallel with the others.
		t.Run(fmt.Sprintf("run %d", r), func(t *testing.T) {
			t.Parallel()
			s := mustNew(t, c)
			for done := 0; done < steps; done += 100 {
				s.Step(min(100, steps-done))
				checkHealthy(t, s, label)
				if a := s.Metrics().Accuracy; !a.Valid || !(a.Value >= 0 && a.Value <= 1) {
					t.Fatalf("%s: accuracy %+v", label, a)
				}
			}
		})
		r++
	}
}

// BenchmarkStepMMFLDXOR512 is one step of the paper-e3 run: 512 neurons,
// 400 training points, dim 4.
func BenchmarkStepMMFLDXOR512(b *testing.B) {
	s := mustNew(b, xorConfig(b, AlgorithmMMFLD, 4, 512))
	s.Step(1)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		s.Step(1)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*512), "ns/particle")
}

// BenchmarkMetricsFreshXOR512 reads the metrics of a state just stepped in
// the paper-e3 run: the training outputs again (F) and the test accuracy
// (O(N·xor.Test·k)) besides the usual readouts.
func BenchmarkMetricsFreshXOR512(b *testing.B) {
	s := mustNew(b, xorConfig(b, AlgorithmMMFLD, 4, 512))
	s.Step(1)
	benchmarkMetricsOf(b, s)
}
