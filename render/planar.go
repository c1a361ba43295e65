package render

import (
	"math"
	"strconv"

	"github.com/mmfld/playground/engine"
	"github.com/mmfld/playground/render/layout"
)

// planarPicture draws the domains of the plane (and of ℝᵈ by their first
// two coordinates): the box, the ball and the polygon to scale, the
// orthant and the plane in a view that follows the particles (keeping the
// orthant's corner in view). Each particle is coloured by its distance to
// the boundary, which the domain's map computes; what differs between the
// domains is their region.
type planarPicture struct {
	scatter
	region       region
	ch           chart // set by on (the run's map) or by the spectraplex (the disc)
	xName, yName string

	snap   *engine.Snapshot
	w      int        // coordinates per particle in snap.Primal
	ext    layout.Box // the domain's extent, ±Inf where unbounded
	pview  *layout.ViewTracker
	ppairs []float64 // (x₁, x₂) of every particle
	pbox   layout.Box
	pm     layout.Mapper
	pax    axes
	xor    xorInset // the xor network's sign over the input square

	v, x []float64 // scratch for Extent and for the particles' primal points
}

func newPlanarPicture() planarPicture {
	return planarPicture{scatter: newScatter(), pview: layout.NewViewTracker()}
}

// on returns p set to draw the region r of the run's own map.
func (p *planarPicture) on(r region) *planarPicture {
	return p.onChart(r, nil, "x₁", "x₂")
}

// onChart returns p set to draw the region r of the chart ch (nil: the
// run's mirror map), its axes named xName and yName.
func (p *planarPicture) onChart(r region, ch chart, xName, yName string) *planarPicture {
	p.region, p.ch, p.xName, p.yName = r, ch, xName, yName
	return p
}

// views implements picture.
func (p *planarPicture) views(s *scene, f layout.Frame, snap *engine.Snapshot) {
	if p.ch == nil {
		if m := s.mirrorOf(&snap.Config); m != nil {
			p.ch = m
		}
	}
	p.snap = snap
	n, d := 0, 0
	if p.ch != nil {
		d = p.ch.Dim()
		_, p.w = p.ch.Shown()
		n = len(snap.Dual) / max(d, 1)
		p.ext, p.v, p.x = layout.Extent(p.ch, d, p.v, p.x)
	}
	if d < 2 || p.w < 2 || len(snap.Primal) != p.w*n {
		n = 0 // a snapshot of another shape draws no particles
	}
	fresh := s.restarted(snap.Metrics.Step, n)
	p.scatter.views(f, snap.Dual, d, n, fresh)
	p.ppairs = p.ppairs[:0]
	for i := range n {
		p.ppairs = append(p.ppairs, snap.Primal[i*p.w], snap.Primal[i*p.w+1])
	}
	if p.ext.Valid() {
		p.pbox = layout.SquareView(p.ext, p.region.margin())
	} else {
		if fresh {
			p.pview.Reset()
		}
		p.pbox = layout.KeepEnds(p.pview.Update(p.ppairs), p.ext, followMargin)
	}
	p.pm = p.pbox.Map(f.PrimalPlot())
	if p.ch == nil {
		return
	}
	if v, ok := p.centre(); ok {
		p.marks[0].y1, p.marks[0].y2, p.marks[0].ok = s.dualImage(p.ch, v)
	}
	if v := snap.Metrics.Mean; len(v) == p.w && p.w >= 2 {
		p.marks[1].y1, p.marks[1].y2, p.marks[1].ok = s.dualImage(p.ch, v)
	}
}

// centre returns the target's centre c, if the run has one (xor has none).
func (p *planarPicture) centre() ([]float64, bool) {
	c := &p.snap.Config
	return c.Center, len(c.Center) == p.w && p.w >= 2 && c.Objective != engine.ObjectiveXOR
}

// followMargin is the margin (a fraction of the view's width) kept beyond
// a finite end of an unbounded domain.
const followMargin = 0.06

