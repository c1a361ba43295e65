package render

import (
	"math"
	"strconv"

	"github.com/mmfld/playground/app"
	"github.com/mmfld/playground/render/layout"
)

// The curves view: the readouts of app.Session.History against the step,
// one small plot per readout stacked in a column that shares the step axis,
// both sides of a comparison on each plot in their colours. It takes the
// place of the dual panels (the right half of the picture above the status
// strip): the primal panels stay, so the particles and their curves are
// seen together. Hovering a plot shows the step and the values under the
// cursor.

// A quantity is a readout the curves view plots.
type quantity struct {
	name string
	get  func(p *app.Point) (float64, bool)
}

// quantities are the readouts the view plots, top to bottom, each when any
// point of the history has it.
var quantities = [...]quantity{
	{"F(μ)", func(p *app.Point) (float64, bool) { return p.F, true }},
	{"L = F + λ·Ent", func(p *app.Point) (float64, bool) { return p.L.Value, p.L.Valid }},
	{"boundary mass", func(p *app.Point) (float64, bool) { return p.BoundaryMass, true }},
	{"mean error", func(p *app.Point) (float64, bool) { return p.MeanError.Value, p.MeanError.Valid }},
	{"cov error", func(p *app.Point) (float64, bool) { return p.CovError.Value, p.CovError.Valid }},
	{"test accuracy", func(p *app.Point) (float64, bool) { return p.Accuracy.Value, p.Accuracy.Valid }},
}

// Settings of the curves view.
const (
	curveWidth  = 1.75 // of a curve, in pixels
	curveYTicks = 3    // at most this many tick intervals on a linear value axis
	curveLogMax = 4    // at most this many decades labelled on a log one
	curveXTicks = 6
	// curveTickRoom is the room a tick slice starts with: more than either
	// axis ever has (layout.Ticks and LogTicks keep to the counts above), so
	// that no frame grows one.
	curveTickRoom = 2 * (curveXTicks + 1)
)

// curvePlot is one plot of the view: its quantity, where it goes, its value
// axis, its ticks and their labels.
type curvePlot struct {
	q        int
	y        layout.LogY
	fellBack bool // log scale asked for, but a value is not positive
	yt       []float64
	ystep    float64
	yl       labelCache
}

// curvesView holds what the curves view reuses from frame to frame.
type curvesView struct {
	hist  [2][]app.Point // the sides' histories (one side when not comparing)
	sides int
	cols  [2]rgba
	tags  [2]string
	log   bool
	cx    float64 // the cursor
	cy    float64

	plots  [len(quantities)]curvePlot
	n      int
	rects  []layout.Rect
	x0, x1 float64 // the steps shown
	xt     []float64
	xstep  float64
	xl     labelCache
	pts    []layout.Point

	hover   int // the hovered point's index in hist[hoverS], −1 if none
	hoverS  int
	hoverP  int // the hovered plot
	hoverAt layout.Rect
	hbuf    []byte // the hover readout
}

// prepare readies a frame: the histories of the session's sides (both if
// compare), their labels and colours, the scale and the cursor at (cx, cy).
func (c *curvesView) prepare(sess *app.Session, compare bool, tags [2]string, log bool, cx, cy int) {
	if c.hist[0] == nil {
		// Room for the whole history from the start, so that no frame
		// grows a buffer while the history grows.
		c.hist = [2][]app.Point{make([]app.Point, 0, app.HistoryPoints), make([]app.Point, 0, app.HistoryPoints)}
		c.pts = make([]layout.Point, 0, app.HistoryPoints)
	}
	c.hist[0], _ = sess.History(app.A, c.hist[0]) // side A always has one
	c.sides = 1
	if compare {
		// A comparison ended since the caller asked draws side A alone.
		var err error
		if c.hist[1], err = sess.History(app.B, c.hist[1]); err == nil {
			c.sides = 2
		}
	}
	c.tags, c.cols = tags, [2]rgba{colSideA, colSideB}
	c.log, c.cx, c.cy = log, float64(cx), float64(cy)
}

// stepX returns the pixel column of step on the plot r.
func (c *curvesView) stepX(r layout.Rect, step float64) float64 {
	return r.X + (step-c.x0)/(c.x1-c.x0)*r.W
}

