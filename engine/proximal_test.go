package engine

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/mmfld/playground/engine/mirror"
	"github.com/mmfld/playground/engine/objective"
	"gonum.org/v1/gonum/stat/distuv"
)

// TestProximalWithoutBarrierIsProjected: with β = 0 the barrier's proximal
// map is the projection, and the proximal algorithm is projected MFLD: the
// same particles, dual points and counters, bit for bit.
func TestProximalWithoutBarrierIsProjected(t *testing.T) {
	t.Parallel()
	for _, dim := range []int{1, 2, 3} {
		c, err := Default().Patch([]byte(fmt.Sprintf(`{"dim": %d, "beta": 0, "n": 700, "eta": 0.01}`, dim)))
		if err != nil {
			t.Fatal(err)
		}
		c.Algorithm = AlgorithmProjected
		a := mustNew(t, c)
		c.Algorithm = AlgorithmProximal
		b := mustNew(t, c)
		a.Step(100)
		b.Step(100)
		ma, mb := a.Metrics(), b.Metrics()
		if !reflect.DeepEqual(a.Primal(nil), b.Primal(nil)) || !reflect.DeepEqual(a.Dual(nil), b.Dual(nil)) ||
			ma.Clamped != mb.Clamped || ma.Rejected != mb.Rejected || ma.Floored != mb.Floored {
			t.Errorf("Δ%d, β = 0: proximal differs from projected", dim)
		}
	}
}

// TestProximalKeepsInterior: on experiment 1's objective with the barrier
// (Δ³, β = 0.1, λ = 0.1, η = 3e-3) the proximal algorithm keeps every
// particle strictly inside, never floors the barrier and refuses nothing,
// where projected MFLD on the same config puts particles exactly on faces
// and evaluates the barrier at FaceFloor there (issue 9).
func TestProximalKeepsInterior(t *testing.T) {
	t.Parallel()
	c, err := Default().Patch([]byte(`{"dim": 3, "beta": 0.1, "lambda": 0.1, "eta": 0.003, "n": 1000, "q": [0.7, 0.1, 0.1, 0.1]}`))
	if err != nil {
		t.Fatal(err)
	}
	onFace := func(x []float64) (face int, least float64) {
		least = math.Inf(1)
		for i := 0; i < len(x); i += c.Dim + 1 {
			m := slices.Min(x[i : i+c.Dim+1])
			least = min(least, m)
			if m <= 0 {
				face++
			}
		}
		return face, least
	}
	c.Algorithm = AlgorithmProximal
	s := mustNew(t, c)
	s.Step(300)
	checkHealthy(t, s, "proximal")
	m := s.Metrics()
	face, least := onFace(s.Primal(nil))
	if face != 0 || m.Floored != 0 || m.Rejected != 0 || m.Clamped != 0 || m.Outside != 0 {
		t.Errorf("proximal, β = 0.1: %d particles on a face (least coordinate %g), floored %d, rejected %d, clamped %d, outside %d; want all 0",
			face, least, m.Floored, m.Rejected, m.Clamped, m.Outside)
	}
	c.Algorithm = AlgorithmProjected
	p := mustNew(t, c)
	p.Step(300)
	pface, _ := onFace(p.Primal(nil))
	if pface == 0 || p.Metrics().Floored == 0 {
		t.Errorf("projected, β = 0.1: %d particles on a face, floored %d; the contrast this test draws is gone", pface, p.Metrics().Floored)
	}
	t.Logf("Δ³, β = 0.1, 300 steps: proximal least coordinate %.3g, boundary mass %.4f; projected %d of %d on a face, floored %d",
		least, m.BoundaryMass, pface, c.N, p.Metrics().Floored)
}

