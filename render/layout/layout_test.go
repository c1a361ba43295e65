package layout

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// tol is the pixel tolerance for positions computed in floating point.
const tol = 1e-9

func near(a, b Point) bool { return math.Abs(a.X-b.X) < tol && math.Abs(a.Y-b.Y) < tol }

func finitePoint(p Point) bool {
	return !math.IsNaN(p.X) && !math.IsNaN(p.Y) && !math.IsInf(p.X, 0) && !math.IsInf(p.Y, 0)
}

func finiteRect(r Rect) bool {
	return finitePoint(Point{r.X, r.Y}) && finitePoint(Point{r.W, r.H}) && r.W >= 0 && r.H >= 0
}

func TestScreenPanels(t *testing.T) {
	for _, help := range []bool{false, true} {
		f := Screen(1200, 600, help)
		if f.Primal.X != 0 || f.Primal.W != 600 || f.Dual.X != 600 || f.Dual.MaxX() != 1200 {
			t.Errorf("help=%v: panels %+v %+v are not the two halves", help, f.Primal, f.Dual)
		}
		if f.Primal.H != f.Dual.H || f.Status.Y != f.Primal.MaxY() || f.Help.Y != f.Status.MaxY() {
			t.Errorf("help=%v: panels, status and help do not stack: %+v", help, f)
		}
		if got := f.Help.MaxY(); math.Abs(got-600) > tol {
			t.Errorf("help=%v: layout ends at %v, want 600", help, got)
		}
		if help && f.Help.H < LineHeight || !help && f.Help.H != 0 {
			t.Errorf("help=%v: help line height %v", help, f.Help.H)
		}
		// The drawings stay inside their panels, below the title band.
		for i, v := range f.Triangle.V {
			if !f.Primal.Contains(v) || v.Y < TitleBand {
				t.Errorf("help=%v: vertex %d at %v outside the primal panel %+v", help, i, v, f.Primal)
			}
		}
		// The legend sits beside the apex, clear of the triangle.
		for _, c := range []Point{{f.Legend.X, f.Legend.Y}, {f.Legend.X, f.Legend.MaxY()}, {f.Legend.MaxX(), f.Legend.MaxY()}} {
			if inTriangle(f.Triangle, c) || !f.Primal.Contains(c) {
				t.Errorf("help=%v: legend corner %v overlaps the triangle or leaves the panel", help, c)
			}
		}
		if f.Plot.X < f.Dual.X+40 || f.Plot.MaxX() > f.Dual.MaxX() || f.Plot.Y < TitleBand || f.Plot.MaxY() > f.Dual.MaxY()-30 {
			t.Errorf("help=%v: plot %+v leaves no room for tick labels in %+v", help, f.Plot, f.Dual)
		}
		// The triangle is large: it fills most of the panel's width.
		if s := f.Triangle.Side(); s < 0.8*f.Primal.W {
			t.Errorf("help=%v: triangle side %v is small for a %v-wide panel", help, s, f.Primal.W)
		}
	}
	if a, b := Screen(1200, 600, false), Screen(1200, 600, true); a.Primal.H <= b.Primal.H {
		t.Errorf("a help line should take height from the panels: %v vs %v", a.Primal.H, b.Primal.H)
	}
}

func TestScreenDegenerate(t *testing.T) {
	for _, wh := range [][2]float64{{0, 0}, {10, 10}, {-5, 30}, {math.NaN(), 100}, {math.Inf(1), 100}, {100, 1}} {
		f := Screen(wh[0], wh[1], true)
		for _, r := range []Rect{f.Primal, f.Dual, f.Plot, f.Status, f.Help} {
			if !finiteRect(r) {
				t.Errorf("Screen(%v, %v): rectangle %+v", wh[0], wh[1], r)
			}
		}
		for _, v := range f.Triangle.V {
			if !finitePoint(v) {
				t.Errorf("Screen(%v, %v): vertex %v", wh[0], wh[1], v)
			}
		}
	}
}

