//go:build display

// These tests need a display (ebiten panics at init without one); they run
// under render/displaytest, or directly with
//
//	xvfb-run -a go test -tags display ./cmd/desktop/
package main

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/mmfld/playground/cmd/desktop/control"
	"github.com/mmfld/playground/engine"
	"github.com/mmfld/playground/render"
)

func TestMain(m *testing.M) {
	code := 0
	if err := ebiten.RunGame(&testLoop{run: func() { code = m.Run() }}); err != nil && !errors.Is(err, ebiten.Termination) {
		panic(err)
	}
	os.Exit(code)
}

// testLoop runs the tests in its first Update and ends the game.
type testLoop struct{ run func() }

func (l *testLoop) Update() error              { l.run(); return ebiten.Termination }
func (l *testLoop) Draw(*ebiten.Image)         {}
func (l *testLoop) Layout(int, int) (int, int) { return 320, 160 }

// TestKeysResolve checks that every key name of control is one ebiten knows.
func TestKeysResolve(t *testing.T) {
	keys, err := bindKeys()
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != len(control.Bindings()) {
		t.Fatalf("%d keys for %d bindings", len(keys), len(control.Bindings()))
	}
	for _, k := range keys {
		if k.code.String() != k.name {
			t.Errorf("key %q resolved to %v", k.name, k.code)
		}
	}
}

func TestSetup(t *testing.T) {
	g, err := setup([]string{"-config", `{"n": 300, "objective": "dirichlet"}`, "-paused"})
	if err != nil {
		t.Fatal(err)
	}
	s := g.Session()
	if c := s.Config(); c.N != 300 || c.Objective != "dirichlet" || s.Playing() {
		t.Errorf("config %+v, playing %v", c, s.Playing())
	}
	if g.HelpLine != control.HelpLine() || g.OnUpdate == nil {
		t.Error("the help line or the key hook is missing")
	}
	if err := g.Update(); err != nil || s.Metrics().Step != 0 {
		t.Errorf("a paused Update: %v, step %d", err, s.Metrics().Step)
	}
	dst := ebiten.NewImage(render.Width, render.Height)
	defer dst.Deallocate()
	g.Draw(dst)

	if g, err := setup(nil); err != nil || !g.Session().Playing() {
		t.Errorf("default setup: %v", err)
	}
	var fe *engine.FieldError
	if _, err := setup([]string{"-config", `{"eta": -1}`}); !errors.As(err, &fe) || fe.Field != "eta" {
		t.Errorf("invalid config: %v", err)
	}
	if _, err := setup([]string{"-bogus"}); err == nil {
		t.Error("no error for an unknown flag")
	}
	if _, err := setup([]string{"-h"}); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("-h: %v", err)
	}
}

// TestScreenshot checks that -screenshot saves a PNG and ends the game.
func TestScreenshot(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shot.png")
	g, err := setup([]string{"-config", `{"n": 200}`, "-screenshot", path, "-screenshot-after", "0s"})
	if err != nil {
		t.Fatal(err)
	}
	dst := ebiten.NewImage(render.Width, render.Height)
	defer dst.Deallocate()
	var end error
	for range 5 {
		if end = g.Update(); end != nil {
			break
		}
		g.Draw(dst)
	}
	if !errors.Is(end, ebiten.Termination) {
		t.Fatalf("the game did not end after the screenshot: %v", end)
	}
	if fi, err := os.Stat(path); err != nil || fi.Size() < 1000 {
		t.Fatalf("screenshot: %v", err)
	}
}
