// Package render draws read-only engine snapshots: the PRIMAL panel (the
// simplex with its particles) beside the DUAL panel (the same particles at
// y = ∇φ(x)), over a strip of live readouts. Game is the ebiten.Game that
// the browser and the desktop app both run.
//
// The arithmetic of the picture (panel rectangles, barycentric placement,
// the dual view box, ticks) lives in the subpackage layout, which needs no
// display; this package only turns it into vertices and text.
package render

import (
	"fmt"
	"image"
	"reflect"
	"sync"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/mmfld/playground/app"
	"github.com/mmfld/playground/engine"
	"github.com/mmfld/playground/render/caption"
	"github.com/mmfld/playground/render/layout"
)

// Width and Height are the logical size of the picture; ebiten letterboxes
// it into whatever window or canvas the game runs in.
const Width, Height = 1200, 600

// StackedWidth and StackedHeight are the logical size of the picture in a
// window or canvas taller than wide (a phone held upright, the page below
// 700 px): the primal panel over the dual one, each the size it has in
// Width×Height, over a status strip whose lines wrap (layout.Screen).
const StackedWidth, StackedHeight = Width / 2, 2 * Height

// StackedCompareWidth and StackedCompareHeight are the logical size of a
// comparison's picture in a window or canvas taller than wide: its four
// panels one over the other (layout.Compare), each about the size a
// stacked panel has.
const StackedCompareWidth, StackedCompareHeight = Width / 2, 4 * Height

// noteDuration is how long a Notify message stays on screen.
const noteDuration = 2500 * time.Millisecond

// Game runs one app.Session and draws it. Update advances the session by one
// frame; Draw only draws a snapshot of it and never changes the session.
//
// The exported fields may be set before the game runs; afterwards they are
// read on the game's goroutine only.
type Game struct {
	// HelpLine, if not empty, is drawn in a line of its own across the
	// bottom of the picture (the desktop app lists its keys there).
	HelpLine string
	// OnUpdate, if not nil, is called at the start of every Update, before
	// the session advances: the desktop app reads its keys there. An error
	// ends the game and is returned by ebiten.RunGame (ebiten.Termination
	// ends it cleanly).
	OnUpdate func() error

	sess  *app.Session
	snap  engine.Snapshot
	sc    *scene // side A's, or the single run's; its writer is the frame's
	sb    *scene // side B's while comparing (made on first use)
	snapB engine.Snapshot
	cmp   comparison

	cursor func() (x, y int) // the cursor in the picture (ebiten.CursorPosition; tests replace it)
	curves curvesView

	mu       sync.Mutex // guards what other goroutines may hand in or read
	view     View
	captures []func(*image.RGBA)
	note     string
	noteEnd  time.Time
	times    frameLog
}

// NewGame returns a Game that plays sess.
func NewGame(sess *app.Session) *Game {
	return &Game{sess: sess, sc: newScene(), cursor: ebiten.CursorPosition}
}

// Run runs g with ebiten.RunGame, one Update a drawn frame: a frame takes
// Config.StepsPerFrame steps, fewer when they do not fit in
// app.FrameBudget, so a slow GPU or a big run lowers the steps a second and
// not the frame rate. (At ebiten's default of 60 Updates a second, a slow
// frame is followed by catch-up Updates, each with its steps, which slow
// the next frame further.) The screen is not cleared before each Draw: every
// frame starts with an opaque background over all of it (drawFrame), so
// ebiten's clear would fill every pixel twice (measured: BenchmarkBrowserFrame's
// headless Chromium, whose WebGL runs on the CPU, 16 → 18 frames a second).
func Run(g *Game) error {
	ebiten.SetTPS(ebiten.SyncWithFPS)
	ebiten.SetScreenClearedEveryFrame(false)
	return ebiten.RunGame(g)
}

// Session returns the session the game plays.
func (g *Game) Session() *app.Session { return g.sess }

// Update calls OnUpdate, then advances the session by one frame.
func (g *Game) Update() error {
	if g.OnUpdate != nil {
		if err := g.OnUpdate(); err != nil {
			return err
		}
	}
	k := g.sess.Frame()
	step, _ := g.sess.FrameCost() // the readouts are recorded when Draw takes its snapshot
	g.mu.Lock()
	g.times.update(k, step)
	g.mu.Unlock()
	return nil
}