// queue lays the view out in area and queues its shapes on s: the plots'
// surfaces, grids and frames, the curves, the hover line and marks, the
// key's swatches.
func (c *curvesView) queue(s *scene, area layout.Rect) {
	// Room for every curve of a full history (a polyline: 4 vertices and
	// 18 indices a point), so that the layer does not grow as it fills.
	const most = len(quantities) * 2 * app.HistoryPoints
	s.over.ensure(4*most+batchRoom, 18*most+batchRoom)
	if cap(s.over.chunks) < 4*len(quantities)*2 {
		s.over.chunks = append(make([]chunk, 0, 8*len(quantities)*2), s.over.chunks...)
	}
	c.layoutPlots(area)
	c.keySwatches(s, area)
	for i := range c.n {
		c.queuePlot(s, &c.plots[i], c.rects[i])
	}
	c.queueHover(s)
}

// layoutPlots picks the quantities some point has, their axes, and the
// steps shown.
func (c *curvesView) layoutPlots(area layout.Rect) {
	c.n = 0
	c.x0, c.x1 = math.Inf(1), math.Inf(-1)
	for k := range c.sides {
		if h := c.hist[k]; len(h) > 0 {
			c.x0 = min(c.x0, float64(h[0].Step))
			c.x1 = max(c.x1, float64(h[len(h)-1].Step))
		}
	}
	if c.x0 > c.x1 {
		c.x0, c.x1 = 0, 1
	}
	if c.x1 <= c.x0 {
		c.x1 = c.x0 + 1
	}
	for q := range quantities {
		lo, hi, pos, all := c.extent(q)
		if !all {
			continue
		}
		p := &c.plots[c.n]
		c.n++
		p.q = q
		p.y.Log = c.log && pos
		p.fellBack = c.log && !pos
		if p.y.Log {
			lo, hi = c.positiveExtent(q)
		}
		p.y.Lo, p.y.Hi = layout.SeriesRange(lo, hi, p.y.Log)
	}
	c.rects = layout.CurvePlots(c.rects, area, c.n)
	for i := range c.n {
		p := &c.plots[i]
		p.y.Rows = c.rects[i]
		if p.yt == nil {
			p.yt = make([]float64, 0, curveTickRoom)
		}
		if p.y.Log {
			p.yt, _ = layout.LogTicks(p.yt, p.y.Lo, p.y.Hi, curveLogMax)
		} else {
			p.yt, p.ystep = layout.Ticks(p.yt, p.y.Lo, p.y.Hi, curveYTicks)
		}
	}
	if c.xt == nil {
		c.xt = make([]float64, 0, curveTickRoom)
	}
	c.xt, c.xstep = layout.Ticks(c.xt, c.x0, c.x1, curveXTicks)
}

// extent returns the range of quantity q's finite values over the sides'
// histories, whether every one of them is positive, and whether there is
// any.
func (c *curvesView) extent(q int) (lo, hi float64, positive, any bool) {
	lo, hi, positive = math.Inf(1), math.Inf(-1), true
	get := quantities[q].get
	for k := range c.sides {
		for i := range c.hist[k] {
			v, ok := get(&c.hist[k][i])
			if !ok || math.IsNaN(v) || math.IsInf(v, 0) {
				continue
			}
			any = true
			lo, hi = min(lo, v), max(hi, v)
			if !(v > 0) {
				positive = false
			}
		}
	}
	return lo, hi, positive, any
}

// positiveExtent returns the range of quantity q's positive finite values.
func (c *curvesView) positiveExtent(q int) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	get := quantities[q].get
	for k := range c.sides {
		for i := range c.hist[k] {
			if v, ok := get(&c.hist[k][i]); ok && v > 0 && !math.IsInf(v, 0) {
				lo, hi = min(lo, v), max(hi, v)
			}
		}
	}
	return lo, hi
}

