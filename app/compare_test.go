package app

import (
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mmfld/playground/engine"
)

// particlesOf returns side's primal and dual coordinates.
func particlesOf(t *testing.T, s *Session, side Side) ([]float64, []float64) {
	t.Helper()
	p, d, err := s.ParticlesOf(side, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return p, d
}

// TestCompareSameConfigSameBits: two sides running the same config move
// through the same bits, by Step, by playing frames and by Run, and after a
// reset too.
func TestCompareSameConfigSameBits(t *testing.T) {
	s := newSession(t)
	s.Step(5) // A moves; Compare starts both afresh
	b, err := s.Compare([]byte(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	if a := s.Config(); b.Query() != a.Query() {
		t.Fatalf("compare({}): B runs %s, A %s", b.Query(), a.Query())
	}
	same := func(when string) {
		t.Helper()
		pa, da := particlesOf(t, s, A)
		pb, db := particlesOf(t, s, B)
		if !slices.Equal(pa, pb) || !slices.Equal(da, db) {
			t.Fatalf("%s: the two sides' particles differ", when)
		}
		ma, _ := s.MetricsOf(A)
		mb, _ := s.MetricsOf(B)
		if ma.Step != mb.Step || ma.F != mb.F || ma.BoundaryMass != mb.BoundaryMass {
			t.Fatalf("%s: metrics differ: step %d/%d F %v/%v", when, ma.Step, mb.Step, ma.F, mb.F)
		}
	}
	same("at the start")
	if m := s.Metrics(); m.Step != 0 {
		t.Fatalf("compare did not restart A: step %d", m.Step)
	}
	s.Step(7)
	same("after Step(7)")
	s.budget = time.Hour
	s.Play()
	for range 3 {
		s.Frame()
	}
	same("after three frames")
	s.Pause()
	done := make(chan error, 1)
	s.Run(40, func(_ engine.Metrics, err error) { done <- err })
	for s.Running() > 0 {
		s.Frame()
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	same("after Run(40)")
	s.Reset()
	same("after Reset")
	if m, _ := s.MetricsOf(B); m.Step != 0 {
		t.Errorf("Reset left B at step %d", m.Step)
	}
}

// TestCompareTwoMethods: side B may differ in any field; both sides step
// together; the paper's comparison (projected against mmfld at the same β)
// shows projected MFLD's particles on the faces and MMFLD's inside.
func TestCompareTwoMethods(t *testing.T) {
	s := newSession(t)
	b, err := s.Compare([]byte(`{"algorithm": "projected"}`))
	if err != nil {
		t.Fatal(err)
	}
	a := s.Config()
	if b.Algorithm != engine.AlgorithmProjected || a.Algorithm != engine.AlgorithmMMFLD || b.Beta != a.Beta {
		t.Fatalf("B = %s, A = %s", b.Query(), a.Query())
	}
	s.Step(300)
	ma, _ := s.MetricsOf(A)
	mb, _ := s.MetricsOf(B)
	if ma.Step != 300 || mb.Step != 300 {
		t.Fatalf("steps A %d, B %d, want 300 each", ma.Step, mb.Step)
	}
	// Projected steps land exactly on the faces, which MMFLD's particles
	// never reach: with 200 particles, B has mass within 10⁻³ of the
	// boundary and A almost none (TestFigure1BoundaryMass in engine
	// measures the same at N = 2000).
	t.Logf("boundary mass after 300 steps: projected %.3f, mmfld %.3f", mb.BoundaryMass, ma.BoundaryMass)
	if !(mb.BoundaryMass > ma.BoundaryMass+0.02) {
		t.Errorf("boundary mass: projected %.3f, mmfld %.3f; want projected clearly above", mb.BoundaryMass, ma.BoundaryMass)
	}
	// B is configured on its own.
	if got, err := s.PatchConfigOf(B, []byte(`{"eta": 0.001}`)); err != nil || got.Eta != 0.001 || s.Config().Eta == 0.001 {
		t.Errorf("PatchConfigOf(B, eta) = %v, %v; A's eta %v", got.Eta, err, s.Config().Eta)
	}
}

// TestCompareEndsAndRefuses: an invalid patch changes nothing and names the
// field; side B outside a comparison is an error; compare(null) ends it.
func TestCompareEndsAndRefuses(t *testing.T) {
	s := newSession(t)
	s.Step(3)
	pa, _ := particlesOf(t, s, A)
	_, err := s.Compare([]byte(`{"eta": -1}`))
	var fe *engine.FieldError
	if !errors.As(err, &fe) || fe.Field != "eta" {
		t.Fatalf("compare({eta: -1}) = %v, want a FieldError naming eta", err)
	}
	if s.Comparing() || s.Metrics().Step != 3 {
		t.Fatal("a refused compare changed the session")
	}
	if p, _ := particlesOf(t, s, A); !slices.Equal(p, pa) {
		t.Fatal("a refused compare moved A's particles")
	}
	if _, err := s.ConfigOf(B); err == nil || !strings.Contains(err.Error(), "compare") {
		t.Errorf("ConfigOf(B) outside a comparison: %v", err)
	}
	if _, err := s.MetricsOf(B); err == nil {
		t.Error("MetricsOf(B) outside a comparison: no error")
	}
	if _, err := s.Compare([]byte(`{"lambda": 0.05}`)); err != nil || !s.Comparing() {
		t.Fatalf("compare: %v", err)
	}
	if c, err := s.Compare(nil); err != nil || s.Comparing() || c.Lambda != s.Config().Lambda {
		t.Fatalf("compare(nil) = %v, %v; comparing %v", c.Lambda, err, s.Comparing())
	}
	if h, err := s.History(B, nil); len(h) != 0 || err == nil {
		t.Errorf("after the comparison ends B's history holds %d points (%v)", len(h), err)
	}
	for _, name := range []string{"", "a", "b"} {
		if _, err := ParseSide(name); err != nil {
			t.Errorf("ParseSide(%q): %v", name, err)
		}
	}
	if _, err := ParseSide("c"); err == nil || !strings.Contains(err.Error(), `"a" or "b"`) {
		t.Errorf("ParseSide(c) = %v", err)
	}
}

// TestHistoryBounded: a long run keeps its first point, at most
// HistoryPoints points, in increasing steps, evenly spread (no gap more
// than four times the mean), up to its last steps; a reset starts it afresh.
func TestHistoryBounded(t *testing.T) {
	var h History
	var m engine.Metrics
	const steps = 100_000
	for k := int64(0); k <= steps; k += 3 {
		m.Step, m.F = k, float64(k)
		h.Add(&m)
	}
	p := h.Points(nil)
	if len(p) > HistoryPoints || len(p) < HistoryPoints/2 {
		t.Fatalf("%d points, want between %d and %d", len(p), HistoryPoints/2, HistoryPoints)
	}
	if p[0].Step != 0 {
		t.Errorf("first point at step %d, want 0", p[0].Step)
	}
	mean := float64(p[len(p)-1].Step) / float64(len(p)-1)
	for i := 1; i < len(p); i++ {
		gap := p[i].Step - p[i-1].Step
		if gap <= 0 || float64(gap) > 4*mean || p[i].F != float64(p[i].Step) {
			t.Fatalf("points %d, %d: steps %d, %d (mean gap %.0f)", i-1, i, p[i-1].Step, p[i].Step, mean)
		}
	}
	if last := p[len(p)-1].Step; steps-last > int64(4*mean) {
		t.Errorf("last point at step %d of %d", last, steps)
	}
	m.Step = 0
	h.Add(&m)
	if p := h.Points(nil); len(p) != 1 || p[0].Step != 0 {
		t.Errorf("after a reset: %d points", len(p))
	}
}

// TestSessionHistory: the session records each side's readouts as it steps;
// the curves' readouts are those of the metrics.
func TestSessionHistory(t *testing.T) {
	s := newSession(t)
	if _, err := s.Compare([]byte(`{"algorithm": "projected"}`)); err != nil {
		t.Fatal(err)
	}
	for range 20 {
		s.Step(5)
	}
	for _, side := range []Side{A, B} {
		h, _ := s.History(side, nil)
		if len(h) != 21 || h[0].Step != 0 || h[20].Step != 100 {
			t.Fatalf("side %d: %d points from step %d", side, len(h), h[0].Step)
		}
		m, _ := s.MetricsOf(side)
		if last := h[20]; last.F != m.F || last.BoundaryMass != m.BoundaryMass || last.L != m.L {
			t.Errorf("side %d: last point %+v, metrics F %v", side, last, m.F)
		}
		for _, pt := range h {
			if math.IsNaN(pt.F) || math.IsInf(pt.F, 0) {
				t.Fatalf("side %d: F = %v", side, pt.F)
			}
		}
	}
	s.Reset()
	if h, _ := s.History(A, nil); len(h) != 1 || h[0].Step != 0 {
		t.Errorf("after Reset A's history holds %d points", len(h))
	}
}

// TestLoadIsAllOrNothing: Load applies an exported pair of configs, or one
// config, both sides from their seeds; a pair with a bad side, a bad field
// or a stray key changes nothing, and the error names the side and field.
func TestLoadIsAllOrNothing(t *testing.T) {
	s := newSession(t)
	s.Step(3)
	a := s.Config()
	a.Eta, a.N = a.Eta/2, 300
	b := a
	b.Algorithm = engine.AlgorithmProjected
	pair, err := json.Marshal(map[string]engine.Config{"a": a, "b": b})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Load(pair); err != nil {
		t.Fatal(err)
	}
	gotB, err := s.ConfigOf(B)
	if err != nil {
		t.Fatal(err)
	}
	if s.Config().Query() != a.Query() || gotB.Query() != b.Query() {
		t.Fatalf("Load(pair): sides run %s and %s, want %s and %s", s.Config().Query(), gotB.Query(), a.Query(), b.Query())
	}
	if m := s.Metrics(); m.Step != 0 {
		t.Errorf("Load(pair): side a at step %d, want a fresh start", m.Step)
	}
	s.Step(2)

	// Each refusal leaves both sides as they were, stepping on.
	for _, c := range []struct{ data, want string }{
		{`{"a": {"eta": 0.001}, "b": {"n": -1}}`, "side b: n:"},
		{`{"a": {"domian": "box"}, "b": {}}`, `side a: `},
		{`{"a": {}, "b": {}, "c": {}}`, `c: a pair of configs holds "a" and "b" only`},
		{`{"n": 0}`, "n:"},
		{`[1, 2]`, "config:"},
	} {
		err := s.Load([]byte(c.data))
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("Load(%s) = %v, want an error starting %q", c.data, err, c.want)
		}
		nowB, errB := s.ConfigOf(B)
		if s.Config().Query() != a.Query() || errB != nil || nowB.Query() != b.Query() {
			t.Errorf("Load(%s) changed the sides", c.data)
		}
		if m := s.Metrics(); m.Step != 2 {
			t.Errorf("Load(%s) restarted side a: step %d, want 2", c.data, m.Step)
		}
	}

	// One config ends the comparison; {"a": …} without "b" does too.
	if err := s.Load([]byte(`{"lambda": 0.05}`)); err != nil {
		t.Fatal(err)
	}
	if s.Comparing() || s.Config().Lambda != 0.05 || s.Config().N != 300 {
		t.Errorf("Load(one config): comparing %v, lambda %v, n %d; want no comparison, 0.05, 300", s.Comparing(), s.Config().Lambda, s.Config().N)
	}
	if err := s.Load([]byte(`{"a": {"lambda": 0.02}, "b": {"algorithm": "projected"}}`)); err != nil || !s.Comparing() {
		t.Fatalf("Load(pair) = %v, comparing %v", err, s.Comparing())
	}
	if err := s.Load([]byte(`{"a": {"lambda": 0.03}, "b": null}`)); err != nil || s.Comparing() || s.Config().Lambda != 0.03 {
		t.Errorf("Load(pair with b null) = %v: comparing %v, lambda %v", err, s.Comparing(), s.Config().Lambda)
	}
}
