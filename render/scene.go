package render

import (
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"

	"github.com/mmfld/playground/engine"
	"github.com/mmfld/playground/render/layout"
)

// The palette: a dark background, neutral greys for lines and text, and
// colour reserved for the particles and the two mean markers.
var (
	colBackground = hex(0x0d1117)
	colSurface    = hex(0x151b23)
	colGrid       = hex(0x2d3540)
	colZero       = hex(0x46505c)
	colRule       = hex(0x222a33)
	colHelp       = hex(0xaab4c0)
	colEdge       = hex(0x8b949e)
	colText       = hex(0xe6edf3)
	colDim        = hex(0x8b949e)
	colAmber      = hex(0xf0b44c)
	colGreen      = hex(0x3fb950)
	colRed        = hex(0xff6b6b)
	colTarget     = hex(0xffffff)
	colMean       = hex(0xffd60a)
)

// rampStops colour a particle by its layout.Nearness to the boundary:
// sky blue in the interior, violet half-way (on a log scale), orange at the
// boundary (smallest coordinate below engine.BoundaryEps).
var rampStops = [3]rgba{hex(0x4cc2ff), hex(0xa77bff), hex(0xff8a3d)}

// rampAt returns the particle colour at t ∈ [0, 1].
func rampAt(t float64) rgba {
	t = min(max(t, 0), 1) * 2
	i := min(int(t), 1)
	f := float32(t - float64(i))
	a, b := rampStops[i], rampStops[i+1]
	return rgba{a.R + f*(b.R-a.R), a.G + f*(b.G-a.G), a.B + f*(b.B-a.B), 1}
}

// Dual panel settings.
const (
	xTicks, yTicks = 9, 8 // at most this many tick intervals per axis
	markerInset    = 8    // markers outside the dual view sit this far inside its edge
	rampSize       = 256  // entries of the particle colour table
	statusPad      = 16   // left margin of the status text
)

// scene holds everything Draw reuses from frame to frame: vertex buffers,
// faces, the dual view and its tick labels. It never touches the session.
type scene struct {
	fc  faces
	txt writer

	under  batch // panel surfaces, grids, axes (anti-aliased)
	primal batch // the particles of the primal panel
	dual   batch // the particles of the dual panel
	over   batch // markers and legend (anti-aliased)
	glyphs batch // ∇ and ∈ strokes of the titles (anti-aliased)
	plate  batch // the background of a note

	view     *layout.ViewTracker
	lastStep int64
	lastN    int

	dax, pax axes // the dual axes, and the primal ones of the domains other than the simplex

	pview  *layout.ViewTracker // the primal view of the orthant and the plane
	ppairs []float64           // (x₁, x₂) of every particle off the simplex
	mirror engine.MirrorMap    // the run's map, for the dual images of the markers
	mirCfg engine.Config       // the config mirror was made for
	mv, my []float64           // scratch for the markers' dual images

	spectra spectraView // the spectraplex drawn as the simplex or the disc
	disc    bool        // this frame draws the 2×2 spectraplex as the disc

	// Per-dimension drawing state, rebuilt when dim changes.
	verts  []layout.Point // the drawn vertices of Δ^d
	pairs  []float64      // (y₁, y₂) of every particle, when d > 2
	target []float64      // the target mean, d+1 entries
	zbary  []float64      // one target sample point's barycentric coordinates
	bary   []float64      // the barycentre, d+1 entries
	texts  dimTexts
	xor    xorInset // the xor network's sign over the input square
	buf    []byte   // number formatting
	ramp   [rampSize]rgba

	iv intervalState // the picture of a dim-1 run (interval.go)
}

// axes are the ticks of a pair of axes and the labels last drawn for them.
type axes struct {
	xt, yt []float64
	xl, yl labelCache
}

func newScene() scene {
	s := scene{fc: newFaces(), view: layout.NewViewTracker(), pview: layout.NewViewTracker()}
	for i := range s.ramp {
		s.ramp[i] = rampAt(float64(i) / (rampSize - 1))
	}
	return s
}

// labelCache keeps the strings of the last frame's tick labels, so that a
// still view formats none.
type labelCache struct {
	vals []float64
	step float64
	strs []string
}

// label returns the label of the i-th tick v on an axis with the given step.
func (c *labelCache) label(i int, v, step float64, buf *[]byte) string {
	if c.step != step {
		c.step, c.vals, c.strs = step, c.vals[:0], c.strs[:0]
	}
	for len(c.vals) <= i {
		c.vals, c.strs = append(c.vals, math.NaN()), append(c.strs, "")
	}
	if c.vals[i] != v {
		*buf = layout.AppendTickLabel((*buf)[:0], v, step)
		c.vals[i], c.strs[i] = v, string(*buf)
	}
	return c.strs[i]
}

