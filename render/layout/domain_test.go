package layout

import (
	"math"
	"testing"

	"github.com/mmfld/playground/engine"
)

// TestExtent: the extents layout.Extent finds through the engine's maps are
// the domains' bounds from their configs, ±Inf where they go on.
func TestExtent(t *testing.T) {
	inf := math.Inf(1)
	for _, tc := range []struct {
		patch string
		want  Box
	}{
		{`{"domain": "box", "low": -0.5, "high": 2}`, Box{-0.5, 2, -0.5, 2}},
		{`{"domain": "box", "dim": 4}`, Box{0, 1, 0, 1}},
		{`{"domain": "ball", "radius": 2.5}`, Box{-2.5, 2.5, -2.5, 2.5}},
		{`{"domain": "polygon", "vertices": [0, 0, 3, 0.5, 2, 2, -1, 1.5]}`, Box{-1, 3, 0, 2}},
		{`{"domain": "orthant"}`, Box{0, inf, 0, inf}},
		{`{"domain": "plane"}`, Box{-inf, inf, -inf, inf}},
		{`{"dim": 1}`, Box{0, 1, 0, 1}},
		{`{"dim": 1, "domain": "ball", "radius": 3}`, Box{-3, 3, -3, 3}},
		{`{"dim": 1, "domain": "orthant"}`, Box{0, inf, 0, inf}},
	} {
		c, err := engine.Default().Patch([]byte(tc.patch))
		if err != nil {
			t.Fatal(err)
		}
		m, err := engine.NewMirror(c)
		if err != nil {
			t.Fatal(err)
		}
		got, _, _ := Extent(m, m.Dim(), nil, nil)
		if got != tc.want {
			t.Errorf("%s: Extent = %v, want %v", tc.patch, got, tc.want)
		}
	}
}

func TestSquareView(t *testing.T) {
	for _, tc := range []struct {
		ext    Box
		margin float64
		want   Box
	}{
		{Box{0, 1, 0, 1}, 0.06, Box{-0.06, 1.06, -0.06, 1.06}},
		{Box{-2, 2, -2, 2}, 0.03, Box{-2.12, 2.12, -2.12, 2.12}},
		// A wide extent: the narrow axis is centred in a square as wide.
		{Box{-1, 3, 0, 2}, 0.25, Box{-2, 4, -2, 4}},
		{Box{0, 2, -3, 1}, 0, Box{-1, 3, -3, 1}},
	} {
		got := SquareView(tc.ext, tc.margin)
		if !boxNear(got, tc.want, 1e-12) {
			t.Errorf("SquareView(%v, %v) = %v, want %v", tc.ext, tc.margin, got, tc.want)
		}
	}
}

func TestKeepEnds(t *testing.T) {
	inf := math.Inf(1)
	for _, tc := range []struct {
		view, ext, want Box
	}{
		// The orthant's corner stays in view, 6% of the width beyond it.
		{Box{2, 12, 3, 8}, Box{0, inf, 0, inf}, Box{-0.6, 12, -0.3, 8}},
		// Already in view: unchanged.
		{Box{-1, 5, -1, 5}, Box{0, inf, 0, inf}, Box{-1, 5, -1, 5}},
		// The plane has no ends.
		{Box{2, 12, 3, 8}, Box{-inf, inf, -inf, inf}, Box{2, 12, 3, 8}},
		// A finite upper end.
		{Box{-12, -2, 0, 1}, Box{-inf, 0, -inf, inf}, Box{-12, 0.6, 0, 1}},
	} {
		got := KeepEnds(tc.view, tc.ext, 0.06)
		if !boxNear(got, tc.want, 1e-12) {
			t.Errorf("KeepEnds(%v, %v) = %v, want %v", tc.view, tc.ext, got, tc.want)
		}
	}
}

