// Package layout is the arithmetic of the playground's picture: where the
// panels go, where a barycentric point lands in the drawn simplex, which box
// of the dual plane the dual panel shows, and which ticks label its axes.
//
// It imports neither ebiten nor anything that needs a display, so every
// number the renderer draws with is tested by plain `go test`. Pixel
// coordinates follow the screen convention: x grows rightwards, y downwards.
package layout

import "math"

// Point is a position in pixels, or in data units where a function says so.
type Point struct{ X, Y float64 }

// Rect is an axis-aligned rectangle with top-left corner (X, Y), width W and
// height H, in pixels. The zero value is an empty rectangle at the origin.
type Rect struct{ X, Y, W, H float64 }

// MaxX returns the right edge X + W.
func (r Rect) MaxX() float64 { return r.X + r.W }

// MaxY returns the bottom edge Y + H.
func (r Rect) MaxY() float64 { return r.Y + r.H }

// Center returns the centre of r.
func (r Rect) Center() Point { return Point{r.X + r.W/2, r.Y + r.H/2} }

// Contains reports whether p lies in r, edges included.
func (r Rect) Contains(p Point) bool {
	return p.X >= r.X && p.X <= r.MaxX() && p.Y >= r.Y && p.Y <= r.MaxY()
}

// Inset returns r shrunk by left, top, right and bottom pixels; a side that
// would become negative is clamped to zero length.
func (r Rect) Inset(left, top, right, bottom float64) Rect {
	out := Rect{X: r.X + left, Y: r.Y + top, W: r.W - left - right, H: r.H - top - bottom}
	if out.W < 0 {
		out.X, out.W = r.X+r.W/2, 0
	}
	if out.H < 0 {
		out.Y, out.H = r.Y+r.H/2, 0
	}
	return out
}

// Clamp returns the point of r nearest to p.
func (r Rect) Clamp(p Point) Point {
	// Comparisons, not min and max, which are runtime calls in
	// WebAssembly; NaN stays NaN either way.
	if p.X < r.X {
		p.X = r.X
	} else if x1 := r.MaxX(); p.X > x1 {
		p.X = x1
	}
	if p.Y < r.Y {
		p.Y = r.Y
	} else if y1 := r.MaxY(); p.Y > y1 {
		p.Y = y1
	}
	return p
}

// Screen metrics of Frame, in logical pixels.
const (
	// LineHeight is the height of one line of status text.
	LineHeight = 20
	// StatusLines is the number of readout lines in the status strip: the
	// run, the particles, and the objective L with the entropy and the
	// errors against a known target.
	StatusLines = 3
	// TitleBand is the height at the top of each panel kept for its title.
	TitleBand = 52
)

// Frame is the arrangement of one screen: the PRIMAL panel on the left, the
// DUAL panel on the right, and a status strip of readouts (and, when asked
// for, one help line) across the bottom.
type Frame struct {
	W, H float64
	// Primal and Dual are the two panels, each half the width.
	Primal, Dual Rect
	// Triangle is the drawn simplex Δ², inside Primal below its title.
	Triangle Triangle
	// Legend is the key to the primal panel's markers and colours, in the
	// panel's top-right corner beside the triangle's apex.
	Legend Rect
	// Plot is the dual axes box inside Dual, leaving room for tick labels.
	Plot Rect
	// Status is the strip of readouts below both panels.
	Status Rect
	// Help is the line below Status for the help text; zero height if none.
	Help Rect
}

// Screen lays out a w×h screen. With help, a line is kept at the bottom for
// a help text. Every rectangle has non-negative size, whatever w and h.
func Screen(w, h float64, help bool) Frame {
	w, h = max(finiteOr(w, 0), 0), max(finiteOr(h, 0), 0)
	f := Frame{W: w, H: h}
	helpH := 0.0
	if help {
		helpH = LineHeight + 4
	}
	statusH := StatusLines*LineHeight + 14.0
	panelH := max(h-statusH-helpH, 0)
	f.Primal = Rect{0, 0, w / 2, panelH}
	f.Dual = Rect{w / 2, 0, w - w/2, panelH}
	f.Status = Rect{0, panelH, w, min(statusH, h-panelH)}
	f.Help = Rect{0, f.Status.MaxY(), w, max(h-f.Status.MaxY(), 0)}
	// Room around the triangle: vertex labels below its base corners and
	// beside its apex, the title above.
	f.Triangle = EquilateralIn(f.Primal.Inset(44, TitleBand+4, 44, 26))
	f.Legend = Rect{X: f.Primal.MaxX() - 212, Y: 12, W: 200, H: 104}
	if f.Legend.X < f.Primal.X {
		f.Legend = Rect{X: f.Primal.X, Y: 12, W: max(f.Primal.W, 0), H: 104}
	}
	// Room around the axes: tick labels left and below, the y₁ label below.
	f.Plot = f.Dual.Inset(62, TitleBand+4, 22, 40)
	return f
}

// finiteOr returns v, or alt when v is NaN or infinite.
func finiteOr(v, alt float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return alt
	}
	return v
}
