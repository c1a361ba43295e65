package engine

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/mmfld/playground/engine/mirror"
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

// TestSpectraMeanMatchGrad: meanmatch's chart gradient on the spectraplex is
// the chart gradient of its first variation
// δF/δμ(Σ) = ⟨m − diag(q), Σ⟩ + ‖Σ‖²_F/(2γ) − β log det Σ at the observed
// mean m (central differences), and Value is F at the observed particles.
func TestSpectraMeanMatchGrad(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 20))
	for _, n := range []int{2, 3, 5} {
		c, err := Default().Patch([]byte(fmt.Sprintf(`{"domain": "spectraplex", "dim": %d, "n": 50, "beta": 0.3, "gamma": 0.5}`, max(n-1, 2))))
		if err != nil {
			t.Fatal(err)
		}
		c.Dim = n - 1
		c.Q = DefaultQ(n - 1)
		s := &System{cfg: c}
		s.init()
		o := s.obj.(*spectraMeanMatch)
		o.Observe(s.x)
		sp := o.sp
		// The observed mean is the particles' mean matrix.
		mean, _ := MeanCov(nil, nil, s.Primal(nil), n*n)
		for k := range mean {
			if math.Abs(mean[k]-o.m[k]) > 1e-14 {
				t.Fatalf("n=%d: observed mean %v, particles' mean %v", n, o.m, mean)
			}
		}
		first := func(v []float64) float64 {
			x := sp.Lift(nil, v)
			_, eig, _, m := sp.Parts(x)
			f := 0.0
			for i := range n {
				for j := range n {
					d := o.m[i*n+j]
					if i == j {
						d -= c.Q[i]
					}
					f += d*m[i*n+j] + m[i*n+j]*m[i*n+j]/(2*c.Gamma)
				}
			}
			for _, e := range eig {
				f -= c.Beta * math.Log(e)
			}
			return f
		}
		for range 5 {
			x := randomSpectraPoint(rng, sp)
			g := make([]float64, sp.Dim())
			o.Grad(g, x, -1)
			for k := range g {
				v := slices.Clone(x[:sp.Dim()])
				h := 1e-6
				v[k] += h
				fp := first(v)
				v[k] -= 2 * h
				fd := (fp - first(v)) / (2 * h)
				if math.Abs(fd-g[k]) > 1e-6*(1+math.Abs(g[k])) {
					t.Fatalf("n=%d: Grad[%d] = %v, finite differences %v", n, k, g[k], fd)
				}
			}
		}
		// F = ½‖m − Σ*‖² + E‖Σ‖²/(2γ) − β E log det Σ.
		want, sq, ld := 0.0, 0.0, 0.0
		for i := range n {
			for j := range n {
				d := mean[i*n+j]
				if i == j {
					d -= c.Q[i]
				}
				want += d * d / 2
			}
		}
		for i := range s.n {
			_, eig, _, m := sp.Parts(s.x[i*s.p : (i+1)*s.p])
			for _, v := range m {
				sq += v * v / float64(s.n)
			}
			for _, e := range eig {
				ld += math.Log(e) / float64(s.n)
			}
		}
		want += sq/(2*c.Gamma) - c.Beta*ld
		if got := o.Value(s.x, 0); math.Abs(got-want) > 1e-12*(1+math.Abs(want)) {
			t.Errorf("n=%d: Value = %v, want %v", n, got, want)
		}
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
	mean, _ := MeanCov(nil, nil, p, n*n)
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

// randomSpectraPoint returns ∇φ*(y) for a dual point y with independent
// N(0, 1) chart coordinates: a primal point of sp strictly inside, with
// eigenvalues well away from 0.
func randomSpectraPoint(rng *rand.Rand, sp mirror.Spectraplex) []float64 {
	y := make([]float64, sp.Dim())
	for i := range y {
		y[i] = rng.NormFloat64()
	}
	return sp.GradConj(nil, y)
}
