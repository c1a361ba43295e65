package render

import (
	"math"
	"strconv"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"

	"github.com/mmfld/playground/engine"
	"github.com/mmfld/playground/render/layout"
)

// A run in dimension 1 is drawn as two intervals: in the primal panel the
// domain (the segment Δ¹ along x₁, with its vertices e₂ at x₁ = 0 and e₁ at
// x₁ = 1; the interval [a, b]; the ball (−R, R); the orthant (0, ∞) and the
// line in a window that follows the particles) horizontally, the particles
// as a histogram of their positions (a density: the bars' area is the
// fraction of the particles they hold, the density axis rescaled as the
// histogram changes) above a thin strip of the particles as dots; in the
// dual panel the same for the dual coordinate y₁ = ∇φ(x).

// Histogram bar settings.
const (
	barAlpha    = 0.55 // the bars' fill; their top edge is drawn opaque
	barTop      = 2    // thickness of the top edge, in pixels
	densityTick = 4    // at most this many tick intervals on a density axis
	rugDotMax   = 3    // the largest dot of the rug, in pixels
)

// intervalState is what the 1-D picture keeps between frames: the density
// axes, the bins of each panel, the tick labels.
type intervalState struct {
	ppeak, dpeak layout.PeakTracker
	pbins, dbins histBins
	pax, dax     axes // x ticks of each panel; their density ticks in yt
}

// histBins are one histogram's bins: the densities, and the summed
// nearness to the boundary of the particles in each bin.
type histBins struct {
	counts, near []float64
}

// intervalPanel is one panel of the 1-D picture: its histogram axes and rug
// and the data range they show.
type intervalPanel struct {
	hist, rug    layout.Rect
	lo, hi       float64 // the position range shown
	binLo, binHi float64 // the range the bins cover: the domain's part of [lo, hi]
	top          float64 // the density the histogram's top edge shows
	m            layout.Mapper
}

// zeroY returns the pixel row of the zero line, between the histogram and
// the rug, where the domain's interval and the markers are drawn.
func (p *intervalPanel) zeroY() float64 { return p.hist.MaxY() + layout.IntervalGap/2 }

// drawInterval draws one frame of a dim-1 snap laid out as f.
func (s *scene) drawInterval(dst *ebiten.Image, f layout.Frame, snap *engine.Snapshot, help, note string) {
	c := &snap.Config
	iv := &s.iv
	simplex := c.Domain == engine.DomainSimplex
	w := 1 // coordinates per particle in snap.Primal
	if simplex {
		w = 2
	}
	n := len(snap.Dual)
	if len(snap.Primal) != w*n {
		n = 0
	}
	s.verts = s.verts[:0] // primalText then labels no polygon vertices
	s.texts.update(c)
	if snap.Metrics.Step < s.lastStep || n != s.lastN {
		s.view.Reset() // new particles: jump to them
		s.pview.Reset()
		iv.ppeak.Reset()
		iv.dpeak.Reset()
	}
	s.lastStep, s.lastN = snap.Metrics.Step, n

	// The position ranges: the domain with a margin, or a window that
	// follows the particles (the orthant always shows its end 0); the dual
	// view as in two dimensions, on (y₁, 0) pairs.
	s.ppairs = s.ppairs[:0]
	s.pairs = s.pairs[:0]
	for i := range n {
		s.ppairs = append(s.ppairs, snap.Primal[i*w], 0)
		s.pairs = append(s.pairs, snap.Dual[i], 0)
	}
	top := f.Legend.MaxY() + 14
	var pp, dp intervalPanel
	pp.hist, pp.rug = layout.IntervalPlot(f.Primal, top)
	dp.hist, dp.rug = layout.IntervalPlot(f.Dual, top)
	pp.lo, pp.hi = s.intervalRange(c)
	dv := s.view.Update(s.pairs)
	dp.lo, dp.hi = dv.X0, dv.X1
	// The bins cover the domain, so that no bar straddles its boundary
	// (and a bar's density is the particles' density next to it).
	a, b := domainInterval(c)
	pp.binLo, pp.binHi = max(a, pp.lo), min(b, pp.hi)
	dp.binLo, dp.binHi = dp.lo, dp.hi

	s.rules(f)
	s.histogram(&pp, &iv.ppeak, &iv.pbins, snap.Primal[:w*n], w)
	s.histogram(&dp, &iv.dpeak, &iv.dbins, snap.Dual[:n], 1)
	s.intervalFrame(&iv.pax, &pp, c, true)
	s.intervalFrame(&iv.dax, &dp, c, false)
	outside := s.rugDots(&pp, &dp, snap, w, n)
	s.intervalMarkers(&pp, &dp, snap)
	s.legendMarks(f, false)
	beyond := s.beyondNote(f, outside)

	s.drawBatches(dst)

	s.primalText(dst, f, snap)
	xName := "x₁"
	if c.Domain != engine.DomainSimplex {
		xName = "x"
	}
	s.intervalText(dst, &iv.pax, &pp, xName, "histogram of the particles' "+xName+" (a density) · dots: the particles")
	if simplex {
		// The vertices: e₂ at x₁ = 0, e₁ at x₁ = 1.
		for i, v := range [2]float64{1, 0} {
			if i < len(s.texts.vertex) {
				s.txt.draw(dst, s.texts.vertex[i], s.fc.label, pp.m.Pixel(v, 0).X, pp.rug.MaxY()+24, text.AlignCenter, colText)
			}
		}
	}
	fc := s.fc
	x := s.txt.drawMath(dst, &s.glyphs, "DUAL   y = ∇φ(x)", fc.title, f.Dual.X+16, 14, colText)
	s.txt.draw(dst, s.texts.dualNote, fc.small, x+14, 19, text.AlignStart, colDim)
	s.intervalText(dst, &iv.dax, &dp, "y₁", "histogram of the particles' y₁ (a density) · dots: the particles")
	if beyond != "" {
		s.txt.draw(dst, beyond, fc.small, f.Plot.MaxX()-9, f.Plot.Y+5, text.AlignEnd, colAmber)
	}
	s.footer(dst, f, snap, help, note)
}

