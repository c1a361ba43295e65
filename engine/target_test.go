package engine

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/integrate/quad"
)

// TestTruncNormalMoments checks the closed-form moments of a truncated
// normal against Gauss–Legendre quadrature of the density, including
// intervals far out in either tail, where Z = Φ(β) − Φ(α) cancels unless it is
// taken from the nearer tail.
func TestTruncNormalMoments(t *testing.T) {
	for _, tc := range []struct{ mu, sigma, a, b float64 }{
		{0, 1, math.Inf(-1), math.Inf(1)},
		{0.15, 0.3, 0, 1},
		{0.6, 0.3, 0, 1},
		{1, 2, 0, math.Inf(1)},
		{-5, 1, 0, 1},  // α = 5: the upper tail
		{30, 1, 0, 1},  // β = −29: deep in the lower tail
		{-30, 1, 0, 1}, // α = 30: deep in the upper tail
		{-2, 0.5, 0, math.Inf(1)},
	} {
		tn := newTruncNormal(tc.mu, tc.sigma, tc.a, tc.b)
		// Quadrature on the interval (cut at 40σ), the density taken
		// relative to its value at the interval's point nearest the mode so
		// it does not underflow.
		a, b := max(tc.a, tc.mu-40*tc.sigma), min(tc.b, tc.mu+40*tc.sigma)
		peak := min(max(tc.mu, a), b)
		dens := func(x float64) float64 {
			u, v := (x-tc.mu)/tc.sigma, (peak-tc.mu)/tc.sigma
			return math.Exp(-(u*u - v*v) / 2)
		}
		z := quad.Fixed(dens, a, b, 2000, nil, 0)
		m1 := quad.Fixed(func(x float64) float64 { return x * dens(x) }, a, b, 2000, nil, 0) / z
		m2 := quad.Fixed(func(x float64) float64 { return (x - m1) * (x - m1) * dens(x) }, a, b, 2000, nil, 0) / z
		name := fmt.Sprintf("N(%g, %g²) on [%g, %g]", tc.mu, tc.sigma, tc.a, tc.b)
		if d := math.Abs(tn.mean - m1); d > 1e-9*max(1, math.Abs(m1)) {
			t.Errorf("%s: mean %.12g, quadrature %.12g", name, tn.mean, m1)
		}
		if d := math.Abs(tn.variance - m2); d > 1e-6*m2 {
			t.Errorf("%s: variance %.12g, quadrature %.12g", name, tn.variance, m2)
		}
	}
}

// targetCase is a config patch whose run has a known target.
var targetCases = []string{
	`{"domain": "box", "center": [0.15, 0.6], "sigma": 0.3}`,
	`{"domain": "box", "objective": "doublewell", "low": -1, "high": 2, "center": [0.2, 0.5], "sigma": 0.3, "depth": 2}`,
	`{"domain": "orthant", "center": [0.3, 2], "sigma": 0.5}`,
	`{"domain": "plane", "objective": "doublewell", "center": [1, -1], "sigma": 0.5, "depth": 1.5}`,
	`{"domain": "plane", "objective": "interaction", "center": [1, -1], "sigma": 1, "kappa": 3, "lambda": 0.5}`,
	`{"domain": "ball", "dim": 3, "center": [0.5, 0.2, 0], "sigma": 0.5}`,
	`{"domain": "polygon", "objective": "doublewell", "center": [0.2, 0.1], "sigma": 0.3, "depth": 1}`,
	`{"objective": "dirichlet", "alpha": [2, 3, 4]}`,
}