func TestEquilateralIn(t *testing.T) {
	for _, r := range []Rect{{0, 0, 600, 400}, {10, 20, 300, 800}, {5, 5, 100, 100}} {
		tr := EquilateralIn(r)
		a := math.Hypot(tr.V[1].X-tr.V[0].X, tr.V[1].Y-tr.V[0].Y)
		b := math.Hypot(tr.V[2].X-tr.V[1].X, tr.V[2].Y-tr.V[1].Y)
		c := math.Hypot(tr.V[0].X-tr.V[2].X, tr.V[0].Y-tr.V[2].Y)
		if math.Abs(a-b) > 1e-9 || math.Abs(b-c) > 1e-9 {
			t.Errorf("%+v: sides %v %v %v are not equal", r, a, b, c)
		}
		// It touches r on two opposite sides (it is the largest that fits).
		touchW := math.Abs(a-r.W) < 1e-9
		touchH := math.Abs(tr.V[0].Y-tr.V[2].Y-r.H) < 1e-9
		if !touchW && !touchH {
			t.Errorf("%+v: side %v fits neither the width nor the height", r, a)
		}
		for _, v := range tr.V {
			if !(Rect{r.X - 1e-9, r.Y - 1e-9, r.W + 2e-9, r.H + 2e-9}).Contains(v) {
				t.Errorf("%+v: vertex %v outside", r, v)
			}
		}
		if tr.V[0].Y != tr.V[1].Y || tr.V[0].X >= tr.V[1].X || tr.V[2].Y >= tr.V[0].Y {
			t.Errorf("%+v: want e1 bottom-left, e2 bottom-right, e3 on top: %v", r, tr.V)
		}
	}
}

func TestBarycentricPlacement(t *testing.T) {
	tr := EquilateralIn(Rect{0, 0, 600, 520})
	for i, x := range [][3]float64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}} {
		if p := tr.At(x[0], x[1], x[2]); !near(p, tr.V[i]) {
			t.Errorf("e%d at %v, want vertex %v", i+1, p, tr.V[i])
		}
	}
	// The centroid is the mean of the vertices, and for an equilateral
	// triangle it is equidistant from them.
	c := tr.Centroid()
	want := Point{(tr.V[0].X + tr.V[1].X + tr.V[2].X) / 3, (tr.V[0].Y + tr.V[1].Y + tr.V[2].Y) / 3}
	if !near(c, want) {
		t.Errorf("centroid at %v, want %v", c, want)
	}
	d0 := math.Hypot(c.X-tr.V[0].X, c.Y-tr.V[0].Y)
	for _, v := range tr.V[1:] {
		if d := math.Hypot(c.X-v.X, c.Y-v.Y); math.Abs(d-d0) > 1e-9 {
			t.Errorf("centroid distances %v and %v differ", d0, d)
		}
	}
	// An edge midpoint lies halfway along the edge.
	if p, m := tr.At(0.5, 0.5, 0), (Point{(tr.V[0].X + tr.V[1].X) / 2, tr.V[0].Y}); !near(p, m) {
		t.Errorf("midpoint of e1e2 at %v, want %v", p, m)
	}
	// A point of the simplex lands inside the triangle.
	rng := rand.New(rand.NewPCG(1, 2))
	for range 1000 {
		a, b, c := rng.ExpFloat64(), rng.ExpFloat64(), rng.ExpFloat64()
		s := a + b + c
		p := tr.At(a/s, b/s, c/s)
		if !inTriangle(tr, p) {
			t.Fatalf("(%v, %v, %v) lands at %v outside %v", a/s, b/s, c/s, p, tr.V)
		}
	}
}

// inTriangle reports whether p lies in t (with a small tolerance).
func inTriangle(t Triangle, p Point) bool {
	sign := func(a, b Point) float64 { return (b.X-a.X)*(p.Y-a.Y) - (b.Y-a.Y)*(p.X-a.X) }
	s0, s1, s2 := sign(t.V[0], t.V[1]), sign(t.V[1], t.V[2]), sign(t.V[2], t.V[0])
	const e = 1e-6
	return (s0 <= e && s1 <= e && s2 <= e) || (s0 >= -e && s1 >= -e && s2 >= -e)
}

