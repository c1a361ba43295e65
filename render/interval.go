package render

import (
	"math"

	"github.com/mmfld/playground/engine"
	"github.com/mmfld/playground/render/layout"
)

// intervalPicture draws a run in dimension 1 as two intervals: in the
// primal panel the domain (the segment Δ¹ along x₁, with its vertices e₂
// at x₁ = 0 and e₁ at x₁ = 1; the interval [a, b]; the ball (−R, R); the
// orthant (0, ∞) and the line in a window that follows the particles)
// horizontally, the particles as a histogram of their positions (a
// density: the bars' area is the fraction of the particles they hold, the
// density axis rescaled as the histogram changes) above a thin strip of
// the particles as dots; in the dual panel the same for the dual
// coordinate y₁ = ∇φ(x). The domain's ends come from its map
// (layout.Extent); what differs between domains is their line.
type intervalPicture struct {
	line line

	snap         *engine.Snapshot
	ch           chart
	w, n         int        // coordinates per particle in snap.Primal; particles drawn
	ext          layout.Box // the domain's extent, ±Inf where unbounded
	pview, dview *layout.ViewTracker
	ppeak, dpeak layout.PeakTracker
	pbins, dbins histBins
	pax, dax     axes // x ticks of each panel; their density ticks in yt
	pp, dp       intervalPanel
	ppairs       []float64 // (x, 0) of every particle
	dpairs       []float64 // (y₁, 0) of every particle
	marks        [2]lineMark
	v, x, one    []float64 // scratch
}

// A line is a domain as the interval picture draws it in dimension 1.
type line interface {
	// margin returns the fraction of a bounded domain's length shown
	// beyond each of its ends.
	margin() float64
	// titles writes the primal title and note of a run of c into t.
	titles(t *dimTexts, c *engine.Config)
}

// A barycentricLine is a line whose particles show barycentric
// coordinates (Δ¹: x₁, x₂): they are coloured by the smallest, the axis
// is x₁ between the vertex names, and the target is the objective's mean.
type barycentricLine interface {
	line
	barycentric()
}

// segment is Δ¹, the simplex in dimension 1.
type segment struct{}

func (segment) margin() float64 { return 0.04 }
func (segment) barycentric()    {}
func (segment) titles(t *dimTexts, c *engine.Config) {
	t.primalTitle = "PRIMAL   x ∈ Δ¹"
	t.primalNote = "x = x₁e₁ + x₂e₂, drawn along x₁"
	t.dualNote = "y₁ = log(x₁/x₂)"
	t.vertex = append(t.vertex[:0], "e₁", "e₂")
}

// lineMark is a marker on the zero lines: at x in the primal panel and, if
// ok, at y in the dual one.
type lineMark struct {
	x, y    float64
	has, ok bool
}

// Histogram bar settings.
const (
	barAlpha    = 0.55 // the bars' fill; their top edge is drawn opaque
	barTop      = 2    // thickness of the top edge, in pixels
	densityTick = 4    // at most this many tick intervals on a density axis
	rugDotMax   = 3    // the largest dot of the rug, in pixels
)

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

func newIntervalPicture() intervalPicture {
	return intervalPicture{pview: layout.NewViewTracker(), dview: layout.NewViewTracker()}
}

// on returns p set to draw the domain as l.
func (p *intervalPicture) on(l line) *intervalPicture {
	p.line = l
	return p
}