// Draw draws the current snapshot of the session onto screen, then hands
// the drawn picture to any pending RequestCapture callbacks.
func (g *Game) Draw(screen *ebiten.Image) {
	start := time.Now()
	_, before := g.sess.FrameCost()
	g.sess.Snapshot(&g.snap)
	snapped := time.Now()
	// The snapshot recorded the state's readouts if nothing had observed
	// it since the last Update.
	_, after := g.sess.FrameCost()
	record := after - before
	defer func() {
		g.mu.Lock()
		g.times.draw(start, record, snapped.Sub(start)-record, time.Since(snapped))
		g.mu.Unlock()
	}()
	b := screen.Bounds()

	g.mu.Lock()
	g.times.size = b.Size()
	note := g.note
	if note != "" && time.Now().After(g.noteEnd) {
		g.note, note = "", ""
	}
	captures := g.captures
	g.captures = nil
	g.mu.Unlock()

	if g.snap.Stopped != "" {
		// The page (or the desktop's reset key) offers the way out; the
		// picture says why it stands still.
		note = g.snap.Stopped + " · reset to start again"
	}
	g.drawScene(screen, b, note)

	if len(captures) > 0 {
		img := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
		screen.ReadPixels(img.Pix)
		for _, c := range captures {
			c(img)
		}
	}
}

// drawScene draws the snapshot into a picture of size b, both sides' while
// the session compares; if drawing it panics (a bug), the session stops
// with the reason instead of the program ending, and the next frame says
// so.
func (g *Game) drawScene(screen *ebiten.Image, b image.Rectangle, note string) {
	defer func() {
		if r := recover(); r != nil {
			g.sess.Stop(fmt.Sprint("drawing failed: ", r))
		}
	}()
	w, h := float64(b.Dx()), float64(b.Dy())
	g.mu.Lock()
	view, fps := g.view, g.times.fps()
	g.mu.Unlock()
	var cv *curvesView
	if view.Curves {
		cv = &g.curves
	}
	compare := g.sess.Comparing()
	if compare {
		if g.sb == nil {
			g.sb = g.sc.sideScene()
		}
		// The comparison may end between the two calls: then B has no
		// snapshot, and the frame shows A alone.
		compare = g.sess.SnapshotOf(app.B, &g.snapB) == nil
	}
	var tags [2]string
	if compare {
		tags[0], tags[1] = g.cmp.labels(&g.snap.Config, &g.snapB.Config)
	}
	if cv != nil {
		x, y := g.cursor()
		cv.prepare(g.sess, compare, tags, view.Log, x, y)
	}
	if compare {
		g.drawCompare(screen, layout.Compare(w, h, g.HelpLine != ""), tags, note, cv, fps)
		return
	}
	g.sc.draw(screen, layout.Screen(w, h, g.HelpLine != ""), &g.snap, g.HelpLine, note, cv, fps)
}

// drawCompare draws both sides of a comparison laid out as c: A's panels
// over B's, labelled tags (what differs between the two configs), and the
// curves view cv, if not nil, in place of the dual panels.
func (g *Game) drawCompare(screen *ebiten.Image, c layout.CompareFrame, tags [2]string, note string, cv *curvesView, fps float64) {
	g.cmp.runs = [2]shown{
		{sc: g.sc, f: c.A, snap: &g.snap, tag: tags[0], tagCol: colSideA},
		{sc: g.sb, f: c.B, snap: &g.snapB, tag: tags[1], tagCol: colSideB},
	}
	g.cmp.spec = frameSpec{w: c.W, h: c.H, status: c.Status, help: c.Help, helpS: g.HelpLine, note: note, noteAt: c.B.Plot, fps: fps, wrap: c.Stacked}
	if cv != nil {
		g.cmp.spec.cv, g.cmp.spec.curves = cv, layout.CurvesArea(c.A, c.B)
		g.cmp.spec.noteAt = g.cmp.spec.curves
	}
	drawFrame(screen, g.cmp.runs[:], &g.cmp.spec)
}

