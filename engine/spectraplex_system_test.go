package engine

import (
	"fmt"
	"math"
	"testing"

	"github.com/mmfld/playground/engine/stat"
)

// benchmarkSpectraStep times one step of the paper-e2 setting (dim d, N =
// 2048) with the given algorithm.
func benchmarkSpectraStep(b *testing.B, algorithm string, d int) {
	c, err := Default().Patch([]byte(fmt.Sprintf(`{"domain": "spectraplex", "dim": %d, "eta": 0.3, "lambda": 0.1, "n": 2048, "beta": 0, "gamma": 0.02}`, d)))
	if err != nil {
		b.Fatal(err)
	}
	c.Algorithm = algorithm
	s := mustNew(b, c)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		s.Step(1)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*c.N), "ns/particle")
}

func BenchmarkStepSpectraplexMMFLD2048Dim9(b *testing.B) {
	benchmarkSpectraStep(b, AlgorithmMMFLD, 9)
}

func BenchmarkStepSpectraplexMMFLD2048Dim4(b *testing.B) {
	benchmarkSpectraStep(b, AlgorithmMMFLD, 4)
}

func BenchmarkStepSpectraplexProjected2048Dim9(b *testing.B) {
	benchmarkSpectraStep(b, AlgorithmProjected, 9)
}

func BenchmarkStepSpectraplexMirrored2048Dim9(b *testing.B) {
	benchmarkSpectraStep(b, AlgorithmMirrored, 9)
}

// BenchmarkMetricsSpectraplex2048Dim10 computes the metrics of a fresh state
// (the entropy estimate on the 65-dimensional chart, the 121×121 covariance).
func BenchmarkMetricsSpectraplex2048Dim10(b *testing.B) {
	c, err := Default().Patch([]byte(`{"domain": "spectraplex", "dim": 10, "n": 2048}`))
	if err != nil {
		b.Fatal(err)
	}
	s := mustNew(b, c)
	var m Metrics
	s.MetricsInto(&m)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		s.version++
		s.MetricsInto(&m)
	}
}

// TestSpectraplexSystemShows: a spectraplex System shows each particle's
// matrix (Primal, PrimalWidth, Metrics.Mean the mean matrix) and its
// decreasing spectrum (Spectrum), and its matrices are trace-one and match
// their spectra.
func TestSpectraplexSystemShows(t *testing.T) {
	c, err := Default().Patch([]byte(`{"domain": "spectraplex", "dim": 3, "n": 40}`))
	if err != nil {
		t.Fatal(err)
	}
	s := mustNew(t, c)
	s.Step(3)
	n := 4
	p, spec, m := s.Primal(nil), s.Spectrum(nil), s.Metrics()
	if s.PrimalWidth() != n*n || len(p) != 40*n*n || len(spec) != 40*n || len(m.Mean) != n*n || len(m.Cov) != n*n*n*n {
		t.Fatalf("widths: PrimalWidth %d, primal %d, spectrum %d, mean %d, cov %d", s.PrimalWidth(), len(p), len(spec), len(m.Mean), len(m.Cov))
	}
	mean, _ := stat.MeanCov(nil, nil, p, n*n)
	for i := range 40 {
		a, w := p[i*n*n:(i+1)*n*n], spec[i*n:(i+1)*n]
		tr, trSq, wSq := 0.0, 0.0, 0.0
		for k := range n {
			tr += a[k*n+k]
			wSq += w[k] * w[k]
			if k > 0 && w[k] > w[k-1] {
				t.Fatalf("particle %d: spectrum %v not decreasing", i, w)
			}
		}
		for _, v := range a {
			trSq += v * v
		}
		if math.Abs(tr-1) > 1e-13 || math.Abs(trSq-wSq) > 1e-13 {
			t.Fatalf("particle %d: trace %v, tr Σ² %v vs Σ x² %v", i, tr, trSq, wSq)
		}
	}
	for k := range mean {
		if math.Abs(mean[k]-m.Mean[k]) > 1e-14 {
			t.Fatalf("Metrics.Mean %v, particles' mean %v", m.Mean, mean)
		}
	}
	if d := mustNew(t, Default()); len(d.Spectrum(nil)) != 0 || d.PrimalWidth() != 3 {
		t.Errorf("the simplex: Spectrum %v, PrimalWidth %d", d.Spectrum(nil), d.PrimalWidth())
	}
}