// primal implements picture: the axes, the region, the particles, mmd's
// target sample, the markers and xor's inset.
func (p *planarPicture) primal(s *scene, f layout.Frame) {
	pp := f.PrimalPlot()
	s.axesFrame(&p.pax, pp, p.pbox, p.pm, false)
	p.region.outline(s, &p.snap.Config, p.ext, p.pm, pp)
	n := p.n
	ramp, half := s.alphaRamp(n)
	near := s.nearBuf(n)
	depth := layout.Depth(p.ext)
	for i := range n {
		xi := p.snap.Primal[i*p.w : (i+1)*p.w]
		p.x = p.ch.Lift(grow(p.x, p.ch.PrimalLen()), xi)
		near[i] = layout.NearnessFast(layout.RelativeDistance(p.ch.Distance(p.x), depth))
		at, _ := p.pm.Clamped(xi[0], xi[1], half)
		s.primal.square(at, half, ramp[rampIndex(near[i])])
	}
	p.targetSample(s)
	if v, ok := p.centre(); ok {
		at, _ := p.pm.Clamped(v[0], v[1], markerInset)
		s.targetMark(at)
	}
	if v := p.snap.Metrics.Mean; len(v) == p.w && p.w >= 2 {
		at, _ := p.pm.Clamped(v[0], v[1], markerInset)
		s.meanMark(at)
	}
	p.xor.marks(s, f, p.snap, n)
}

// targetSample adds the mmd objective's target points, small white dots
// over the particles.
func (p *planarPicture) targetSample(s *scene) {
	z, d := p.snap.Target, p.w
	if len(z) == 0 || d < 2 || len(z)%d != 0 {
		return
	}
	col := colTarget.alpha(0.7)
	for k := 0; k < len(z); k += d {
		if at, out := p.pm.Clamped(z[k], z[k+1], 1); !out {
			s.over.square(at, 1.2, col)
		}
	}
}

// primalText implements picture.
func (p *planarPicture) primalText(s *scene, f layout.Frame) {
	p.xor.text(s, f)
	s.axesText(&p.pax, f.PrimalPlot(), p.pbox, p.pm, p.xName, p.yName)
}

// dualText implements picture.
func (p *planarPicture) dualText(s *scene, f layout.Frame) { p.scatter.text(s, f) }

// titles implements picture.
func (p *planarPicture) titles(t *dimTexts, c *engine.Config) {
	t.dualNote = c.Mirror + " map" + yPairs(c.Dim)
	p.region.titles(t, c)
}

// yPairs returns the dual note's "  (y₁, y₂) of d" for d > 2.
func yPairs(d int) string {
	if d > 2 {
		return "  (y₁, y₂) of " + strconv.Itoa(d)
	}
	return ""
}

// legend implements picture.
func (p *planarPicture) legend(c *engine.Config) legend {
	return legend{target: targetLine(c), caption: captionDistance, plate: true}
}

// A region is a domain of the plane (or ℝᵈ) as its pictures draw it: the
// planar picture in two dimensions and more, the interval picture in one.
// Its extent comes from the domain's map (layout.Extent), its colours from
// the map's distance to the boundary.
type region interface {
	// margin returns the fraction of a bounded domain's larger side shown
	// beyond each of its ends.
	margin() float64
	// outline adds the domain to the primal plot p, over its grid: its
	// surface and its boundary. ext is its extent, m maps data into p.
	outline(s *scene, c *engine.Config, ext layout.Box, m layout.Mapper, p layout.Rect)
	// titles writes the primal title and note of a run of c into t.
	titles(t *dimTexts, c *engine.Config)
}

// The regions of the planar domains, each a value type.
type (
	boxRegion     struct{}
	ballRegion    struct{}
	polygonRegion struct{}
	orthantRegion struct{}
	planeRegion   struct{}
)

// regionSurface is the colour of a domain over the grid of its plot.
var regionSurface = colSurface.alpha(0.6)

func (boxRegion) margin() float64 { return 0.06 }
func (boxRegion) outline(s *scene, _ *engine.Config, ext layout.Box, m layout.Mapper, _ layout.Rect) {
	a, b := m.Pixel(ext.X0, ext.Y1), m.Pixel(ext.X1, ext.Y0)
	r := layout.Rect{X: a.X, Y: a.Y, W: b.X - a.X, H: b.Y - a.Y}
	s.under.rect(r, regionSurface)
	s.under.frame(r, 1.5, colEdge)
}
func (boxRegion) titles(t *dimTexts, c *engine.Config) {
	if c.Dim == 1 {
		t.primalTitle = "PRIMAL   x ∈ [" + g(c.Low) + ", " + g(c.High) + "]"
		t.primalNote = "the box in d = 1"
		return
	}
	t.primalTitle = "PRIMAL   x ∈ [" + g(c.Low) + ", " + g(c.High) + "]" + superscript(c.Dim)
	t.primalNote = "the box" + someOf(c.Dim)
}