// intervalRange returns the primal positions the 1-D primal panel shows:
// the segment's x₁ ∈ [0, 1], the box [a, b] and the ball (−R, R) with a
// margin; for the orthant and the line a window following the particles
// in s.ppairs (the orthant's always showing 0).
func (s *scene) intervalRange(c *engine.Config) (lo, hi float64) {
	switch c.Domain {
	case engine.DomainSimplex:
		return -0.04, 1.04
	case engine.DomainBox:
		m := 0.06 * (c.High - c.Low)
		return c.Low - m, c.High + m
	case engine.DomainBall:
		return -1.06 * c.Radius, 1.06 * c.Radius
	}
	b := s.pview.Update(s.ppairs)
	if c.Domain == engine.DomainOrthant {
		b.X0 = min(b.X0, -0.06*(b.X1-b.X0))
	}
	return b.X0, b.X1
}

// domainInterval returns the ends of a dim-1 domain in the coordinate the
// primal panel shows (x₁ on Δ¹), ±Inf where it has none.
func domainInterval(c *engine.Config) (lo, hi float64) {
	switch c.Domain {
	case engine.DomainSimplex:
		return 0, 1
	case engine.DomainBox:
		return c.Low, c.High
	case engine.DomainBall:
		return -c.Radius, c.Radius
	case engine.DomainOrthant:
		return 0, math.Inf(1)
	}
	return math.Inf(-1), math.Inf(1)
}

// nearness returns the particle colour index of a primal point x (x₁, x₂
// on Δ¹, x elsewhere) by its distance to the domain's boundary, as the
// two-dimensional picture colours it.
func nearness(c *engine.Config, x []float64) float64 {
	if c.Domain == engine.DomainSimplex {
		return layout.Nearness(min(x[0], x[1]))
	}
	return layout.Nearness(relativeDistance(c, x))
}

// histogram bins the positions v (stride values per particle, the first
// one binned) over p's range into b, rescales p's density axis with peak,
// and sets p's mapper; it clears b's nearness sums for rugDots.
func (s *scene) histogram(p *intervalPanel, peak *layout.PeakTracker, b *histBins, v []float64, stride int) {
	n := len(v) / stride
	bins := layout.HistBins(n)
	b.counts, _ = layout.Histogram(b.counts, v, stride, 0, p.binLo, p.binHi, bins)
	b.near = grow(b.near, bins)
	clear(b.near)
	p.top = peak.Update(layout.Densities(b.counts, n, p.binLo, p.binHi))
	p.m = layout.Box{X0: p.lo, X1: p.hi, Y0: 0, Y1: p.top}.Map(p.hist)
}