// TestProximalDirichletTargets samples two targets known exactly with the
// proximal algorithm, the barrier taken in its backward step:
//   - dirichlet with α = (2, 3, 4): V = −λ Σ(αᵢ − 1) log xᵢ is all barrier,
//     the target Dirichlet(2, 3, 4) (λ = 1);
//   - meanmatch with q the barycentre and β/λ = 1: μ* ∝ exp(−2⟨m* − q, x⟩/λ)
//     Π xᵢ^{β/λ} (docs/math.md), whose symmetric minimiser has m* = q, so
//     μ* = Dirichlet(2, 2, 2) (λ = 0.1, β = 0.1: a mean-field run whose
//     smooth gradient 2(m − q) is not 0 on the way).
//
// Both vanish at the faces like xᵢ^{αᵢ−1}: the exact boundary mass
// P(min xᵢ < 10⁻³) ≈ Σᵢ P(xᵢ < ε), about 3·10⁻⁵; so the particles' boundary
// mass must be ≈ 0 (at most the exact value plus k binomial SE). The means
// and variances must be within k standard errors of the exact ones: without
// (or, at equilibrium, with a vanishing) interaction the particles are N
// independent draws, so the SE are those of N iid samples (the sample
// variance's from the Beta marginal's kurtosis). Step sizes: the
// forward-backward scheme's bias is O(η) in units of λ (ηλ is the step on
// V/λ). Measured on Dirichlet(2, 3, 4) with N = 2·10⁴ (seed 6): at
// ηλ = 10⁻³ the means are up to 3.7 SE off (E x₁ low by 3·10⁻³), at
// ηλ = 2·10⁻⁴ every mean and variance is within 0.7 SE; here (N = 10⁴,
// seed 5) within 1.4 SE. T = 0.25/λ is over 10 relaxation times of these
// targets (their variances are ~0.02–0.03, the noise's 2λ per unit time).
func TestProximalDirichletTargets(t *testing.T) {
	if testing.Short() {
		t.Skip("statistical: 2.5e7 particle-steps")
	}
	t.Parallel()
	const (
		n = 10000
		// k is the tolerance in standard errors; 7 checks a case at 4 SE
		// have a false-alarm rate below 5e-4 a case (normal tails).
		k = 4.0
	)
	for _, tc := range []struct {
		name  string
		patch string
		alpha []float64 // the target Dirichlet(α)
	}{
		{"dirichlet(2,3,4)", `{"objective": "dirichlet", "alpha": [2, 3, 4], "lambda": 1, "eta": 2e-4}`, []float64{2, 3, 4}},
		{"meanmatch→dirichlet(2,2,2)", `{"objective": "meanmatch", "q": [0.3333333333333333, 0.3333333333333334, 0.3333333333333333], "beta": 0.1, "lambda": 0.1, "eta": 2e-3}`, []float64{2, 2, 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := Default().Patch([]byte(tc.patch))
			if err != nil {
				t.Fatal(err)
			}
			c.Algorithm, c.N, c.Seed = AlgorithmProximal, n, 5
			if err := c.Validate(); err != nil {
				t.Fatal(err)
			}
			s := mustNew(t, c)
			s.Step(int(math.Round(0.25 / c.Lambda / c.Eta)))
			checkHealthy(t, s, tc.name)
			m := s.Metrics()
			if m.Floored != 0 || m.Rejected != 0 || m.Clamped != 0 {
				t.Errorf("%s: floored %d, rejected %d, clamped %d; want 0", tc.name, m.Floored, m.Rejected, m.Clamped)
			}
			mean, variance := sampleMoments(s.Primal(nil), 3)
			a0 := tc.alpha[0] + tc.alpha[1] + tc.alpha[2]
			exactBM := 0.0
			for i, a := range tc.alpha {
				// The marginal of Dirichlet(α) is Beta(αᵢ, α₀ − αᵢ).
				b := distuv.Beta{Alpha: a, Beta: a0 - a}
				exactBM += b.CDF(mirror.BoundaryEps) // a union bound, tight here
				mu, v := b.Mean(), b.Variance()
				seMean := math.Sqrt(v / n)
				mu4 := (b.ExKurtosis() + 3) * v * v
				seVar := math.Sqrt((mu4 - v*v) / n)
				if d := math.Abs(mean[i] - mu); d > k*seMean {
					t.Errorf("%s: mean x%d = %.5f, exact %.5f: off by %.1f SE", tc.name, i+1, mean[i], mu, d/seMean)
				}
				if d := math.Abs(variance[i] - v); d > k*seVar {
					t.Errorf("%s: var x%d = %.5f, exact %.5f: off by %.1f SE", tc.name, i+1, variance[i], v, d/seVar)
				}
				t.Logf("%s: x%d mean %.5f (exact %.5f, %+.1f SE), var %.5f (exact %.5f, %+.1f SE)",
					tc.name, i+1, mean[i], mu, (mean[i]-mu)/seMean, variance[i], v, (variance[i]-v)/seVar)
			}
			seBM := math.Sqrt(exactBM * (1 - exactBM) / n)
			if m.BoundaryMass > exactBM+k*seBM {
				t.Errorf("%s: boundary mass %.2g, exact %.2g (SE %.1g)", tc.name, m.BoundaryMass, exactBM, seBM)
			}
			t.Logf("%s: boundary mass %.2g (exact %.2g, SE %.1g), %d steps", tc.name, m.BoundaryMass, exactBM, seBM, s.Metrics().Step)
		})
	}
}