// views implements picture: the position ranges (the domain with a
// margin, or a window that follows the particles, keeping a finite end in
// view; the dual view as in two dimensions, on (y₁, 0) pairs) and both
// histograms.
func (p *intervalPicture) views(s *scene, f layout.Frame, snap *engine.Snapshot) {
	p.snap, p.ch, p.n = snap, s.mirrorOf(&snap.Config), 0
	if p.ch != nil {
		_, p.w = p.ch.Shown()
		p.n = len(snap.Dual)
		p.ext, p.v, p.x = layout.Extent(p.ch, 1, p.v, p.x)
	}
	if len(snap.Primal) != p.w*p.n {
		p.n = 0
	}
	n, w := p.n, p.w
	if s.restarted(snap.Metrics.Step, n) {
		p.pview.Reset()
		p.dview.Reset()
		p.ppeak.Reset()
		p.dpeak.Reset()
	}
	p.ppairs, p.dpairs = p.ppairs[:0], p.dpairs[:0]
	for i := range n {
		p.ppairs = append(p.ppairs, snap.Primal[i*w], 0)
		p.dpairs = append(p.dpairs, snap.Dual[i], 0)
	}
	pp, dp := &p.pp, &p.dp
	pp.hist, pp.rug = layout.IntervalPlot(f.Primal, f.TopIn(f.Primal))
	dp.hist, dp.rug = layout.IntervalPlot(f.Dual, f.TopIn(f.Dual))
	var pv layout.Box
	if p.ext.Valid() {
		pv = layout.SquareView(p.ext, p.line.margin())
	} else {
		pv = layout.KeepEnds(p.pview.Update(p.ppairs), p.ext, followMargin)
	}
	pp.lo, pp.hi = pv.X0, pv.X1
	dv := p.dview.Update(p.dpairs)
	dp.lo, dp.hi = dv.X0, dv.X1
	// The bins cover the domain, so that no bar straddles its boundary
	// (and a bar's density is the particles' density next to it).
	pp.binLo, pp.binHi = max(p.ext.X0, pp.lo), min(p.ext.X1, pp.hi)
	dp.binLo, dp.binHi = dp.lo, dp.hi
	p.histogram(pp, &p.ppeak, &p.pbins, snap.Primal[:w*n], w)
	p.histogram(dp, &p.dpeak, &p.dbins, snap.Dual[:n], 1)
	p.markers(s)
}

// markers sets the target (q₁ or α₁/α₀ on Δ¹, the well's centre
// elsewhere) and the empirical mean, with their images under ∇φ.
func (p *intervalPicture) markers(s *scene) {
	c := &p.snap.Config
	p.marks = [2]lineMark{}
	if _, ok := p.line.(barycentricLine); ok {
		// q₁ for meanmatch, α₁/α₀ for dirichlet.
		switch {
		case c.Objective == engine.ObjectiveMeanMatch && len(c.Q) == 2:
			p.marks[0] = lineMark{x: c.Q[0], has: true}
		case c.Objective == engine.ObjectiveDirichlet && len(c.Alpha) == 2:
			p.marks[0] = lineMark{x: c.Alpha[0] / (c.Alpha[0] + c.Alpha[1]), has: true}
		}
	} else if len(c.Center) == 1 {
		p.marks[0] = lineMark{x: c.Center[0], has: true}
	}
	if mean := p.snap.Metrics.Mean; len(mean) > 0 {
		p.marks[1] = lineMark{x: mean[0], has: true}
	}
	for k := range p.marks {
		if mk := &p.marks[k]; mk.has && p.ch != nil {
			p.one = append(p.one[:0], mk.x)
			mk.y, _, mk.ok = s.dualImage(p.ch, p.one)
		}
	}
}

// histogram bins the positions v (stride values per particle, the first
// one binned) over p's range into b, rescales p's density axis with peak,
// and sets p's mapper; it clears b's nearness sums for the rug.
func (p *intervalPicture) histogram(pn *intervalPanel, peak *layout.PeakTracker, b *histBins, v []float64, stride int) {
	n := len(v) / stride
	bins := layout.HistBins(n)
	b.counts, _ = layout.Histogram(b.counts, v, stride, 0, pn.binLo, pn.binHi, bins)
	b.near = grow(b.near, bins)
	clear(b.near)
	pn.top = peak.Update(layout.Densities(b.counts, n, pn.binLo, pn.binHi))
	pn.m = layout.Box{X0: pn.lo, X1: pn.hi, Y0: 0, Y1: pn.top}.Map(pn.hist)
}