// queuePlot queues one plot: its surface, grid lines, frame and curves.
func (c *curvesView) queuePlot(s *scene, p *curvePlot, r layout.Rect) {
	s.under.rect(r, colSurface)
	for _, v := range c.xt {
		x := crisp(c.stepX(r, v))
		s.under.rect(layout.Rect{X: x - 0.5, Y: r.Y, W: 1, H: r.H}, colGrid)
	}
	for _, v := range p.yt {
		if y, ok := p.y.Pixel(v); ok && y >= r.Y-0.5 && y <= r.MaxY()+0.5 {
			y = crisp(y)
			s.under.rect(layout.Rect{X: r.X, Y: y - 0.5, W: r.W, H: 1}, colGrid)
			s.under.rect(layout.Rect{X: r.X - 5, Y: y - 0.5, W: 5, H: 1}, colEdge)
		}
	}
	s.under.frame(r, 1, colEdge)
	get := quantities[p.q].get
	for k := range c.sides {
		c.pts = c.pts[:0]
		for i := range c.hist[k] {
			pt := &c.hist[k][i]
			v, ok := get(pt)
			y, shown := p.y.Pixel(v)
			if !ok || !shown {
				s.over.cut()
				s.over.polyline(c.pts, curveWidth, c.cols[k])
				c.pts = c.pts[:0]
				continue
			}
			// Clamp to the plot: a value beyond the range (none, as the
			// range holds them all) would leave it.
			y = min(max(y, r.Y), r.MaxY())
			c.pts = append(c.pts, layout.Point{X: c.stepX(r, float64(pt.Step)), Y: y})
		}
		if len(c.pts) == 1 {
			s.over.disc(c.pts[0], 2, 8, c.cols[k])
		}
		s.over.cut() // one call a curve: at most 4·HistoryPoints vertices
		s.over.polyline(c.pts, curveWidth, c.cols[k])
	}
	s.over.cut()
}

// queueHover finds the point under the cursor, if it is over a plot, and
// queues a line at its step across the plots, a dot on each curve there,
// and the plate of its readout.
func (c *curvesView) queueHover(s *scene) {
	c.hover, c.hoverP = -1, -1
	for i := range c.n {
		r := c.rects[i]
		if c.cx >= r.X && c.cx <= r.MaxX() && c.cy >= r.Y && c.cy <= r.MaxY() {
			c.hoverP = i
		}
	}
	if c.hoverP < 0 {
		return
	}
	r := c.rects[c.hoverP]
	step := c.x0 + (c.cx-r.X)/r.W*(c.x1-c.x0)
	for k := range c.sides {
		if h := c.hist[k]; len(h) > 0 {
			c.hoverS = k
			c.hover = layout.Nearest(len(h), func(i int) float64 { return float64(h[i].Step) }, step)
			break
		}
	}
	if c.hover < 0 {
		return
	}
	at := float64(c.hist[c.hoverS][c.hover].Step)
	x := crisp(c.stepX(r, at))
	first, last := c.rects[0], c.rects[c.n-1]
	s.over.rect(layout.Rect{X: x - 0.5, Y: first.Y, W: 1, H: last.MaxY() - first.Y}, colText.alpha(0.5))
	for i := range c.n {
		p := &c.plots[i]
		for k := range c.sides {
			if pt, ok := c.pointAt(k, int64(at)); ok {
				if v, ok := quantities[p.q].get(pt); ok {
					if y, ok := p.y.Pixel(v); ok {
						s.over.disc(layout.Point{X: c.stepX(c.rects[i], float64(pt.Step)), Y: y}, 3.5, 12, c.cols[k])
					}
				}
			}
		}
	}
	c.hoverText(s)
	w := s.txt.advanceBytes(c.hbuf, s.fc.small)
	c.hoverAt = layout.Rect{X: r.MaxX() - w - 18, Y: r.Y + 4, W: w + 12, H: 19}
	if c.cx > r.X+r.W/2 {
		c.hoverAt.X = r.X + 6 // away from the cursor
	}
	s.over.rect(c.hoverAt, colBackground.alpha(0.85))
}

// pointAt returns side k's point at step, if it has one there (the sides
// step together, but each thins its history on its own).
func (c *curvesView) pointAt(k int, step int64) (*app.Point, bool) {
	h := c.hist[k]
	i := layout.Nearest(len(h), func(i int) float64 { return float64(h[i].Step) }, float64(step))
	if i < 0 || h[i].Step != step {
		return nil, false
	}
	return &h[i], true
}