// TestTargetSamples: for each known target, exact draws lie in the open
// domain and their mean and variances agree with Target.Mean and the
// diagonal of Target.Cov within 4 standard errors (of the draws' mean, plus
// the reference's own when the moments come from reference draws).
func TestTargetSamples(t *testing.T) {
	const m, k = 20000, 4.0
	for _, patch := range targetCases {
		c, err := Default().Patch([]byte(patch))
		if err != nil {
			t.Fatal(err)
		}
		tg := TargetOf(c)
		if tg == nil {
			t.Errorf("%s: no target", patch)
			continue
		}
		w := tg.width
		x := tg.Sample(nil, m, rand.NewPCG(3, 4))
		mm := newMirror(&c)
		buf := make([]float64, mm.PrimalLen())
		for i := 0; i < len(x); i += w {
			p := x[i : i+w]
			if c.Domain != DomainSimplex && !mm.Inside(mm.Lift(buf, p)) {
				t.Fatalf("%s: exact draw %v outside the domain", patch, p)
			}
		}
		mean, variance := sampleMoments(x, w)
		ref := 0.0
		if tg.Reference {
			ref = 1.0 / TargetRefSamples
		}
		for j := range w {
			v := tg.Cov[j*w+j]
			se := math.Sqrt(v * (1.0/m + ref))
			if d := math.Abs(mean[j] - tg.Mean[j]); d > k*se {
				t.Errorf("%s: mean x%d of draws %.5f, target %.5f (off by %.1f SE)", patch, j+1, mean[j], tg.Mean[j], d/se)
			}
			// The SE of a sample variance, from the draws' fourth moment.
			m4 := 0.0
			for i := j; i < len(x); i += w {
				u := x[i] - mean[j]
				m4 += u * u * u * u / m
			}
			seVar := math.Sqrt((m4-v*v)*(1.0/m+ref) + 1e-300)
			if d := math.Abs(variance[j] - v); d > k*seVar {
				t.Errorf("%s: var x%d of draws %.5f, target %.5f (off by %.1f SE)", patch, j+1, variance[j], v, d/seVar)
			}
		}
	}
}

// TestTargetExactMoments checks the closed forms of two targets against
// independent formulas: the plane double well's E(x₁ − c₁)² = σ² + a²,
// a = σ√(2h), and the plane interaction's variance s² = 1/(1/σ² + κ/λ).
func TestTargetExactMoments(t *testing.T) {
	c, _ := Default().Patch([]byte(targetCases[3]))
	tg := TargetOf(c)
	a := 0.5 * math.Sqrt(2*1.5)
	if got, want := tg.Cov[0], 0.25+a*a; math.Abs(got-want) > 1e-12 || tg.Mean[0] != 1 || tg.Cov[3] != 0.25 {
		t.Errorf("double well: mean %v, cov %v; want var x1 %v", tg.Mean, tg.Cov, want)
	}
	c, _ = Default().Patch([]byte(targetCases[4]))
	tg = TargetOf(c)
	if want := 1 / (1 + 3/0.5); math.Abs(tg.Cov[0]-want) > 1e-15 || math.Abs(tg.Cov[3]-want) > 1e-15 || tg.Cov[1] != 0 {
		t.Errorf("interaction: cov %v, want %v on the diagonal", tg.Cov, want)
	}
}

// TestTargetUnknown: runs whose minimiser is not known exactly, or whose
// target the engine cannot draw from cheaply, have none.
func TestTargetUnknown(t *testing.T) {
	for _, patch := range []string{
		`{}`, // meanmatch
		`{"domain": "box", "objective": "interaction"}`,
		`{"domain": "ball", "center": [50, 50], "sigma": 0.3}`,          // acceptance ~0
		`{"domain": "box", "center": [100, 100], "sigma": 0.001}`,       // Z underflows
		`{"domain": "orthant", "center": [-100, 1], "sigma": 0.001}`,    // Z underflows
		`{"domain": "polygon", "center": [40, 40], "sigma": 0.5}`,       // acceptance 0
		`{"domain": "orthant", "objective": "interaction", "kappa": 2}`, // not on the plane
	} {
		c, err := Default().Patch([]byte(patch))
		if err != nil {
			t.Fatal(err)
		}
		if tg := TargetOf(c); tg != nil {
			t.Errorf("%s: target %+v, want none", patch, tg.Mean)
		}
		m := mustNew(t, c).Metrics()
		if m.MeanError.Valid || m.CovError.Valid || m.EnergyDistance.Valid {
			t.Errorf("%s: target readouts present: %+v", patch, m)
		}
	}
}