// draw draws one frame of snap laid out as f.
func (s *scene) draw(dst *ebiten.Image, f layout.Frame, snap *engine.Snapshot, help, note string) {
	dst.Fill(colBackground.color())
	s.under.reset()
	s.primal.reset()
	s.dual.reset()
	s.over.reset()
	s.glyphs.reset()
	if snap.Config.Dim == 1 && snap.Config.Domain != engine.DomainSpectraplex { // 2×2 matrices: a disc
		s.drawInterval(dst, f, snap, help, note)
		return
	}

	orig := snap // the status strip and the titles describe the run itself
	s.disc = false
	if snap.Config.Domain == engine.DomainSpectraplex {
		snap, s.disc = s.spectra.view(snap)
	}
	d := max(snap.Config.Dim, 1)
	simplex := snap.Config.Domain == engine.DomainSimplex
	w := d // coordinates per particle in snap.Primal
	if simplex {
		w = d + 1
	}
	n := len(snap.Dual) / d
	if d < 2 || len(snap.Primal) != w*n {
		n = 0 // a snapshot of another shape draws no particles (dim 1 is drawInterval's)
	}
	s.verts = f.Triangle.Vertices(s.verts, d)
	s.texts.update(&orig.Config)
	dual := snap.Dual[:d*n]
	if d > 2 {
		// The dual panel shows (y₁, y₂) of y ∈ ℝᵈ.
		s.pairs = s.pairs[:0]
		for i := range n {
			s.pairs = append(s.pairs, dual[i*d], dual[i*d+1])
		}
		dual = s.pairs
	}
	if snap.Metrics.Step < s.lastStep || n != s.lastN {
		s.view.Reset() // new particles: jump to them
		s.pview.Reset()
	}
	s.lastStep, s.lastN = snap.Metrics.Step, n
	box := s.view.Update(dual)
	m := box.Map(f.Plot)

	s.rules(f)
	var pm layout.Mapper
	if simplex {
		s.primalFrame(f, d)
	} else {
		s.ppairs = s.ppairs[:0]
		for i := range n {
			s.ppairs = append(s.ppairs, snap.Primal[i*d], snap.Primal[i*d+1])
		}
		pbox := s.primalBox(&snap.Config)
		pm = pbox.Map(primalPlot(f))
		s.domainFrame(f, &snap.Config, pbox, pm)
	}
	s.axesFrame(&s.dax, f.Plot, box, m, true)
	outside := s.particles(f, m, pm, snap, dual, n)
	s.targetSample(pm, snap)
	s.markers(f, m, pm, snap)
	s.xorInsetMarks(f, snap, n)
	s.legendMarks(f, !simplex)
	beyond := s.beyondNote(f, outside)

	s.drawBatches(dst)

	s.primalText(dst, f, snap)
	s.xorInsetText(dst, f)
	if !simplex {
		xName, yName := "x₁", "x₂"
		if s.disc {
			xName, yName = "X₁₁ − X₂₂", "2X₁₂"
		}
		s.axesText(dst, &s.pax, primalPlot(f), s.primalBox(&snap.Config), pm, xName, yName)
	}
	s.dualText(dst, f, box, m, beyond)
	s.footer(dst, f, orig, help, note)
}

// drawBatches draws the queued shapes, back to front: the domain under
// the particles, the two panels' particles, the markers and legend over them.
func (s *scene) drawBatches(dst *ebiten.Image) {
	s.under.draw(dst, true)
	s.primal.draw(dst, false)
	s.dual.draw(dst, false)
	s.over.draw(dst, true)
}

// footer writes what every frame ends with: the status strip, the help line
// and the note, then the glyphs the texts queued.
func (s *scene) footer(dst *ebiten.Image, f layout.Frame, snap *engine.Snapshot, help, note string) {
	s.statusText(dst, f, snap)
	if help != "" {
		c := f.Help.Center()
		s.txt.draw(dst, help, s.fc.help, c.X, c.Y-10, text.AlignCenter, colHelp)
	}
	if note != "" {
		s.noteText(dst, f, note)
	}
	s.glyphs.draw(dst, true)
}

// rules adds the thin lines that part the panels and the status strip.
func (s *scene) rules(f layout.Frame) {
	s.under.rect(layout.Rect{X: f.Dual.X - 0.5, Y: 12, W: 1, H: f.Dual.H - 24}, colRule)
	s.under.rect(layout.Rect{X: 12, Y: f.Status.Y - 0.5, W: f.W - 24, H: 1}, colRule)
}