func TestIsoLine(t *testing.T) {
	tr := EquilateralIn(Rect{0, 0, 600, 520})
	// x₃ = 0 is the base e1–e2; x₃ = 1 shrinks to the apex.
	if a, b := tr.IsoLine(2, 0); !near(a, tr.V[0]) || !near(b, tr.V[1]) {
		t.Errorf("x3 = 0 runs %v–%v, want %v–%v", a, b, tr.V[0], tr.V[1])
	}
	if a, b := tr.IsoLine(2, 1); !near(a, tr.V[2]) || !near(b, tr.V[2]) {
		t.Errorf("x3 = 1 runs %v–%v, want the apex", a, b)
	}
	// Every iso-line of x₃ is horizontal, at the height of x₃ = v.
	for _, v := range []float64{0.25, 0.5, 0.75} {
		a, b := tr.IsoLine(2, v)
		if math.Abs(a.Y-b.Y) > tol || math.Abs(a.Y-tr.At(0, 1-v, v).Y) > tol {
			t.Errorf("x3 = %v runs %v–%v: not level", v, a, b)
		}
	}
}

func TestNearness(t *testing.T) {
	cases := []struct{ m, want float64 }{
		{1.0 / 3, 0}, {0.5, 0}, {NearnessFloor, 1}, {1e-9, 1}, {0, 1}, {-1, 1}, {math.NaN(), 1},
		{math.Sqrt(NearnessFloor / 3), 0.5}, // geometric midpoint of ⅓ and the floor
	}
	for _, c := range cases {
		if got := Nearness(c.m); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("Nearness(%v) = %v, want %v", c.m, got, c.want)
		}
	}
	prev := -1.0
	for m := 1.0 / 3; m > NearnessFloor/2; m /= 1.5 {
		g := Nearness(m)
		if g < prev || g < 0 || g > 1 {
			t.Fatalf("Nearness(%v) = %v after %v: not increasing within [0, 1]", m, g, prev)
		}
		prev = g
	}
}

func TestMapper(t *testing.T) {
	r := Rect{100, 50, 400, 200}
	m := Box{-2, 2, 0, 10}.Map(r)
	if p := m.Pixel(-2, 0); !near(p, Point{100, 250}) {
		t.Errorf("(X0, Y0) at %v, want the bottom-left corner", p)
	}
	if p := m.Pixel(2, 10); !near(p, Point{500, 50}) {
		t.Errorf("(X1, Y1) at %v, want the top-right corner", p)
	}
	if x, y := m.Data(m.Pixel(0.3, 7)); math.Abs(x-0.3) > tol || math.Abs(y-7) > tol {
		t.Errorf("Data(Pixel(0.3, 7)) = %v, %v", x, y)
	}
	if p, out := m.Clamped(0, 5, 2); out || !near(p, Point{300, 150}) {
		t.Errorf("inside point: %v, %v", p, out)
	}
	for _, c := range []struct {
		x, y float64
		want Point
	}{
		{100, 5, Point{498, 150}}, {-100, 5, Point{102, 150}},
		{0, 1e9, Point{300, 52}}, {0, -1e9, Point{300, 248}},
		{math.NaN(), math.NaN(), Point{102, 248}}, {math.Inf(1), math.Inf(-1), Point{498, 248}},
	} {
		if p, out := m.Clamped(c.x, c.y, 2); !out || !near(p, c.want) {
			t.Errorf("Clamped(%v, %v) = %v, %v; want %v, true", c.x, c.y, p, out, c.want)
		}
	}
	// An invalid box maps like [−1, 1]².
	if p := (Box{1, 1, math.NaN(), 0}).Map(r).Pixel(0, 0); !near(p, r.Center()) {
		t.Errorf("invalid box maps 0 to %v, want the centre", p)
	}
}

// cloud returns n points (pairs) normal about (cx, cy) with deviation sd.
func cloud(rng *rand.Rand, n int, cx, cy, sd float64) []float64 {
	pts := make([]float64, 2*n)
	for i := range n {
		pts[2*i] = cx + sd*rng.NormFloat64()
		pts[2*i+1] = cy + sd*rng.NormFloat64()
	}
	return pts
}