// TestTargetErrorsOffSimplex: on each known target off the simplex, particles
// that are exact draws have a mean error within 4 of its root mean square,
// √(tr Cov/N), and an energy distance at the level of two exact samples,
// while the initial particles (uniform, exponential or standard normal) are
// clearly further.
func TestTargetErrorsOffSimplex(t *testing.T) {
	const n = 4000
	for _, patch := range targetCases[:7] {
		c, err := Default().Patch([]byte(patch))
		if err != nil {
			t.Fatal(err)
		}
		c.N = n
		s := mustNew(t, c)
		start := s.Metrics()
		tg := TargetOf(c)
		draws := tg.Sample(nil, n, rand.NewPCG(11, 12))
		x := make([]float64, 0, n*s.p)
		for i := 0; i < len(draws); i += s.d {
			x = append(x, s.mm.Lift(make([]float64, s.p), draws[i:i+s.d])...)
		}
		setPrimal(s, x)
		m := s.Metrics()
		if !m.MeanError.Valid || !m.CovError.Valid || !m.EnergyDistance.Valid {
			t.Fatalf("%s: a target readout is absent: %+v", patch, m)
		}
		tr := 0.0
		for j := range s.d {
			tr += tg.Cov[j*s.d+j]
		}
		if tg.Reference {
			tr *= 1 + float64(n)/TargetRefSamples
		}
		if bound := 4 * math.Sqrt(tr/n); m.MeanError.Value > bound {
			t.Errorf("%s: exact draws: meanError %.2e > %.2e", patch, m.MeanError.Value, bound)
		}
		// Two exact samples of 300 and 600 points: ½(1/300 + 1/600)E‖X−X'‖
		// on average; 4 times that bounds it (E‖X−X'‖ ≤ 2√tr).
		if bound := 4 * 0.5 * (1.0/300 + 1.0/600) * 2 * math.Sqrt(tr); m.EnergyDistance.Value > bound {
			t.Errorf("%s: exact draws: energyDistance %.2e > %.2e", patch, m.EnergyDistance.Value, bound)
		}
		if start.EnergyDistance.Value < 3*m.EnergyDistance.Value || start.MeanError.Value < 3*m.MeanError.Value {
			t.Errorf("%s: initial particles: meanError %.2e, energyDistance %.2e; not clearly above exact draws' %.2e, %.2e",
				patch, start.MeanError.Value, start.EnergyDistance.Value, m.MeanError.Value, m.EnergyDistance.Value)
		}
	}
}

// TestTruncMixtureMoments checks the truncated even mixture of N(c ± a, σ²)
// (doublewell's x₁ in a box) against quadrature of its density
// ∝ φ((x − c + a)/σ) + φ((x − c − a)/σ) on [lo, hi]; the interval cuts the
// two modes unequally, so the components' weights differ.
func TestTruncMixtureMoments(t *testing.T) {
	const c, a, sigma, lo, hi = 0.2, 0.6, 0.3, -1.0, 0.5
	m, ok := newTruncMixture([]float64{c - a, c + a}, sigma, lo, hi)
	if !ok {
		t.Fatal("no mixture")
	}
	dens := func(x float64) float64 {
		u, v := (x-c+a)/sigma, (x-c-a)/sigma
		return math.Exp(-u*u/2) + math.Exp(-v*v/2)
	}
	z := quad.Fixed(dens, lo, hi, 2000, nil, 0)
	m1 := quad.Fixed(func(x float64) float64 { return x * dens(x) }, lo, hi, 2000, nil, 0) / z
	m2 := quad.Fixed(func(x float64) float64 { return (x - m1) * (x - m1) * dens(x) }, lo, hi, 2000, nil, 0) / z
	if math.Abs(m.mean-m1) > 1e-10 || math.Abs(m.variance-m2) > 1e-10 {
		t.Errorf("mixture: mean %.12g, var %.12g; quadrature %.12g, %.12g", m.mean, m.variance, m1, m2)
	}
	// The draws pick the components with the same weights.
	rng := rand.New(rand.NewPCG(5, 6))
	const draws = 100000
	sum := 0.0
	for range draws {
		sum += m.draw(rng)
	}
	if se := math.Sqrt(m2 / draws); math.Abs(sum/draws-m1) > 4*se {
		t.Errorf("mean of %d draws %.5f, exact %.5f (SE %.1e)", draws, sum/draws, m1, se)
	}
}
