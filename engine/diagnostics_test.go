package engine

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/mmfld/playground/engine/stat"
)

// setPrimal places the particles of s at the barycentric points x (N·(d+1)
// numbers), as if the dynamics had put them there.
func setPrimal(s *System, x []float64) {
	copy(s.st.X, x)
	for i := range s.st.N {
		s.st.DualOfPrimal(i, s.ws[0])
	}
	s.version++
}

// dirichletSystem returns a System on the dirichlet objective whose N
// particles are exact draws from Dirichlet(α).
func dirichletSystem(t *testing.T, alpha []float64, n int, seed uint64) *System {
	t.Helper()
	c := Default()
	c.Objective, c.Alpha, c.N, c.Lambda = ObjectiveDirichlet, alpha, n, 1
	s := mustNew(t, c)
	setPrimal(s, stat.DirichletSample(nil, alpha, n, rand.NewPCG(seed, seed)))
	return s
}

// TestTargetErrors: particles that are exact Dirichlet(α) draws have small
// errors against the target, the uniform initial particles clearly larger
// ones, and L matches its exact value at the target, −λ log B(α)
// (L = λ·KL(μ‖μ*) − λ log B(α) for the dirichlet potential).
func TestTargetErrors(t *testing.T) {
	const n = 4000
	alpha := []float64{2, 3, 4}
	s := dirichletSystem(t, alpha, n, 3)
	m := s.Metrics()
	_, ec := stat.DirichletMoments(nil, nil, alpha)
	// ‖mean error‖ has mean square Σ Var(xᵢ)/N: bound it by 4× its root.
	meanSE := math.Sqrt((ec[0] + ec[4] + ec[8]) / n)
	lb := logBeta(alpha)
	t.Logf("exact draws: meanError %.2e (SE %.1e), covError %.2e, energyDistance %.2e, entropy %.4f (exact %.4f), L %.4f (exact %.4f)",
		m.MeanError.Value, meanSE, m.CovError.Value, m.EnergyDistance.Value, m.Entropy.Value, stat.DirichletEntropy(alpha), m.L.Value, -lb)
	if !m.MeanError.Valid || !m.CovError.Valid || !m.EnergyDistance.Valid || !m.Entropy.Valid || !m.L.Valid {
		t.Fatalf("dirichlet objective: a readout is absent: %+v", m)
	}
	// covError: each entry's SE is below 1.5e-4 here (N = 4000); 9 entries.
	if m.MeanError.Value > 4*meanSE || m.CovError.Value > 3*1.5e-4*3 || m.EnergyDistance.Value > 4e-3 {
		t.Errorf("exact draws: meanError %.2e (want ≤ %.1e), covError %.2e (want ≤ 1.4e-3), energyDistance %.2e (want ≤ 4e-3)",
			m.MeanError.Value, 4*meanSE, m.CovError.Value, m.EnergyDistance.Value)
	}
	// Entropy at N = 4000, k = 3: bias within ±0.005, sd 0.017 (measured);
	// F's SE is ~0.02 (λ = 1); 4 SE of the sum.
	if d := m.L.Value + lb; math.Abs(d) > 4*math.Hypot(0.017, 0.02) {
		t.Errorf("L at the target = %.4f, exact −log B(α) = %.4f", m.L.Value, -lb)
	}
	s.Reset() // uniform particles: the wrong law
	u := s.Metrics()
	t.Logf("uniform draws: meanError %.2e, covError %.2e, energyDistance %.2e", u.MeanError.Value, u.CovError.Value, u.EnergyDistance.Value)
	if u.MeanError.Value < 10*m.MeanError.Value || u.CovError.Value < 5*m.CovError.Value || u.EnergyDistance.Value < 10*m.EnergyDistance.Value {
		t.Errorf("uniform particles against Dirichlet(2,3,4): meanError %.2e, covError %.2e, energyDistance %.2e; "+
			"not clearly larger than for exact draws (%.2e, %.2e, %.2e)",
			u.MeanError.Value, u.CovError.Value, u.EnergyDistance.Value, m.MeanError.Value, m.CovError.Value, m.EnergyDistance.Value)
	}
}