// primal implements picture: the axes and the domain, the rug of
// particles (setting s.near) and the histogram's bars, the markers.
func (p *intervalPicture) primal(s *scene, f layout.Frame) {
	pp := &p.pp
	s.intervalFrame(&p.pax, pp, p.ext.X0, p.ext.X1)
	ramp, half := s.alphaRamp(p.n)
	half = min(2*half, rugDotMax) / 2
	near := s.nearBuf(p.n)
	_, bary := p.line.(barycentricLine)
	depth := layout.Depth(p.ext)
	pb := &p.pbins
	for i := range p.n {
		xi := p.snap.Primal[i*p.w : (i+1)*p.w]
		if bary {
			near[i] = layout.NearnessFast(layout.Smallest(xi))
		} else {
			p.x = p.ch.Lift(grow(p.x, p.ch.PrimalLen()), xi)
			near[i] = layout.NearnessFast(layout.RelativeDistance(p.ch.Distance(p.x), depth))
		}
		if k, ok := layout.BinIndex(xi[0], pp.binLo, pp.binHi, len(pb.near)); ok {
			pb.near[k] += near[i]
		}
		at, _ := pp.m.Clamped(xi[0], 0, half)
		s.primal.square(layout.Point{X: at.X, Y: pp.rug.Y + layout.RugOffset(i)*pp.rug.H}, half, ramp[rampIndex(near[i])])
	}
	s.bars(pp, &s.primal, pb, p.n)
	p.zeroMarks(s, pp, false)
}

// zeroMarks adds the markers on panel pn's zero line: at their positions,
// or (dual) at their dual images.
func (p *intervalPicture) zeroMarks(s *scene, pn *intervalPanel, dual bool) {
	for k, mk := range p.marks {
		x, show := mk.x, mk.has
		if dual {
			x, show = mk.y, mk.ok
		}
		if show {
			at, _ := pn.m.Clamped(x, 0, markerInset)
			at.Y = pn.zeroY()
			s.mark(at, k == 0)
		}
	}
}

// dual implements picture: the dual axes (the whole line), the rug and
// the bars in the primal panel's colours, the markers' images.
func (p *intervalPicture) dual(s *scene, f layout.Frame) (outside int) {
	dp := &p.dp
	s.intervalFrame(&p.dax, dp, math.Inf(-1), math.Inf(1))
	ramp, half := s.alphaRamp(p.n)
	half = min(2*half, rugDotMax) / 2
	db := &p.dbins
	for i := range p.n {
		yi := p.snap.Dual[i]
		if k, ok := layout.BinIndex(yi, dp.binLo, dp.binHi, len(db.near)); ok {
			db.near[k] += s.near[i]
		}
		at, _ := dp.m.Clamped(yi, 0, half)
		if !(yi >= dp.lo && yi <= dp.hi) {
			outside++
		}
		s.dual.square(layout.Point{X: at.X, Y: dp.rug.Y + layout.RugOffset(i)*dp.rug.H}, half, ramp[rampIndex(s.near[i])])
	}
	s.bars(dp, &s.dual, db, p.n)
	p.zeroMarks(s, dp, true)
	return outside
}

// bars adds the histogram's bars, b's densities over p's range for n
// particles, each coloured by its particles' mean nearness to the boundary.
func (s *scene) bars(p *intervalPanel, dst *batch, b *histBins, n int) {
	bw := (p.binHi - p.binLo) / float64(len(b.counts))
	for k, d := range b.counts {
		if !(d > 0) {
			continue
		}
		// d·bw·n is the number of particles in the bin.
		col := s.ramp[rampIndex(min(max(b.near[k]/(d*bw*float64(n)), 0), 1))]
		r := layout.Bar(p.m, p.hist, p.binLo, bw, k, d)
		dst.rect(r, col.alpha(barAlpha))
		dst.rect(layout.Rect{X: r.X, Y: r.Y, W: r.W, H: min(barTop, r.H)}, col)
	}
}