// hoverText formats the hovered readout into c.hbuf: the step and each
// side's value of the hovered plot's quantity there.
func (c *curvesView) hoverText(s *scene) {
	p := &c.plots[c.hoverP]
	step := c.hist[c.hoverS][c.hover].Step
	b := append(c.hbuf[:0], "step "...)
	b = strconv.AppendInt(b, step, 10)
	for k := range c.sides {
		pt, ok := c.pointAt(k, step)
		if !ok {
			continue
		}
		v, ok := quantities[p.q].get(pt)
		if !ok {
			continue
		}
		b = append(b, "   "...)
		if c.sides > 1 {
			b = append(b, "ab"[k], ' ')
		}
		b = strconv.AppendFloat(b, v, 'g', 5, 64)
	}
	c.hbuf = b
}

// keyAt returns where the key to the curves starts: the line below the
// view's title.
func keyAt(area layout.Rect) (x, y float64) { return area.X + 16, area.Y + 32 }

// keySwatches queues the key's line swatches, one per side.
func (c *curvesView) keySwatches(s *scene, area layout.Rect) {
	x, y := keyAt(area)
	for k := range c.sides {
		s.over.line(layout.Point{X: x, Y: y + 8}, layout.Point{X: x + 18, Y: y + 8}, 2.5, 0, c.cols[k])
		x += 26 + s.txt.advance(c.key(k), s.fc.small) + 18
	}
}

// key returns side k's entry in the key.
func (c *curvesView) key(k int) string {
	if c.sides == 1 {
		return "this run"
	}
	return c.tags[k]
}

// text writes the view's title, its key and scale, the plots' names, the
// ticks' labels and the hover readout.
func (c *curvesView) text(s *scene, area layout.Rect) {
	fc := s.fc
	x := s.txt.draw("CURVES", fc.title, area.X+16, area.Y+14, alignStart, colText)
	s.txt.draw("the readouts against the step", fc.small, x+14, area.Y+19, alignStart, colDim)
	x, y := keyAt(area)
	for k := range c.sides {
		x = s.txt.draw(c.key(k), fc.small, x+26, y, alignStart, c.cols[k]) + 18
	}
	scale := "linear scale"
	if c.log {
		scale = "log scale"
	}
	s.txt.draw(scale, fc.small, area.MaxX()-22, y, alignEnd, colDim)
	for i := range c.n {
		p := &c.plots[i]
		r := c.rects[i]
		x := s.txt.draw(quantities[p.q].name, fc.small, r.X, r.Y-18, alignStart, colText)
		if p.fellBack {
			s.txt.draw("linear: not every value is positive", fc.small, x+12, r.Y-18, alignStart, colDim)
		}
		for j, v := range p.yt {
			yy, ok := p.y.Pixel(v)
			if !ok || yy < r.Y-0.5 || yy > r.MaxY()+0.5 {
				continue
			}
			var label []byte
			if p.y.Log {
				label = p.yl.pow10(j, v)
			} else {
				label = p.yl.label(j, v, p.ystep)
			}
			s.txt.drawBytes(label, fc.small, r.X-8, yy-8, alignEnd, colDim)
		}
	}
	if c.n > 0 {
		last := c.rects[c.n-1]
		for j, v := range c.xt {
			s.txt.drawBytes(c.xl.label(j, v, c.xstep), fc.small, c.stepX(last, v), last.MaxY()+6, alignCenter, colDim)
		}
		s.txt.draw("step", fc.label, last.MaxX()+18, last.MaxY()+14, alignEnd, colText)
	}
	if c.hover >= 0 {
		s.txt.drawBytes(c.hbuf, fc.small, c.hoverAt.X+6, c.hoverAt.Y+2, alignStart, colText)
	}
}

// pow10Labels are the labels of the powers of ten 10⁻³⁰ … 10³⁰, made once.
var pow10Labels = func() (l [61][]byte) {
	for e := -30; e <= 30; e++ {
		switch e {
		case 0:
			l[e+30] = []byte("1")
		case 1:
			l[e+30] = []byte("10")
		default:
			s := "10"
			if e < 0 {
				s += "⁻"
			}
			l[e+30] = []byte(s + superscript(abs(e)))
		}
	}
	return l
}()

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// pow10 returns the label of the i-th tick v, a power of ten, of a log
// axis ("10⁻³"; the powers beyond 10^±30 are labelled as 10^±30).
func (c *labelCache) pow10(i int, v float64) []byte {
	e := min(max(int(math.Round(math.Log10(v))), -30), 30)
	return pow10Labels[e+30]
}