// primalFrame adds the simplex: its surface, a ternary grid and its edges;
// for d > 2 the polygon with every edge of Δ^d drawn as a chord.
func (s *scene) primalFrame(f layout.Frame, d int) {
	if d == 2 {
		t := f.Triangle
		s.under.quad(t.V[0], t.V[1], t.V[2], t.V[2], colSurface, colSurface, colSurface, colSurface)
		for i := range 3 {
			for _, v := range [...]float64{0.2, 0.4, 0.6, 0.8} {
				a, b := t.IsoLine(i, v)
				s.under.line(a, b, 1, 0, colGrid)
			}
		}
		for i := range 3 {
			s.under.line(t.V[i], t.V[(i+1)%3], 1.5, 0.75, colEdge)
		}
		return
	}
	v := s.verts
	k := len(v)
	c := layout.Place(v, s.centre(k))
	for i := range k {
		s.under.quad(c, v[i], v[(i+1)%k], v[(i+1)%k], colSurface, colSurface, colSurface, colSurface)
	}
	for i := range k {
		for j := i + 2; j < k && !(i == 0 && j == k-1); j++ {
			s.under.line(v[i], v[j], 1, 0, colGrid)
		}
	}
	for i := range k {
		s.under.line(v[i], v[(i+1)%k], 1.5, 0.75, colEdge)
	}
}

// xGridLine draws the vertical grid line of tick v at pixel x across grid,
// the line through 0 in its own colour, and its tick mark below frame.
func (s *scene) xGridLine(x, v float64, grid, frame layout.Rect) {
	c := colGrid
	if v == 0 {
		c = colZero
	}
	s.under.rect(layout.Rect{X: x - 0.5, Y: grid.Y, W: 1, H: grid.H}, c)
	s.under.rect(layout.Rect{X: x - 0.5, Y: frame.MaxY(), W: 1, H: 5}, colEdge)
}

// axesFrame adds a pair of axes in the rectangle p showing box through m:
// the surface (if surface), grid lines at the ticks, the lines through 0, the
// frame and the tick marks. The ticks are kept in a for axesText.
func (s *scene) axesFrame(a *axes, p layout.Rect, box layout.Box, m layout.Mapper, surface bool) {
	if surface {
		s.under.rect(p, colSurface)
	}
	a.xt, _ = layout.Ticks(a.xt, box.X0, box.X1, xTicks)
	a.yt, _ = layout.Ticks(a.yt, box.Y0, box.Y1, yTicks)
	for _, v := range a.xt {
		s.xGridLine(crisp(m.Pixel(v, 0).X), v, p, p)
	}
	for _, v := range a.yt {
		y := crisp(m.Pixel(0, v).Y)
		c := colGrid
		if v == 0 {
			c = colZero
		}
		s.under.rect(layout.Rect{X: p.X, Y: y - 0.5, W: p.W, H: 1}, c)
		s.under.rect(layout.Rect{X: p.X - 5, Y: y - 0.5, W: 5, H: 1}, colEdge)
	}
	s.under.frame(p, 1, colEdge)
}

// axesText writes the tick labels of a and the names of the two axes.
func (s *scene) axesText(dst *ebiten.Image, a *axes, p layout.Rect, box layout.Box, m layout.Mapper, xName, yName string) {
	fc := s.fc
	_, xs := layout.Ticks(a.xt, box.X0, box.X1, xTicks)
	for i, v := range a.xt {
		s.txt.draw(dst, a.xl.label(i, v, xs, &s.buf), fc.small, m.Pixel(v, 0).X, p.MaxY()+6, text.AlignCenter, colDim)
	}
	_, ys := layout.Ticks(a.yt, box.Y0, box.Y1, yTicks)
	for i, v := range a.yt {
		s.txt.draw(dst, a.yl.label(i, v, ys, &s.buf), fc.small, p.X-8, m.Pixel(0, v).Y-8, text.AlignEnd, colDim)
	}
	s.txt.draw(dst, xName, fc.label, p.MaxX(), p.MaxY()+20, text.AlignEnd, colText)
	s.txt.draw(dst, yName, fc.label, p.X-8, p.Y-22, text.AlignEnd, colText)
}

// primalPlot returns the square in which a domain other than the simplex is
// drawn: the largest that fits the triangle's box with room for tick labels.
func primalPlot(f layout.Frame) layout.Rect {
	t := f.Triangle
	r := layout.Rect{X: t.V[0].X + 40, Y: t.V[2].Y, W: t.V[1].X - t.V[0].X - 40, H: t.V[0].Y - t.V[2].Y - 24}
	side := max(min(r.W, r.H), 0)
	c := r.Center()
	return layout.Rect{X: c.X - side/2, Y: c.Y - side/2, W: side, H: side}
}

