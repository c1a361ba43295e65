package engine

import "testing"

// The speed benchmarks of issue 7: the reference workload (meanmatch on Δ²,
// mmfld, β = 0.1, λ, η and q of Default, N = 100,000) in particle-steps per
// second, and the O(N²)-capable objectives at N = 4096 in steps per second.
// One iteration is one System.Step; building the System is not timed and no
// metrics are computed. `make bench` (cmd/bench) measures the same
// workloads beside their peers; these keep them measurable with go test.

// workerSetter is System.SetWorkers, asked for by interface so that these
// benchmarks build before and after the engine has it.
type workerSetter interface{ SetWorkers(n int) }

// benchmarkSpeed times b.N steps of c with the given workers (−1: the
// engine's default; the benchmark skips if the engine cannot set them) and
// reports particle-steps/s and steps/s.
func benchmarkSpeed(b *testing.B, c Config, workers int) {
	s, err := New(c)
	if err != nil {
		b.Fatal(err)
	}
	if workers >= 0 {
		ws, ok := any(s).(workerSetter)
		if !ok {
			b.Skip("the engine has no System.SetWorkers yet")
		}
		ws.SetWorkers(workers)
	}
	s.Step(1) // first-step work (lazy buffers) is not what is measured
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		s.Step(1)
	}
	sec := b.Elapsed().Seconds()
	b.ReportMetric(float64(b.N)*float64(c.N)/sec, "particle-steps/s")
	b.ReportMetric(float64(b.N)/sec, "steps/s")
}

// meanMatchSimplex is the reference workload with n particles.
func meanMatchSimplex(n int) Config {
	c := Default()
	c.Beta, c.N = 0.1, n
	return c
}

// boxObjective is objective on the box [0, 1]² with the Fermi–Dirac map,
// mmfld, N = 4096; mmd with exact kernel sums (features 0).
func boxObjective(objective string) Config {
	c := Default()
	c.Domain, c.Mirror, c.Objective, c.N = DomainBox, MirrorFermiDirac, objective, 4096
	c.Low, c.High, c.Features = 0, 1, 0
	c.Center = DefaultCenter(&c)
	return c
}

func BenchmarkMeanMatchSimplexN100000(b *testing.B) {
	benchmarkSpeed(b, meanMatchSimplex(100000), -1)
}

func BenchmarkMeanMatchSimplexN100000Workers1(b *testing.B) {
	benchmarkSpeed(b, meanMatchSimplex(100000), 1)
}

// BenchmarkMeanMatchSimplexN100000WorkersAll runs on runtime.GOMAXPROCS(0)
// workers (the -N suffix of the benchmark's name).
func BenchmarkMeanMatchSimplexN100000WorkersAll(b *testing.B) {
	benchmarkSpeed(b, meanMatchSimplex(100000), 0)
}

func BenchmarkInteractionBoxN4096(b *testing.B) {
	benchmarkSpeed(b, boxObjective(ObjectiveInteraction), -1)
}

func BenchmarkMMDExactBoxN4096(b *testing.B) {
	benchmarkSpeed(b, boxObjective(ObjectiveMMD), -1)
}

// TestSpeedWorkloadsAreTheReference checks that the benchmarks above run
// what issue 7 names: meanmatch on Δ² with mmfld (Hessian at the drift
// point), β = 0.1, and Default's λ = 0.1, η = 3e-3, q = (0.7, 0.2, 0.1); and
// valid box configs for the O(N²) objectives, mmd with exact sums.
func TestSpeedWorkloadsAreTheReference(t *testing.T) {
	c := meanMatchSimplex(100000)
	if c.Domain != DomainSimplex || c.Dim != 2 || c.Objective != ObjectiveMeanMatch || c.Algorithm != AlgorithmMMFLD ||
		c.HessianAt != HessianAtDrift || c.Beta != 0.1 || c.Lambda != 0.1 || c.Eta != 3e-3 ||
		len(c.Q) != 3 || c.Q[0] != 0.7 || c.Q[1] != 0.2 || c.Q[2] != 0.1 {
		t.Errorf("the reference workload changed: %+v", c)
	}
	for _, c := range []Config{c, boxObjective(ObjectiveInteraction), boxObjective(ObjectiveMMD)} {
		if err := c.Validate(); err != nil {
			t.Errorf("%s on the %s: %v", c.Objective, c.Domain, err)
		}
	}
	if c := boxObjective(ObjectiveMMD); c.Features != 0 || c.N != 4096 {
		t.Errorf("mmd benchmark: features %d, N %d; want exact sums at N = 4096", c.Features, c.N)
	}
}
