package layout

import "math"

// The picture of a one-dimensional run (the segment Δ¹, an interval, the
// line): in each panel a histogram of the particles' positions over a
// horizontal axis, with a thin strip of the particles as dots (a rug) below
// its zero line.

// IntervalGap is the height in pixels of the gap between a histogram and the
// rug below it, where the domain's interval is drawn on the zero line.
const IntervalGap = 6

// IntervalRug is the height in pixels of the strip of dots below a histogram.
const IntervalRug = 26

// IntervalPlot returns where a panel draws a one-dimensional run: hist, the
// histogram's axes (bars grow up from its bottom edge, the zero line), and
// rug, the strip of dots below it, as wide as hist. top is the first pixel
// row below the panel's title and legend. Room is left on the left for the
// density's tick labels and below the rug for the position's tick labels and
// the vertex names of Δ¹. Both rectangles have non-negative size.
func IntervalPlot(panel Rect, top float64) (hist, rug Rect) {
	const left, right, below = 62, 22, 58
	x0 := panel.X + left
	w := max(panel.W-left-right, 0)
	y0 := max(top, panel.Y)
	h := max(panel.MaxY()-below-IntervalRug-IntervalGap-y0, 0)
	hist = Rect{X: x0, Y: y0, W: w, H: h}
	rug = Rect{X: x0, Y: hist.MaxY() + IntervalGap, W: w, H: IntervalRug}
	return hist, rug
}

// HistBins returns the number of histogram bins for n points: the Rice rule
// ⌈2 n^{1/3}⌉ (Terrell & Scott 1985, "Oversmoothed nonparametric density
// estimates", JASA 80), kept within [8, 100] so that a few particles still
// draw a shape and many do not draw hairlines.
func HistBins(n int) int {
	if n <= 0 {
		return 8
	}
	return min(max(int(math.Ceil(2*math.Cbrt(float64(n)))), 8), 100)
}

// BinIndex returns the bin of v among bins equal bins over [lo, hi]: bin i
// holds [lo + i·w, lo + (i+1)·w), w = (hi − lo)/bins, and the last bin also
// holds hi. ok is false for a value outside [lo, hi], NaN, or an empty or
// non-finite range.
func BinIndex(v, lo, hi float64, bins int) (i int, ok bool) {
	if bins < 1 || !(hi > lo) || math.IsInf(hi-lo, 0) || !(v >= lo && v <= hi) {
		return 0, false
	}
	i = int(float64(bins) * (v - lo) / (hi - lo))
	return min(i, bins-1), true
}

// Histogram counts the values v[off], v[off+stride], v[off+2·stride], … in
// bins equal bins over [lo, hi] (BinIndex) into counts, which it clears and
// resizes to bins (reusing its array), and returns counts and how many
// values fell outside (or were NaN).
func Histogram(counts, v []float64, stride, off int, lo, hi float64, bins int) ([]float64, int) {
	bins = max(bins, 0)
	if cap(counts) < bins {
		counts = make([]float64, bins)
	}
	counts = counts[:bins]
	clear(counts)
	outside := 0
	for k := off; k < len(v); k += max(stride, 1) {
		if i, ok := BinIndex(v[k], lo, hi, bins); ok {
			counts[i]++
		} else {
			outside++
		}
	}
	return counts, outside
}

// Densities turns bin counts of n points over [lo, hi] into densities,
// count/(n·w) with w the bin width, in place, and returns the largest. The
// bars then have the area of the fraction of the points they hold, so the
// histogram of points all inside [lo, hi] has area 1 and reads as a
// probability density. With n < 1 or an empty range every density is 0.
func Densities(counts []float64, n int, lo, hi float64) (peak float64) {
	w := (hi - lo) / float64(len(counts))
	if n < 1 || !(w > 0) || math.IsInf(w, 0) {
		clear(counts)
		return 0
	}
	for i, c := range counts {
		counts[i] = c / (float64(n) * w)
		peak = max(peak, counts[i])
	}
	return peak
}

// PeakTracker follows the tallest bar of a changing histogram with the
// height its density axis shows: at once when a bar outgrows the axis, and
// slowly when the bars shrink, so that the axis does not jitter from frame
// to frame. The zero value is ready; its first Update jumps.
type PeakTracker struct {
	top   float64
	valid bool
}

// Headroom is how far above the tallest bar the axis reaches.
const Headroom = 1.15

// peakShrink is the fraction of the way to a lower target that the axis
// moves per Update.
const peakShrink = 0.08

// Reset makes the next Update jump to its peak, as after the particles are
// redrawn.
func (t *PeakTracker) Reset() { t.valid = false }

// Update moves the axis top towards Headroom·peak (growing at once,
// shrinking by a fraction per call) and returns it; a peak that is not a
// positive finite number leaves the top where it was (1 at first).
func (t *PeakTracker) Update(peak float64) float64 {
	if !(peak > 0) || math.IsInf(peak, 0) {
		if !t.valid {
			return 1
		}
		return t.top
	}
	target := Headroom * peak
	switch {
	case !t.valid || target > t.top:
		t.top, t.valid = target, true
	default:
		t.top += peakShrink * (target - t.top)
	}
	return t.top
}

// RugOffset returns where, as a fraction of the rug's height in (0, 1), the
// dot of particle i sits: the golden-ratio sequence frac(0.5 + i·φ⁻¹), which
// spreads the dots evenly over the strip and keeps each particle at the
// same height from frame to frame.
func RugOffset(i int) float64 {
	const invPhi = 0.6180339887498949
	v := 0.5 + float64(i%1_000_003)*invPhi
	v -= math.Floor(v)
	return 0.04 + 0.92*v
}