// primalBox returns the data range drawn in primalPlot: the box or the
// ball with a margin, or a view that follows the particles in the orthant
// (always showing its corner) and on the plane.
func (s *scene) primalBox(c *engine.Config) layout.Box {
	switch c.Domain {
	case engine.DomainBox:
		m := 0.06 * (c.High - c.Low)
		return layout.Box{X0: c.Low - m, X1: c.High + m, Y0: c.Low - m, Y1: c.High + m}
	case engine.DomainBall:
		r := 1.06 * c.Radius
		return layout.Box{X0: -r, X1: r, Y0: -r, Y1: r}
	case engine.DomainPolygon:
		b := layout.Box{X0: math.Inf(1), X1: math.Inf(-1), Y0: math.Inf(1), Y1: math.Inf(-1)}
		for k := 0; k+1 < len(c.Vertices); k += 2 {
			b.X0, b.X1 = min(b.X0, c.Vertices[k]), max(b.X1, c.Vertices[k])
			b.Y0, b.Y1 = min(b.Y0, c.Vertices[k+1]), max(b.Y1, c.Vertices[k+1])
		}
		// A square box around the polygon, with a margin: to scale.
		half := 0.53 * max(b.X1-b.X0, b.Y1-b.Y0)
		cx, cy := (b.X0+b.X1)/2, (b.Y0+b.Y1)/2
		return layout.Box{X0: cx - half, X1: cx + half, Y0: cy - half, Y1: cy + half}
	}
	b := s.pview.Update(s.ppairs)
	if c.Domain == engine.DomainOrthant {
		b.X0 = min(b.X0, -0.06*(b.X1-b.X0))
		b.Y0 = min(b.Y0, -0.06*(b.Y1-b.Y0))
	}
	return b
}

// domainFrame adds a domain other than the simplex: its region in the
// panel's surface colour, grid lines, and its boundary.
func (s *scene) domainFrame(f layout.Frame, c *engine.Config, box layout.Box, m layout.Mapper) {
	p := primalPlot(f)
	s.axesFrame(&s.pax, p, box, m, false)
	switch c.Domain {
	case engine.DomainBox:
		a, b := m.Pixel(c.Low, c.High), m.Pixel(c.High, c.Low)
		r := layout.Rect{X: a.X, Y: a.Y, W: b.X - a.X, H: b.Y - a.Y}
		s.under.rect(r, colSurface.alpha(0.6))
		s.under.frame(r, 1.5, colEdge)
	case engine.DomainBall:
		// The box is square and drawn to scale, so the ball is a circle.
		o := m.Pixel(0, 0)
		r := m.Pixel(c.Radius, 0).X - o.X
		s.under.disc(o, r, 96, colSurface.alpha(0.6))
		s.under.arc(o, r, 0, 2*math.Pi, 1.5, 96, colEdge)
	case engine.DomainPolygon:
		v := c.Vertices
		k := len(v) / 2
		o := m.Pixel(v[0], v[1])
		for i := 1; i+1 < k; i++ {
			a, b := m.Pixel(v[2*i], v[2*i+1]), m.Pixel(v[2*i+2], v[2*i+3])
			s.under.quad(o, a, b, b, colSurface.alpha(0.6), colSurface.alpha(0.6), colSurface.alpha(0.6), colSurface.alpha(0.6))
		}
		for i := range k {
			j := (i + 1) % k
			s.under.line(m.Pixel(v[2*i], v[2*i+1]), m.Pixel(v[2*j], v[2*j+1]), 1.5, 0.75, colEdge)
		}
	case engine.DomainOrthant:
		o, _ := m.Clamped(0, 0, 0)
		r := layout.Rect{X: o.X, Y: p.Y, W: p.MaxX() - o.X, H: o.Y - p.Y}
		s.under.rect(r, colSurface.alpha(0.6))
		s.under.line(layout.Point{X: o.X, Y: o.Y}, layout.Point{X: o.X, Y: p.Y}, 1.5, 0, colEdge)
		s.under.line(layout.Point{X: o.X, Y: o.Y}, layout.Point{X: p.MaxX(), Y: o.Y}, 1.5, 0, colEdge)
	default:
		s.under.rect(p, colSurface.alpha(0.6))
	}
}

// crisp moves a pixel coordinate to the centre of its pixel, so a 1-pixel
// line covers one pixel column instead of smearing over two.
func crisp(v float64) float64 { return math.Floor(v) + 0.5 }

// particles adds a square per particle to each panel, coloured by its
// nearness to the boundary; particles beyond the dual view are drawn at its
// edge. dual holds the (y₁, y₂) pairs. It returns how many are beyond the view.
func (s *scene) particles(f layout.Frame, m, pm layout.Mapper, snap *engine.Snapshot, dual []float64, n int) (outside int) {
	size, alpha := layout.ParticleStyle(n)
	half := size / 2
	var ramp [rampSize]rgba
	for i, c := range s.ramp {
		ramp[i] = c.alpha(alpha)
	}
	c := &snap.Config
	simplex := c.Domain == engine.DomainSimplex
	w := len(s.verts)
	if !simplex {
		w = c.Dim
	}
	// Only plain MFLD leaves the simplex; its escapes are drawn at the
	// panel's edge rather than over the dual panel.
	inPanel := f.Primal.Inset(half, half, half, half)
	x := snap.Primal[:w*n]
	for i := range n {
		xi := x[i*w : (i+1)*w]
		var col rgba
		var at layout.Point
		if simplex {
			col = ramp[int(layout.Nearness(slices.Min(xi))*(rampSize-1)+0.5)]
			at = inPanel.Clamp(layout.Place(s.verts, xi))
		} else {
			col = ramp[int(layout.Nearness(relativeDistance(c, xi))*(rampSize-1)+0.5)]
			at, _ = pm.Clamped(xi[0], xi[1], half)
		}
		s.primal.square(at, half, col)
		p, out := m.Clamped(dual[2*i], dual[2*i+1], half)
		if out {
			outside++
		}
		s.dual.square(p, half, col)
	}
	return outside
}

