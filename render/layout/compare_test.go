package layout

import (
	"math"
	"testing"
)

// TestCompareFrame: a comparison's rows tile the screen above the status
// strip, A over B, each a primal and a dual panel side by side without a
// legend; the curves area covers both dual panels.
func TestCompareFrame(t *testing.T) {
	for _, help := range []bool{false, true} {
		c := Compare(1200, 600, help)
		if c.A.Primal.Y != 0 || c.A.Primal.MaxY() != c.B.Primal.Y || c.B.Primal.MaxY() != c.Status.Y {
			t.Errorf("help %v: rows %v and %v over the status strip at %v do not tile", help, c.A.Primal, c.B.Primal, c.Status.Y)
		}
		if c.Status.H != CompareStatusLines*LineHeight+14 || c.Help.MaxY() != 600 || (c.Help.H > 0) != help {
			t.Errorf("help %v: status %v, help %v", help, c.Status, c.Help)
		}
		for name, f := range map[string]Frame{"A": c.A, "B": c.B} {
			if f.Primal.W != 600 || f.Dual.X != 600 || f.Dual.W != 600 || f.Primal.H != f.Dual.H {
				t.Errorf("%s: panels %v | %v", name, f.Primal, f.Dual)
			}
			if f.Legend.W != 0 || f.Legend.H != 0 {
				t.Errorf("%s: a side draws no legend, has %v", name, f.Legend)
			}
			if f.Status != c.Status || f.Help != c.Help {
				t.Errorf("%s: status %v, help %v; want the shared ones", name, f.Status, f.Help)
			}
			// The triangle, the dual plot and the interval plot lie in
			// their panels, below the title band and the tag.
			tri := f.Triangle
			for _, v := range tri.V {
				if !f.Primal.Contains(v) || v.Y < f.Tag.Y+18 {
					t.Errorf("%s: triangle vertex %v outside %v or above the tag at %v", name, v, f.Primal, f.Tag)
				}
			}
			if !(f.Plot.H > 100) || f.Plot.Y < f.Dual.Y+TitleBand || f.Plot.MaxY() > f.Dual.MaxY() {
				t.Errorf("%s: dual plot %v in %v", name, f.Plot, f.Dual)
			}
			hist, rug := IntervalPlot(f.Primal, f.Top)
			if !(hist.H > 60) || hist.Y-20 < f.Tag.Y+16 || rug.MaxY() > f.Primal.MaxY() {
				t.Errorf("%s: interval plot %v (rug %v) in %v, tag at %v", name, hist, rug, f.Primal, f.Tag)
			}
			if pp := f.PrimalPlot(); !(pp.W > 100) || !f.Primal.Contains(Point{pp.X, pp.Y}) || !f.Primal.Contains(Point{pp.MaxX(), pp.MaxY()}) {
				t.Errorf("%s: primal plot %v in %v", name, pp, f.Primal)
			}
		}
		if a := CurvesArea(c.A, c.B); a != (Rect{600, 0, 600, c.Status.Y}) {
			t.Errorf("help %v: curves area %v", help, a)
		}
	}
	// Degenerate sizes give empty rectangles, never negative ones.
	for _, s := range [][2]float64{{0, 0}, {10, 10}, {math.NaN(), 600}, {1200, math.Inf(1)}} {
		c := Compare(s[0], s[1], true)
		for _, r := range []Rect{c.A.Primal, c.A.Dual, c.B.Primal, c.B.Plot, c.Status, c.Help, CurvesArea(c.A, c.B)} {
			if r.W < 0 || r.H < 0 || math.IsNaN(r.W) || math.IsNaN(r.H) {
				t.Errorf("%v: rectangle %v", s, r)
			}
		}
	}
}

// TestScreenUnchanged: the single run's frame keeps its legend and the
// interval plot's top below it.
func TestScreenTop(t *testing.T) {
	f := Screen(1200, 600, false)
	if f.Top != f.Legend.MaxY()+14 || f.Legend.W != 200 {
		t.Errorf("top %v, legend %v", f.Top, f.Legend)
	}
	if a := CurvesArea(f); a != f.Dual {
		t.Errorf("curves area %v, want the dual panel %v", a, f.Dual)
	}
}

func TestCurvePlots(t *testing.T) {
	area := Rect{600, 0, 600, 526}
	for n := 1; n <= 6; n++ {
		ps := CurvePlots(nil, area, n)
		if len(ps) != n {
			t.Fatalf("%d plots: got %d", n, len(ps))
		}
		for i, p := range ps {
			if p.X < area.X+40 || p.MaxX() > area.MaxX() || p.Y < area.Y+TitleBand || p.MaxY() > area.MaxY()-20 || !(p.H > 40) {
				t.Errorf("%d plots: plot %d at %v in %v", n, i, p, area)
			}
			if i > 0 && math.Abs(p.Y-ps[i-1].MaxY()-CurvesGap) > 1e-9 {
				t.Errorf("%d plots: gap above plot %d is %v", n, i, p.Y-ps[i-1].MaxY())
			}
		}
		if last := ps[n-1]; math.Abs(last.MaxY()-(area.MaxY()-curvesBelow)) > 1e-9 {
			t.Errorf("%d plots: the last ends at %v", n, last.MaxY())
		}
	}
	if ps := CurvePlots(nil, Rect{0, 0, 10, 10}, 3); len(ps) != 3 || ps[0].W != 0 || ps[0].H != 0 {
		t.Errorf("tiny area: %v", ps)
	}
	if ps := CurvePlots(nil, area, 0); len(ps) != 0 {
		t.Errorf("no plots: %v", ps)
	}
}