func TestRobustBoxIgnoresOutliers(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	pts := cloud(rng, 10000, 2, -1, 0.5)
	// 1 % of the points far away, as the projected method's particles on a face are.
	for i := range 100 {
		pts[2*i], pts[2*i+1] = 280, -300
	}
	b, _ := RobustBox(pts, DefaultViewOptions(), nil)
	// With 1 % of the mass at +280 in x, the 2 % and 98 % quantiles of x are
	// the 2.02 % and 98.99 % quantiles of the bulk N(2, 0.5²): 2 − 0.5·2.05
	// and 2 + 0.5·2.32, that is [0.98, 3.16]; padded by 12 % of the span
	// each side, [0.71, 3.42]. In y the outliers sit low: [−2.42, 0.29].
	// The tolerance covers the sampling error of 5000 sampled points.
	if math.Abs(b.X0-0.71) > 0.1 || math.Abs(b.X1-3.42) > 0.1 ||
		math.Abs(b.Y0-(-2.42)) > 0.1 || math.Abs(b.Y1-0.29) > 0.1 {
		t.Errorf("box %+v, want about [0.71, 3.42] × [−2.42, 0.29]", b)
	}
	// The bulk fills the view: most points lie inside, the outliers outside.
	m := b.Map(Rect{0, 0, 500, 400})
	inside := 0
	for i := 0; i < len(pts); i += 2 {
		if _, out := m.Clamped(pts[i], pts[i+1], 0); !out {
			inside++
		}
	}
	if frac := float64(inside) / 10000; frac < 0.95 || frac > 0.99 {
		t.Errorf("%.3f of the points inside the view, want most but not the outliers", frac)
	}
}

func TestRobustBoxDegenerate(t *testing.T) {
	o := DefaultViewOptions()
	constant := []float64{3, 4, 3, 4, 3, 4}
	b, _ := RobustBox(constant, o, nil)
	if !b.Valid() || math.Abs(b.X1-b.X0-o.MinSpan) > tol || math.Abs(b.Y1-b.Y0-o.MinSpan) > tol {
		t.Errorf("constant cloud: box %+v, want spans of %v", b, o.MinSpan)
	}
	if c := (Point{(b.X0 + b.X1) / 2, (b.Y0 + b.Y1) / 2}); !near(c, Point{3, 4}) {
		t.Errorf("constant cloud: box centred at %v, want (3, 4)", c)
	}
	nan, inf := math.NaN(), math.Inf(1)
	for name, pts := range map[string][]float64{
		"nil": nil, "empty": {}, "odd": {1}, "NaN": {nan, nan, nan, nan}, "Inf": {inf, -inf},
		"mixed": {nan, 1, 2, inf, 3, nan},
	} {
		for _, opt := range []ViewOptions{o, {}, {Lo: nan, Hi: nan, Pad: nan, MinSpan: nan}, {Lo: 0.9, Hi: 0.1, MinSpan: -1}} {
			b, _ := RobustBox(pts, opt, nil)
			if !b.Valid() {
				t.Errorf("%s with %+v: box %+v", name, opt, b)
			}
		}
	}
	// An empty cloud is shown about the origin.
	if b, _ := RobustBox(nil, o, nil); b != (Box{-0.5, 0.5, -0.5, 0.5}) {
		t.Errorf("empty cloud: %+v", b)
	}
}

func TestRobustBoxSubsample(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	pts := cloud(rng, 200000, 0, 0, 1)
	o := DefaultViewOptions()
	sub, scratch := RobustBox(pts, o, nil)
	if len(scratch) > 2*o.Sample {
		t.Errorf("sorted %d values, want at most %d", len(scratch), 2*o.Sample)
	}
	o.Sample = 0
	full, _ := RobustBox(pts, o, nil)
	for _, d := range []float64{sub.X0 - full.X0, sub.X1 - full.X1, sub.Y0 - full.Y0, sub.Y1 - full.Y1} {
		// The quantile of a 4096-sample is within a few hundredths of the
		// full one (its standard error is about √(p(1−p)/n)/pdf ≈ 0.05 here).
		if math.Abs(d) > 0.2 {
			t.Errorf("subsampled box %+v far from the full one %+v", sub, full)
		}
	}
	// Reusing scratch allocates nothing.
	allocs := testing.AllocsPerRun(10, func() { _, scratch = RobustBox(pts, DefaultViewOptions(), scratch) })
	if allocs != 0 {
		t.Errorf("RobustBox with scratch allocates %v times", allocs)
	}
}