// targetSample adds the mmd objective's target points to the primal panel,
// small white dots over the particles.
func (s *scene) targetSample(pm layout.Mapper, snap *engine.Snapshot) {
	z, d := snap.Target, snap.Config.Dim
	if len(z) == 0 || d < 2 || len(z)%d != 0 {
		return
	}
	col := colTarget.alpha(0.7)
	simplex := snap.Config.Domain == engine.DomainSimplex
	if simplex && len(s.verts) != d+1 {
		return
	}
	for k := 0; k < len(z); k += d {
		zk := z[k : k+d]
		var at layout.Point
		if simplex {
			last := 1.0
			for _, v := range zk {
				last -= v
			}
			s.zbary = append(append(s.zbary[:0], zk...), last)
			at = layout.Place(s.verts, s.zbary)
		} else {
			var out bool
			if at, out = pm.Clamped(zk[0], zk[1], 1); out {
				continue
			}
		}
		s.over.square(at, 1.2, col)
	}
}

// relativeDistance returns a particle's distance to the boundary of a domain
// other than the simplex, over the domain's scale and capped at ⅓, so that
// Nearness colours it as it colours the smallest barycentric coordinate: the
// box's centre and the ball's are ⅓ (blue), a face is 0 (orange); the
// plane, without boundary, is all blue.
func relativeDistance(c *engine.Config, x []float64) float64 {
	dist := math.Inf(1)
	switch c.Domain {
	case engine.DomainBox:
		for _, v := range x {
			dist = min(dist, v-c.Low, c.High-v)
		}
		dist /= 1.5 * (c.High - c.Low)
	case engine.DomainBall:
		r := 0.0
		for _, v := range x {
			r += v * v
		}
		dist = (c.Radius - math.Sqrt(r)) / (3 * c.Radius)
	case engine.DomainOrthant:
		dist = slices.Min(x) / 3
	case engine.DomainPolygon:
		// The distance to the nearest edge line, over the polygon's width
		// scale (its bounding box's larger side).
		v := c.Vertices
		k := len(v) / 2
		lo, hi := math.Inf(1), math.Inf(-1)
		for i := range k {
			j := (i + 1) % k
			ex, ey := v[2*j]-v[2*i], v[2*j+1]-v[2*i+1]
			l := math.Hypot(ex, ey)
			dist = min(dist, math.Abs(ex*(x[1]-v[2*i+1])-ey*(x[0]-v[2*i]))/l)
			lo, hi = min(lo, v[2*i], v[2*i+1]), max(hi, v[2*i], v[2*i+1])
		}
		dist /= 1.5 * (hi - lo)
	}
	return min(dist, 1.0/3)
}

// targetOf writes the target mean of the run into s.target: q for
// meanmatch, the mean α/α₀ of Dirichlet(α) for dirichlet, the centre c of
// the target mixture (barycentric) for mmd. ok is false if the config has
// none, or mmd's c is not inside the simplex.
func (s *scene) targetOf(c *engine.Config) (ok bool) {
	switch c.Objective {
	case engine.ObjectiveMeanMatch:
		s.target = append(s.target[:0], c.Q...)
	case engine.ObjectiveDirichlet:
		a0 := 0.0
		for _, a := range c.Alpha {
			a0 += a
		}
		s.target = s.target[:0]
		for _, a := range c.Alpha {
			s.target = append(s.target, a/a0)
		}
	case engine.ObjectiveMMD:
		// The centre c of the target mixture, if inside the simplex.
		s.target = append(s.target[:0], c.Center...)
		last := 1.0
		for _, v := range c.Center {
			if v <= 0 {
				return false
			}
			last -= v
		}
		if last <= 0 {
			return false
		}
		s.target = append(s.target, last)
	default:
		return false
	}
	return len(s.target) == len(s.verts)
}

// dualOf returns (y₁, y₂) of y = ∇φ(x), yᵢ = log(xᵢ/x_{d+1}), of a
// barycentric point.
func dualOf(x []float64) (y1, y2 float64) {
	last := x[len(x)-1]
	return math.Log(x[0] / last), math.Log(x[1] / last)
}