func TestDepthAndRelativeDistance(t *testing.T) {
	inf := math.Inf(1)
	for _, tc := range []struct {
		ext        Box
		centre     float64 // the distance of the domain's centre to its boundary
		wantDepth  float64
		wantCentre float64
	}{
		{Box{0, 1, 0, 1}, 0.5, 1.5, 1.0 / 3},         // the box: its centre is deep inside
		{Box{-2, 2, -2, 2}, 2, 6, 1.0 / 3},           // the ball of radius 2
		{Box{0, inf, 0, inf}, 0.5, 3, 0.5 / 3},       // the orthant at (½, ½)
		{Box{-inf, inf, -inf, inf}, inf, 3, 1.0 / 3}, // the plane: all deep
	} {
		d := Depth(tc.ext)
		if d != tc.wantDepth {
			t.Errorf("Depth(%v) = %v, want %v", tc.ext, d, tc.wantDepth)
		}
		if r := RelativeDistance(tc.centre, d); math.Abs(r-tc.wantCentre) > 1e-15 {
			t.Errorf("RelativeDistance(%v, %v) = %v, want %v", tc.centre, d, r, tc.wantCentre)
		}
	}
	if r := RelativeDistance(-0.1, 3); Nearness(r) != 1 {
		t.Errorf("outside the domain: nearness %v, want 1", Nearness(r))
	}
}

func TestVertexLabel(t *testing.T) {
	tri := []Point{{0, 100}, {100, 100}, {50, 0}}
	for _, tc := range []struct {
		i    int
		side int
	}{{0, -1}, {1, 1}, {2, 0}} {
		at, side, ok := VertexLabel(tri, tc.i, 14)
		v := tri[tc.i]
		if !ok || side != tc.side {
			t.Errorf("vertex %d: side %d ok %v, want side %d", tc.i, side, ok, tc.side)
		}
		if d := math.Hypot(at.X-v.X, at.Y-v.Y); math.Abs(d-14) > 1e-9 {
			t.Errorf("vertex %d: label %v is %v from the vertex, want 14", tc.i, at, d)
		}
	}
	if _, _, ok := VertexLabel([]Point{{5, 5}}, 0, 14); ok {
		t.Error("a vertex at the centre has a label place")
	}
}

func TestCornerSquare(t *testing.T) {
	got := CornerSquare(Rect{X: 100, Y: 50, W: 300, H: 300}, 0.15, 4)
	if want := (Rect{X: 351, Y: 301, W: 45, H: 45}); got != want {
		t.Errorf("CornerSquare = %v, want %v", got, want)
	}
}

func TestBar(t *testing.T) {
	hist := Rect{X: 0, Y: 0, W: 100, H: 50}
	m := Box{X0: 0, X1: 10, Y0: 0, Y1: 2}.Map(hist)
	for _, tc := range []struct {
		k    int
		d    float64
		want Rect
	}{
		{0, 1, Rect{X: 0.5, Y: 25, W: 19, H: 25}}, // bins of width 2: 20 pixels, one parting them
		{2, 2, Rect{X: 40.5, Y: 0, W: 19, H: 50}}, // as tall as the axes
		{4, 9, Rect{X: 80.5, Y: 0, W: 19, H: 50}}, // taller: cut at the top
	} {
		if got := Bar(m, hist, 0, 2, tc.k, tc.d); !rectNear(got, tc.want) {
			t.Errorf("Bar(k %d, d %v) = %v, want %v", tc.k, tc.d, got, tc.want)
		}
	}
	// A bar narrower than two pixels keeps one.
	if got := Bar(m, hist, 0, 0.05, 0, 1); got.W != 1 {
		t.Errorf("narrow bar width %v, want 1", got.W)
	}
}

func TestLogRatios(t *testing.T) {
	y1, y2 := LogRatios([]float64{0.5, 0.25, 0.25})
	if math.Abs(y1-math.Log(2)) > 1e-15 || y2 != 0 {
		t.Errorf("LogRatios = (%v, %v), want (log 2, 0)", y1, y2)
	}
}

func boxNear(a, b Box, tol float64) bool {
	near := func(x, y float64) bool { return x == y || math.Abs(x-y) <= tol }
	return near(a.X0, b.X0) && near(a.X1, b.X1) && near(a.Y0, b.Y0) && near(a.Y1, b.Y1)
}

func rectNear(a, b Rect) bool {
	return math.Abs(a.X-b.X) < 1e-9 && math.Abs(a.Y-b.Y) < 1e-9 && math.Abs(a.W-b.W) < 1e-9 && math.Abs(a.H-b.H) < 1e-9
}
