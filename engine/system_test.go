package engine

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"slices"
	"strconv"
	"testing"

	"github.com/mmfld/playground/engine/integrate"
	"github.com/mmfld/playground/engine/internal/vec"
	"github.com/mmfld/playground/engine/mirror"
	"github.com/mmfld/playground/engine/objective/xor"
)

func mustNew(t testing.TB, c Config) *System {
	t.Helper()
	s, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// variants lists every domain × mirror map × objective × algorithm the
// engine allows, mmfld at both Hessian points (the other algorithms read no
// hessianAt, so a second one would be the same run again), in dimension 2
// and, on every domain but the polygon (a plane figure), in dimension 1 (the
// simplex Δ¹ is a segment); xor, which needs dim ≥ 4, once in its least
// dimension.
func variants() []Config {
	var out []Config
	for _, dim := range []int{2, 1} {
		for _, dom := range Domains {
			if dom == DomainPolygon && dim != 2 {
				continue
			}
			ch := ChoicesFor(dom)
			for _, mir := range ch.Mirrors {
				for _, obj := range ch.Objectives {
					d := dim
					if obj == ObjectiveXOR {
						if dim != 2 {
							continue
						}
						d = xor.MinDim
					}
					for _, alg := range Algorithms {
						for _, h := range []string{HessianAtDrift, HessianAtStart} {
							if h == HessianAtStart && alg != AlgorithmMMFLD {
								continue // hessianAt is mmfld's alone (TestUnusedFieldsChangeNothing)
							}
							c, err := Default().Patch([]byte(`{"domain": "` + dom + `", "mirror": "` + mir + `", "objective": "` + obj + `", "dim": ` + strconv.Itoa(d) + `}`))
							if err != nil {
								panic(err)
							}
							c.Algorithm, c.HessianAt, c.N = alg, h, 300
							if !slices.Contains(AlgorithmsFor(c), alg) {
								continue // proximal, off the barriers it has a proximal step for
							}
							out = append(out, c)
						}
					}
				}
			}
		}
	}
	return out
}

func TestDeterministic(t *testing.T) {
	t.Parallel()
	for _, c := range variants() {
		// One subtest per variant, in parallel: each builds its own Systems,
		// and the engine keeps no state between Systems.
		t.Run(describe(c), func(t *testing.T) {
			t.Parallel()
			a, b := mustNew(t, c), mustNew(t, c)
			a.Step(50)
			b.Step(20)
			b.Step(30)
			if !reflect.DeepEqual(a.Primal(nil), b.Primal(nil)) || !reflect.DeepEqual(a.Dual(nil), b.Dual(nil)) {
				t.Errorf("%s/%s/%s: same config and seed gave different trajectories", c.Algorithm, c.HessianAt, c.Objective)
			}
			// Reset replays the same trajectory.
			first := a.Primal(nil)
			a.Reset()
			a.Step(50)
			if !reflect.DeepEqual(a.Primal(nil), first) {
				t.Errorf("%s/%s: Reset did not replay the trajectory", c.Algorithm, c.Objective)
			}
			// Another seed gives another trajectory.
			c.Seed++
			o := mustNew(t, c)
			o.Step(50)
			if reflect.DeepEqual(o.Primal(nil), first) {
				t.Errorf("%s/%s: seeds %d and %d gave the same trajectory", c.Algorithm, c.Objective, c.Seed-1, c.Seed)
			}
		})
	}
}

// TestStepAllocatesNothing is not parallel: testing.AllocsPerRun counts the
// allocations of the whole process, so it runs while no other test does.
// Every variant steps on one worker and on three (the team's hand-offs to
// its helper goroutines included), over several blocks.
func TestStepAllocatesNothing(t *testing.T) {
	for _, c := range variants() {
		c.N = 2*integrate.BlockSize + 3
		s := mustNew(t, c)
		for _, workers := range []int{1, 3} {
			s.SetWorkers(workers)
			s.Step(1) // the helper goroutines start on first use
			if n := testing.AllocsPerRun(5, func() { s.Step(1) }); n != 0 {
				t.Errorf("%s: Step on %d worker(s) allocates %v times", describe(c), workers, n)
			}
		}
		var m Metrics
		s.MetricsInto(&m)
		if n := testing.AllocsPerRun(5, func() { s.MetricsInto(&m) }); n != 0 {
			t.Errorf("MetricsInto allocates %v times", n)
		}
	}
}

// checkHealthy fails t unless every number s reports is finite and every
// particle lies in its algorithm's domain: the open simplex for mmfld.
func checkHealthy(t *testing.T, s *System, label string) {
	t.Helper()
	m := s.Metrics()
	for name, v := range map[string]float64{"F": m.F, "time": m.Time, "boundaryMass": m.BoundaryMass} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("%s: metric %s = %v", label, name, v)
		}
	}
	for i, v := range m.Mean {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("%s: mean[%d] = %v", label, i, v)
		}
	}
	alg := s.Config().Algorithm
	dual := isMirror(alg)
	if alg == AlgorithmMFLD {
		// Plain MFLD may leave the domain (counted in Outside), but stays finite.
		for i, v := range s.Primal(nil) {
			if math.IsNaN(v) || math.Abs(v) > 2*mirror.PrimalBound*float64(s.st.D) {
				t.Fatalf("%s: primal coordinate %d = %v", label, i, v)
			}
		}
	} else {
		if m.Outside != 0 {
			t.Fatalf("%s: %d particles outside the domain", label, m.Outside)
		}
		for i := range s.st.N {
			x := s.st.X[i*s.st.P : (i+1)*s.st.P]
			// Mirror methods stay in the open domain, primal ones in the
			// closed one.
			if !vec.AllFinite(x) || (dual && !s.st.Map.Inside(x)) || (!dual && s.st.Map.Distance(x) < 0) {
				t.Fatalf("%s: particle %d at %v (distance to the boundary %v)", label, i, x, s.st.Map.Distance(x))
			}
		}
	}
	y := s.Dual(nil)
	for i := range s.st.N {
		yi := y[i*s.st.D : (i+1)*s.st.D]
		if !vec.AllFinite(yi) {
			t.Fatalf("%s: dual point %d = %v", label, i, yi)
		}
		if c := append([]float64(nil), yi...); s.st.Map.ClampDual(c) != 0 {
			t.Fatalf("%s: dual point %d = %v outside the dual region", label, i, yi)
		}
	}
}