func TestViewTracker(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	a := cloud(rng, 4000, 0, 0, 1)
	tr := NewViewTracker()
	if tr.Box() != DefaultBox {
		t.Errorf("before the first update: %+v", tr.Box())
	}
	first := tr.Update(a)
	if want, _ := RobustBox(a, tr.Options, nil); first != want {
		t.Errorf("first update %+v, want the target %+v at once", first, want)
	}
	// A redraw of the same distribution barely moves the view: no jitter.
	b := cloud(rng, 4000, 0, 0, 1)
	next := tr.Update(b)
	for _, d := range []float64{next.X0 - first.X0, next.X1 - first.X1, next.Y0 - first.Y0, next.Y1 - first.Y1} {
		if math.Abs(d) > 0.05 {
			t.Errorf("view moved from %+v to %+v on a redraw", first, next)
		}
	}
	// A cloud that moves away is followed, and reached within a few dozen updates.
	c := cloud(rng, 4000, 20, -10, 1)
	target, _ := RobustBox(c, tr.Options, nil)
	prev := tr.Update(c)
	if prev.X1 <= next.X1 || prev.X0 != prev.X0 {
		t.Errorf("view %+v did not start towards %+v", prev, target)
	}
	for range 100 {
		cur := tr.Update(c)
		if cur.X0 < prev.X0-tol || cur.X1 < prev.X1-tol {
			t.Fatalf("view went back: %+v after %+v", cur, prev)
		}
		if !cur.Valid() || cur.X1-cur.X0 < tr.Options.MinSpan-tol {
			t.Fatalf("view %+v invalid or too narrow", cur)
		}
		prev = cur
	}
	if math.Abs(prev.X0-target.X0) > 0.01 || math.Abs(prev.Y1-target.Y1) > 0.01 {
		t.Errorf("after 100 updates %+v, want about %+v", prev, target)
	}
	// Growing is faster than shrinking.
	tr.Reset()
	tr.Update(cloud(rng, 4000, 0, 0, 1))
	grown := tr.Update(cloud(rng, 4000, 0, 0, 10))
	tr.Reset()
	tr.Update(cloud(rng, 4000, 0, 0, 10))
	wide := tr.Box()
	shrunk := tr.Update(cloud(rng, 4000, 0, 0, 1))
	if g, s := grown.X1-first.X1, wide.X1-shrunk.X1; !(g > 2*s) {
		t.Errorf("grew by %v but shrank by %v in one update", g, s)
	}
	// Reset jumps.
	tr.Reset()
	if got, want := tr.Update(c), target; got != want {
		t.Errorf("after Reset: %+v, want %+v", got, want)
	}
	// Empty and constant clouds keep a valid box.
	for _, pts := range [][]float64{nil, {1, 1}, {math.NaN(), math.Inf(1)}} {
		if b := tr.Update(pts); !b.Valid() {
			t.Errorf("Update(%v) = %+v", pts, b)
		}
	}
}

func TestNiceStep(t *testing.T) {
	cases := []struct{ raw, want float64 }{
		{1, 1}, {1.01, 2}, {2, 2}, {2.5, 5}, {5, 5}, {7, 10}, {0.3, 0.5}, {0.013, 0.02},
		{120, 200}, {1e-7, 1e-7}, {0, 0}, {-1, 0}, {math.NaN(), 0}, {math.Inf(1), 0},
	}
	for _, c := range cases {
		if got := NiceStep(c.raw); math.Abs(got-c.want) > 1e-12*c.want {
			t.Errorf("NiceStep(%v) = %v, want %v", c.raw, got, c.want)
		}
	}
}

