package engine

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/mmfld/playground/engine/stat"
)

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
		w := tg.Width()
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
			ref = 1.0 / stat.TargetRefSamples
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
		x := make([]float64, 0, n*s.st.P)
		for i := 0; i < len(draws); i += s.st.D {
			x = append(x, s.st.Map.Lift(make([]float64, s.st.P), draws[i:i+s.st.D])...)
		}
		setPrimal(s, x)
		m := s.Metrics()
		if !m.MeanError.Valid || !m.CovError.Valid || !m.EnergyDistance.Valid {
			t.Fatalf("%s: a target readout is absent: %+v", patch, m)
		}
		tr := 0.0
		for j := range s.st.D {
			tr += tg.Cov[j*s.st.D+j]
		}
		if tg.Reference {
			tr *= 1 + float64(n)/stat.TargetRefSamples
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