// TestExtremeParameters runs every variant at the corners of the allowed
// ranges: nothing may become non-finite, leave the domain or panic.
func TestExtremeParameters(t *testing.T) {
	steps := 100
	if testing.Short() {
		steps = 10
	}
	t.Parallel()
	count := 0
	for _, base := range variants() {
		// The vectors at the corners, cut to the d+1 entries of Δ^d (d ≤ 2).
		// Corners that differ only in fields the run does not read (β, α
		// and q off meanmatch and dirichlet) are the same run, bit for bit
		// (TestUnusedFieldsChangeNothing): each runs once.
		w := base.Dim + 1
		var corners []Config
		seen := map[string]bool{}
		for _, lambda := range []float64{MinLambda, MaxLambda} {
			for _, eta := range []float64{MinEta, MaxEta} {
				for _, beta := range []float64{MinBeta, MaxBeta} {
					for _, alpha := range [][]float64{{MinAlpha, MinAlpha, MinAlpha}, {MaxAlpha, MinAlpha, 1}} {
						for _, q := range [][]float64{{1, 0, 0}, DefaultQ(base.Dim)} {
							c := base.Clone()
							c.N, c.Lambda, c.Eta, c.Beta = 40, lambda, eta, beta
							if w <= 3 { // xor has dim ≥ 4, where α and q are unused
								c.Alpha, c.Q = alpha[:w], q[:w]
							}
							if c.Algorithm == AlgorithmProximal {
								// proximal runs with α ≥ 1 only (checkAlgorithm):
								// the corners of what it allows.
								c.Alpha = slices.Clone(c.Alpha)
								for i := range c.Alpha {
									c.Alpha[i] = max(c.Alpha[i], 1)
								}
							}
							if key := usedFields(c); !seen[key] {
								seen[key] = true
								corners = append(corners, c)
							}
						}
					}
				}
			}
		}
		count += len(corners)
		// One subtest per variant, its corners in turn; the variants in
		// parallel (each corner is its own System).
		t.Run(describe(base), func(t *testing.T) {
			t.Parallel()
			for _, c := range corners {
				s := mustNew(t, c)
				s.Step(steps)
				checkHealthy(t, s, describe(c))
			}
		})
	}
	t.Logf("%d configurations, %d particle-steps each", count, 40*steps)
}