// markers adds the target and empirical means to both panels; in the dual
// panel at their images under ∇φ, clamped into the view.
func (s *scene) markers(f layout.Frame, m, pm layout.Mapper, snap *engine.Snapshot) {
	c := &snap.Config
	if c.Domain != engine.DomainSimplex {
		if len(c.Center) == c.Dim && c.Objective != engine.ObjectiveXOR { // xor has no centre
			p, _ := pm.Clamped(c.Center[0], c.Center[1], markerInset)
			s.targetMark(p)
			if y1, y2, ok := s.dualImage(c, c.Center); ok {
				p, _ := m.Clamped(y1, y2, markerInset)
				s.targetMark(p)
			}
		}
		if mean := snap.Metrics.Mean; len(mean) == c.Dim {
			p, _ := pm.Clamped(mean[0], mean[1], markerInset)
			s.meanMark(p)
			if y1, y2, ok := s.dualImage(c, mean); ok {
				p, _ := m.Clamped(y1, y2, markerInset)
				s.meanMark(p)
			}
		}
		return
	}
	if s.targetOf(c) {
		s.targetMark(layout.Place(s.verts, s.target))
		y1, y2 := dualOf(s.target)
		p, _ := m.Clamped(y1, y2, markerInset)
		s.targetMark(p)
	}
	if mean := snap.Metrics.Mean; len(mean) == len(s.verts) {
		s.meanMark(layout.Place(s.verts, mean))
		y1, y2 := dualOf(mean)
		p, _ := m.Clamped(y1, y2, markerInset)
		s.meanMark(p)
	}
}

// dualImage returns (y₁, y₂) of y = ∇φ(v) for the chart point v under the
// run's mirror map, or false when v is not inside the domain.
func (s *scene) dualImage(c *engine.Config, v []float64) (y1, y2 float64, ok bool) {
	if s.disc {
		return discDual(v[0], v[1])
	}
	if s.mirror == nil || !reflect.DeepEqual(s.mirCfg, *c) {
		mm, err := engine.NewMirror(*c)
		if err != nil {
			return 0, 0, false
		}
		s.mirror, s.mirCfg = mm, c.Clone()
	}
	s.mv = s.mirror.Lift(grow(s.mv, s.mirror.PrimalLen()), v)
	if !s.mirror.Inside(s.mv) {
		return 0, 0, false
	}
	s.my = s.mirror.Grad(grow(s.my, c.Dim), s.mv)
	if c.Dim < 2 {
		return s.my[0], 0, true
	}
	return s.my[0], s.my[1], true
}

// grow returns b with length n, reallocating only when it is too short.
func grow(b []float64, n int) []float64 {
	if cap(b) < n {
		return make([]float64, n)
	}
	return b[:n]
}

// targetMark adds a white ring with a dark halo at p.
func (s *scene) targetMark(p layout.Point) {
	s.over.ring(p, 7, 4.5, colBackground.alpha(0.7))
	s.over.ring(p, 7, 2, colTarget)
}

// meanMark adds a yellow cross with a dark halo at p.
func (s *scene) meanMark(p layout.Point) {
	s.over.cross(p, 8.5, 4.5, colBackground.alpha(0.7))
	s.over.cross(p, 7.5, 2, colMean)
}

// Legend rows, relative to the top of layout.Frame.Legend.
const (
	legendTarget  = 10 // centre of the target row
	legendMean    = 32 // centre of the mean row
	legendCaption = 50
	legendRamp    = 72 // top of the colour bar
	legendRampH   = 8
	legendRampW   = 180
)

// legendMarks adds the marker icons and the colour bar of the legend.
func (s *scene) legendMarks(f layout.Frame, plate bool) {
	l := f.Legend
	if plate {
		// Off the simplex the legend sits over the plot: on a dark plate.
		s.over.rect(l.Inset(-8, -6, -8, -4), colBackground.alpha(0.85))
	}
	s.targetMark(layout.Point{X: l.X + 10, Y: l.Y + legendTarget})
	s.meanMark(layout.Point{X: l.X + 10, Y: l.Y + legendMean})
	// The bar is three stops joined by two gradient quads.
	y0, y1 := l.Y+legendRamp, l.Y+legendRamp+legendRampH
	for i := range 2 {
		xa := l.X + legendRampW*float64(i)/2
		xb := l.X + legendRampW*float64(i+1)/2
		a, b := rampStops[i], rampStops[i+1]
		s.over.quad(layout.Point{X: xa, Y: y0}, layout.Point{X: xb, Y: y0},
			layout.Point{X: xb, Y: y1}, layout.Point{X: xa, Y: y1}, a, b, b, a)
	}
	for _, v := range [...]float64{1.0 / 3, 1e-2, engine.BoundaryEps} {
		x := l.X + legendRampW*layout.Nearness(v)
		s.over.rect(layout.Rect{X: x - 0.5, Y: y1, W: 1, H: 4}, colEdge)
	}
}