// intervalFrame adds a panel's axes (grid lines at the position and
// density ticks, the frame, tick marks), the domain [lo, hi]'s part of the
// panel in the surface colour, and the domain as a segment on the zero
// line with a bar at each finite end.
func (s *scene) intervalFrame(a *axes, p *intervalPanel, lo, hi float64) {
	h, r := p.hist, p.rug
	all := layout.Rect{X: h.X, Y: h.Y, W: h.W, H: r.MaxY() - h.Y}
	a.ticks(p.lo, p.hi, xTicks, 0, p.top, densityTick)
	x0 := min(max(p.m.Pixel(lo, 0).X, all.X), all.MaxX())
	x1 := min(max(p.m.Pixel(hi, 0).X, all.X), all.MaxX())
	s.under.rect(layout.Rect{X: x0, Y: all.Y, W: x1 - x0, H: all.H}, colSurface)
	for _, v := range a.xt {
		s.xGridLine(crisp(p.m.Pixel(v, 0).X), v, h, r)
	}
	for _, v := range a.yt {
		s.yGridLine(crisp(p.m.Pixel(0, v).Y), v, h, false)
	}
	s.under.frame(all, 1, colEdge)
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

// primalText implements picture: the primal panel's tick labels, axis
// name and caption, and Δ¹'s vertex names.
func (p *intervalPicture) primalText(s *scene, f layout.Frame) {
	xName, caption := "x", "histogram of the particles' x (a density) · dots: the particles"
	if _, ok := p.line.(barycentricLine); ok {
		xName, caption = "x₁", "histogram of the particles' x₁ (a density) · dots: the particles"
	}
	pp := &p.pp
	s.intervalText(&p.pax, pp, xName, caption)
	// The vertices: e₂ at x₁ = 0, e₁ at x₁ = 1.
	for i, v := range [2]float64{1, 0} {
		if i < len(s.texts.vertex) {
			s.txt.draw(s.texts.vertex[i], s.fc.label, pp.m.Pixel(v, 0).X, pp.rug.MaxY()+24, alignCenter, colText)
		}
	}
}

// dualText implements picture: the dual panel's tick labels, axis name
// and caption.
func (p *intervalPicture) dualText(s *scene, f layout.Frame) {
	s.intervalText(&p.dax, &p.dp, "y₁", "histogram of the particles' y₁ (a density) · dots: the particles")
}

// intervalText writes a panel's tick labels (positions below the rug,
// densities left of the histogram), the axis names and the caption.
func (s *scene) intervalText(a *axes, p *intervalPanel, xName, caption string) {
	fc := s.fc
	s.tickLabels(a, p.m, layout.Box{X0: p.lo, X1: p.hi, Y0: 0, Y1: p.top}, xTicks, densityTick, p.hist.X-8, p.rug.MaxY()+6)
	// The axis name right of the tick labels' row (below it on Δ¹ go the
	// vertex names).
	s.txt.draw(xName, fc.label, p.hist.MaxX()+20, p.rug.MaxY()+2, alignEnd, colText)
	s.txt.draw("density", fc.small, p.hist.X-8, p.hist.Y-20, alignEnd, colDim)
	s.txt.draw(caption, fc.small, p.hist.X+4, p.hist.Y-20, alignStart, colDim)
}

// titles implements picture.
func (p *intervalPicture) titles(t *dimTexts, c *engine.Config) {
	t.dualNote = c.Mirror + " map, d = 1"
	p.line.titles(t, c)
}

// legend implements picture.
func (p *intervalPicture) legend(c *engine.Config) legend {
	if _, ok := p.line.(barycentricLine); ok {
		return legend{target: targetLine(c), caption: captionCoordinate}
	}
	return legend{target: targetLine(c), caption: captionDistance}
}