// comparison holds what drawing a comparison reuses from frame to frame:
// the sides' labels and the configs they were made for, the runs and the
// frame's spec.
type comparison struct {
	a, b   engine.Config
	la, lb string
	runs   [2]shown
	spec   frameSpec
}

// labels returns the sides' labels for the configs a and b
// (caption.Sides), made again only when either changed.
func (c *comparison) labels(a, b *engine.Config) (la, lb string) {
	if c.la == "" || !reflect.DeepEqual(&c.a, a) || !reflect.DeepEqual(&c.b, b) {
		c.a, c.b = a.Clone(), b.Clone()
		c.la, c.lb = caption.Sides(a, b)
	}
	return c.la, c.lb
}

// The colours of a comparison's two sides (their labels, and their curves
// in the curves view): sky blue and orange of Okabe and Ito's palette,
// told apart with every common colour-vision deficiency.
var (
	colSideA = hex(0x56b4e9)
	colSideB = hex(0xe69f00)
)

// View is how the picture shows the session: what the JavaScript API's
// view() and the desktop's keys G and L change.
type View struct {
	// Curves shows the readouts against the step (F, L, boundary mass and
	// the errors against a known target; both sides of a comparison on
	// each plot) in place of the dual panels.
	Curves bool `json:"curves"`
	// Log plots the curves' values on a logarithmic scale (a plot whose
	// values are not all positive stays linear and says so).
	Log bool `json:"log"`
}

// View returns the game's view. It may be called from any goroutine.
func (g *Game) View() View {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.view
}

// SetView sets the game's view; the next frame shows it. It may be called
// from any goroutine.
func (g *Game) SetView(v View) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.view = v
}

// Curves reports whether the curves view is on.
func (g *Game) Curves() bool { return g.View().Curves }

// SetCurves turns the curves view on or off. It may be called from any
// goroutine.
func (g *Game) SetCurves(on bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.view.Curves = on
}

// LogScale reports whether the curves are plotted on a log scale.
func (g *Game) LogScale() bool { return g.View().Log }

// SetLogScale plots the curves on a log scale (on) or a linear one. It may
// be called from any goroutine.
func (g *Game) SetLogScale(on bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.view.Log = on
}

// Layout returns the logical size: when the outside is taller than wide,
// StackedWidth×StackedHeight for one run and
// StackedCompareWidth×StackedCompareHeight for a comparison, Width×Height
// otherwise; ebiten letterboxes it into the outside size.
func (g *Game) Layout(outsideWidth, outsideHeight int) (int, int) {
	if outsideHeight > outsideWidth {
		if g.sess.Comparing() {
			return StackedCompareWidth, StackedCompareHeight
		}
		return StackedWidth, StackedHeight
	}
	return Width, Height
}

// RequestCapture asks the next Draw to read the picture it drew back from
// the GPU and call f with it, on the game's goroutine, inside Draw. The
// image (of the logical size Layout gave, alpha premultiplied, opaque)
// belongs to f. It is the only dependable way to read pixels in a browser,
// where the WebGL canvas keeps no drawing buffer between frames. f must not
// block; it may be called from any goroutine.
func (g *Game) RequestCapture(f func(img *image.RGBA)) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.captures = append(g.captures, f)
}

// Notify shows msg for a few seconds in the corner of the dual panel, as
// feedback for a key or a refused change. It may be called from any
// goroutine; an empty msg clears the message.
func (g *Game) Notify(msg string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.note, g.noteEnd = msg, time.Now().Add(noteDuration)
}

// FrameTimes is the Go time the game spent on its recent drawn frames
// (Game.FrameTimes), oldest first, one entry a frame. A frame is the
// Updates ebiten ran since the last Draw, and that Draw; the times are wall
// times measured in Go (in a browser, performance.now, to 0.1 ms or
// coarser), without what ebiten and the GPU do after Draw returns.
type FrameTimes struct {
	// Updates and Steps are the frame's Update calls and the steps they
	// took (app.Session.Frame); Step is the steps' time and Record the time
	// computing the readouts of the state drawn (app.Session.FrameCost: the
	// entropy estimate above all), once a frame however many Updates it
	// had, both in milliseconds.
	Updates []int     `json:"updates"`
	Steps   []int     `json:"steps"`
	Step    []float64 `json:"stepMs"`
	Record  []float64 `json:"recordMs"`
	// Snapshot is the time copying the session's state out for drawing
	// (app.Session.Snapshot, without the Record it starts with), Build the
	// time drawing it: the panels' vertices, the text, and the
	// DrawTriangles calls that queue them; both in milliseconds.
	Snapshot []float64 `json:"snapshotMs"`
	Build    []float64 `json:"buildMs"`
	// Drawn counts the frames drawn since the game started.
	Drawn int64 `json:"drawn"`
	// Width and Height are the logical size of the last picture drawn
	// (Layout): Width×Height, or StackedWidth×StackedHeight with the panels
	// one over the other.
	Width  int `json:"width"`
	Height int `json:"height"`
}

