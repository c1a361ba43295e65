package engine

import "testing"

func benchmarkStep(b *testing.B, algorithm, objective string, n int) {
	c := Default()
	c.Algorithm, c.Objective, c.N = algorithm, objective, n
	s, err := New(c)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		s.Step(1)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/particle")
}

func BenchmarkStepMMFLDMeanMatch4000(b *testing.B) {
	benchmarkStep(b, AlgorithmMMFLD, ObjectiveMeanMatch, 4000)
}
func BenchmarkStepMMFLDDirichlet4000(b *testing.B) {
	benchmarkStep(b, AlgorithmMMFLD, ObjectiveDirichlet, 4000)
}
func BenchmarkStepProjectedMeanMatch4000(b *testing.B) {
	benchmarkStep(b, AlgorithmProjected, ObjectiveMeanMatch, 4000)
}
func BenchmarkStepProximalMeanMatch4000(b *testing.B) {
	benchmarkStep(b, AlgorithmProximal, ObjectiveMeanMatch, 4000)
}

// BenchmarkMetrics4000 reads the metrics of an unchanged state again, as
// the panel and the renderer do while paused; see BenchmarkMetricsFresh*
// for a state just stepped.
func BenchmarkMetrics4000(b *testing.B) {
	s, err := New(Default())
	if err != nil {
		b.Fatal(err)
	}
	var m Metrics
	s.MetricsInto(&m)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		s.MetricsInto(&m)
	}
}
