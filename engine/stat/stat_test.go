package stat

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// chartOf returns the first d of every d+1 barycentric coordinates.
func chartOf(x []float64, d int) []float64 {
	out := make([]float64, 0, len(x)/(d+1)*d)
	for i := 0; i < len(x); i += d + 1 {
		out = append(out, x[i:i+d]...)
	}
	return out
}

// TestDirichletMoments checks the exact moments against gonum's Beta
// marginals (xᵢ ~ Beta(αᵢ, α₀ − αᵢ)) and Σⱼ Cov(xᵢ, xⱼ) = 0 (Σx = 1), and
// DirichletEntropy against the Beta entropy (K = 2) and log ½ (uniform on Δ²).
func TestDirichletMoments(t *testing.T) {
	alpha := []float64{2, 3, 4, 0.5}
	mean, cov := DirichletMoments(nil, nil, alpha)
	w := len(alpha)
	for i, a := range alpha {
		b := distuv.Beta{Alpha: a, Beta: 9.5 - a}
		if math.Abs(mean[i]-b.Mean()) > 1e-15 || math.Abs(cov[i*w+i]-b.Variance()) > 1e-15 {
			t.Errorf("x%d: mean %v var %v, Beta marginal %v %v", i+1, mean[i], cov[i*w+i], b.Mean(), b.Variance())
		}
		row := 0.0
		for j := range w {
			row += cov[i*w+j]
			if cov[i*w+j] != cov[j*w+i] {
				t.Errorf("cov not symmetric at %d,%d", i, j)
			}
		}
		if math.Abs(row) > 1e-16 {
			t.Errorf("cov row %d sums to %v", i, row)
		}
	}
	if got, want := DirichletEntropy([]float64{2.5, 4}), (distuv.Beta{Alpha: 2.5, Beta: 4}).Entropy(); math.Abs(got-want) > 1e-13 {
		t.Errorf("DirichletEntropy(2.5, 4) = %v, Beta entropy %v", got, want)
	}
	if got := DirichletEntropy([]float64{1, 1, 1}); math.Abs(got-math.Log(0.5)) > 1e-15 {
		t.Errorf("DirichletEntropy(1, 1, 1) = %v, want log ½", got)
	}
}

// TestMeanCovOfDirichletSamples compares MeanCov of exact draws with the
// exact moments, within 4 standard errors estimated from the same draws
// (SE of a mean: sd/√N; of a covariance entry: sd((xₐ − μₐ)(x_b − μ_b))/√N).
func TestMeanCovOfDirichletSamples(t *testing.T) {
	const n = 20000
	alpha := []float64{2, 3, 4}
	x := DirichletSample(nil, alpha, n, rand.NewPCG(5, 5))
	mean, cov := MeanCov(nil, nil, x, 3)
	em, ec := DirichletMoments(nil, nil, alpha)
	for a := range 3 {
		if se := math.Sqrt(ec[a*3+a] / n); math.Abs(mean[a]-em[a]) > 4*se {
			t.Errorf("mean x%d = %.5f, exact %.5f, SE %.1e", a+1, mean[a], em[a], se)
		}
		for b := range 3 {
			var s, s2 float64
			for i := 0; i < len(x); i += 3 {
				p := (x[i+a] - em[a]) * (x[i+b] - em[b])
				s += p
				s2 += p * p
			}
			se := math.Sqrt((s2/n - (s/n)*(s/n)) / n)
			if math.Abs(cov[a*3+b]-ec[a*3+b]) > 4*se {
				t.Errorf("cov[%d,%d] = %.6f, exact %.6f, SE %.1e", a, b, cov[a*3+b], ec[a*3+b], se)
			}
		}
	}
	// One point: mean is the point, covariance 0.
	m1, c1 := MeanCov(nil, nil, []float64{0.2, 0.3, 0.5}, 3)
	if !slices.Equal(m1, []float64{0.2, 0.3, 0.5}) || slices.ContainsFunc(c1, func(v float64) bool { return v != 0 }) {
		t.Errorf("one point: mean %v, cov %v", m1, c1)
	}
}

