package control

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/mmfld/playground/app"
	"github.com/mmfld/playground/engine"
	"github.com/mmfld/playground/engine/objective/xor"
)

func newSession(t *testing.T, cfg engine.Config) *app.Session {
	t.Helper()
	s, err := app.NewSession(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func small() engine.Config {
	c := engine.Default()
	c.N = 50
	return c
}

func TestBindingsAreComplete(t *testing.T) {
	want := map[string]bool{"Space": true, "ArrowRight": true, "R": true, "O": true, "X": true, "M": true, "A": true, "D": true, "P": true, "C": true, "G": true, "L": true, "BracketLeft": true, "BracketRight": true}
	seen := map[string]bool{}
	for _, b := range Bindings() {
		if !want[b.Key] || seen[b.Key] {
			t.Errorf("unexpected or repeated key %q", b.Key)
		}
		seen[b.Key] = true
		if b.Label == "" || b.Help == "" {
			t.Errorf("key %q lacks a label or help", b.Key)
		}
		if !strings.Contains(HelpLine(), b.Label+"  "+b.Help) {
			t.Errorf("help line %q does not list %q", HelpLine(), b.Key)
		}
	}
	if len(seen) != len(want) {
		t.Errorf("bound keys %v, want %v", seen, want)
	}
	// Bindings returns a copy.
	Bindings()[0].Key = "X"
	if Bindings()[0].Key == "X" {
		t.Error("Bindings exposes the table")
	}
}

func TestPlayPauseStepReset(t *testing.T) {
	s := newSession(t, small())
	if msg, err := Apply("Space", s); err != nil || !s.Playing() || msg != "playing" {
		t.Fatalf("space: %q, %v, playing %v", msg, err, s.Playing())
	}
	if msg, err := Apply("Space", s); err != nil || s.Playing() || msg != "paused" {
		t.Fatalf("space again: %q, %v, playing %v", msg, err, s.Playing())
	}
	for i := range 3 {
		if msg, err := Apply("ArrowRight", s); err != nil || msg != "step "+string(rune('1'+i)) {
			t.Fatalf("step %d: %q, %v", i+1, msg, err)
		}
	}
	if s.Playing() || s.Metrics().Step != 3 {
		t.Fatalf("after three steps: playing %v, step %d", s.Playing(), s.Metrics().Step)
	}
	if msg, err := Apply("R", s); err != nil || s.Metrics().Step != 0 || !strings.Contains(msg, "seed 1") {
		t.Fatalf("reset: %q, %v, step %d", msg, err, s.Metrics().Step)
	}
}

func TestCycleObjectiveAndAlgorithm(t *testing.T) {
	s := newSession(t, small())
	objectives := engine.ChoicesFor(engine.DomainSimplex).Objectives
	for i := range 2 * len(objectives) {
		want := objectives[(i+1)%len(objectives)]
		msg, err := Apply("O", s)
		if err != nil || s.Config().Objective != want || msg != "objective: "+want {
			t.Fatalf("O #%d: %q, %v, objective %q; want %q", i+1, msg, err, s.Config().Objective, want)
		}
	}
	for i := range 2 * len(engine.Algorithms) {
		want := engine.Algorithms[(i+1)%len(engine.Algorithms)]
		msg, err := Apply("A", s)
		if err != nil || s.Config().Algorithm != want || msg != "algorithm: "+want {
			t.Fatalf("A #%d: %q, %v, algorithm %q; want %q", i+1, msg, err, s.Config().Algorithm, want)
		}
	}
}

func TestDomainAndMirrorKeys(t *testing.T) {
	s := newSession(t, small())
	for i := range len(engine.Domains) + 1 {
		want := engine.Domains[(i+1)%len(engine.Domains)]
		msg, err := Apply("X", s)
		c := s.Config()
		if err != nil || c.Domain != want || !strings.HasPrefix(msg, "domain: "+want) {
			t.Fatalf("X #%d: %q, %v; want domain %s", i+1, msg, err, want)
		}
		mirrors := engine.ChoicesFor(c.Domain).Mirrors
		for j := range len(mirrors) {
			if _, err := Apply("M", s); err != nil || s.Config().Mirror != mirrors[(j+1)%len(mirrors)] {
				t.Fatalf("M on %s: %v, mirror %s", want, err, s.Config().Mirror)
			}
		}
	}
}

// TestDimensionKey presses D through every dimension, from the default's
// d = 2 up to MaxDim, round to MinDim (1, the segment Δ¹) and back to 2.
func TestDimensionKey(t *testing.T) {
	s := newSession(t, small())
	start := s.Config().Dim
	for k := 1; k <= engine.MaxDim-engine.MinDim+1; k++ {
		want := engine.MinDim + (start-engine.MinDim+k)%(engine.MaxDim-engine.MinDim+1)
		msg, err := Apply("D", s)
		if err != nil || s.Config().Dim != want || !strings.Contains(msg, "restarted") {
			t.Fatalf("D to %d: %q, %v, dim %d", want, msg, err, s.Config().Dim)
		}
		if p, _ := s.Particles(nil, nil); len(p) != s.Config().N*(want+1) {
			t.Fatalf("dim %d: %d primal coordinates for N = %d", want, len(p), s.Config().N)
		}
	}
}

func TestPresetKey(t *testing.T) {
	s := newSession(t, engine.Default())
	ps := engine.Presets()
	for i := range len(ps) + 1 {
		want := ps[(i+1)%len(ps)]
		msg, err := Apply("P", s)
		if err != nil || !reflect.DeepEqual(s.Config(), want.Config) || msg != "preset: "+want.Title {
			t.Fatalf("P #%d: %q, %v; want preset %s", i+1, msg, err, want.Name)
		}
	}
}

func TestEtaKeys(t *testing.T) {
	s := newSession(t, small())
	eta := s.Config().Eta
	if msg, err := Apply("BracketLeft", s); err != nil || s.Config().Eta != eta/2 || msg != "η = 0.0015" {
		t.Fatalf("[: %q, %v, η %v", msg, err, s.Config().Eta)
	}
	if _, err := Apply("BracketRight", s); err != nil || s.Config().Eta != eta {
		t.Fatalf("]: %v, η %v, want %v", err, s.Config().Eta, eta)
	}
	// Doubling stops at MaxEta, halving at MinEta: never an error.
	for range 40 {
		if _, err := Apply("BracketRight", s); err != nil {
			t.Fatal(err)
		}
	}
	if got := s.Config().Eta; got != engine.MaxEta {
		t.Errorf("η after many doublings = %v, want %v", got, engine.MaxEta)
	}
	if msg, _ := Apply("BracketRight", s); !strings.Contains(msg, "largest") {
		t.Errorf("at the maximum: %q", msg)
	}
	for range 60 {
		if _, err := Apply("BracketLeft", s); err != nil {
			t.Fatal(err)
		}
	}
	if got := s.Config().Eta; got != engine.MinEta {
		t.Errorf("η after many halvings = %v, want %v", got, engine.MinEta)
	}
	if msg, _ := Apply("BracketLeft", s); !strings.Contains(msg, "smallest") {
		t.Errorf("at the minimum: %q", msg)
	}
	// The particles keep running: η applies live.
	s.Step(2)
	if _, err := Apply("BracketRight", s); err != nil || s.Metrics().Step != 2 {
		t.Errorf("changing η restarted the particles: %v, step %d", err, s.Metrics().Step)
	}
}

func TestUnknownKey(t *testing.T) {
	s := newSession(t, small())
	if _, err := Apply("F13", s); err == nil {
		t.Error("no error for an unbound key")
	}
}

func TestNext(t *testing.T) {
	names := []string{"a", "b", "c"}
	for cur, want := range map[string]string{"a": "b", "b": "c", "c": "a", "zzz": "a"} {
		if got := Next(names, cur); got != want {
			t.Errorf("Next(%q) = %q, want %q", cur, got, want)
		}
	}
	if got := Next(nil, "x"); got != "x" {
		t.Errorf("Next(nil, x) = %q", got)
	}
}

func TestLoadConfig(t *testing.T) {
	def, err := LoadConfig("")
	if err != nil || def.N != engine.Default().N {
		t.Fatalf("empty: %+v, %v", def, err)
	}
	lit, err := LoadConfig(` {"n": 123, "objective": "dirichlet"} `)
	if err != nil || lit.N != 123 || lit.Objective != "dirichlet" || lit.Eta != engine.Default().Eta {
		t.Fatalf("literal: %+v, %v", lit, err)
	}
	path := filepath.Join(t.TempDir(), "run.json")
	if err := os.WriteFile(path, []byte("{\"algorithm\":\"projected\",\"seed\":7}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	file, err := LoadConfig(path)
	if err != nil || file.Algorithm != "projected" || file.Seed != 7 {
		t.Fatalf("file: %+v, %v", file, err)
	}
	// engine validates, and says which field is wrong.
	_, err = LoadConfig(`{"eta": 2}`)
	var fe *engine.FieldError
	if !errors.As(err, &fe) || fe.Field != "eta" || !strings.HasPrefix(err.Error(), "-config: eta:") {
		t.Errorf("invalid eta: %v", err)
	}
	if _, err := LoadConfig(`{"bogus": 1}`); !errors.As(err, &fe) || fe.Field != "bogus" {
		t.Errorf("unknown field: %v", err)
	}
	if _, err := LoadConfig(filepath.Join(t.TempDir(), "missing.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(bad, []byte(`{"n": "many"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadConfig(bad); err == nil || !strings.HasPrefix(err.Error(), bad+": n:") {
		t.Errorf("bad file: %v", err)
	}
}

// TestXORKeys: O on the ball reaches xor, whose dim ≥ 4 comes with it, and D
// wraps from the largest dim to xor.MinDim there.
func TestXORKeys(t *testing.T) {
	c := small()
	c.Domain, c.Mirror, c.Objective = engine.DomainBall, engine.MirrorLogBarrier, engine.ObjectiveGaussian
	s := newSession(t, c)
	for s.Config().Objective != engine.ObjectiveXOR {
		if _, err := Apply("O", s); err != nil || s.Config().Objective == engine.ObjectiveGaussian {
			t.Fatalf("O on the ball: %v, objective %s", err, s.Config().Objective)
		}
	}
	if d := s.Config().Dim; d != xor.MinDim {
		t.Fatalf("xor from dim 2: dim %d", d)
	}
	// dim 4 → 5 → … → MaxDim → 4.
	for d := xor.MinDim + 1; d <= engine.MaxDim+1; d++ {
		want := d
		if d > engine.MaxDim {
			want = xor.MinDim
		}
		if _, err := Apply("D", s); err != nil || s.Config().Dim != want {
			t.Fatalf("D on xor: dim %d, %v; want %d", s.Config().Dim, err, want)
		}
	}
}

// TestCompareKey: C compares the run with the other kind of method on the
// same objective, and C again ends the comparison.
func TestCompareKey(t *testing.T) {
	s := newSession(t, small())
	msg, err := Apply("C", s)
	if err != nil || !s.Comparing() || msg != "comparing with projected" {
		t.Fatalf("C: %q, %v, comparing %v", msg, err, s.Comparing())
	}
	b, err := s.ConfigOf(app.B)
	if a := s.Config(); err != nil || b.Algorithm != engine.AlgorithmProjected || b.Beta != a.Beta || b.Objective != a.Objective {
		t.Errorf("side b: %s (%v); a: %s", b.Query(), err, a.Query())
	}
	if msg, err := Apply("C", s); err != nil || s.Comparing() || msg != "comparison ended" {
		t.Fatalf("C again: %q, %v, comparing %v", msg, err, s.Comparing())
	}
	if _, err := s.PatchConfig([]byte(`{"algorithm": "projected"}`)); err != nil {
		t.Fatal(err)
	}
	if msg, err := Apply("C", s); err != nil || msg != "comparing with mmfld" {
		t.Errorf("C from projected: %q, %v", msg, err)
	}
}

// view is a View for the tests.
type view struct{ curves, log bool }

func (v *view) Curves() bool        { return v.curves }
func (v *view) SetCurves(on bool)   { v.curves = on }
func (v *view) LogScale() bool      { return v.log }
func (v *view) SetLogScale(on bool) { v.log = on }

// TestViewKeys: G toggles the curves view and L their scale, through
// Press; Apply refuses them (they change no run), and Press passes the
// other keys on to Apply.
func TestViewKeys(t *testing.T) {
	s := newSession(t, small())
	v := &view{}
	if msg, err := Press("G", s, v); err != nil || !v.curves || msg != "curves on" {
		t.Fatalf("G: %q, %v, curves %v", msg, err, v.curves)
	}
	if msg, err := Press("L", s, v); err != nil || !v.log || msg != "curves: log scale" {
		t.Fatalf("L: %q, %v, log %v", msg, err, v.log)
	}
	if msg, err := Press("L", s, v); err != nil || v.log || msg != "curves: linear scale" {
		t.Fatalf("L again: %q, %v, log %v", msg, err, v.log)
	}
	if msg, err := Press("G", s, v); err != nil || v.curves || msg != "curves off" {
		t.Fatalf("G again: %q, %v, curves %v", msg, err, v.curves)
	}
	if _, err := Apply("G", s); err == nil {
		t.Error("Apply ran the view key G on the session")
	}
	if msg, err := Press("Space", s, v); err != nil || !s.Playing() || msg != "playing" {
		t.Errorf("Press space: %q, %v", msg, err)
	}
}