func TestTicks(t *testing.T) {
	cases := []struct {
		lo, hi float64
		max    int
		want   []float64
		step   float64
	}{
		{0, 10, 5, []float64{0, 2, 4, 6, 8, 10}, 2},
		{-3.3, 4.1, 6, []float64{-2, 0, 2, 4}, 2},
		{-1, 1, 4, []float64{-1, -0.5, 0, 0.5, 1}, 0.5},
		{0.12, 0.18, 3, []float64{0.12, 0.14, 0.16, 0.18}, 0.02},
		{-0.3, 0.3, 6, []float64{-0.3, -0.2, -0.1, 0, 0.1, 0.2, 0.3}, 0.1},
		{-280, 10, 6, []float64{-250, -200, -150, -100, -50, 0}, 50},
	}
	for _, c := range cases {
		got, step := Ticks(nil, c.lo, c.hi, c.max)
		if math.Abs(step-c.step) > 1e-12 || len(got) != len(c.want) {
			t.Errorf("Ticks(%v, %v, %d) = %v step %v, want %v step %v", c.lo, c.hi, c.max, got, step, c.want, c.step)
			continue
		}
		for i := range got {
			if math.Abs(got[i]-c.want[i]) > 1e-12 {
				t.Errorf("Ticks(%v, %v, %d) = %v, want %v", c.lo, c.hi, c.max, got, c.want)
				break
			}
		}
		if slices.Contains(c.want, 0) && !slices.Contains(got, 0) {
			t.Errorf("Ticks(%v, %v): 0 is not exactly a tick: %v", c.lo, c.hi, got)
		}
	}
	// Always within [lo, hi], at most max+1, evenly spaced.
	rng := rand.New(rand.NewPCG(9, 10))
	buf := make([]float64, 0, 16)
	for range 2000 {
		lo := (rng.Float64() - 0.5) * math.Pow(10, rng.Float64()*8-4)
		hi := lo + math.Pow(10, rng.Float64()*8-5)
		n := 1 + rng.IntN(10)
		ticks, step := Ticks(buf, lo, hi, n)
		if len(ticks) > n+1 || len(ticks) == 0 && step > 0 && hi-lo >= step {
			t.Fatalf("Ticks(%v, %v, %d) = %v (step %v)", lo, hi, n, ticks, step)
		}
		// Rounding: a few ulps of the tick values, which may be far larger than the step.
		e := 1e-9*step + 1e-14*max(math.Abs(lo), math.Abs(hi))
		for i, v := range ticks {
			if v < lo-e || v > hi+e || i > 0 && math.Abs(v-ticks[i-1]-step) > e {
				t.Fatalf("Ticks(%v, %v, %d) = %v (step %v)", lo, hi, n, ticks, step)
			}
		}
	}
	for _, c := range [][2]float64{{1, 1}, {2, 1}, {math.NaN(), 1}, {0, math.Inf(1)}, {-math.MaxFloat64, math.MaxFloat64}} {
		if got, step := Ticks(nil, c[0], c[1], 5); len(got) > 6 || math.IsNaN(step) {
			t.Errorf("Ticks(%v, %v) = %v, %v", c[0], c[1], got, step)
		}
	}
	if got, _ := Ticks(nil, 0, 1, 0); len(got) != 0 {
		t.Errorf("Ticks with max 0 = %v", got)
	}
}

func TestTickLabels(t *testing.T) {
	cases := []struct {
		v, step float64
		want    string
	}{
		{0, 1, "0"}, {2, 1, "2"}, {-2, 1, "−2"}, {-0.5, 0.5, "−0.5"}, {0.25, 0.05, "0.25"},
		{-1e-17, 0.1, "0.0"}, {150, 50, "150"}, {0.02, 0.02, "0.02"}, {-0.001, 0.001, "−0.001"},
		{1e-5, 1e-5, "0.00001"},
	}
	for _, c := range cases {
		if got := string(AppendTickLabel(nil, c.v, c.step)); got != c.want {
			t.Errorf("AppendTickLabel(%v, %v) = %q, want %q", c.v, c.step, got, c.want)
		}
	}
	for _, c := range []struct {
		step float64
		want int
	}{{1, 0}, {2, 0}, {50, 0}, {0.5, 1}, {0.2, 1}, {0.1, 1}, {0.05, 2}, {0.01, 2}, {0, 0}, {math.NaN(), 0}} {
		if got := TickDecimals(c.step); got != c.want {
			t.Errorf("TickDecimals(%v) = %d, want %d", c.step, got, c.want)
		}
	}
}

