//go:build display

package render

import (
	"image"
	"strconv"
	"strings"
	"testing"

	"github.com/mmfld/playground/render/layout"
)

// comparing returns a game on a session of the config patch comparing it
// with side B patched by b, both advanced by steps.
func comparing(t *testing.T, patch, b string, steps int) *Game {
	t.Helper()
	s := newSession(t, patch, 0)
	if _, err := s.Compare([]byte(b)); err != nil {
		t.Fatal(err)
	}
	s.Step(steps)
	return NewGame(s)
}

// particlesIn counts the particle-coloured pixels of img in r, leaving out
// the legend's and the tag's corner of a primal panel.
func particlesIn(img *image.RGBA, r layout.Rect) int {
	return count(img, func(x, y int) bool { return inside(r, 0, x, y) })
}

// TestCompareDrawsBothSides: a comparing game draws both sides' primal
// and dual panels, on every kind of picture (simplex, Δ^d, planar,
// interval, spectraplex, the xor inset), and nothing particle-coloured in
// the status strip but its legend's colour bar.
func TestCompareDrawsBothSides(t *testing.T) {
	c := layout.Compare(Width, Height, false)
	for i, k := range []struct{ patch, b string }{
		{`{}`, `{"algorithm": "projected"}`},
		{`{"dim": 3, "n": 2000}`, `{"lambda": 0.01}`},
		{`{"domain": "box"}`, `{"mirror": "log-barrier"}`},
		{`{"domain": "ball"}`, `{"algorithm": "projected"}`},
		{`{"dim": 1}`, `{"algorithm": "projected"}`},
		{`{"domain": "spectraplex", "dim": 3, "n": 500}`, `{"algorithm": "projected"}`},
		{`{"domain": "spectraplex", "dim": 1, "n": 500}`, `{"eta": 0.01}`},
		{`{"domain": "ball", "objective": "xor", "dim": 4, "n": 256}`, `{"algorithm": "projected"}`},
	} {
		t.Run(strconv.Itoa(i), func(t *testing.T) { compareFrame(t, c, k.patch, k.b) })
	}
}

// compareFrame draws a comparison of patch with its side B patched by b
// and checks both sides' panels.
func compareFrame(t *testing.T, c layout.CompareFrame, patch, b string) {
	{
		k := struct{ patch, b string }{patch, b}
		g := comparing(t, k.patch, k.b, 20)
		img := frame(t, g)
		body := func(f layout.Frame, r layout.Rect) layout.Rect {
			// Below the title band and the tag.
			return layout.Rect{X: r.X, Y: f.Tag.Y + 20, W: r.W, H: r.MaxY() - f.Tag.Y - 20}
		}
		got := map[string]int{
			"a primal": particlesIn(img, body(c.A, c.A.Primal)),
			"a dual":   particlesIn(img, c.A.Plot),
			"b primal": particlesIn(img, body(c.B, c.B.Primal)),
			"b dual":   particlesIn(img, c.B.Plot),
		}
		t.Logf("%s vs %s: %v", k.patch, k.b, got)
		for name, n := range got {
			// Projected MFLD's particles on the boundary have dual
			// coordinates far out, drawn at the dual view's edge: few
			// pixels (measured ≥ 60 on the ball).
			if want := 150; n < want && (strings.HasSuffix(name, "primal") || n < 40) {
				t.Errorf("%s vs %s: %d particle-coloured pixels in %s, want ≥ %d", k.patch, k.b, n, name, want)
			}
		}
		// The status strip's readouts, between the sides' labels (in
		// their colours) and the legend's colour bar.
		x0 := c.Status.X + statusPad + 26*g.sc.txt.advance("0", g.sc.fc.mono)
		lx, _ := g.sc.inlineLegendAt(c.Status, false)
		stray := count(img, func(x, y int) bool { return inside(c.Status, 0, x, y) && float64(x) > x0 && float64(x) < lx })
		if stray > 0 {
			t.Errorf("%s: %d particle-coloured pixels in the status strip's readouts", k.patch, stray)
		}
	}
}

// TestCompareEndsCleanly: a game drawn while comparing, then after the
// comparison ended, draws the single run's picture again.
func TestCompareEndsCleanly(t *testing.T) {
	g := comparing(t, `{"n": 1000}`, `{"algorithm": "projected"}`, 5)
	frame(t, g)
	if _, err := g.Session().Compare(nil); err != nil {
		t.Fatal(err)
	}
	img := frame(t, g)
	checkPanels(t, img, layout.Screen(Width, Height, false), 400)
}
