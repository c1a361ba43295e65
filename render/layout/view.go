package layout

import (
	"math"
	"slices"
)

// Box is a rectangle of the data plane, [X0, X1] × [Y0, Y1]: the part of the
// dual plane that the dual panel shows.
type Box struct{ X0, X1, Y0, Y1 float64 }

// Valid reports whether b is finite with X0 < X1 and Y0 < Y1.
func (b Box) Valid() bool {
	for _, v := range [...]float64{b.X0, b.X1, b.Y0, b.Y1} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return b.X0 < b.X1 && b.Y0 < b.Y1
}

// Mapper maps data coordinates of a Box into a pixel Rect, y pointing up:
// (X0, Y0) goes to the bottom-left corner of the rectangle, (X1, Y1) to the
// top-right one. Its methods allocate nothing, for use once per particle.
type Mapper struct {
	sx, ox, sy, oy float64
	clip           Rect
}

// Map returns the Mapper from b into r. An invalid b maps as the box
// [−1, 1]² would.
func (b Box) Map(r Rect) Mapper {
	if !b.Valid() {
		b = Box{-1, 1, -1, 1}
	}
	sx := r.W / (b.X1 - b.X0)
	sy := r.H / (b.Y1 - b.Y0)
	return Mapper{sx: sx, ox: r.X - b.X0*sx, sy: -sy, oy: r.MaxY() + b.Y0*sy, clip: r}
}

// Pixel returns the pixel position of the data point (x, y), which may lie
// outside the rectangle.
func (m Mapper) Pixel(x, y float64) Point { return Point{x*m.sx + m.ox, y*m.sy + m.oy} }

// Data returns the data point drawn at pixel p; it inverts Pixel.
func (m Mapper) Data(p Point) (x, y float64) { return (p.X - m.ox) / m.sx, (p.Y - m.oy) / m.sy }

// Clamped returns the pixel position of (x, y) moved to the nearest point of
// the rectangle shrunk by inset pixels on every side, and whether it had to
// be moved. A NaN coordinate counts as outside and lands on the left or
// bottom edge.
func (m Mapper) Clamped(x, y, inset float64) (p Point, outside bool) {
	p = m.Pixel(x, y)
	x0, x1 := m.clip.X+inset, m.clip.MaxX()-inset
	y0, y1 := m.clip.Y+inset, m.clip.MaxY()-inset
	if x1 < x0 {
		x0, x1 = m.clip.Center().X, m.clip.Center().X
	}
	if y1 < y0 {
		y0, y1 = m.clip.Center().Y, m.clip.Center().Y
	}
	switch {
	case p.X >= x0 && p.X <= x1:
	case p.X > x1:
		p.X, outside = x1, true
	default: // below x0, or NaN
		p.X, outside = x0, true
	}
	switch {
	case p.Y >= y0 && p.Y <= y1:
	case p.Y < y0:
		p.Y, outside = y0, true
	default: // below the bottom edge, or NaN
		p.Y, outside = y1, true
	}
	return p, outside
}

// ViewOptions say how RobustBox fits a box to a cloud of points.
type ViewOptions struct {
	// Lo and Hi are the quantiles of each coordinate that bound the bulk of
	// the cloud, e.g. 0.02 and 0.98: up to a fraction Lo+(1−Hi) of the
	// points per coordinate may lie beyond the padded box.
	Lo, Hi float64
	// Pad is the fraction of the quantile span added on each side.
	Pad float64
	// MinSpan is the smallest width and height of the box, in data units:
	// a cloud narrower than it is shown centred in a box this wide.
	MinSpan float64
	// Sample bounds the work per coordinate: a cloud of more points is
	// subsampled by a regular stride to between Sample and 2·Sample
	// points. If Sample is 0 every point is used.
	Sample int
}

// DefaultViewOptions returns the options the dual panel uses: the 2 %–98 %
// quantiles padded by 12 % each side, a minimum span of 1, and at most
// about 4096 sampled points per coordinate.
func DefaultViewOptions() ViewOptions {
	return ViewOptions{Lo: 0.02, Hi: 0.98, Pad: 0.12, MinSpan: 1, Sample: 4096}
}