func TestParticleStyle(t *testing.T) {
	prevS, prevA := math.Inf(1), math.Inf(1)
	for _, n := range []int{-1, 0, 1, 10, 100, 1000, 4000, 20000, 200000, 1 << 30} {
		s, a := ParticleStyle(n)
		if s < 1.5 || s > 4 || a < 0.12 || a > 0.9 || s > prevS || a > prevA {
			t.Errorf("ParticleStyle(%d) = %v, %v", n, s, a)
		}
		prevS, prevA = s, a
	}
	// The default run (4000 particles) is drawn clearly; 200000 faintly.
	if s, a := ParticleStyle(4000); s < 2.5 || a < 0.5 {
		t.Errorf("ParticleStyle(4000) = %v, %v: too faint", s, a)
	}
	if _, a := ParticleStyle(200000); a > 0.2 {
		t.Errorf("ParticleStyle(200000) alpha %v: a dense cloud would saturate", a)
	}
}

func TestVertices(t *testing.T) {
	tri := EquilateralIn(Rect{X: 0, Y: 0, W: 600, H: 500})
	v2 := tri.Vertices(nil, 2)
	if len(v2) != 3 || v2[0] != tri.V[0] || v2[2] != tri.V[2] {
		t.Fatalf("Vertices(2) = %v, want the triangle %v", v2, tri.V)
	}
	for _, d := range []int{3, 4, 10} {
		v := tri.Vertices(nil, d)
		if len(v) != d+1 {
			t.Fatalf("Vertices(%d) has %d points", d, len(v))
		}
		// A regular polygon: every vertex equally far from the mean vertex c,
		// all within the triangle's bounding box.
		var c Point
		for _, p := range v {
			c.X += p.X / float64(d+1)
			c.Y += p.Y / float64(d+1)
		}
		r := math.Hypot(v[0].X-c.X, v[0].Y-c.Y)
		for i, p := range v {
			if got := math.Hypot(p.X-c.X, p.Y-c.Y); math.Abs(got-r) > 1e-9 {
				t.Errorf("d=%d: vertex %d at distance %v from the centre, want %v", d, i, got, r)
			}
			if p.X < tri.V[0].X-1e-9 || p.X > tri.V[1].X+1e-9 || p.Y < tri.V[2].Y-1e-9 || p.Y > tri.V[0].Y+1e-9 {
				t.Errorf("d=%d: vertex %d at %v leaves the triangle's box", d, i, p)
			}
		}
		// e_{d+1} at the top, e₁ left of the centre.
		if top := v[d]; math.Abs(top.X-c.X) > 1e-9 || top.Y >= c.Y {
			t.Errorf("d=%d: e_{d+1} at %v, want straight above the centre %v", d, top, c)
		}
		if v[0].X >= c.X {
			t.Errorf("d=%d: e₁ at %v, want left of the centre %v", d, v[0], c)
		}
		// The barycentre of Δ^d lands on the centre; a vertex on its vertex.
		x := make([]float64, d+1)
		for i := range x {
			x[i] = 1 / float64(d+1)
		}
		if p := Place(v, x); math.Hypot(p.X-c.X, p.Y-c.Y) > 1e-9 {
			t.Errorf("d=%d: barycentre placed at %v, want %v", d, p, c)
		}
		clear(x)
		x[1] = 1
		if p := Place(v, x); p != v[1] {
			t.Errorf("d=%d: e₂ placed at %v, want %v", d, p, v[1])
		}
	}
}

// TestQuantileBySelection checks quantile, which selects order statistics,
// against the same interpolation on the sorted values, bit for bit, on
// random values with ties, sorted and reversed runs, for many p.
func TestQuantileBySelection(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 300 {
		n := 1 + rng.IntN(300)
		v := make([]float64, n)
		for i := range v {
			switch trial % 4 {
			case 0:
				v[i] = rng.NormFloat64()
			case 1:
				v[i] = float64(rng.IntN(5)) // ties
			case 2:
				v[i] = float64(i) // sorted
			default:
				v[i] = float64(n - i) // reversed
			}
		}
		sorted := slices.Sorted(slices.Values(v))
		for _, p := range []float64{0, 0.02, 0.25, 0.5, 0.77, 0.98, 1} {
			pos := p * float64(n-1)
			i := min(int(pos), n-1)
			want := sorted[i]
			if i < n-1 {
				want = sorted[i] + (pos-float64(i))*(sorted[i+1]-sorted[i])
			}
			if got := quantile(slices.Clone(v), p); got != want {
				t.Fatalf("n %d, trial %d, p %v: quantile %v, want %v", n, trial, p, got, want)
			}
		}
	}
}