// bars adds the histogram's bars, b's densities over p's range for n
// particles, each coloured by its particles' mean nearness to the boundary.
func (s *scene) bars(p *intervalPanel, dst *batch, b *histBins, n int) {
	bw := (p.binHi - p.binLo) / float64(len(b.counts))
	base := p.hist.MaxY()
	for k, d := range b.counts {
		if !(d > 0) {
			continue
		}
		// d·bw·n is the number of particles in the bin.
		t := b.near[k] / (d * bw * float64(n))
		col := s.ramp[int(min(max(t, 0), 1)*(rampSize-1)+0.5)]
		x0 := p.m.Pixel(p.binLo+float64(k)*bw, 0).X
		x1 := p.m.Pixel(p.binLo+float64(k+1)*bw, 0).X
		y := max(p.m.Pixel(0, d).Y, p.hist.Y)
		r := layout.Rect{X: x0 + 0.5, Y: y, W: max(x1-x0-1, 1), H: base - y}
		dst.rect(r, col.alpha(barAlpha))
		dst.rect(layout.Rect{X: r.X, Y: y, W: r.W, H: min(barTop, r.H)}, col)
	}
}

// intervalFrame adds a panel's axes (grid lines at the position and
// density ticks, the frame, tick marks), the domain's region in the
// surface colour, and the domain as a segment on the zero line; the dual
// panel's domain is the whole line.
func (s *scene) intervalFrame(a *axes, p *intervalPanel, c *engine.Config, primal bool) {
	h, r := p.hist, p.rug
	all := layout.Rect{X: h.X, Y: h.Y, W: h.W, H: r.MaxY() - h.Y}
	a.xt, _ = layout.Ticks(a.xt, p.lo, p.hi, xTicks)
	a.yt, _ = layout.Ticks(a.yt, 0, p.top, densityTick)
	// The domain's part of the axis, and its ends (infinite: none).
	lo, hi := math.Inf(-1), math.Inf(1)
	if primal {
		lo, hi = domainInterval(c)
	}
	x0 := min(max(p.m.Pixel(lo, 0).X, all.X), all.MaxX())
	x1 := min(max(p.m.Pixel(hi, 0).X, all.X), all.MaxX())
	s.under.rect(layout.Rect{X: x0, Y: all.Y, W: x1 - x0, H: all.H}, colSurface)
	for _, v := range a.xt {
		s.xGridLine(crisp(p.m.Pixel(v, 0).X), v, h, r)
	}
	for _, v := range a.yt {
		y := crisp(p.m.Pixel(0, v).Y)
		s.under.rect(layout.Rect{X: h.X, Y: y - 0.5, W: h.W, H: 1}, colGrid)
		s.under.rect(layout.Rect{X: h.X - 5, Y: y - 0.5, W: 5, H: 1}, colEdge)
	}
	s.under.frame(all, 1, colEdge)
	// The domain on the zero line, with a bar at each end it has.
	y := p.zeroY()
	s.under.line(layout.Point{X: x0, Y: y}, layout.Point{X: x1, Y: y}, 3, 0, colEdge)
	for _, e := range [2]float64{lo, hi} {
		if math.IsInf(e, 0) {
			continue
		}
		if x, out := p.m.Clamped(e, 0, 0); !out {
			s.under.line(layout.Point{X: x.X, Y: y - 9}, layout.Point{X: x.X, Y: y + 9}, 2, 0, colEdge)
		}
	}
}

// rugDots adds a dot per particle to each panel's rug, at its position and
// a fixed height (layout.RugOffset), coloured by its nearness to the
// boundary, and then both histograms' bars, coloured by the mean nearness
// of their particles. It returns how many dual positions lie beyond the
// dual view (drawn at its edge).
func (s *scene) rugDots(pp, dp *intervalPanel, snap *engine.Snapshot, w, n int) (outside int) {
	c := &snap.Config
	iv := &s.iv
	size, alpha := layout.ParticleStyle(n)
	half := min(size, rugDotMax) / 2
	var ramp [rampSize]rgba
	for i, col := range s.ramp {
		ramp[i] = col.alpha(alpha)
	}
	pb, db := &iv.pbins, &iv.dbins
	for i := range n {
		xi := snap.Primal[i*w : (i+1)*w]
		yi := snap.Dual[i]
		t := nearness(c, xi)
		if k, ok := layout.BinIndex(xi[0], pp.binLo, pp.binHi, len(pb.near)); ok {
			pb.near[k] += t
		}
		if k, ok := layout.BinIndex(yi, dp.binLo, dp.binHi, len(db.near)); ok {
			db.near[k] += t
		}
		col := ramp[int(t*(rampSize-1)+0.5)]
		f := layout.RugOffset(i)
		at, _ := pp.m.Clamped(xi[0], 0, half)
		s.primal.square(layout.Point{X: at.X, Y: pp.rug.Y + f*pp.rug.H}, half, col)
		at, _ = dp.m.Clamped(yi, 0, half)
		if !(yi >= dp.lo && yi <= dp.hi) {
			outside++
		}
		s.dual.square(layout.Point{X: at.X, Y: dp.rug.Y + f*dp.rug.H}, half, col)
	}
	s.bars(pp, &s.primal, pb, n)
	s.bars(dp, &s.dual, db, n)
	return outside
}