func (ballRegion) margin() float64 { return 0.03 }
func (ballRegion) outline(s *scene, _ *engine.Config, ext layout.Box, m layout.Mapper, _ layout.Rect) {
	// The view is square and drawn to scale, so the ball is a circle.
	o := m.Pixel((ext.X0+ext.X1)/2, (ext.Y0+ext.Y1)/2)
	r := m.Pixel(ext.X1, 0).X - o.X
	s.under.disc(o, r, 96, regionSurface)
	s.under.arc(o, r, 0, 2*math.Pi, 1.5, 96, colEdge)
}
func (ballRegion) titles(t *dimTexts, c *engine.Config) {
	d := strconv.Itoa(c.Dim)
	switch {
	case c.Dim == 1:
		t.primalTitle = "PRIMAL   x ∈ (−" + g(c.Radius) + ", " + g(c.Radius) + ")"
		t.primalNote = "the ball in d = 1"
	case c.Objective == engine.ObjectiveXOR:
		// A particle is a neuron (w₁, …, w_k, b, a): the panels show
		// (w₁, w₂) (the legend says so).
		t.primalTitle = "PRIMAL   neurons θ ∈ ball, radius " + g(c.Radius)
		t.primalNote = "d = " + d
	default:
		t.primalTitle = "PRIMAL   x ∈ ball, radius " + g(c.Radius)
		t.primalNote = "d = " + d + someOf(c.Dim)
	}
}

func (polygonRegion) margin() float64 { return 0.03 }
func (polygonRegion) outline(s *scene, c *engine.Config, _ layout.Box, m layout.Mapper, _ layout.Rect) {
	v := c.Vertices
	k := len(v) / 2
	o := m.Pixel(v[0], v[1])
	for i := 1; i+1 < k; i++ {
		a, b := m.Pixel(v[2*i], v[2*i+1]), m.Pixel(v[2*i+2], v[2*i+3])
		s.under.quad(o, a, b, b, regionSurface, regionSurface, regionSurface, regionSurface)
	}
	for i := range k {
		j := (i + 1) % k
		s.under.line(m.Pixel(v[2*i], v[2*i+1]), m.Pixel(v[2*j], v[2*j+1]), 1.5, 0.75, colEdge)
	}
}
func (polygonRegion) titles(t *dimTexts, c *engine.Config) {
	t.primalTitle = "PRIMAL   x ∈ polygon"
	t.primalNote = strconv.Itoa(len(c.Vertices)/2) + " vertices"
}

func (orthantRegion) margin() float64 { return 0 }
func (orthantRegion) outline(s *scene, _ *engine.Config, ext layout.Box, m layout.Mapper, p layout.Rect) {
	o, _ := m.Clamped(ext.X0, ext.Y0, 0)
	s.under.rect(layout.Rect{X: o.X, Y: p.Y, W: p.MaxX() - o.X, H: o.Y - p.Y}, regionSurface)
	s.under.line(layout.Point{X: o.X, Y: o.Y}, layout.Point{X: o.X, Y: p.Y}, 1.5, 0, colEdge)
	s.under.line(layout.Point{X: o.X, Y: o.Y}, layout.Point{X: p.MaxX(), Y: o.Y}, 1.5, 0, colEdge)
}
func (orthantRegion) titles(t *dimTexts, c *engine.Config) {
	unboundedTitles(t, c, "PRIMAL   x ∈ (0, ∞)", "the orthant in d = 1", "PRIMAL   x ∈ orthant x > 0")
}

func (planeRegion) margin() float64 { return 0 }
func (planeRegion) outline(s *scene, _ *engine.Config, _ layout.Box, _ layout.Mapper, p layout.Rect) {
	s.under.rect(p, regionSurface)
}
func (planeRegion) titles(t *dimTexts, c *engine.Config) {
	unboundedTitles(t, c, "PRIMAL   x ∈ line, unconstrained", "d = 1", "PRIMAL   x ∈ plane, unconstrained")
}

// unboundedTitles sets t's primal title and note: lineTitle and lineNote
// in dimension 1, else title and the dimension.
func unboundedTitles(t *dimTexts, c *engine.Config, lineTitle, lineNote, title string) {
	if c.Dim == 1 {
		t.primalTitle, t.primalNote = lineTitle, lineNote
		return
	}
	t.primalTitle = title
	t.primalNote = "d = " + strconv.Itoa(c.Dim) + someOf(c.Dim)
}