// TestSmallest checks Smallest against slices.Min, NaN included.
func TestSmallest(t *testing.T) {
	nan := math.NaN()
	for _, x := range [][]float64{{1}, {3, 1, 2}, {0.5, 0.25, 0.25}, {nan, 1, 2}, {1, nan, 0}, {1, 0, nan}, {-1, math.Inf(-1)}, {2, 1}} {
		got, want := Smallest(x), slices.Min(x)
		if got != want && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Errorf("Smallest(%v) = %v, want %v", x, got, want)
		}
	}
}

// TestNearnessFast checks NearnessFast against Nearness over the whole
// range of m on a log scale and at random: within 10⁻⁵, and exact at the
// ends.
func TestNearnessFast(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	worst := 0.0
	check := func(m float64) {
		got, want := NearnessFast(m), Nearness(m)
		d := math.Abs(got - want)
		if !(d <= 1e-5) && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Fatalf("NearnessFast(%v) = %v, Nearness %v", m, got, want)
		}
		worst = max(worst, d)
	}
	for _, m := range []float64{math.NaN(), math.Inf(-1), -1, 0, NearnessFloor, 1.0 / 3, 0.5, 1, math.Inf(1)} {
		if got, want := NearnessFast(m), Nearness(m); got != want {
			t.Errorf("NearnessFast(%v) = %v, want %v", m, got, want)
		}
	}
	for i := range 100000 {
		check(math.Pow(10, -4+4*float64(i)/100000))
		check(rng.Float64() / 3)
	}
	t.Logf("largest difference %.2g", worst)
}

// TestScreenStacked: a screen taller than wide puts the primal panel over
// the dual one, each as wide as the screen and as high as in the wide
// layout of twice the width, over a status strip of StackedStatusLines; the
// rows below the titles start as far below each panel's top edge.
func TestScreenStacked(t *testing.T) {
	wide := Screen(1200, 600, false)
	f := Screen(600, 1200, false)
	if wide.Stacked || !f.Stacked {
		t.Fatalf("Stacked: %v for 1200×600, %v for 600×1200", wide.Stacked, f.Stacked)
	}
	if f.Primal.X != 0 || f.Dual.X != 0 || f.Primal.W != 600 || f.Dual.W != 600 || f.Primal.Y != 0 || f.Primal.MaxY() != f.Dual.Y {
		t.Errorf("primal %+v, dual %+v: want one over the other, each 600 wide", f.Primal, f.Dual)
	}
	if got, want := f.Status.H, float64(StackedStatusLines)*LineHeight+14; got != want || f.Status.Y != f.Dual.MaxY() || f.Status.MaxY() != 1200 {
		t.Errorf("status strip %+v: want height %v below the dual panel, to the bottom", f.Status, want)
	}
	if d := f.Primal.H - wide.Primal.H; math.Abs(d) > LineHeight*(StackedStatusLines-StatusLines)/2+1 {
		t.Errorf("stacked panels %v high, wide ones %v: want within the extra status lines' share", f.Primal.H, wide.Primal.H)
	}
	if !f.Dual.Contains(Point{f.Plot.X, f.Plot.Y}) || !f.Primal.Contains(f.Triangle.V[2]) || !f.Primal.Contains(Point{f.Legend.X, f.Legend.Y}) {
		t.Errorf("plot %+v, triangle %+v, legend %+v: want them in their panels %+v, %+v", f.Plot, f.Triangle, f.Legend, f.Primal, f.Dual)
	}
	if f.TopIn(f.Dual)-f.Dual.Y != f.TopIn(f.Primal)-f.Primal.Y || wide.TopIn(wide.Dual) != wide.Top {
		t.Errorf("TopIn: %v and %v in the stacked panels (tops %v, %v); %v in the wide dual panel, Top %v",
			f.TopIn(f.Primal), f.TopIn(f.Dual), f.Primal.Y, f.Dual.Y, wide.TopIn(wide.Dual), wide.Top)
	}
}