// intervalMarkers adds the target (q₁ or α₁/α₀ on Δ¹, the well's centre
// elsewhere) and the empirical mean on each panel's zero line, in the dual
// panel at their images under ∇φ.
func (s *scene) intervalMarkers(pp, dp *intervalPanel, snap *engine.Snapshot) {
	c := &snap.Config
	mark := func(x float64, target bool) {
		p, _ := pp.m.Clamped(x, 0, markerInset)
		p.Y = pp.zeroY()
		var y float64
		ok := false
		if c.Domain == engine.DomainSimplex {
			if x > 0 && x < 1 {
				y, ok = math.Log(x/(1-x)), true
			}
		} else {
			y, _, ok = s.dualImage(c, []float64{x})
		}
		q, _ := dp.m.Clamped(y, 0, markerInset)
		q.Y = dp.zeroY()
		if target {
			s.targetMark(p)
			if ok {
				s.targetMark(q)
			}
			return
		}
		s.meanMark(p)
		if ok {
			s.meanMark(q)
		}
	}
	if c.Domain == engine.DomainSimplex {
		// q₁ for meanmatch, α₁/α₀ for dirichlet.
		switch {
		case c.Objective == engine.ObjectiveMeanMatch && len(c.Q) == 2:
			mark(c.Q[0], true)
		case c.Objective == engine.ObjectiveDirichlet && len(c.Alpha) == 2:
			mark(c.Alpha[0]/(c.Alpha[0]+c.Alpha[1]), true)
		}
	} else if len(c.Center) == 1 {
		mark(c.Center[0], true)
	}
	if mean := snap.Metrics.Mean; len(mean) > 0 {
		mark(mean[0], false)
	}
}

// intervalText writes a panel's tick labels (positions below the rug,
// densities left of the histogram), the axis names and the caption.
func (s *scene) intervalText(dst *ebiten.Image, a *axes, p *intervalPanel, xName, caption string) {
	fc := s.fc
	_, xs := layout.Ticks(a.xt, p.lo, p.hi, xTicks)
	for i, v := range a.xt {
		s.txt.draw(dst, a.xl.label(i, v, xs, &s.buf), fc.small, p.m.Pixel(v, 0).X, p.rug.MaxY()+6, text.AlignCenter, colDim)
	}
	_, ys := layout.Ticks(a.yt, 0, p.top, densityTick)
	for i, v := range a.yt {
		s.txt.draw(dst, a.yl.label(i, v, ys, &s.buf), fc.small, p.hist.X-8, p.m.Pixel(0, v).Y-8, text.AlignEnd, colDim)
	}
	// The axis name right of the tick labels' row (below it on Δ¹ go the
	// vertex names).
	s.txt.draw(dst, xName, fc.label, p.hist.MaxX()+20, p.rug.MaxY()+2, text.AlignEnd, colText)
	s.txt.draw(dst, "density", fc.small, p.hist.X-8, p.hist.Y-20, text.AlignEnd, colDim)
	s.txt.draw(dst, caption, fc.small, p.hist.X+4, p.hist.Y-20, text.AlignStart, colDim)
}

// intervalTexts sets t's strings for a dim-1 run.
func (t *dimTexts) intervalTexts(c *engine.Config) {
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', 4, 64) }
	t.dualNote = c.Mirror + " map, d = 1"
	switch c.Domain {
	case engine.DomainBox:
		t.primalTitle = "PRIMAL   x ∈ [" + g(c.Low) + ", " + g(c.High) + "]"
		t.primalNote = "the box in d = 1"
	case engine.DomainBall:
		t.primalTitle = "PRIMAL   x ∈ (−" + g(c.Radius) + ", " + g(c.Radius) + ")"
		t.primalNote = "the ball in d = 1"
	case engine.DomainOrthant:
		t.primalTitle = "PRIMAL   x ∈ (0, ∞)"
		t.primalNote = "the orthant in d = 1"
	case engine.DomainPlane:
		t.primalTitle = "PRIMAL   x ∈ line, unconstrained"
		t.primalNote = "d = 1"
	default:
		t.primalTitle = "PRIMAL   x ∈ Δ¹"
		t.primalNote = "x = x₁e₁ + x₂e₂, drawn along x₁"
		t.dualNote = "y₁ = log(x₁/x₂)"
		t.vertex = append(t.vertex[:0], "e₁", "e₂")
	}
}
