//go:build display

package render

import (
	"image"
	"strings"
	"testing"

	"github.com/mmfld/playground/render/layout"
)

// colourCount counts the pixels of img in r within 40 levels of c in each
// channel.
func colourCount(img *image.RGBA, r layout.Rect, c rgba) int {
	want := [3]int{int(c.R * 255), int(c.G * 255), int(c.B * 255)}
	return count0(img, func(x, y int) bool {
		if !inside(r, 0, x, y) {
			return false
		}
		o := img.PixOffset(x, y)
		for k := range 3 {
			if d := int(img.Pix[o+k]) - want[k]; d < -40 || d > 40 {
				return false
			}
		}
		return true
	})
}

// TestCurvesView: the curves view takes the dual panels' place and draws
// each side's curves in its colour, on a linear and a log scale; the
// hovered plot reads out the step and the values under the cursor.
func TestCurvesView(t *testing.T) {
	for _, c := range []struct {
		name, patch, b string
		log            bool
		plots          []string
	}{
		{"single", `{"n": 1000, "objective": "dirichlet"}`, "", false,
			[]string{"F(μ)", "L = F + λ·Ent", "boundary mass", "mean error", "cov error"}},
		{"compare", `{"n": 1000, "objective": "dirichlet"}`, `{"algorithm": "projected"}`, false,
			[]string{"F(μ)", "L = F + λ·Ent", "boundary mass", "mean error", "cov error"}},
		{"compare-log", `{"n": 1000}`, `{"algorithm": "projected"}`, true,
			[]string{"F(μ)", "L = F + λ·Ent", "boundary mass"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var g *Game
			if c.b == "" {
				g = NewGame(newSession(t, c.patch, 60))
			} else {
				g = comparing(t, c.patch, c.b, 60)
			}
			g.SetView(View{Curves: true, Log: c.log})
			if v := g.View(); !v.Curves || v.Log != c.log {
				t.Fatalf("view %+v", v)
			}
			// The cursor over the middle of the first plot.
			var area layout.Rect
			if c.b == "" {
				area = layout.CurvesArea(layout.Screen(Width, Height, false))
			} else {
				cf := layout.Compare(Width, Height, false)
				area = layout.CurvesArea(cf.A, cf.B)
			}
			first := layout.CurvePlots(nil, area, len(c.plots))[0]
			g.cursor = func() (int, int) { return int(first.Center().X), int(first.Center().Y) }
			img := frame(t, g)
			cv := &g.curves
			if cv.n != len(c.plots) {
				t.Fatalf("%d plots, want %d", cv.n, len(c.plots))
			}
			for i, name := range c.plots {
				if got := quantities[cv.plots[i].q].name; got != name {
					t.Errorf("plot %d shows %q, want %q", i, got, name)
				}
			}
			if c.log && !cv.plots[0].y.Log {
				t.Error("F is positive, but its plot is not on a log scale")
			}
			if c.log && cv.plots[1].y.Log != !cv.plots[1].fellBack {
				t.Error("L's plot is neither on a log scale nor said to have fallen back")
			}
			a := colourCount(img, area, colSideA)
			b := colourCount(img, area, colSideB)
			t.Logf("curve pixels: a %d, b %d", a, b)
			if a < 300 {
				t.Errorf("%d pixels of side a's colour in the curves view, want ≥ 300", a)
			}
			if c.b != "" && b < 300 {
				t.Errorf("%d pixels of side b's colour in the curves view, want ≥ 300", b)
			}
			// No dual panel: no particles in the curves area.
			if n := count(img, func(x, y int) bool { return inside(area, 0, x, y) }); n > a/2+b/2+50 {
				t.Logf("%d particle-coloured pixels in the curves area (the curves' own colours count)", n)
			}
			if cv.hover < 0 || !strings.HasPrefix(string(cv.hbuf), "step ") {
				t.Errorf("hover over the first plot: index %d, readout %q", cv.hover, cv.hbuf)
			}
			if c.b != "" && !strings.Contains(string(cv.hbuf), "a ") {
				t.Errorf("hover readout %q names no side", cv.hbuf)
			}
			// Off the plots, no readout.
			g.cursor = func() (int, int) { return 10, 10 }
			frame(t, g)
			if cv.hover >= 0 {
				t.Errorf("cursor off the plots: hover index %d", cv.hover)
			}
			// The primal panels are still drawn.
			g.SetCurves(false)
			if g.Curves() {
				t.Error("SetCurves(false) left the curves on")
			}
		})
	}
}

// TestFPS: the fps readout counts the frames drawn in the last second.
func TestFPS(t *testing.T) {
	g := NewGame(newSession(t, `{"n": 100}`, 1))
	if g.FPS() != 0 {
		t.Errorf("fps before any frame: %v", g.FPS())
	}
	for range 5 {
		frame(t, g)
	}
	if f := g.FPS(); !(f > 0) {
		t.Errorf("fps after 5 frames: %v", f)
	}
}
