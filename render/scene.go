package render

import (
	"math"
	"reflect"
	"strconv"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/mmfld/playground/engine"
	"github.com/mmfld/playground/engine/mirror"
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
// boundary (smallest coordinate below mirror.BoundaryEps).
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
// faces, the pictures and their labels. It never touches the session.
type scene struct {
	fc  faces
	txt *writer // shared by the scenes of a frame: one atlas, one draw command

	under  batch // panel surfaces, grids, axes (anti-aliased)
	primal batch // the particles of the primal panel
	dual   batch // the particles of the dual panel
	over   batch // markers and legend (anti-aliased)
	glyphs batch // ∇ and ∈ strokes of the titles (anti-aliased)
	plate  batch // the background of a note

	pics     pictures // one of each picture; pictureFor picks the frame's
	shownPic picture  // the frame's
	lastStep int64
	lastN    int

	mirror mirror.Map    // the run's map, for the dual images of the markers
	mirCfg engine.Config // the config mirror was made for
	mv, my []float64     // scratch for the markers' dual images

	near  []float64 // each particle's layout.Nearness, set by the primal panel for the dual one
	texts dimTexts
	buf   []byte // number formatting
	ramp  [rampSize]rgba

	one  [1]shown  // the run of a single run's frame
	spec frameSpec // the frame draw draws
}

// axes are the ticks of a pair of axes and the labels last drawn for them.
type axes struct {
	xt, yt []float64
	xl, yl labelCache
}

// ticks sets a's ticks for axes showing [x0, x1] in at most xn intervals
// and [y0, y1] in at most yn (layout.Ticks), into buffers with room for
// more ticks than an axis has.
func (a *axes) ticks(x0, x1 float64, xn int, y0, y1 float64, yn int) {
	if a.xt == nil {
		a.xt, a.yt = make([]float64, 0, 16), make([]float64, 0, 16)
	}
	a.xt, _ = layout.Ticks(a.xt, x0, x1, xn)
	a.yt, _ = layout.Ticks(a.yt, y0, y1, yn)
}

func newScene() *scene {
	s := &scene{fc: newFaces(), txt: &writer{}, pics: newPictures()}
	for i := range s.ramp {
		s.ramp[i] = rampAt(float64(i) / (rampSize - 1))
	}
	return s
}

// labelCache keeps the tick labels of the last frames, so that a still
// view formats none, and a moving one formats into the bytes it kept.
type labelCache struct {
	vals  []float64
	step  float64
	strs  [][]byte
	room  []byte   // the bytes of the labels
	spare [][]byte // room's pieces not yet a tick's
}

// label returns the label of the i-th tick v on an axis with the given
// step; it stays valid until the next call for the same tick.
func (c *labelCache) label(i int, v, step float64) []byte {
	if c.step != step {
		c.step = step
		for k := range c.vals {
			c.vals[k] = math.NaN()
		}
	}
	if c.vals == nil {
		// Room for more ticks than an axis has, each label for more
		// characters than one has, so that no frame allocates.
		const ticks, chars = 16, 24
		c.vals, c.strs = make([]float64, 0, ticks), make([][]byte, 0, ticks)
		c.room = make([]byte, ticks*chars)
		for k := 0; k+chars <= len(c.room); k += chars {
			c.spare = append(c.spare, c.room[k:k:k+chars])
		}
	}
	for len(c.vals) <= i {
		c.vals = append(c.vals, math.NaN())
		var b []byte
		if len(c.spare) > 0 {
			b, c.spare = c.spare[0], c.spare[1:]
		}
		c.strs = append(c.strs, b)
	}
	if c.vals[i] != v {
		c.strs[i] = layout.AppendTickLabel(c.strs[i][:0], v, step)
		c.vals[i] = v
	}
	return c.strs[i]
}

// shown is one run of the picture: the scene that draws it, where, and
// what. A comparison shows two; tag is then the side's label, drawn in
// colour tagCol.
type shown struct {
	sc     *scene
	f      layout.Frame
	snap   *engine.Snapshot
	tag    string
	tagCol rgba

	lg     legend // set while drawing
	beyond []byte
}

// frameSpec is what one frame draws beyond its runs: the status strip and
// help line (from status and help), the note, and the curves view (if cv
// is not nil) in place of the dual panels.
type frameSpec struct {
	w, h   float64
	status layout.Rect
	help   layout.Rect
	helpS  string
	note   string
	noteAt layout.Rect // the note sits in this rectangle's bottom-right corner
	cv     *curvesView
	curves layout.Rect
	fps    float64 // the frames drawn per second, for the status strip
	// wrap is true when the status strip's lines wrap at its right edge:
	// the stacked frames, half as wide.
	wrap bool
}

// drawFrame draws runs[0] (and runs[1], a comparison's side B) with spec.
// Each run's picture comes from pictureFor, with its legend when its frame
// has room for one; the curves view, when on, takes the dual panels'
// place. The shapes are drawn first, back to front, then the strokes of
// the symbols the fonts lack, then every text: all from the one atlas of
// runs[0]'s scene, which every scene of the frame shares, so that ebiten
// draws the frame with one draw command (per 65536 vertices).
func drawFrame(dst *ebiten.Image, runs []shown, spec *frameSpec) {
	a := runs[0].sc
	a.txt.begin(dst)
	for _, r := range runs {
		r.sc.resetBatches()
	}
	a.under.rect(layout.Rect{W: spec.w, H: spec.h}, colBackground) // opaque: covers the last frame
	dual := spec.cv == nil
	for i := range runs {
		r := &runs[i]
		r.lg, r.beyond = r.sc.queue(r.f, r.snap, dual)
	}
	a.rules(runs, spec)
	if len(runs) > 1 {
		x, y := a.inlineLegendAt(spec.status, spec.wrap)
		a.inlineLegend(x, y, false)
	}
	if spec.cv != nil {
		spec.cv.queue(a, spec.curves)
	}
	if spec.note != "" {
		a.notePlate(spec.noteAt, spec.note)
	}

	for _, r := range runs {
		r.sc.drawBatches(dst)
	}

	for _, r := range runs {
		r.sc.panelText(&r, dual)
	}
	if spec.cv != nil {
		spec.cv.text(a, spec.curves)
	}
	if len(runs) == 1 {
		a.statusText(spec.status, runs[0].snap, spec.fps, spec.wrap)
	} else {
		a.compareStatus(spec.status, runs, spec.fps, spec.wrap)
	}
	if spec.helpS != "" {
		c := spec.help.Center()
		a.txt.draw(spec.helpS, a.fc.help, c.X, c.Y-10, alignCenter, colHelp)
	}
	if spec.note != "" {
		a.noteText(spec.noteAt, spec.note)
	}
	for _, r := range runs {
		r.sc.glyphs.draw(dst, a.txt.source())
	}
	a.txt.flush()
}

// resetBatches empties s's batches, keeping their buffers.
func (s *scene) resetBatches() {
	s.under.reset()
	s.primal.reset()
	s.dual.reset()
	s.over.reset()
	s.glyphs.reset()
	s.plate.reset()
}

// queue queues the shapes of snap laid out as f: the picture pictureFor
// chooses for the run, its dual panel (if dual), its legend's marks (if f
// has room for a legend) and the plate of the note on particles beyond
// the dual view. It returns the legend and that note.
func (s *scene) queue(f layout.Frame, snap *engine.Snapshot, dual bool) (lg legend, beyond []byte) {
	p := s.pics.pictureFor(&snap.Config)
	s.shownPic = p
	s.texts.update(&snap.Config, p)
	lg = p.legend(&snap.Config)
	p.views(s, f, snap)
	p.primal(s, f)
	if dual {
		beyond = s.beyondNote(f, p.dual(s, f))
	}
	if f.Legend.W > 0 {
		s.legendMarks(f, lg.plate)
	}
	return lg, beyond
}

// panelText writes r's titles, tag, legend and the picture's labels (the
// dual panel's if dual).
func (s *scene) panelText(r *shown, dual bool) {
	f := r.f
	s.titleText(f, dual)
	if r.tag != "" {
		s.txt.draw(r.tag, s.fc.help, f.Tag.X+14, f.Tag.Y, alignStart, r.tagCol)
	}
	if f.Legend.W > 0 {
		s.legendText(f, r.lg)
	}
	s.shownPic.primalText(s, f)
	if dual {
		s.shownPic.dualText(s, f)
		if len(r.beyond) > 0 {
			s.txt.drawBytes(r.beyond, s.fc.small, f.Plot.MaxX()-9, f.Plot.Y+5, alignEnd, colAmber)
		}
	}
}

// draw draws one frame of a single run snap laid out as f, with the help
// line and the note: drawFrame with a run of one. The curves view cv, if
// not nil, takes the dual panel's place.
func (s *scene) draw(dst *ebiten.Image, f layout.Frame, snap *engine.Snapshot, help, note string, cv *curvesView, fps float64) {
	s.one[0] = shown{sc: s, f: f, snap: snap}
	s.spec = frameSpec{w: f.W, h: f.H, status: f.Status, help: f.Help, helpS: help, note: note, noteAt: f.Plot, fps: fps, wrap: f.Stacked}
	if cv != nil {
		s.spec.cv, s.spec.curves = cv, layout.CurvesArea(f)
		s.spec.noteAt = s.spec.curves
	}
	drawFrame(dst, s.one[:], &s.spec)
}

// sideScene returns a scene for side B of a comparison: its own pictures,
// views and buffers, and s's faces and writer (one atlas for the frame).
func (s *scene) sideScene() *scene {
	b := newScene()
	b.fc, b.txt = s.fc, s.txt
	return b
}

// restarted reports whether the particles were drawn anew since the last
// frame (the step went back, or their number changed), so that the views
// jump to them instead of gliding; n is this frame's number of particles.
func (s *scene) restarted(step int64, n int) bool {
	fresh := step < s.lastStep || n != s.lastN
	s.lastStep, s.lastN = step, n
	return fresh
}

// drawBatches draws the queued shapes, back to front: the domain under
// the particles, the two panels' particles, the markers and legend over
// them, the note's plate.
func (s *scene) drawBatches(dst *ebiten.Image) {
	src := s.txt.source()
	s.under.draw(dst, src)
	s.primal.draw(dst, src)
	s.dual.draw(dst, src)
	s.over.draw(dst, src)
	s.plate.draw(dst, src)
}

// rules adds the thin lines that part the panels, the rows of a
// comparison and the status strip.
func (s *scene) rules(runs []shown, spec *frameSpec) {
	for i, r := range runs {
		d := r.f.Dual
		s.under.rect(layout.Rect{X: d.X - 0.5, Y: d.Y + 12, W: 1, H: d.H - 24}, colRule)
		if i > 0 {
			w := spec.w - 24
			if spec.cv != nil {
				w = d.X - 24
			}
			s.under.rect(layout.Rect{X: 12, Y: r.f.Primal.Y - 0.5, W: w, H: 1}, colRule)
			s.under.rect(layout.Rect{X: r.f.Tag.X, Y: r.f.Tag.Y + 3, W: 9, H: 9}, r.tagCol)
		} else if r.tag != "" {
			s.under.rect(layout.Rect{X: r.f.Tag.X, Y: r.f.Tag.Y + 3, W: 9, H: 9}, r.tagCol)
		}
	}
	s.under.rect(layout.Rect{X: 12, Y: spec.status.Y - 0.5, W: spec.w - 24, H: 1}, colRule)
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

// yGridLine draws the horizontal grid line of tick v at pixel y across
// grid, the line through 0 in its own colour if zero, and its tick mark
// left of grid.
func (s *scene) yGridLine(y, v float64, grid layout.Rect, zero bool) {
	c := colGrid
	if zero && v == 0 {
		c = colZero
	}
	s.under.rect(layout.Rect{X: grid.X, Y: y - 0.5, W: grid.W, H: 1}, c)
	s.under.rect(layout.Rect{X: grid.X - 5, Y: y - 0.5, W: 5, H: 1}, colEdge)
}

// axesFrame adds a pair of axes in the rectangle p showing box through m:
// the surface (if surface), grid lines at the ticks, the lines through 0, the
// frame and the tick marks. The ticks are kept in a for axesText.
func (s *scene) axesFrame(a *axes, p layout.Rect, box layout.Box, m layout.Mapper, surface bool) {
	if surface {
		s.under.rect(p, colSurface)
	}
	a.ticks(box.X0, box.X1, xTicks, box.Y0, box.Y1, yTicks)
	for _, v := range a.xt {
		s.xGridLine(crisp(m.Pixel(v, 0).X), v, p, p)
	}
	for _, v := range a.yt {
		s.yGridLine(crisp(m.Pixel(0, v).Y), v, p, true)
	}
	s.under.frame(p, 1, colEdge)
}

// tickLabels writes the labels of a's ticks: the x ticks (an axis showing
// [x0, x1] in at most xn intervals) centred at row y, the y ticks (showing
// [y0, y1] in at most yn) ending at column x.
func (s *scene) tickLabels(a *axes, m layout.Mapper, box layout.Box, xn, yn int, x, y float64) {
	fc := s.fc
	_, xs := layout.Ticks(a.xt, box.X0, box.X1, xn)
	for i, v := range a.xt {
		s.txt.drawBytes(a.xl.label(i, v, xs), fc.small, m.Pixel(v, 0).X, y, alignCenter, colDim)
	}
	_, ys := layout.Ticks(a.yt, box.Y0, box.Y1, yn)
	for i, v := range a.yt {
		s.txt.drawBytes(a.yl.label(i, v, ys), fc.small, x, m.Pixel(0, v).Y-8, alignEnd, colDim)
	}
}

// axesText writes the tick labels of a and the names of the two axes.
func (s *scene) axesText(a *axes, p layout.Rect, box layout.Box, m layout.Mapper, xName, yName string) {
	s.tickLabels(a, m, box, xTicks, yTicks, p.X-8, p.MaxY()+6)
	s.txt.draw(xName, s.fc.label, p.MaxX(), p.MaxY()+20, alignEnd, colText)
	s.txt.draw(yName, s.fc.label, p.X-8, p.Y-22, alignEnd, colText)
}

// crisp moves a pixel coordinate to the centre of its pixel, so a 1-pixel
// line covers one pixel column instead of smearing over two.
func crisp(v float64) float64 { return math.Floor(v) + 0.5 }

// alphaRamp returns the particle colours at the opacity of n particles,
// and the half side of their squares.
func (s *scene) alphaRamp(n int) (ramp [rampSize]rgba, half float64) {
	size, alpha := layout.ParticleStyle(n)
	for i, c := range s.ramp {
		ramp[i] = c.alpha(alpha)
	}
	return ramp, size / 2
}

// rampIndex returns the index into the colour table of nearness t ∈ [0, 1].
func rampIndex(t float64) int { return int(t*(rampSize-1) + 0.5) }

// dualImage returns (y₁, y₂) of y = ∇φ(v) for the chart point v under the
// map m, or false when v is not inside the domain.
func (s *scene) dualImage(m chart, v []float64) (y1, y2 float64, ok bool) {
	s.mv = m.Lift(grow(s.mv, m.PrimalLen()), v)
	if !m.Inside(s.mv) {
		return 0, 0, false
	}
	s.my = m.Grad(grow(s.my, len(v)), s.mv)
	if len(s.my) < 2 {
		return s.my[0], 0, true
	}
	return s.my[0], s.my[1], true
}

// mirrorOf returns the run's mirror map, made once per config, or nil if
// c is not valid.
func (s *scene) mirrorOf(c *engine.Config) mirror.Map {
	if s.mirror == nil || !reflect.DeepEqual(&s.mirCfg, c) {
		mm, err := engine.NewMirror(*c)
		if err != nil {
			return nil
		}
		s.mirror, s.mirCfg = mm, c.Clone()
	}
	return s.mirror
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

// mark adds the target ring (if target) or the mean cross at p.
func (s *scene) mark(p layout.Point, target bool) {
	if target {
		s.targetMark(p)
	} else {
		s.meanMark(p)
	}
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

// legend is what a picture's legend says: the target ring's line, the
// colour bar's caption, and whether it sits on a dark plate (over a plot).
type legend struct {
	target, caption string
	plate           bool
}

// Legend captions of the colour bar.
const (
	captionCoordinate = "colour: smallest coordinate"
	captionDistance   = "colour: distance to the boundary"
)

// legendMarks adds the marker icons and the colour bar of the legend.
func (s *scene) legendMarks(f layout.Frame, plate bool) {
	l := f.Legend
	if plate {
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
	for _, v := range [...]float64{1.0 / 3, 1e-2, mirror.BoundaryEps} {
		x := l.X + legendRampW*layout.Nearness(v)
		s.over.rect(layout.Rect{X: x - 0.5, Y: y1, W: 1, H: 4}, colEdge)
	}
}

// titleText writes the primal panel's title and note, and the dual
// panel's if dual.
func (s *scene) titleText(f layout.Frame, dual bool) {
	fc := s.fc
	x := s.txt.drawMath(&s.glyphs, s.texts.primalTitle, fc.title, f.Primal.X+16, f.Primal.Y+14, colText)
	s.txt.draw(s.texts.primalNote, fc.small, x+14, f.Primal.Y+19, alignStart, colDim)
	if dual {
		x = s.txt.drawMath(&s.glyphs, "DUAL   y = ∇φ(x)", fc.title, f.Dual.X+16, f.Dual.Y+14, colText)
		s.txt.draw(s.texts.dualNote, fc.small, x+14, f.Dual.Y+19, alignStart, colDim)
	}
}

// legendText writes the legend's lines and the colour bar's labels.
func (s *scene) legendText(f layout.Frame, lg legend) {
	fc := s.fc
	l := f.Legend
	s.txt.draw(lg.target, fc.small, l.X+24, l.Y+legendTarget-9, alignStart, colText)
	s.txt.draw("empirical mean", fc.small, l.X+24, l.Y+legendMean-9, alignStart, colText)
	s.txt.draw(lg.caption, fc.small, l.X, l.Y+legendCaption, alignStart, colDim)
	ly := l.Y + legendRamp + legendRampH + 4
	s.txt.draw("1/3", fc.small, l.X, ly, alignStart, colDim)
	s.txt.draw("10⁻²", fc.small, l.X+legendRampW*layout.Nearness(1e-2), ly, alignCenter, colDim)
	s.txt.draw("10⁻³", fc.small, l.X+legendRampW, ly, alignCenter, colDim)
}

// vertexText writes the names of the simplex's vertices verts beside them,
// outside the polygon, away from its centre.
func (s *scene) vertexText(verts []layout.Point) {
	for i := range verts {
		if i >= len(s.texts.vertex) {
			break
		}
		at, side, ok := layout.VertexLabel(verts, i, 14)
		if !ok {
			break
		}
		align := alignCenter
		switch {
		case side < 0:
			align = alignEnd
		case side > 0:
			align = alignStart
		}
		s.txt.draw(s.texts.vertex[i], s.fc.label, at.X, at.Y-9, align, colText)
	}
}

// beyondNote returns the note saying how many particles lie beyond the
// dual view (empty if none), formatted into s.buf, and adds the dark plate
// it is written on.
func (s *scene) beyondNote(f layout.Frame, outside int) []byte {
	if outside == 0 {
		return nil
	}
	s.buf = strconv.AppendInt(s.buf[:0], int64(outside), 10)
	if outside == 1 {
		s.buf = append(s.buf, " particle beyond the view, drawn at its edge"...)
	} else {
		s.buf = append(s.buf, " particles beyond the view, drawn at its edge"...)
	}
	w := s.txt.advanceBytes(s.buf, s.fc.small)
	s.over.rect(layout.Rect{X: f.Plot.MaxX() - w - 14, Y: f.Plot.Y + 4, W: w + 10, H: 19}, colBackground.alpha(0.8))
	return s.buf
}

// noteRect returns the plate of a transient message in the bottom-right
// corner of at (the dual view, or the curves view).
func (s *scene) noteRect(at layout.Rect, note string) layout.Rect {
	w := s.txt.advance(note, s.fc.small)
	return layout.Rect{X: at.MaxX() - w - 24, Y: at.MaxY() - 34, W: w + 16, H: 24}
}

// notePlate adds the dark plate of a transient message.
func (s *scene) notePlate(at layout.Rect, note string) {
	r := s.noteRect(at, note)
	s.plate.rect(r, colBackground.alpha(0.85))
	s.plate.frame(r, 1, colEdge)
}

// noteText writes a transient message on its plate.
func (s *scene) noteText(at layout.Rect, note string) {
	r := s.noteRect(at, note)
	s.txt.draw(note, s.fc.small, r.X+8, r.Y+4, alignStart, colText)
}

// dimTexts are the strings of the picture that depend on the run's
// config, built by its picture's titles once per change of them.
type dimTexts struct {
	cfg                               engine.Config // what they were built for
	primalTitle, primalNote, dualNote string
	vertex                            []string // e₁ … e_{d+1} on the simplex
}

// update rebuilds t with p's titles when c changed.
func (t *dimTexts) update(c *engine.Config, p picture) {
	if t.primalTitle != "" && reflect.DeepEqual(&t.cfg, c) {
		return
	}
	t.cfg = c.Clone()
	t.vertex = t.vertex[:0]
	p.titles(t, c)
}

// g formats a domain's bound for a title.
func g(v float64) string { return strconv.FormatFloat(v, 'g', 4, 64) }

// someOf returns the note "  (x₁, x₂) of d" that a d-dimensional run
// drawn by its first two coordinates carries, or "" for d ≤ 2.
func someOf(d int) string {
	if d > 2 {
		return "  (x₁, x₂) of " + strconv.Itoa(d)
	}
	return ""
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
