package rng

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// TestGammaRandMoments checks the sample mean and variance of Gamma
// against those of Gamma(α, 1), on both sides of α = 1 (the boost) and far
// from it. For n draws the sample mean has standard error √(Var/n) and the
// sample variance √((μ₄ − σ⁴)/n) (its large-n variance, e.g. Kendall &
// Stuart, The Advanced Theory of Statistics 1, §10.5), with Gamma(α, 1)'s
// mean α, variance σ² = α and fourth central moment μ₄ = 3α² + 6α (excess
// kurtosis 6/α: Johnson, Kotz & Balakrishnan, Continuous Univariate
// Distributions 1, §17.2). Each is asserted within 5 standard errors
// (a false alarm about 6e-7 per check for a normal error; the seed is fixed,
// so the test is deterministic).
func TestGammaRandMoments(t *testing.T) {
	const n, k = 200000, 5
	for i, alpha := range []float64{0.1, 0.3, 0.7, 1, 2.5, 10, 100} {
		rng := rand.New(rand.NewPCG(20260101, uint64(i)))
		sum, sum2 := 0.0, 0.0
		for range n {
			g := Gamma(rng, alpha)
			if !(g > 0) || math.IsInf(g, 0) {
				t.Fatalf("α = %g: draw %v, want a positive finite number", alpha, g)
			}
			sum += g
			sum2 += g * g
		}
		mean := sum / n
		variance := (sum2 - n*mean*mean) / (n - 1)
		seMean := math.Sqrt(alpha / n)
		seVar := math.Sqrt((3*alpha*alpha + 6*alpha - alpha*alpha) / n)
		if d := math.Abs(mean - alpha); d > k*seMean {
			t.Errorf("α = %g: sample mean %.5g, want %g within %d·%.3g", alpha, mean, alpha, k, seMean)
		}
		if d := math.Abs(variance - alpha); d > k*seVar {
			t.Errorf("α = %g: sample variance %.5g, want %g within %d·%.3g", alpha, variance, alpha, k, seVar)
		}
	}
}

// TestGammaRandLaw compares the whole law of Gamma's draws with gonum's
// Gamma CDF by the Kolmogorov–Smirnov statistic D = sup |Fₙ − F|, which
// for n draws from F exceeds 1.9495/√n with probability 0.001 (the
// Kolmogorov distribution's 0.999 quantile, Marsaglia, Tsang & Wang,
// J. Stat. Softw. 8(18), 2003).
func TestGammaRandLaw(t *testing.T) {
	const n = 20000
	for i, alpha := range []float64{0.1, 0.5, 1, 3.7, 40} {
		rng := rand.New(rand.NewPCG(7, uint64(i)))
		x := make([]float64, n)
		for j := range x {
			x[j] = Gamma(rng, alpha)
		}
		slices.Sort(x)
		ref := distuv.Gamma{Alpha: alpha, Beta: 1}
		d := 0.0
		for j, v := range x {
			f := ref.CDF(v)
			d = max(d, math.Abs(f-float64(j)/n), math.Abs(float64(j+1)/n-f))
		}
		if limit := 1.9495 / math.Sqrt(n); d > limit {
			t.Errorf("α = %g: Kolmogorov–Smirnov D = %.4g against gonum's Gamma CDF, want ≤ %.4g", alpha, d, limit)
		}
	}
}

// TestGammaRandBits pins the first draws from a fixed seed. The same test
// runs natively and under Node as WebAssembly (make test-wasm), so it checks
// that both builds draw the same bits (Gamma uses purefloat.Log and purefloat.Exp);
// a change of algorithm changes the pins, on purpose.
func TestGammaRandBits(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var got []float64
	for _, alpha := range []float64{0.3, 1, 2.5, 0.3, 1, 2.5} {
		got = append(got, Gamma(rng, alpha))
	}
	want := []float64{0x1.0a9d3813e8554p-03, 0x1.af65ee0d89039p-04, 0x1.10c4a2844388ap+00,
		0x1.05f299d388791p-06, 0x1.acde58555968ep+00, 0x1.95c4f03b4a6f5p+01}
	if !slices.Equal(got, want) {
		t.Errorf("first draws %x, want %x", got, want)
	}
}

// TestNormalPDF compares normalPDF with gonum's distuv.UnitNormal.Prob
// (math.Exp of the same exponent): purefloat.Exp is within 3 ulp of math.Exp, so
// within 1e-15 relative.
func TestNormalPDF(t *testing.T) {
	if got, want := 0.91893853320467274178032973640561763986139747363778, 0.5*math.Log(2*math.Pi); math.Abs(got-want) > 2e-16 {
		t.Errorf("½ log 2π constant %v, math says %v", got, want)
	}
	for x := -38.0; x <= 38; x += 0.37 {
		got, want := NormalPDF(x), distuv.UnitNormal.Prob(x)
		if math.Abs(got-want) > 1e-15*want {
			t.Errorf("NormalPDF(%g) = %v, gonum %v", x, got, want)
		}
	}
	if NormalPDF(math.Inf(1)) != 0 || NormalPDF(math.Inf(-1)) != 0 {
		t.Errorf("NormalPDF(±∞) = %v, %v; want 0", NormalPDF(math.Inf(1)), NormalPDF(math.Inf(-1)))
	}
}

// TestNormalQuantile checks normalQuantile against distuv.UnitNormal.Quantile
// (the same AS 241 code, so equal bits) and Φ(Φ⁻¹(p)) = p to 1e-12
// relative: Φ⁻¹ is good to about 1e-16 relative, and at x = Φ⁻¹(p) = −37
// Φ's relative slope |x| + 1/|x| turns that into about 37²·1e-16.
func TestNormalQuantile(t *testing.T) {
	for _, p := range []float64{1e-300, 1e-20, 1e-5, 0.02, 0.3, 0.5, 0.7, 0.975, 1 - 1e-12} {
		got := NormalQuantile(p)
		if want := distuv.UnitNormal.Quantile(p); got != want {
			t.Errorf("NormalQuantile(%g) = %v, gonum %v", p, got, want)
		}
		if back := NormalCDF(got); math.Abs(back-p) > 1e-12*p {
			t.Errorf("Φ(NormalQuantile(%g)) = %v", p, back)
		}
	}
}