// frameLogSize is the number of recent frames a Game keeps times of.
const frameLogSize = 128

// frameTime is one frame's entry of a frameLog.
type frameTime struct {
	updates, steps                int
	step, record, snapshot, build time.Duration
	at                            time.Time // when its Draw started
}

// frameLog is a ring of the recent frames' times.
type frameLog struct {
	frames [frameLogSize]frameTime
	next   int         // the frame being recorded: its Updates so far
	n      int         // frames recorded, at most frameLogSize
	drawn  int64       // frames drawn in all
	size   image.Point // of the last picture drawn
}

// update records an Update that took k steps in step.
func (l *frameLog) update(k int, step time.Duration) {
	f := &l.frames[l.next]
	f.updates++
	f.steps += k
	f.step += step
}

// draw records the Draw that started at and ends the frame, and starts
// the next: it recorded the readouts in record, then copied the state in
// snapshot and built the picture in build.
func (l *frameLog) draw(at time.Time, record, snapshot, build time.Duration) {
	f := &l.frames[l.next]
	f.record, f.snapshot, f.build, f.at = record, snapshot, build, at
	l.next = (l.next + 1) % frameLogSize
	l.n = min(l.n+1, frameLogSize)
	l.drawn++
	l.frames[l.next] = frameTime{}
}

// fpsWindow is the span of recent frames the fps readout counts.
const fpsWindow = time.Second

// fps returns the frames drawn per second over the last fpsWindow of
// recorded frames (from the first to the last Draw's start in it), or 0
// with fewer than two frames in it.
func (l *frameLog) fps() float64 {
	if l.n < 2 {
		return 0
	}
	newest := l.frames[(l.next-1+frameLogSize)%frameLogSize].at
	oldest, k := newest, 0
	for i := 2; i <= l.n; i++ {
		at := l.frames[(l.next-i+frameLogSize)%frameLogSize].at
		if newest.Sub(at) > fpsWindow {
			break
		}
		oldest, k = at, i-1
	}
	if span := newest.Sub(oldest); k > 0 && span > 0 {
		return float64(k) / span.Seconds()
	}
	return 0
}

// FPS returns the frames drawn per second over about the last second. It
// may be called from any goroutine.
func (g *Game) FPS() float64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.times.fps()
}

// FrameTimes writes the times of the recent drawn frames (at most 128)
// into dst, reusing its slices. It may be called from any goroutine.
func (g *Game) FrameTimes(dst *FrameTimes) {
	g.mu.Lock()
	defer g.mu.Unlock()
	l := &g.times
	dst.Updates, dst.Steps = dst.Updates[:0], dst.Steps[:0]
	dst.Step, dst.Record, dst.Snapshot, dst.Build = dst.Step[:0], dst.Record[:0], dst.Snapshot[:0], dst.Build[:0]
	for i := range l.n {
		f := &l.frames[(l.next-l.n+i+frameLogSize)%frameLogSize]
		dst.Updates = append(dst.Updates, f.updates)
		dst.Steps = append(dst.Steps, f.steps)
		dst.Step = append(dst.Step, ms(f.step))
		dst.Record = append(dst.Record, ms(f.record))
		dst.Snapshot = append(dst.Snapshot, ms(f.snapshot))
		dst.Build = append(dst.Build, ms(f.build))
	}
	dst.Drawn = l.drawn
	dst.Width, dst.Height = l.size.X, l.size.Y
}

// ms returns d in milliseconds.
func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