// TestMMFLDReachesTarget runs MMFLD on Dirichlet(2,3,4) (η and T as in
// TestDirichletKnownAnswers) and reads the new metrics: the energy distance
// falls to the level of exact draws, the entropy to the exact one and L to
// its minimum −λ log B(α).
func TestMMFLDReachesTarget(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: 2.4e7 particle-steps")
	}
	t.Parallel()
	c := Default()
	c.Objective, c.Alpha, c.Lambda, c.Eta, c.N, c.Seed = ObjectiveDirichlet, []float64{2, 3, 4}, 1, 1e-3, 4000, 7
	s := mustNew(t, c)
	start := s.Metrics()
	s.Step(6000)
	m := s.Metrics()
	exact := stat.DirichletEntropy(c.Alpha)
	t.Logf("start: energy %.2e entropy %.4f; after T = 6: energy %.2e meanError %.2e covError %.2e entropy %.4f (exact %.4f) L %.4f (exact %.4f)",
		start.EnergyDistance.Value, start.Entropy.Value, m.EnergyDistance.Value, m.MeanError.Value, m.CovError.Value, m.Entropy.Value, exact,
		m.L.Value, -logBeta(c.Alpha))
	// Tolerances as in TestTargetErrors (meanError: 4 SE = 0.016).
	if m.EnergyDistance.Value > 4e-3 || m.MeanError.Value > 0.016 || math.Abs(m.Entropy.Value-exact) > 4*0.017 ||
		math.Abs(m.L.Value+logBeta(c.Alpha)) > 4*math.Hypot(0.017, 0.02) {
		t.Errorf("mmfld on Dirichlet(2,3,4) after T = 6: energy %.2e (want ≤ 4e-3), meanError %.2e (want ≤ 0.016), "+
			"entropy %.4f (exact %.4f ± 0.068), L %.4f (exact %.4f ± 0.10)",
			m.EnergyDistance.Value, m.MeanError.Value, m.Entropy.Value, exact, m.L.Value, -logBeta(c.Alpha))
	}
}

// TestMetricsDegenerate: one particle, particles all equal, particles on the
// faces and outside: every readout is finite and the JSON is valid.
func TestMetricsDegenerate(t *testing.T) {
	check := func(label string, s *System) Metrics {
		t.Helper()
		m := s.Metrics()
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatalf("%s: %v", label, err)
		}
		if strings.Contains(string(b), "NaN") || strings.Contains(string(b), "Inf") {
			t.Errorf("%s: JSON %s", label, b)
		}
		for _, v := range append(slices.Clone(m.Cov), m.Entropy.Value, m.L.Value, m.MeanError.Value, m.CovError.Value, m.EnergyDistance.Value) {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Errorf("%s: non-finite readout in %+v", label, m)
			}
		}
		return m
	}
	for _, obj := range ChoicesFor(DomainSimplex).Objectives {
		c := Default()
		c.Objective, c.N = obj, 1
		m := check(obj+" N = 1", mustNew(t, c))
		if m.Entropy.Valid || m.L.Valid || len(m.Cov) != 9 {
			t.Errorf("%s N = 1: entropy %+v, L %+v, cov %v; want no entropy, 9 zeros", obj, m.Entropy, m.L, m.Cov)
		}
		if (obj == ObjectiveDirichlet) != m.EnergyDistance.Valid {
			t.Errorf("%s N = 1: energy distance %+v", obj, m.EnergyDistance)
		}
		c.N = 500
		s := mustNew(t, c)
		setPrimal(s, slices.Repeat([]float64{0.2, 0.3, 0.5}, 500))
		m = check(obj+" all equal", s)
		if !m.Entropy.Valid || m.EntropyTies != 500 {
			t.Errorf("%s all equal: entropy %+v, ties %d; want an estimate with 500 ties", obj, m.Entropy, m.EntropyTies)
		}
		setPrimal(s, slices.Repeat([]float64{1, 0, 0, 0, 1, 0, 0, 0, 1, 0.5, 0.5, 0}, 125)) // vertices and an edge
		check(obj+" on the faces", s)
		c.Algorithm, c.Eta, c.Beta = AlgorithmMFLD, 0.5, 0
		s = mustNew(t, c)
		s.Step(200)
		if m := check(obj+" mfld", s); m.Outside == 0 {
			t.Logf("%s mfld: no particle left the simplex", obj)
		}
	}
}

