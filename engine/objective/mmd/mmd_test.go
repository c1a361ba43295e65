package mmd

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/mmfld/playground/engine/internal/purefloat"
	"github.com/mmfld/playground/engine/internal/vec"
	"github.com/mmfld/playground/engine/mirror"
)

// TestMMDFeatureTrigCache: with random features, the drifts from the sines
// and cosines Observe stored are those computed afresh (as they are when
// 2NR exceeds TrigCache), bit for bit.
func TestMMDFeatureTrigCache(t *testing.T) {
	const n, features = 30, 40
	p := boxMMD(t, 3, -1, 1, []float64{0.2, 0, -0.3}, 0.3, 0.2, features, n)
	cached, fresh := p.objective(t), p.objective(t)
	x := p.particles(9)
	fresh.trig = nil
	if len(cached.trig) != 2*n*features {
		t.Fatalf("%d cached sines and cosines, want 2NR = %d", len(cached.trig), 2*n*features)
	}
	cached.Observe(x)
	fresh.Observe(x)
	a, b := make([]float64, 9), make([]float64, 9)
	for i := range n {
		cached.Grad(a, x[9*i:9*i+9], i)
		fresh.Grad(b, x[9*i:9*i+9], i)
		if !slices.Equal(a[:3], b[:3]) {
			t.Fatalf("particle %d: drift %v from the stored sines and cosines, %v afresh", i, a[:3], b[:3])
		}
	}
}

// TestMMDFeatureKernelUnbiased: over many feature seeds, the mean of
// z(x)ᵀz(y) in the cos/sin pair form is k(x, y) within 4 standard errors,
// and its variance is (1 − k²)²/(2R) within 4 standard errors (the formula
// in the mmd doc comment).
func TestMMDFeatureKernelUnbiased(t *testing.T) {
	const (
		seeds = 20000
		r, d  = 4, 3
		h     = 0.7
	)
	x, y := []float64{0.1, -0.3, 0.5}, []float64{0.6, 0.2, 0.1}
	kxy := math.Exp(-vec.SqDist(x, y) / (2 * h * h)) // ≈ 0.63
	vals := make([]float64, seeds)
	for s := range vals {
		om := features(uint64(s), r, d, h)
		zz := 0.0
		for q := range r {
			sx, cx := math.Sincos(vec.Dot(om[q*d:(q+1)*d], x))
			sy, cy := math.Sincos(vec.Dot(om[q*d:(q+1)*d], y))
			zz += (cx*cy + sx*sy) / r // z(x)ᵀz(y), z = √(1/R)(cos, sin)
		}
		vals[s] = zz
	}
	mean, m2, m4 := 0.0, 0.0, 0.0
	for _, v := range vals {
		mean += v / seeds
	}
	for _, v := range vals {
		m2 += (v - mean) * (v - mean) / seeds
		m4 += math.Pow(v-mean, 4) / seeds
	}
	if se := math.Sqrt(m2 / seeds); math.Abs(mean-kxy) > 4*se {
		t.Errorf("mean of z(x)ᵀz(y) over %d seeds = %.5f, k(x, y) = %.5f (4 SE = %.5f)", seeds, mean, kxy, 4*se)
	}
	wantVar := (1 - kxy*kxy) * (1 - kxy*kxy) / (2 * r)
	// SE of a sample variance: √((m₄ − m₂²)/n).
	if se := math.Sqrt((m4 - m2*m2) / seeds); math.Abs(m2-wantVar) > 4*se {
		t.Errorf("variance of z(x)ᵀz(y) = %.5f, (1 − k²)²/(2R) = %.5f (4 SE = %.5f)", m2, wantVar, 4*se)
	}
}

// BenchmarkMetricsMMDExact4000 is one Value with exact sums of a state not
// yet computed: N²/2 + NM = 10.0·10⁶ kernel evaluations (the drifts come
// with it).
func BenchmarkMetricsMMDExact4000(b *testing.B) {
	p := boxMMD(b, 2, 0, 1, []float64{0.5, 0.5}, 0.12, 0.1, 0, 4000)
	o, x := p.objective(b), p.particles(1)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		o.fresh = false // as after a step
		o.Observe(x)
		o.Value(x, 0)
	}
}

func BenchmarkExpNeg(b *testing.B) {
	s, x := 0.0, 0.1
	for range b.N {
		s += purefloat.ExpNeg(x)
		x += 1e-9
	}
	sinkMMD = s
}

func BenchmarkMathExp(b *testing.B) {
	s, x := 0.0, 0.1
	for range b.N {
		s += math.Exp(-x)
		x += 1e-9
	}
	sinkMMD = s
}

var sinkMMD float64

// BenchmarkKernelPull2D is the exact sums' inner loop: the drift of a
// point in the plane from 2000 others, per kernel value.
func BenchmarkKernelPull2D(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	pts := make([]float64, 2*2000)
	for i := range pts {
		pts[i] = rng.Float64()
	}
	g := make([]float64, 2)
	b.ResetTimer()
	for i := range b.N {
		kernelPull(g, pts[2*(i%2000):2*(i%2000)+2], pts, 2, 12.5, 1)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/2000, "ns/kernel")
}

// mmdProblem is an mmd objective's description on a box, for the tests.
type mmdProblem struct {
	m mirror.Map
	p Params
}

// boxMMD describes mmd on the box [lo, hi]^d with the Fermi–Dirac map: the
// target mixture about center with the given σ and depth 2, bandwidth h, R
// features and n particles, the run's seed 1.
func boxMMD(t testing.TB, d int, lo, hi float64, center []float64, sigma, h float64, features, n int) mmdProblem {
	t.Helper()
	m, err := mirror.NewFermiDiracBox(d, lo, hi)
	if err != nil {
		t.Fatal(err)
	}
	mid := make([]float64, d)
	for j := range mid {
		mid[j] = (lo + hi) / 2
	}
	mix := Mixture{Center: center, DomainCentre: mid, Sigma: sigma, Depth: 2}
	return mmdProblem{m, Params{N: n, Seed: 1, Bandwidth: h, Features: features, Target: mix}}
}

// objective returns a fresh mmd objective of the problem.
func (q mmdProblem) objective(t testing.TB) *Objective {
	t.Helper()
	return New(q.p, q.m)
}

// particles returns N primal points drawn from seed near the target's
// centre (σ apart), projected onto the box and pulled a tenth of the way
// to its middle, so that every point is inside.
func (q mmdProblem) particles(seed uint64) []float64 {
	r := rand.New(rand.NewPCG(seed, 1))
	d, p := q.m.Dim(), q.m.PrimalLen()
	mix := q.p.Target
	x := make([]float64, q.p.N*p)
	v := make([]float64, d)
	for i := range q.p.N {
		for j := range v {
			v[j] = mix.Center[j] + mix.Sigma*r.NormFloat64()
		}
		xp := q.m.Project(nil, v)
		for j := range v {
			v[j] = mix.DomainCentre[j] + 0.9*(xp[j]-mix.DomainCentre[j])
		}
		q.m.Lift(x[i*p:(i+1)*p], v)
	}
	return x
}