// primalText writes the primal title, the vertex labels and the legend.
func (s *scene) primalText(dst *ebiten.Image, f layout.Frame, snap *engine.Snapshot) {
	fc := s.fc
	x := s.txt.drawMath(dst, &s.glyphs, s.texts.primalTitle, fc.title, f.Primal.X+16, 14, colText)
	s.txt.draw(dst, s.texts.primalNote, fc.small, x+14, 19, text.AlignStart, colDim)

	// Vertex labels sit outside the polygon, away from its centre.
	var c layout.Point
	for _, v := range s.verts {
		c.X += v.X / float64(len(s.verts))
		c.Y += v.Y / float64(len(s.verts))
	}
	for i, v := range s.verts {
		if i >= len(s.texts.vertex) {
			break // only the simplex labels its vertices
		}
		dx, dy := v.X-c.X, v.Y-c.Y
		r := math.Hypot(dx, dy)
		if r == 0 {
			break
		}
		lx, ly := v.X+14*dx/r, v.Y+14*dy/r-9
		align := text.AlignCenter
		switch {
		case dx < -r/4:
			align = text.AlignEnd
		case dx > r/4:
			align = text.AlignStart
		}
		s.txt.draw(dst, s.texts.vertex[i], fc.label, lx, ly, align, colText)
	}

	l := f.Legend
	tgt, caption := "target mean q", "colour: smallest coordinate"
	switch snap.Config.Objective {
	case engine.ObjectiveDirichlet:
		tgt = "target mean α/α₀ (Dirichlet)"
	case engine.ObjectiveGaussian, engine.ObjectiveDoubleWell, engine.ObjectiveInteraction:
		tgt, caption = "centre c of the well", "colour: distance to the boundary"
	case engine.ObjectiveXOR:
		tgt, caption = "neurons at (w₁, w₂)", "colour: distance to the boundary"
	case engine.ObjectiveMMD:
		tgt = "centre c; dots: the target sample"
		if snap.Config.Domain != engine.DomainSimplex {
			caption = "colour: distance to the boundary"
		}
	}
	if s.texts.domain == engine.DomainSpectraplex { // snap is the drawn view (spectraView)
		tgt, caption = "target Σ* = diag(q)", "colour: smallest eigenvalue"
		if s.disc {
			caption = "colour: distance to the boundary"
		}
	}
	s.txt.draw(dst, tgt, fc.small, l.X+24, l.Y+legendTarget-9, text.AlignStart, colText)
	s.txt.draw(dst, "empirical mean", fc.small, l.X+24, l.Y+legendMean-9, text.AlignStart, colText)
	s.txt.draw(dst, caption, fc.small, l.X, l.Y+legendCaption, text.AlignStart, colDim)
	ly := l.Y + legendRamp + legendRampH + 4
	s.txt.draw(dst, "1/3", fc.small, l.X, ly, text.AlignStart, colDim)
	s.txt.draw(dst, "10⁻²", fc.small, l.X+legendRampW*layout.Nearness(1e-2), ly, text.AlignCenter, colDim)
	s.txt.draw(dst, "10⁻³", fc.small, l.X+legendRampW, ly, text.AlignCenter, colDim)
}

// beyondNote returns the note saying how many particles lie beyond the
// dual view ("" if none) and adds the dark plate it is written on.
func (s *scene) beyondNote(f layout.Frame, outside int) string {
	if outside == 0 {
		return ""
	}
	s.buf = strconv.AppendInt(s.buf[:0], int64(outside), 10)
	if outside == 1 {
		s.buf = append(s.buf, " particle beyond the view, drawn at its edge"...)
	} else {
		s.buf = append(s.buf, " particles beyond the view, drawn at its edge"...)
	}
	note := string(s.buf)
	w := text.Advance(note, s.fc.small)
	s.over.rect(layout.Rect{X: f.Plot.MaxX() - w - 14, Y: f.Plot.Y + 4, W: w + 10, H: 19}, colBackground.alpha(0.8))
	return note
}

// dualText writes the dual title, the tick labels, the axis names and the
// note on particles beyond the view.
func (s *scene) dualText(dst *ebiten.Image, f layout.Frame, box layout.Box, m layout.Mapper, beyond string) {
	fc := s.fc
	x := s.txt.drawMath(dst, &s.glyphs, "DUAL   y = ∇φ(x)", fc.title, f.Dual.X+16, 14, colText)
	s.txt.draw(dst, s.texts.dualNote, fc.small, x+14, 19, text.AlignStart, colDim)

	p := f.Plot
	s.axesText(dst, &s.dax, p, box, m, "y₁", "y₂")

	if beyond != "" {
		s.txt.draw(dst, beyond, fc.small, p.MaxX()-9, p.Y+5, text.AlignEnd, colAmber)
	}
}

// noteText writes a transient message in the bottom-right corner of the
// dual view, on a dark plate.
func (s *scene) noteText(dst *ebiten.Image, f layout.Frame, note string) {
	w := text.Advance(note, s.fc.small)
	r := layout.Rect{X: f.Plot.MaxX() - w - 24, Y: f.Plot.MaxY() - 34, W: w + 16, H: 24}
	s.plate.reset()
	s.plate.rect(r, colBackground.alpha(0.85))
	s.plate.frame(r, 1, colEdge)
	s.plate.draw(dst, false)
	s.txt.draw(dst, note, s.fc.small, r.X+8, r.Y+4, text.AlignStart, colText)
}

// dimTexts are the strings of the picture that depend on the dimension d,
// built once per change of d.
type dimTexts struct {
	domain, mirror, objective         string
	d, vertices                       int
	low, high, radius                 float64
	primalTitle, primalNote, dualNote string
	vertex                            []string // e₁ … e_{d+1} on the simplex
}