// TestProximalRegistry: the proximal algorithm is allowed exactly where the
// registry says its objective has a log barrier, and there the objective is
// an objective.LogBarrier on a mirror.BarrierProxer (so the integrator's
// assertions hold); elsewhere it is refused with a FieldError naming the
// field and the allowed values; a dirichlet α below 1 is refused naming
// alpha; and a change of domain or objective that names no algorithm moves
// a proximal run to projected.
func TestProximalRegistry(t *testing.T) {
	allowed := 0
	for _, dom := range Domains {
		dim := 2
		ch := ChoicesFor(dom)
		for _, obj := range ch.Objectives {
			d := dim
			if obj == ObjectiveXOR {
				d = 4
			}
			c, err := Default().Patch([]byte(fmt.Sprintf(`{"domain": %q, "objective": %q, "dim": %d}`, dom, obj, d)))
			if err != nil {
				t.Fatal(err)
			}
			e, _ := objectiveOn(&c)
			c.Algorithm = AlgorithmProximal
			err = c.Validate()
			if (e.logBarrier != nil) != (err == nil) {
				t.Errorf("%s on the %s: registry logBarrier %v, Validate %v", obj, dom, e.logBarrier != nil, err)
			}
			if err == nil {
				allowed++
				m := newMirror(&c)
				o := newObjective(&c, m)
				if _, ok := o.(objective.LogBarrier); !ok {
					t.Errorf("%s on the %s: proximal allowed, but the objective is no objective.LogBarrier", obj, dom)
				}
				if _, ok := m.(mirror.BarrierProxer); !ok {
					t.Errorf("%s on the %s: proximal allowed, but the map is no mirror.BarrierProxer", obj, dom)
				}
				if !slices.Contains(AlgorithmsFor(c), AlgorithmProximal) {
					t.Errorf("%s on the %s: AlgorithmsFor leaves proximal out", obj, dom)
				}
				continue
			}
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != "algorithm" || !strings.Contains(fe.Error(), "projected") ||
				!strings.Contains(fe.Error(), "meanmatch or dirichlet on the simplex") {
				t.Errorf("%s on the %s: refused with %v; want an algorithm FieldError listing the others and where proximal runs", obj, dom, err)
			}
			if slices.Contains(AlgorithmsFor(c), AlgorithmProximal) {
				t.Errorf("%s on the %s: AlgorithmsFor lists proximal", obj, dom)
			}
		}
	}
	if allowed != 2 {
		t.Errorf("proximal runs on %d domain and objective pairs; want 2 (meanmatch and dirichlet on the simplex)", allowed)
	}
	c, err := Default().Patch([]byte(`{"objective": "dirichlet", "algorithm": "proximal", "alpha": [2, 0.5, 3]}`))
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Field != "alpha" {
		t.Errorf("dirichlet with α₂ = 0.5 under proximal: %v; want an alpha FieldError", err)
	}
	c, err = Default().Patch([]byte(`{"algorithm": "proximal"}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, patch := range []string{`{"domain": "box"}`, `{"objective": "mmd"}`} {
		if next, err := c.Patch([]byte(patch)); err != nil || next.Algorithm != AlgorithmProjected {
			t.Errorf("proximal, then %s: algorithm %q, %v; want projected", patch, next.Algorithm, err)
		}
	}
	if _, err := c.Patch([]byte(`{"domain": "box", "algorithm": "proximal"}`)); err == nil {
		t.Errorf("proximal named on the box: accepted")
	}
}

// TestProximalNoAllocation: a proximal step allocates nothing.
func TestProximalNoAllocation(t *testing.T) {
	c, err := Default().Patch([]byte(`{"algorithm": "proximal", "dim": 3, "n": 600}`))
	if err != nil {
		t.Fatal(err)
	}
	s := mustNew(t, c)
	s.SetWorkers(1)
	s.Step(2)
	if allocs := testing.AllocsPerRun(20, func() { s.Step(1) }); allocs != 0 {
		t.Errorf("a proximal step allocates %v times", allocs)
	}
}