func TestSeriesRange(t *testing.T) {
	for _, c := range []struct {
		lo, hi float64
		log    bool
		a, b   float64
	}{
		{0, 1, false, -0.06, 1.06},
		{2, 2, false, 1.8, 2.2},
		{0, 0, false, -1, 1},
		{0.003, 0.2, true, 0.001, 1},
		{0.01, 0.01, true, 0.01, 0.1},
		{5, 5000, true, 1, 10000},
	} {
		a, b := SeriesRange(c.lo, c.hi, c.log)
		if math.Abs(a-c.a) > 1e-12 || math.Abs(b-c.b) > 1e-9 {
			t.Errorf("SeriesRange(%v, %v, %v) = %v, %v; want %v, %v", c.lo, c.hi, c.log, a, b, c.a, c.b)
		}
	}
}

func TestLogTicks(t *testing.T) {
	got, k := LogTicks(nil, 0.001, 1, 8)
	if k != 1 || len(got) != 4 || got[0] != 0.001 || got[3] != 1 {
		t.Errorf("LogTicks(0.001, 1) = %v, %d", got, k)
	}
	got, k = LogTicks(got, 1e-12, 1, 4)
	if k != 4 || len(got) != 4 || math.Abs(got[0]-1e-12) > 1e-24 || got[3] != 1 {
		t.Errorf("LogTicks(1e-12, 1, 4) = %v, %d", got, k)
	}
	if got, _ = LogTicks(got, 0, 1, 4); len(got) != 0 {
		t.Errorf("LogTicks from 0 = %v", got)
	}
}

func TestLogY(t *testing.T) {
	r := Rect{0, 100, 50, 200}
	lin := LogY{Lo: 0, Hi: 1, Rows: r}
	if y, ok := lin.Pixel(0.5); !ok || y != 200 {
		t.Errorf("linear 0.5 at %v, %v", y, ok)
	}
	log := LogY{Log: true, Lo: 0.01, Hi: 1, Rows: r}
	for _, c := range []struct {
		v, y float64
		ok   bool
	}{{0.01, 300, true}, {0.1, 200, true}, {1, 100, true}, {0, 0, false}, {-1, 0, false}, {math.NaN(), 0, false}} {
		y, ok := log.Pixel(c.v)
		if ok != c.ok || (ok && math.Abs(y-c.y) > 1e-9) {
			t.Errorf("log %v at %v, %v; want %v, %v", c.v, y, ok, c.y, c.ok)
		}
		if ok && math.Abs(log.Value(y)-c.v) > 1e-12 {
			t.Errorf("log Value(%v) = %v, want %v", y, log.Value(y), c.v)
		}
	}
	if v := lin.Value(150); math.Abs(v-0.75) > 1e-12 {
		t.Errorf("linear Value(150) = %v", v)
	}
}

func TestNearest(t *testing.T) {
	xs := []float64{0, 10, 20, 40}
	at := func(i int) float64 { return xs[i] }
	for _, c := range []struct {
		x float64
		i int
	}{{-5, 0}, {0, 0}, {4, 0}, {5, 0}, {6, 1}, {29, 2}, {31, 3}, {100, 3}} {
		if i := Nearest(len(xs), at, c.x); i != c.i {
			t.Errorf("Nearest(%v) = %d, want %d", c.x, i, c.i)
		}
	}
	if i := Nearest(0, at, 3); i != -1 {
		t.Errorf("Nearest of none = %d", i)
	}
}

// TestCompareStacked: a portrait screen stacks a comparison's four panels,
// A's primal, B's primal, A's dual, B's dual, each as wide as the screen,
// tiling the height above the wrapped status strip; each side's frame is
// decorated in its own panels, and the curves area is the two dual panels.
func TestCompareStacked(t *testing.T) {
	for _, help := range []bool{false, true} {
		c := Compare(600, 2400, help)
		if !c.Stacked || !c.A.Stacked || !c.B.Stacked || Compare(1200, 600, help).Stacked {
			t.Fatalf("help %v: Stacked %v (sides %v, %v), want true for 600×2400 only", help, c.Stacked, c.A.Stacked, c.B.Stacked)
		}
		order := []Rect{c.A.Primal, c.B.Primal, c.A.Dual, c.B.Dual}
		y := 0.0
		for i, r := range order {
			if r.X != 0 || r.W != 600 || r.Y != y || r.H < 500 {
				t.Errorf("help %v: panel %d is %v, want the full width from y = %v, at least 500 high", help, i, r, y)
			}
			y = r.MaxY()
		}
		if y != c.Status.Y || c.Status.H != CompareStackedStatusLines*LineHeight+14 {
			t.Errorf("help %v: the panels end at %v, the status strip %v; want it right below, %d lines high", help, y, c.Status, CompareStackedStatusLines)
		}
		for _, f := range []Frame{c.A, c.B} {
			in := f.Dual.Contains(Point{f.Plot.X, f.Plot.Y}) && f.Dual.Contains(Point{f.Plot.MaxX(), f.Plot.MaxY()})
			for _, v := range f.Triangle.V {
				in = in && f.Primal.Contains(v)
			}
			if !in || f.Legend.W != 0 || f.Plot.H < 400 {
				t.Errorf("help %v: triangle %v in %v, plot %v in %v, legend %v: want each inside its panel, the plot at least 400 high, no legend", help, f.Triangle.V, f.Primal, f.Plot, f.Dual, f.Legend)
			}
		}
		if got, want := CurvesArea(c.A, c.B), (Rect{0, c.A.Dual.Y, 600, c.B.Dual.MaxY() - c.A.Dual.Y}); got != want {
			t.Errorf("help %v: curves area %v, want the dual panels %v", help, got, want)
		}
	}
}