// TestMetricsJSON: the target readouts are absent for meanmatch (left out of
// the JSON) and present for dirichlet, and the JSON decodes back.
func TestMetricsJSON(t *testing.T) {
	for _, obj := range ChoicesFor(DomainSimplex).Objectives {
		c := Default()
		c.Objective, c.N = obj, 200
		m := mustNew(t, c).Metrics()
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		var fields map[string]any
		if err := json.Unmarshal(b, &fields); err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"meanError", "covError", "energyDistance"} {
			if _, ok := fields[name]; ok != (obj == ObjectiveDirichlet) {
				t.Errorf("%s: %q in the JSON: %v", obj, name, ok)
			}
		}
		for _, name := range []string{"entropy", "L", "cov", "entropyTies"} {
			if _, ok := fields[name]; !ok {
				t.Errorf("%s: no %q in the JSON %s", obj, name, b)
			}
		}
		var back Metrics
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(back) != fmt.Sprint(m) {
			t.Errorf("%s: JSON round trip\n got %+v\nwant %+v", obj, back, m)
		}
	}
	var o Optional
	if err := json.Unmarshal([]byte("null"), &o); err != nil || o.Valid {
		t.Errorf("null → %+v, %v", o, err)
	}
}

// TestDiagnosticsCached: the diagnostics are computed once per state, again
// after each Step, Reset and Reconfigure, and the exact draws only when α
// changes.
func TestDiagnosticsCached(t *testing.T) {
	c := Default()
	c.Objective, c.N = ObjectiveDirichlet, 500
	s := mustNew(t, c)
	var m Metrics
	s.MetricsInto(&m)
	s.MetricsInto(&m)
	s.SnapshotInto(&Snapshot{})
	runs := func(want int, after string) {
		t.Helper()
		if s.diag.runs != want {
			t.Errorf("after %s: diagnostics computed %d times, want %d", after, s.diag.runs, want)
		}
	}
	runs(1, "three reads of one state")
	// The whole readout is kept, not only the diagnostics: a second read
	// equals the first and shares no memory with it.
	first, second := s.Metrics(), s.Metrics()
	if !reflect.DeepEqual(first, second) {
		t.Errorf("two reads of one state differ: %+v, %+v", first, second)
	}
	first.Mean[0] = -1
	if s.Metrics().Mean[0] == -1 {
		t.Error("a read's Mean is the kept readout's")
	}
	s.Step(0)
	s.MetricsInto(&m)
	runs(1, "Step(0)")
	s.Step(1)
	s.MetricsInto(&m)
	runs(2, "Step(1)")
	before := m.EnergyDistance.Value
	c.Alpha = []float64{5, 5, 5}
	if _, err := s.Reconfigure(c); err != nil {
		t.Fatal(err)
	}
	s.MetricsInto(&m)
	runs(3, "a new α")
	if m.EnergyDistance.Value == before || s.diag.targets != 2 {
		t.Errorf("new α: energy distance %v (was %v), exact draws made %d times", m.EnergyDistance.Value, before, s.diag.targets)
	}
	c.Eta = 1e-3
	lBefore := m.L.Value
	c.Lambda *= 2
	s.Reconfigure(c)
	s.MetricsInto(&m)
	runs(4, "a new η and λ")
	if m.L.Value == lBefore {
		t.Errorf("λ doubled: L = %v, as before", m.L.Value)
	}
	if s.diag.targets != 2 {
		t.Errorf("η changed: exact draws made again")
	}
	s.Reset()
	s.MetricsInto(&m)
	runs(5, "Reset")
}