// TestEnergyDistance: for two samples from one law the energy distance is
// about ½(1/n + 1/m)·E‖X − X'‖ (5.9e-4 for Dirichlet(2,3,4) at n = 400,
// m = 800; over 200 replications: mean 6.0e-4, sd 3.5e-4, max 3.2e-3); for
// other laws it is the population value plus that: 0.043 for the uniform
// law against Dirichlet(2,3,4), 0.028 for Dirichlet(3,3,3), 0.0043 for
// Dirichlet(4,6,8) (same mean, smaller spread), measured on 4000 draws each.
// TestMeanCov3SameBits: MeanCov's three-coordinate loop (meanCov3) gives
// the bits of its general one, on points of very different scales.
func TestMeanCov3SameBits(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	x := make([]float64, 3*1001)
	for i := range x {
		x[i] = r.NormFloat64() * math.Exp(10*r.NormFloat64())
	}
	m3, c3 := make([]float64, 3), make([]float64, 9)
	meanCov3(m3, c3, x)
	m, c := make([]float64, 3), make([]float64, 9)
	meanCovAny(m, c, x, 3)
	for i := range c3 {
		if i < 3 && math.Float64bits(m3[i]) != math.Float64bits(m[i]) {
			t.Errorf("mean[%d] = %v, general loop %v", i, m3[i], m[i])
		}
		if math.Float64bits(c3[i]) != math.Float64bits(c[i]) {
			t.Errorf("cov[%d] = %v, general loop %v", i, c3[i], c[i])
		}
	}
}

func TestEnergyDistance(t *testing.T) {
	src := rand.NewPCG(9, 9)
	alpha := []float64{2, 3, 4}
	z := DirichletSample(nil, alpha, 800, src)
	same := EnergyDistance(DirichletSample(nil, alpha, 400, src), z, 3)
	if same < 0 || same > 4e-3 {
		t.Errorf("energy distance of two Dirichlet(2,3,4) samples = %.2e, want in [0, 4e-3]", same)
	}
	for _, c := range []struct {
		alpha []float64
		min   float64
	}{{[]float64{1, 1, 1}, 0.03}, {[]float64{3, 3, 3}, 0.02}, {[]float64{4, 6, 8}, 0.0025}} {
		got := EnergyDistance(DirichletSample(nil, c.alpha, 400, src), z, 3)
		t.Logf("Dirichlet%v against Dirichlet(2,3,4): %.2e (same law: %.2e)", c.alpha, got, same)
		if got < c.min {
			t.Errorf("Dirichlet%v against Dirichlet(2,3,4): energy distance %.2e, want ≥ %g", c.alpha, got, c.min)
		}
	}
	// Exact values: one point each, at distance 1: E = 1 − 0 − 0.
	if got := EnergyDistance([]float64{0, 0}, []float64{1, 0}, 2); got != 1 {
		t.Errorf("two points at distance 1: %v", got)
	}
	if got := EnergyDistance([]float64{0, 0, 1, 0}, []float64{0, 0, 1, 0}, 2); got != 0 {
		t.Errorf("equal samples: %v", got)
	}
	if got := EnergyDistance(nil, z, 3); got != 0 && !math.IsNaN(got) {
		t.Logf("empty sample: %v", got)
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

func BenchmarkEnergyDistance300x600(b *testing.B) {
	src := rand.NewPCG(1, 2)
	x := DirichletSample(nil, []float64{2, 3, 4}, 300, src) // the sizes of the engine's readout
	z := DirichletSample(nil, []float64{2, 3, 4}, 600, src)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		EnergyOf(MeanDist(x, z, 3), MeanDistWithin(x, 3), 0)
	}
}