func (t *dimTexts) update(c *engine.Config) {
	if t.d == c.Dim && t.domain == c.Domain && t.mirror == c.Mirror && t.low == c.Low && t.high == c.High && t.radius == c.Radius && t.vertices == len(c.Vertices) && t.objective == c.Objective {
		return
	}
	t.objective = c.Objective
	d := c.Dim
	t.domain, t.mirror, t.d, t.low, t.high, t.radius, t.vertices = c.Domain, c.Mirror, d, c.Low, c.High, c.Radius, len(c.Vertices)
	t.vertex = t.vertex[:0]
	if d == 1 && c.Domain != engine.DomainSpectraplex {
		t.intervalTexts(c)
		return
	}
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', 4, 64) }
	some := ""
	if d > 2 {
		some = "  (x₁, x₂) of " + strconv.Itoa(d)
	}
	t.dualNote = c.Mirror + " map" + strings.Replace(some, "x", "y", 2)
	switch c.Domain {
	case engine.DomainBox:
		t.primalTitle = "PRIMAL   x ∈ [" + g(c.Low) + ", " + g(c.High) + "]" + superscript(d)
		t.primalNote = "the box" + some
		return
	case engine.DomainBall:
		t.primalTitle = "PRIMAL   x ∈ ball, radius " + g(c.Radius)
		t.primalNote = "d = " + strconv.Itoa(d) + some
		if c.Objective == engine.ObjectiveXOR {
			// A particle is a neuron (w₁, …, w_k, b, a): the panels show (w₁, w₂)
			// (the legend says so).
			t.primalTitle = "PRIMAL   neurons θ ∈ ball, radius " + g(c.Radius)
			t.primalNote = "d = " + strconv.Itoa(d)
		}
		return
	case engine.DomainOrthant:
		t.primalTitle = "PRIMAL   x ∈ orthant x > 0"
		t.primalNote = "d = " + strconv.Itoa(d) + some
		return
	case engine.DomainPlane:
		t.primalTitle = "PRIMAL   x ∈ plane, unconstrained"
		t.primalNote = "d = " + strconv.Itoa(d) + some
		return
	case engine.DomainPolygon:
		t.primalTitle = "PRIMAL   x ∈ polygon"
		t.primalNote = strconv.Itoa(len(c.Vertices)/2) + " vertices"
		return
	case engine.DomainSpectraplex:
		// See spectraView: the disc for 2×2, the spectrum on Δ^d above.
		size := strconv.Itoa(d + 1)
		if d == 1 {
			t.primalTitle = "PRIMAL   X ∈ spectraplex"
			t.primalNote = "2×2: a disc"
			t.dualNote = c.Mirror + " map  (Y₁₁ − Y₂₂, 2Y₁₂)"
			return
		}
		t.primalTitle = "PRIMAL   spectrum of X, " + size + "×" + size
		for i := 1; i <= d+1; i++ {
			t.vertex = append(t.vertex, "e"+subscript(i))
		}
		last := subscript(d + 1)
		t.primalNote = "x₁ ≥ … ≥ x" + last + " on Δ" + superscript(d)
		t.dualNote = "y₁ = log(x₁/x" + last + "),  y₂ = log(x₂/x" + last + ")  of the dual's eigenvalues"
		return
	}
	t.primalTitle = "PRIMAL   x ∈ Δ" + superscript(d)
	for i := 1; i <= d+1; i++ {
		t.vertex = append(t.vertex, "e"+subscript(i))
	}
	if d == 2 {
		t.primalNote = "x = x₁e₁ + x₂e₂ + x₃e₃"
		t.dualNote = "y₁ = log(x₁/x₃),  y₂ = log(x₂/x₃)"
		return
	}
	last := subscript(d + 1)
	t.primalNote = "x = x₁e₁ + … + x" + last + "e" + last + " (projected)"
	t.dualNote = "y₁ = log(x₁/x" + last + "),  y₂ = log(x₂/x" + last + ")  of " + strconv.Itoa(d) + " dual coordinates"
}

// superscript and subscript spell a non-negative integer in Unicode super-
// and subscript digits.
func superscript(n int) string { return digits(n, []rune("⁰¹²³⁴⁵⁶⁷⁸⁹")) }
func subscript(n int) string   { return digits(n, []rune("₀₁₂₃₄₅₆₇₈₉")) }

func digits(n int, set []rune) string {
	var b []rune
	for _, c := range strconv.Itoa(n) {
		b = append(b, set[c-'0'])
	}
	return string(b)
}

// centre returns the barycentre (1/k, …, 1/k) of Δ^{k−1}, reusing s.target's
// neighbour buffer.
func (s *scene) centre(k int) []float64 {
	s.bary = s.bary[:0]
	for range k {
		s.bary = append(s.bary, 1/float64(k))
	}
	return s.bary
}
