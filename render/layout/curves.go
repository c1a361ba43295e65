package layout

import (
	"math"
	"sort"
)

// The curves view: the readouts of a run (and of both sides of a
// comparison) against the step, as small plots stacked in one column that
// share the step axis.

// Margins of the curves view, in pixels: the title band above the plots,
// room on the left for the value axes' labels, below for the step axis's
// labels, and the gap between two plots (where each plot's name goes).
const (
	curvesLeft, curvesRight = 70, 22
	curvesBelow             = 34
	CurvesGap               = 22 // between two plots: the lower one's name sits in it
)

// CurvePlots returns the rectangles of n plots stacked in area, below its
// title band and a line for the key to its curves, each CurvesGap below the
// one above (the first as far below the key), appended to dst[:0].
// Every rectangle has non-negative size.
func CurvePlots(dst []Rect, area Rect, n int) []Rect {
	dst = dst[:0]
	if n <= 0 {
		return dst
	}
	x := area.X + curvesLeft
	w := max(area.W-curvesLeft-curvesRight, 0)
	y0 := area.Y + TitleBand + 20
	total := max(area.MaxY()-curvesBelow-y0, 0)
	h := max((total-float64(n-1)*CurvesGap)/float64(n), 0)
	for i := range n {
		dst = append(dst, Rect{X: x, Y: y0 + float64(i)*(h+CurvesGap), W: w, H: h})
	}
	return dst
}

// SeriesRange returns the range a plot's value axis shows for values in
// [lo, hi]: on a linear axis padded by 6% of the span at each end (a flat
// series by a little of its size, or ±1 about 0); on a log axis (log) the
// decades that hold them, widened to at least one decade. lo and hi must be
// finite, and positive on a log axis.
func SeriesRange(lo, hi float64, log bool) (a, b float64) {
	if log {
		a, b = math.Pow(10, math.Floor(math.Log10(lo))), math.Pow(10, math.Ceil(math.Log10(hi)))
		if b <= a {
			b = a * 10
		}
		return a, b
	}
	span := hi - lo
	if !(span > 0) {
		span = math.Abs(lo) * 0.1
		if span == 0 {
			span = 1
		}
		return lo - span, hi + span
	}
	return lo - 0.06*span, hi + 0.06*span
}

// LogTicks appends to dst[:0] the powers of ten in [lo, hi], every k-th
// one when there are more than most, and returns them with k.
func LogTicks(dst []float64, lo, hi float64, most int) ([]float64, int) {
	dst = dst[:0]
	if !(lo > 0) || !(hi >= lo) || math.IsInf(hi, 0) {
		return dst, 1
	}
	e0, e1 := int(math.Ceil(math.Log10(lo)-1e-9)), int(math.Floor(math.Log10(hi)+1e-9))
	k := 1
	if most > 0 {
		for (e1-e0)/k+1 > most {
			k++
		}
	}
	for e := e0; e <= e1; e++ {
		if e%k == 0 {
			dst = append(dst, math.Pow(10, float64(e)))
		}
	}
	return dst, k
}

// LogY is a value axis: y of a value on a plot's pixel rows, linear or
// logarithmic.
type LogY struct {
	Log    bool
	Lo, Hi float64 // the range shown
	Rows   Rect    // the plot: Lo at its bottom edge, Hi at its top
}

// Pixel returns the pixel row of v, and false if v cannot be shown (NaN,
// infinite, or not positive on a log axis). Values outside the range land
// beyond the plot's edges.
func (a LogY) Pixel(v float64) (float64, bool) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	lo, hi := a.Lo, a.Hi
	if a.Log {
		if !(v > 0) || !(lo > 0) {
			return 0, false
		}
		v, lo, hi = math.Log10(v), math.Log10(lo), math.Log10(hi)
	}
	if !(hi > lo) {
		return a.Rows.Y + a.Rows.H/2, true
	}
	return a.Rows.MaxY() - (v-lo)/(hi-lo)*a.Rows.H, true
}

// Value returns the value at pixel row y (Pixel's inverse).
func (a LogY) Value(y float64) float64 {
	lo, hi := a.Lo, a.Hi
	if a.Log {
		lo, hi = math.Log10(lo), math.Log10(hi)
	}
	v := lo + (a.Rows.MaxY()-y)/a.Rows.H*(hi-lo)
	if a.Log {
		return math.Pow(10, v)
	}
	return v
}

// Nearest returns the index of the one of n increasing values at(0) …
// at(n−1) nearest to x (the earlier one on a tie), or −1 when n is 0.
func Nearest(n int, at func(i int) float64, x float64) int {
	if n == 0 {
		return -1
	}
	i := sort.Search(n, func(i int) bool { return at(i) >= x })
	switch {
	case i == n:
		return n - 1
	case i == 0:
		return 0
	case x-at(i-1) <= at(i)-x:
		return i - 1
	}
	return i
}
