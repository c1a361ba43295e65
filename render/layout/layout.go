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
	// StackedStatusLines is the number of lines of a stacked frame's status
	// strip: its StatusLines wrapped at half the width take 2, 3 and 2
	// lines (render's statusText).
	StackedStatusLines = 7
)

// Frame is the arrangement of one screen: the PRIMAL panel on the left, the
// DUAL panel on the right, and a status strip of readouts (and, when asked
// for, one help line) across the bottom; on a portrait screen (Stacked) the
// primal panel over the dual one, and the status strip's lines wrapped
// (StackedStatusLines). In a comparison (CompareFrame) each side has a
// Frame of its own, a row of the screen.
type Frame struct {
	W, H float64
	// Stacked is true when the panels are one over the other: the screen is
	// taller than wide.
	Stacked bool
	// Primal and Dual are the two panels, each half the width (half the
	// height of the panels' area, when Stacked).
	Primal, Dual Rect
	// Triangle is the drawn simplex Δ², inside Primal below its title.
	Triangle Triangle
	// Legend is the key to the primal panel's markers and colours, in the
	// panel's top-right corner beside the triangle's apex; empty (zero
	// width) when the frame draws none (a side of a comparison).
	Legend Rect
	// Top is the first pixel row below the panels' titles (and the
	// legend) that a plot as wide as a panel may use.
	Top float64
	// Tag is where the frame's label goes (the side of a comparison it
	// shows, "a: mmfld"): the start of the line below the primal title.
	Tag Point
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
	f := Frame{W: w, H: h, Stacked: h > w}
	if !f.Stacked {
		panelH := strips(&f, StatusLines, help)
		f.panels(Rect{0, 0, w, panelH}, true)
		return f
	}
	panelH := strips(&f, StackedStatusLines, help)
	top := math.Floor(panelH / 2)
	f.Primal = Rect{0, 0, w, top}
	f.Dual = Rect{0, top, w, panelH - top}
	f.decorate(true)
	return f
}

// strips sets f's status strip of lines readout lines and its help line
// (if help) at the bottom of f.W×f.H, and returns the height left above
// them.
func strips(f *Frame, lines int, help bool) (panelH float64) {
	helpH := 0.0
	if help {
		helpH = LineHeight + 4
	}
	statusH := float64(lines)*LineHeight + 14.0
	panelH = max(f.H-statusH-helpH, 0)
	f.Status = Rect{0, panelH, f.W, min(statusH, f.H-panelH)}
	f.Help = Rect{0, f.Status.MaxY(), f.W, max(f.H-f.Status.MaxY(), 0)}
	return panelH
}

// panels lays out the primal and dual panels side by side in row, with the
// legend in the primal panel's corner if legend.
func (f *Frame) panels(row Rect, legend bool) {
	f.Primal = Rect{row.X, row.Y, row.W / 2, row.H}
	f.Dual = Rect{row.X + row.W/2, row.Y, row.W - row.W/2, row.H}
	f.decorate(legend)
}

// TopIn returns the first pixel row of panel (f.Primal or f.Dual) that a
// plot as wide as it may use: f.Top, the same distance below the panel's
// top edge in either (the panels are side by side, or stacked).
func (f Frame) TopIn(panel Rect) float64 { return f.Top - f.Primal.Y + panel.Y }

// decorate lays out what goes inside the panels f.Primal and f.Dual: the
// triangle, the tag, the legend (in the primal panel's corner if legend)
// and the dual axes.
func (f *Frame) decorate(legend bool) {
	// Room around the triangle: vertex labels below its base corners and
	// beside its apex, the title above.
	f.Triangle = EquilateralIn(f.Primal.Inset(44, TitleBand+4, 44, 26))
	f.Tag = Point{X: f.Primal.X + 16, Y: f.Primal.Y + 32}
	if legend {
		f.Legend = Rect{X: f.Primal.MaxX() - 212, Y: f.Primal.Y + 12, W: 200, H: 104}
		if f.Legend.X < f.Primal.X {
			f.Legend = Rect{X: f.Primal.X, Y: f.Primal.Y + 12, W: max(f.Primal.W, 0), H: 104}
		}
		f.Top = f.Legend.MaxY() + 14
	} else {
		f.Legend = Rect{X: f.Primal.MaxX() - 12, Y: f.Primal.Y + 12}
		f.Top = f.Primal.Y + TitleBand + 22
	}
	// Room around the axes: tick labels left and below, the y₁ label below.
	f.Plot = f.Dual.Inset(62, TitleBand+4, 22, 40)
}

// CompareStatusLines is the number of readout lines in a comparison's status
// strip: the run (play state, step, speed, the legend), then one line of
// readouts for each side.
const CompareStatusLines = 3

// CompareStackedStatusLines is the number of lines of a stacked
// comparison's status strip, half as wide: the run on two lines, the
// legend on one, and each side's readouts wrapped on two (render's
// compareStatus).
const CompareStackedStatusLines = 7

// CompareFrame is the arrangement of a screen showing a comparison: side A's
// pair of panels (primal | dual) in a row over side B's, each a Frame
// without a legend (the status strip carries a compact one), over a shared
// status strip. Side A's primal panel sits above B's, so that the two
// pictures of the constrained space are compared straight down. On a
// portrait screen (Stacked) the four panels are one over the other: A's
// primal, B's primal, A's dual, B's dual, each as wide as the screen.
type CompareFrame struct {
	W, H    float64
	Stacked bool
	// A and B are the sides' rows; their Status and Help are the shared
	// strip's.
	A, B Frame
	// Status is the strip of readouts below both rows; Help the line below
	// it for the help text, zero height if none.
	Status, Help Rect
}

// Compare lays out a w×h screen for a comparison. With help, a line is
// kept at the bottom for a help text. Every rectangle has non-negative
// size, whatever w and h.
func Compare(w, h float64, help bool) CompareFrame {
	w, h = max(finiteOr(w, 0), 0), max(finiteOr(h, 0), 0)
	base := Frame{W: w, H: h}
	if h > w {
		panelH := strips(&base, CompareStackedStatusLines, help)
		base.Stacked = true
		c := CompareFrame{W: w, H: h, Stacked: true, A: base, B: base, Status: base.Status, Help: base.Help}
		row := math.Floor(panelH / 4)
		c.A.Primal, c.B.Primal = Rect{0, 0, w, row}, Rect{0, row, w, row}
		c.A.Dual, c.B.Dual = Rect{0, 2 * row, w, row}, Rect{0, 3 * row, w, max(panelH-3*row, 0)}
		c.A.decorate(false)
		c.B.decorate(false)
		return c
	}
	panelH := strips(&base, CompareStatusLines, help)
	c := CompareFrame{W: w, H: h, A: base, B: base, Status: base.Status, Help: base.Help}
	top := math.Floor(panelH / 2)
	c.A.panels(Rect{0, 0, w, top}, false)
	c.B.panels(Rect{0, top, w, panelH - top}, false)
	return c
}

// CurvesArea returns where the curves view goes in a screen of the frames
// rows (one, or a comparison's two): the right half above the status strip,
// in place of the dual panels (the lower half of a stacked screen, where
// the dual panels are).
func CurvesArea(rows ...Frame) Rect {
	if len(rows) == 0 {
		return Rect{}
	}
	first, last := rows[0].Dual, rows[len(rows)-1].Dual
	return Rect{X: first.X, Y: first.Y, W: first.W, H: max(last.MaxY()-first.Y, 0)}
}

// finiteOr returns v, or alt when v is NaN or infinite.
func finiteOr(v, alt float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return alt
	}
	return v
}