// DefaultBox is the box shown for an empty cloud: [−1, 1]².
var DefaultBox = Box{-1, 1, -1, 1}

// RobustBox returns the box that frames the bulk of the cloud pts, which
// holds points as (x, y) pairs: per coordinate, the quantiles o.Lo and o.Hi
// of the finite values, padded by o.Pad of their span on each side and
// widened about their centre to at least o.MinSpan. Non-finite values are
// ignored; with no finite value in a coordinate the box is centred on 0
// there. scratch is reused (and grown if needed) to hold the sampled
// values while the quantiles are selected; the possibly grown scratch is
// returned for the next call.
func RobustBox(pts []float64, o ViewOptions, scratch []float64) (Box, []float64) {
	var b Box
	b.X0, b.X1, scratch = robustRange(pts, 0, o, scratch)
	b.Y0, b.Y1, scratch = robustRange(pts, 1, o, scratch)
	return b, scratch
}

// robustRange is RobustBox for one coordinate (offset 0 or 1 within pairs).
func robustRange(pts []float64, off int, o ViewOptions, scratch []float64) (lo, hi float64, _ []float64) {
	n := len(pts) / 2
	stride := 1
	if o.Sample > 0 && n > 2*o.Sample {
		stride = n / o.Sample
	}
	scratch = scratch[:0]
	for i := 0; i < n; i += stride {
		v := pts[2*i+off]
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			scratch = append(scratch, v)
		}
	}
	minSpan := o.minSpan()
	if len(scratch) == 0 {
		return -minSpan / 2, minSpan / 2, scratch
	}
	pLo, pHi := o.Lo, o.Hi
	if !(pLo >= 0 && pLo <= 1) {
		pLo = 0
	}
	if !(pHi >= 0 && pHi <= 1) {
		pHi = 1
	}
	lo, hi = quantile(scratch, pLo), quantile(scratch, pHi)
	if lo > hi {
		lo, hi = hi, lo
	}
	pad := 0.0
	if o.Pad > 0 && !math.IsInf(o.Pad, 0) {
		pad = o.Pad * (hi - lo)
	}
	lo, hi = lo-pad, hi+pad
	lo, hi = widen(lo, hi, minSpan)
	return lo, hi, scratch
}

// minSpan returns o.MinSpan, or 1 if that is not a positive finite number.
func (o ViewOptions) minSpan() float64 {
	if !(o.MinSpan > 0) || math.IsInf(o.MinSpan, 0) {
		return 1
	}
	return o.MinSpan
}

// widen returns [lo, hi] widened about its centre to at least span.
func widen(lo, hi, span float64) (float64, float64) {
	if hi-lo >= span {
		return lo, hi
	}
	c := lo/2 + hi/2
	return c - span/2, c + span/2
}

// quantile returns the p-quantile of the values v (p clamped to [0, 1]),
// interpolating linearly between order statistics: the value at position
// p·(len(v)−1) of v sorted. It finds the two order statistics it needs by
// selection (orderStat), in O(len(v)) rather than a sort's
// O(len(v)·log len(v)), reordering v. v is not empty.
func quantile(v []float64, p float64) float64 {
	n := len(v)
	if !(p > 0) {
		return orderStat(v, 0)
	}
	if p >= 1 {
		return orderStat(v, n-1)
	}
	pos := p * float64(n-1)
	i := int(pos)
	if i >= n-1 {
		return orderStat(v, n-1)
	}
	a := orderStat(v, i)
	b := Smallest(v[i+1:]) // every value after i is at least a
	f := pos - float64(i)
	return a + f*(b-a)
}