// TestMetricsAfterStepAllocatesNothing: recomputing the diagnostics of a
// fresh state allocates nothing once their buffers exist.
// TestMetricsAfterStepAllocatesNothing is not parallel: testing.AllocsPerRun
// counts the whole process's allocations.
func TestMetricsAfterStepAllocatesNothing(t *testing.T) {
	for _, c := range variants() {
		s := mustNew(t, c)
		var m Metrics
		s.Step(1)
		s.MetricsInto(&m)
		if n := testing.AllocsPerRun(5, func() { s.Step(1); s.MetricsInto(&m) }); n != 0 {
			t.Errorf("%s/%s/%s: Step + MetricsInto allocate %v times", c.Algorithm, c.HessianAt, c.Objective, n)
		}
	}
}

func benchmarkMetricsFresh(b *testing.B, objective string, n, d int) {
	c := Default()
	c.Objective, c.N, c.Dim, c.Q, c.Alpha = objective, n, d, DefaultQ(d), DefaultAlpha(d)
	c.Center = DefaultCenter(&c)
	s := mustNew(b, c)
	s.Step(10)
	benchmarkMetricsOf(b, s)
}

// benchmarkMetricsOf measures MetricsInto on s's state as if just stepped:
// every readout computed afresh.
func benchmarkMetricsOf(b *testing.B, s *System) {
	var m Metrics
	s.MetricsInto(&m)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		s.version++ // as after a step, without its cost
		s.MetricsInto(&m)
	}
}

func BenchmarkMetricsFreshMeanMatch4000(b *testing.B) {
	benchmarkMetricsFresh(b, ObjectiveMeanMatch, 4000, 2)
}

func BenchmarkMetricsFreshDirichlet4000(b *testing.B) {
	benchmarkMetricsFresh(b, ObjectiveDirichlet, 4000, 2)
}

func BenchmarkMetricsFreshDirichlet20000(b *testing.B) {
	benchmarkMetricsFresh(b, ObjectiveDirichlet, 20000, 2)
}

func BenchmarkMetricsFreshDirichlet200000(b *testing.B) {
	benchmarkMetricsFresh(b, ObjectiveDirichlet, 200000, 2)
}

func BenchmarkMetricsFreshDirichlet4000Dim3(b *testing.B) {
	benchmarkMetricsFresh(b, ObjectiveDirichlet, 4000, 3)
}

func BenchmarkMetricsFreshDirichlet4000Dim5(b *testing.B) {
	benchmarkMetricsFresh(b, ObjectiveDirichlet, 4000, 5)
}

func BenchmarkMetricsFreshDirichlet4000Dim10(b *testing.B) {
	benchmarkMetricsFresh(b, ObjectiveDirichlet, 4000, 10)
}

// BenchmarkStepAndMetrics4000 is one playing frame's engine work at the
// default settings: StepsPerFrame steps and one (fresh) MetricsInto.
func BenchmarkStepAndMetrics4000(b *testing.B) {
	c := Default()
	s := mustNew(b, c)
	var m Metrics
	s.MetricsInto(&m)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		s.Step(c.StepsPerFrame)
		s.MetricsInto(&m)
	}
}

// logBeta returns log B(α) = Σ log Γ(αᵢ) − log Γ(α₀).
func logBeta(alpha []float64) float64 {
	lb, a0 := 0.0, 0.0
	for _, a := range alpha {
		lg, _ := math.Lgamma(a)
		lb += lg
		a0 += a
	}
	lg, _ := math.Lgamma(a0)
	return lb - lg
}