// usedFields returns c as JSON without the fields its run does not read
// (FieldSpec.UsedIn): two configs with the same usedFields make the same run.
func usedFields(c Config) string {
	b, err := json.Marshal(c)
	if err != nil {
		panic(err)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(b, &fields); err != nil {
		panic(err)
	}
	for i := range fieldSpecs {
		if f := &fieldSpecs[i]; !f.UsedIn(&c) {
			delete(fields, f.Name)
		}
	}
	b, err = json.Marshal(fields) // map keys sorted
	if err != nil {
		panic(err)
	}
	return string(b)
}

func describe(c Config) string {
	return c.Domain + "/" + c.Mirror + "/" + c.Algorithm + "/" + c.HessianAt + "/" + c.Objective +
		" d=" + strconv.Itoa(c.Dim) + " λ=" + fmtG(c.Lambda) + " η=" + fmtG(c.Eta) + " β=" + fmtG(c.Beta)
}

func fmtG(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func TestReconfigure(t *testing.T) {
	s := mustNew(t, Default())
	s.Step(10)
	before := s.Primal(nil)

	// A live field keeps the particles and the step count.
	c := s.Config()
	c.Eta, c.Beta, c.Algorithm = 1e-3, 0.2, AlgorithmProjected
	reinit, err := s.Reconfigure(c)
	if err != nil || reinit {
		t.Fatalf("Reconfigure(live fields) = %v, %v; want no re-initialisation", reinit, err)
	}
	if !reflect.DeepEqual(s.Primal(nil), before) || s.Metrics().Step != 10 {
		t.Errorf("a live change moved the particles or reset the step count")
	}

	// An invalid config changes nothing.
	bad := s.Config()
	bad.Eta = -1
	var fe *FieldError
	if _, err := s.Reconfigure(bad); !errors.As(err, &fe) || fe.Field != "eta" {
		t.Errorf("Reconfigure(eta=-1) error = %v, want a FieldError for eta", err)
	}
	if s.Config().Eta != 1e-3 {
		t.Errorf("a refused config changed eta to %v", s.Config().Eta)
	}

	// N re-initialises.
	c = s.Config()
	c.N = 123
	if reinit, err := s.Reconfigure(c); err != nil || !reinit {
		t.Fatalf("Reconfigure(n) = %v, %v; want re-initialisation", reinit, err)
	}
	if s.N() != 123 || len(s.Primal(nil)) != 123*3 || s.Metrics().Step != 0 {
		t.Errorf("after n=123: N=%d, %d coordinates, step %d", s.N(), len(s.Primal(nil)), s.Metrics().Step)
	}
}

// TestSwitchFromProjected moves particles that the projected method left on
// faces (xᵢ = 0) to the mirror method: they must come back inside.
func TestSwitchFromProjected(t *testing.T) {
	t.Parallel()
	c := Default()
	c.Algorithm, c.Beta, c.N = AlgorithmProjected, 0, 500
	s := mustNew(t, c)
	s.Step(300)
	onFace := 0
	for _, v := range s.Primal(nil) {
		if v == 0 {
			onFace++
		}
	}
	if onFace == 0 {
		t.Fatal("projected MFLD left no particle on a face; the test needs some")
	}
	c.Algorithm, c.Beta = AlgorithmMMFLD, 0.1
	if _, err := s.Reconfigure(c); err != nil {
		t.Fatal(err)
	}
	s.Step(100)
	checkHealthy(t, s, "after switching projected → mmfld")
}

// TestNearFaceRecovers starts particles within 1e-11 of a face, where the
// barrier drift ηβ/xᵢ of one Euler step is ~10⁷: without MoveBound it
// overshoots to the opposite vertex and the particle stays trapped between
// vertices. With it the particle must come back inside and stay.
func TestNearFaceRecovers(t *testing.T) {
	t.Parallel()
	for _, c := range variants() {
		// Mirrored Langevin has no overshoot to recover from: its dual drift
		// near a face is O(β + λ), so from y = −25 it walks back linearly,
		// over ~10⁴ steps at these settings, which is its correct dynamics.
		if !isMirror(c.Algorithm) || c.Algorithm == AlgorithmMirrored || c.Domain != DomainSimplex || c.Dim != 2 {
			continue
		}
		c.N = 4
		s := mustNew(t, c)
		for i := range s.st.N { // log(x₁/x₃) = −25, log(x₂/x₃) = 0, and permutations
			s.st.Y[2*i], s.st.Y[2*i+1] = []float64{-25, 0, 25, 25}[i], []float64{0, -25, 0, 25}[i]
		}
		s.st.Blocks.ConjBlock(s.st.X, s.st.Y, s.st.X)
		// Measured: the drift variant is back inside within a few steps; the
		// start variant, whose noise is evaluated at the near-face point,
		// random-walks back in ±MoveBound jumps: over seeds 0–39 its last
		// clamp came before step 100 in half the runs, before 300 in all.
		s.Step(400)
		cut := s.Metrics().Clamped
		s.Step(300)
		m := s.Metrics()
		checkHealthy(t, s, describe(c))
		if m.BoundaryMass != 0 || m.Clamped != cut {
			t.Errorf("%s: after 700 steps boundary mass %v, clamped %d (after 400 steps: %d); want 0 and no new clamps",
				describe(c), m.BoundaryMass, m.Clamped, cut)
		}
	}
}

// TestHigherDimensions runs every variant on Δ⁵ and Δ¹⁰ (and ℝ⁵, ℝ¹⁰) at the
// extremes of η for 20 steps (5 under -short, as TestExtremeParameters cuts
// its steps there: the WebAssembly run): healthy, and the metrics show every
// coordinate. (variants already holds dimensions 2 and 1.)
func TestHigherDimensions(t *testing.T) {
	steps := 20
	if testing.Short() {
		steps = 5
	}
	t.Parallel()
	for _, d := range []int{5, MaxDim} {
		for _, base := range variants() {
			if base.Domain == DomainPolygon || base.Dim != 2 {
				continue // a plane figure; dim 1 patches to the same configs
			}
			// One subtest per variant and dimension, in parallel (each
			// builds its own Systems, of one block: one worker each).
			t.Run(describe(base)+" to d="+strconv.Itoa(d), func(t *testing.T) {
				t.Parallel()
				for _, eta := range []float64{1e-3, MaxEta} {
					c, err := base.Patch([]byte(`{"dim": ` + strconv.Itoa(d) + `}`))
					if err != nil {
						t.Fatal(err)
					}
					c.N, c.Eta = 40, eta
					s := mustNew(t, c)
					s.Step(steps)
					label := describe(c)
					checkHealthy(t, s, label)
					if got := len(s.Metrics().Mean); got != s.PrimalWidth() {
						t.Fatalf("%s: mean has %d entries", label, got)
					}
				}
			})
		}
	}
}