// orderStat returns the k-th smallest of the values v (k from 0), which
// must not be NaN, reordering v so that v[k] holds it, no larger value
// precedes it and no smaller one follows (Hoare's selection with a median
// of three pivot; it falls back to sorting if the partitions shrink too
// slowly, so it never takes quadratic time).
func orderStat(v []float64, k int) float64 {
	lo, hi := 0, len(v)-1
	for budget := 4 * bitLen(len(v)); lo < hi; budget-- {
		if budget == 0 {
			slices.Sort(v[lo : hi+1])
			return v[k]
		}
		mid := lo + (hi-lo)/2
		if v[mid] < v[lo] {
			v[mid], v[lo] = v[lo], v[mid]
		}
		if v[hi] < v[lo] {
			v[hi], v[lo] = v[lo], v[hi]
		}
		if v[hi] < v[mid] {
			v[hi], v[mid] = v[mid], v[hi]
		}
		pivot := v[mid]
		i, j := lo, hi
		for i <= j {
			for v[i] < pivot {
				i++
			}
			for pivot < v[j] {
				j--
			}
			if i <= j {
				v[i], v[j] = v[j], v[i]
				i++
				j--
			}
		}
		// Now v[lo..j] ≤ pivot ≤ v[i..hi], and v[j+1..i-1] = pivot.
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return v[k]
		}
	}
	return v[k]
}

// bitLen returns the number of bits of n > 0.
func bitLen(n int) int {
	b := 0
	for ; n > 0; n >>= 1 {
		b++
	}
	return b
}

// ViewTracker follows a moving cloud with a box that does not jitter: each
// Update moves every edge of the box a fraction of the way towards the edge
// of the cloud's current RobustBox, quickly when the box must grow to keep
// points in view and slowly when it may shrink. The zero value is not ready:
// use NewViewTracker.
type ViewTracker struct {
	// Options fit the target box to the cloud.
	Options ViewOptions
	// Grow and Shrink are the fractions of the distance to the target that
	// an edge moves per Update when the box grows and when it shrinks there.
	// 1 follows the target exactly; smaller values smooth more.
	Grow, Shrink float64

	box     Box
	valid   bool
	scratch []float64
}

// NewViewTracker returns a tracker with DefaultViewOptions, growing 30 %
// and shrinking 8 % of the way per update.
func NewViewTracker() *ViewTracker {
	return &ViewTracker{Options: DefaultViewOptions(), Grow: 0.3, Shrink: 0.08}
}

// Reset makes the next Update jump straight to the cloud's box, as after
// the particles are redrawn.
func (t *ViewTracker) Reset() { t.valid = false }

// Box returns the current box, or DefaultBox before the first Update.
func (t *ViewTracker) Box() Box {
	if !t.valid {
		return DefaultBox
	}
	return t.box
}

// Update moves the box towards the robust box of the cloud pts ((x, y)
// pairs) and returns it. The first Update after NewViewTracker or Reset
// jumps to the target. It allocates only to grow its scratch space.
func (t *ViewTracker) Update(pts []float64) Box {
	var target Box
	target, t.scratch = RobustBox(pts, t.Options, t.scratch)
	if !t.valid || !t.box.Valid() {
		t.box, t.valid = target, true
		return t.box
	}
	b := &t.box
	b.X0 = t.approach(b.X0, target.X0, target.X0 < b.X0)
	b.X1 = t.approach(b.X1, target.X1, target.X1 > b.X1)
	b.Y0 = t.approach(b.Y0, target.Y0, target.Y0 < b.Y0)
	b.Y1 = t.approach(b.Y1, target.Y1, target.Y1 > b.Y1)
	span := t.Options.minSpan()
	b.X0, b.X1 = widen(b.X0, b.X1, span)
	b.Y0, b.Y1 = widen(b.Y0, b.Y1, span)
	return t.box
}

// approach moves cur towards target by the grow or shrink fraction.
func (t *ViewTracker) approach(cur, target float64, growing bool) float64 {
	a := t.Shrink
	if growing {
		a = t.Grow
	}
	if !(a >= 0) {
		a = 0
	}
	a = min(a, 1)
	return cur + a*(target-cur)
}
