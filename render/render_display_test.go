//go:build display

// These tests draw real frames, so they need a display: ebiten panics at
// package init without one, before TestMain could skip. They carry the build
// tag "display"; render/displaytest runs them (under `make test`, which
// provides Xvfb) whenever DISPLAY is set. To run them directly:
//
//	xvfb-run -a -s "-screen 0 1280x720x24" go test -tags display ./render/
//
// Set MMFLD_RENDER_DIR to a directory to keep the drawn frames as PNGs.
package render

import (
	"errors"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/mmfld/playground/app"
	"github.com/mmfld/playground/engine"
	"github.com/mmfld/playground/render/layout"
)

// TestMain runs the tests inside ebiten's game loop (ebiten's own pattern):
// images can only be drawn and read back once the loop runs.
func TestMain(m *testing.M) {
	code := 0
	ebiten.SetWindowSize(320, 160)
	ebiten.SetRunnableOnUnfocused(true)
	if err := ebiten.RunGame(&testLoop{run: func() { code = m.Run() }}); err != nil && !errors.Is(err, ebiten.Termination) {
		panic(err)
	}
	os.Exit(code)
}

// testLoop runs the tests in its first Update and ends the game.
type testLoop struct{ run func() }

func (l *testLoop) Update() error              { l.run(); return ebiten.Termination }
func (l *testLoop) Draw(*ebiten.Image)         {}
func (l *testLoop) Layout(int, int) (int, int) { return 320, 160 }

// newSession returns a session on engine.Default() patched with patch,
// advanced by steps.
func newSession(t *testing.T, patch string, steps int) *app.Session {
	t.Helper()
	cfg, err := engine.Default().Patch([]byte(patch))
	if err != nil {
		t.Fatal(err)
	}
	s, err := app.NewSession(cfg)
	if err != nil {
		t.Fatal(err)
	}
	s.Step(steps)
	return s
}

// frame draws g into a fresh Width×Height image and reads it back.
func frame(t *testing.T, g *Game) *image.RGBA {
	t.Helper()
	return frameSized(t, g, Width, Height)
}

// frameSized draws g into a fresh w×h image and reads it back.
func frameSized(t *testing.T, g *Game, w, h int) *image.RGBA {
	t.Helper()
	dst := ebiten.NewImage(w, h)
	defer dst.Deallocate()
	g.Draw(dst)
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	dst.ReadPixels(img.Pix)
	keep(t, img)
	return img
}

// keep writes img to $MMFLD_RENDER_DIR/<test name>.png if that is set.
func keep(t *testing.T, img image.Image) {
	dir := os.Getenv("MMFLD_RENDER_DIR")
	if dir == "" {
		return
	}
	f, err := os.Create(filepath.Join(dir, filepath.Base(t.Name())+".png"))
	if err != nil {
		t.Log(err)
		return
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Log(err)
	}
}

// particleColoured reports whether the pixel (r, g, b) is a particle drawn
// over the background: within 30 levels of a blend of the background with a
// colour of the particle ramp (at least a quarter of the way to it), and
// nearer to such a blend than to any blend with another colour of the
// palette, so that the anti-aliased edge of amber text is not a particle.
// A grey, which lies near a faint blend of the bluish ramp, has no colour:
// a particle pixel's channels differ by 40 levels or more.
func particleColoured(r, g, b uint8) bool {
	if int(max(r, g, b))-int(min(r, g, b)) < 40 {
		return false
	}
	p := [3]float64{float64(r) / 255, float64(g) / 255, float64(b) / 255}
	best := math.Inf(1)
	for k := range 33 {
		if e, a := blendDistance(p, rampAt(float64(k)/32)); a >= 0.25 {
			best = min(best, e)
		}
	}
	if best > 30.0/255 {
		return false
	}
	for _, c := range [...]rgba{colAmber, colGreen, colRed, colTarget, colMean, colText, colEdge, colZero, colSurface} {
		if e, _ := blendDistance(p, c); e < best {
			return false
		}
	}
	return true
}

// blendDistance returns the distance from p to the nearest blend of the
// background with c, and the opacity a ∈ [0, 1] of that blend.
func blendDistance(p [3]float64, c rgba) (dist, a float64) {
	bg := colBackground
	q := [3]float64{p[0] - float64(bg.R), p[1] - float64(bg.G), p[2] - float64(bg.B)}
	d := [3]float64{float64(c.R - bg.R), float64(c.G - bg.G), float64(c.B - bg.B)}
	a = (q[0]*d[0] + q[1]*d[1] + q[2]*d[2]) / (d[0]*d[0] + d[1]*d[1] + d[2]*d[2])
	a = min(max(a, 0), 1)
	return math.Sqrt(sq(q[0]-a*d[0]) + sq(q[1]-a*d[1]) + sq(q[2]-a*d[2])), a
}

func sq(v float64) float64 { return v * v }

// count returns how many pixels of img satisfy in and are particle coloured.
func count(img *image.RGBA, in func(x, y int) bool) int {
	n := 0
	for y := range img.Rect.Dy() {
		for x := range img.Rect.Dx() {
			if !in(x, y) {
				continue
			}
			o := img.PixOffset(x, y)
			if particleColoured(img.Pix[o], img.Pix[o+1], img.Pix[o+2]) {
				n++
			}
		}
	}
	return n
}

// inside reports whether pixel (x, y) lies in r shrunk by m pixels.
func inside(r layout.Rect, m float64, x, y int) bool {
	px, py := float64(x)+0.5, float64(y)+0.5
	return px >= r.X+m && px <= r.MaxX()-m && py >= r.Y+m && py <= r.MaxY()-m
}

// inTriangle reports whether pixel (x, y) lies within m pixels of t.
func inTriangle(t layout.Triangle, m float64, x, y int) bool {
	p := layout.Point{X: float64(x) + 0.5, Y: float64(y) + 0.5}
	for i := range 3 {
		a, b := t.V[i], t.V[(i+1)%3]
		// Signed distance to edge a→b; the triangle's interior is on the
		// side of the third vertex.
		c := t.V[(i+2)%3]
		l := math.Hypot(b.X-a.X, b.Y-a.Y)
		side := func(q layout.Point) float64 { return ((b.X-a.X)*(q.Y-a.Y) - (b.Y-a.Y)*(q.X-a.X)) / l }
		if side(p)*math.Copysign(1, side(c)) < -m {
			return false
		}
	}
	return true
}

// checkPanels asserts that both panels of img show particles and that the
// margins around the triangle and around the dual axes show none.
func checkPanels(t *testing.T, img *image.RGBA, f layout.Frame, min int) {
	t.Helper()
	primal := count(img, func(x, y int) bool { return inTriangle(f.Triangle, 3, x, y) })
	dual := count(img, func(x, y int) bool { return inside(f.Plot, 0, x, y) })
	t.Logf("particle-coloured pixels: primal %d, dual %d", primal, dual)
	if primal < min || dual < min {
		t.Errorf("particle-coloured pixels: primal %d, dual %d; want at least %d in each", primal, dual, min)
	}
	margin := func(x, y int) bool {
		switch {
		case inside(f.Primal, 0, x, y):
			return !inTriangle(f.Triangle, 4, x, y) && !inside(f.Legend, -2, x, y)
		case inside(f.Dual, 0, x, y):
			return !inside(f.Plot, -2, x, y)
		}
		return inside(f.Status, 0, x, y) || inside(f.Help, 0, x, y)
	}
	if stray := count(img, margin); stray > 0 {
		t.Errorf("%d particle-coloured pixels outside the triangle, the legend and the dual axes", stray)
		shown := 0
		count(img, func(x, y int) bool {
			o := img.PixOffset(x, y)
			if shown < 10 && margin(x, y) && particleColoured(img.Pix[o], img.Pix[o+1], img.Pix[o+2]) {
				t.Logf("stray pixel at (%d, %d): %v", x, y, img.Pix[o:o+3])
				shown++
			}
			return false
		})
	}
}

func TestPanelsShowParticles(t *testing.T) {
	g := NewGame(newSession(t, `{}`, 40))
	img := frame(t, g)
	checkPanels(t, img, layout.Screen(Width, Height, false), 1500)
}

func TestPanelsWithHelpLine(t *testing.T) {
	s := newSession(t, `{"objective":"dirichlet","algorithm":"projected","n":1000}`, 200)
	s.Play()
	g := NewGame(s)
	g.HelpLine = "space play/pause   → one step   R reset"
	g.Notify("η = 0.0015")
	img := frame(t, g)
	checkPanels(t, img, layout.Screen(Width, Height, true), 400)
}

// TestStackedPanels: in a window taller than wide the game lays the primal
// panel over the dual one (StackedWidth×StackedHeight), both showing
// particles and none elsewhere, with the status lines wrapped onto the
// strip's lines 4 to 7, and the last of them within the picture; a
// comparison stacks its four panels.
func TestStackedPanels(t *testing.T) {
	s := newSession(t, `{}`, 40)
	g := NewGame(s)
	if w, h := g.Layout(400, 800); w != StackedWidth || h != StackedHeight {
		t.Fatalf("Layout(400, 800) = %d×%d, want %d×%d", w, h, StackedWidth, StackedHeight)
	}
	img := frameSized(t, g, StackedWidth, StackedHeight)
	f := layout.Screen(StackedWidth, StackedHeight, false)
	checkPanels(t, img, f, 1500)
	// The wrapped lines: text (pixels far from the strip's background, read
	// at its bottom-right corner) on the strip's lines 4 to 7, which end
	// above its bottom edge.
	bg := img.RGBAAt(int(f.Status.MaxX())-2, int(f.Status.MaxY())-2)
	lower := layout.Rect{X: f.Status.X, Y: f.Status.Y + 7 + 3*layout.LineHeight, W: f.Status.W, H: 4 * layout.LineHeight}
	if lower.MaxY() > f.Status.MaxY() {
		t.Errorf("the status strip's 7 lines end at %v, below the strip's bottom %v", lower.MaxY(), f.Status.MaxY())
	}
	text := 0
	for y := int(lower.Y); y < int(lower.MaxY()); y++ {
		for x := int(lower.X); x < int(lower.MaxX()); x++ {
			c := img.RGBAAt(x, y)
			if abs(int(c.R)-int(bg.R))+abs(int(c.G)-int(bg.G))+abs(int(c.B)-int(bg.B)) > 120 {
				text++
			}
		}
	}
	if text < 200 {
		t.Errorf("%d text pixels on the status strip's wrapped lines; want at least 200", text)
	}

	// The interval (Δ¹ of a box) stacks too.
	img = frameSized(t, NewGame(newSession(t, `{"domain": "box", "dim": 1}`, 40)), StackedWidth, StackedHeight)
	primal := count(img, func(x, y int) bool { return inside(f.Primal, 0, x, y) && !inside(f.Legend, -10, x, y) })
	dual := count(img, func(x, y int) bool { return inside(f.Dual, 0, x, y) })
	if primal < 500 || dual < 500 {
		t.Errorf("the interval, stacked: particle-coloured pixels primal %d, dual %d; want at least 500 each", primal, dual)
	}

	// A comparison stacks its four panels (layout.Compare): each shows its
	// side's particles.
	if _, err := s.Compare([]byte(`{"algorithm": "projected"}`)); err != nil {
		t.Fatal(err)
	}
	if w, h := g.Layout(400, 800); w != StackedCompareWidth || h != StackedCompareHeight {
		t.Fatalf("comparing: Layout(400, 800) = %d×%d, want %d×%d", w, h, StackedCompareWidth, StackedCompareHeight)
	}
	img = frameSized(t, g, StackedCompareWidth, StackedCompareHeight)
	c := layout.Compare(StackedCompareWidth, StackedCompareHeight, false)
	for name, r := range map[string]layout.Rect{"a's primal": c.A.Primal, "b's primal": c.B.Primal, "a's dual": c.A.Dual, "b's dual": c.B.Dual} {
		if n := count(img, func(x, y int) bool { return inside(r, 0, x, y) }); n < 500 {
			t.Errorf("comparing, stacked: %d particle-coloured pixels in %s %v, want at least 500", n, name, r)
		}
	}
}

// TestHigherDimension draws Δ⁵ (projected on a hexagon) and its (y₁, y₂).
func TestHigherDimension(t *testing.T) {
	g := NewGame(newSession(t, `{"dim": 5}`, 40))
	img := frame(t, g)
	f := layout.Screen(Width, Height, false)
	tri := f.Triangle
	box := layout.Rect{X: tri.V[0].X, Y: tri.V[2].Y, W: tri.V[1].X - tri.V[0].X, H: tri.V[0].Y - tri.V[2].Y}
	primal := count(img, func(x, y int) bool { return inside(box, 0, x, y) && !inside(f.Legend, -2, x, y) })
	dual := count(img, func(x, y int) bool { return inside(f.Plot, 0, x, y) })
	stray := count(img, func(x, y int) bool { return inside(f.Status, 0, x, y) })
	if primal < 1500 || dual < 1500 || stray > 0 {
		t.Errorf("Δ⁵: particle-coloured pixels primal %d, dual %d (want ≥ 1500 each), in the status strip %d (want 0)", primal, dual, stray)
	}
}

// TestOtherDomains draws the box, the ball, the orthant and the plane: both
// panels show particles, the status strip none.
func TestOtherDomains(t *testing.T) {
	f := layout.Screen(Width, Height, false)
	for _, patch := range []string{`{"domain": "box"}`, `{"domain": "ball"}`, `{"domain": "orthant"}`, `{"domain": "plane"}`, `{"domain": "polygon"}`, `{"domain": "box", "dim": 4}`} {
		img := frame(t, NewGame(newSession(t, patch, 40)))
		primal := count(img, func(x, y int) bool { return inside(f.Primal, 0, x, y) && !inside(f.Legend, -10, x, y) })
		dual := count(img, func(x, y int) bool { return inside(f.Plot, 0, x, y) })
		stray := count(img, func(x, y int) bool { return inside(f.Status, 0, x, y) })
		if primal < 1500 || dual < 1500 || stray > 0 {
			t.Errorf("%s: particle-coloured pixels primal %d, dual %d (want ≥ 1500 each), in the status strip %d (want 0)", patch, primal, dual, stray)
		}
	}
}

// TestMMDTargetSample: for the mmd objective the primal panel also shows
// the target sample as white dots, on the box and on the simplex.
func TestMMDTargetSample(t *testing.T) {
	f := layout.Screen(Width, Height, false)
	white := func(img *image.RGBA) int {
		return count0(img, func(x, y int) bool {
			if !inside(f.Primal, 0, x, y) || inside(f.Legend, -10, x, y) {
				return false
			}
			o := img.PixOffset(x, y)
			return min(img.Pix[o], img.Pix[o+1], img.Pix[o+2]) > 120
		})
	}
	for _, dom := range []string{"box", "simplex"} {
		with := white(frame(t, NewGame(newSession(t, `{"domain": "`+dom+`", "objective": "mmd", "n": 20}`, 1))))
		without := white(frame(t, NewGame(newSession(t, `{"domain": "`+dom+`", "n": 20}`, 1))))
		t.Logf("%s: %d white pixels in the primal panel with the mmd target sample, %d without", dom, with, without)
		if with < without+1000 {
			t.Errorf("%s: %d white pixels with the mmd target sample, %d without: want 1000 more (512 dots)", dom, with, without)
		}
	}
}

// count0 counts the pixels of img for which in holds.
func count0(img *image.RGBA, in func(x, y int) bool) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if in(x, y) {
				n++
			}
		}
	}
	return n
}

// TestManyParticles draws 200000 particles: more than one DrawTriangles
// call can address (65536 vertices), so the batches split into chunks.
func TestManyParticles(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: 200000 particles")
	}
	g := NewGame(newSession(t, `{"n":200000}`, 2))
	img := frame(t, g)
	checkPanels(t, img, layout.Screen(Width, Height, false), 20000)
	if n := len(g.sc.primal.chunks); n < 3 {
		t.Errorf("200000 particles in %d DrawTriangles calls, want several", n)
	}
	dst := ebiten.NewImage(Width, Height)
	defer dst.Deallocate()
	const frames = 5
	var build time.Duration
	start := time.Now()
	for range frames {
		t0 := time.Now()
		g.Draw(dst)
		build += time.Since(t0)
		dst.At(0, 0) // flush the queued commands and wait for them, as a frame would
	}
	t.Logf("200000 particles: Draw %v per frame, with rendering %v", build/frames, time.Since(start)/frames)
}

// TestDrawLeavesSessionAlone checks that Draw changes nothing in the session.
func TestDrawLeavesSessionAlone(t *testing.T) {
	s := newSession(t, `{"n":500}`, 10)
	var before, after engine.Snapshot
	s.Snapshot(&before)
	g := NewGame(s)
	frame(t, g)
	frame(t, g)
	s.Snapshot(&after)
	if before.Metrics.Step != after.Metrics.Step || !slices.Equal(before.Primal, after.Primal) || !slices.Equal(before.Dual, after.Dual) {
		t.Error("Draw changed the session")
	}
}

// drawAllocations plays a session of the config patch (comparing it with
// side B patched by b, if b is not empty; with the view view) for warm frames,
// then for frames more. It returns the heap allocations of each of those
// frames' Draw that met no new glyph (the writer rasterised none: the
// first frames with a glyph, or a glyph at a new subpixel offset, place it
// in the atlas), how many frames did meet one, and the call stacks of the
// allocations that render made itself during the measured frames (see
// ownAllocations). Each frame is flushed (its commands run on the GPU)
// before the next, as the game loop does.
func drawAllocations(t *testing.T, patch, b string, view View, warm, frames int) (allocs []uint64, newGlyphs int, own []string) {
	t.Helper()
	s := newSession(t, patch, 1)
	if b != "" {
		if _, err := s.Compare([]byte(b)); err != nil {
			t.Fatal(err)
		}
	}
	s.Play()
	g := NewGame(s)
	g.SetView(view)
	// A cursor over the middle of the picture: over a plot of the curves
	// view when it is on.
	g.cursor = func() (int, int) { return Width * 3 / 4, Height / 3 }

	// Every allocation is recorded in the memory profile, with its stack
	// (Go reads the rate at each allocation, so the change takes effect at
	// once).
	defer func(rate int) { runtime.MemProfileRate = rate }(runtime.MemProfileRate)
	runtime.MemProfileRate = 1

	dst := ebiten.NewImage(Width, Height)
	defer dst.Deallocate()
	var before, after runtime.MemStats
	var start map[[32]uintptr]int64
	for k := range warm + frames {
		if k == warm {
			start = allocationSites(t)
		}
		if err := g.Update(); err != nil {
			t.Fatal(err)
		}
		glyphs := g.sc.txt.rasterised
		runtime.ReadMemStats(&before)
		g.Draw(dst)
		runtime.ReadMemStats(&after)
		dst.At(0, 0) // run the frame's commands, as the end of a frame does
		switch {
		case k < warm:
		case g.sc.txt.rasterised != glyphs:
			newGlyphs++
		default:
			allocs = append(allocs, after.Mallocs-before.Mallocs)
		}
	}
	return allocs, newGlyphs, ownAllocations(start, allocationSites(t))
}

// allocationSites returns the heap allocations the memory profile has
// recorded so far, counted by call stack.
func allocationSites(t *testing.T) map[[32]uintptr]int64 {
	t.Helper()
	// The profile counts an allocation once a garbage collection has
	// finished after it, and publishes a cycle late (runtime.MemProfile).
	runtime.GC()
	runtime.GC()
	var recs []runtime.MemProfileRecord
	for n, ok := runtime.MemProfile(nil, true); !ok; {
		recs = make([]runtime.MemProfileRecord, n+n/4+16)
		n, ok = runtime.MemProfile(recs, true)
		recs = recs[:n]
	}
	sites := make(map[[32]uintptr]int64, len(recs))
	for _, r := range recs {
		sites[r.Stack0] += r.AllocObjects
	}
	return sites
}

// ownAllocations returns, one line each, the call stacks that allocated
// between the profiles start and end inside render's Draw, outside placing
// a glyph in the atlas, and not inside ebiten: the allocations that are
// render's own (or made for it by app or engine). Allocations by other
// goroutines, ebiten's own buffers and commands, the runtime's type
// assertion caches, and glyph placement are left out; TestDrawAllocations bounds those by counting.
func ownAllocations(start, end map[[32]uintptr]int64) []string {
	var own []string
	for stack, n := range end {
		n -= start[stack]
		if n <= 0 {
			continue
		}
		var fns []string
		inDraw, placing, cache, innermost := false, false, false, ""
		frames := runtime.CallersFrames(stack[:slices.Index(append(stack[:], 0), 0)])
		for {
			f, more := frames.Next()
			switch name := f.Function; {
			case name == "runtime.typeAssert" || name == "runtime.interfaceSwitch":
				// A type assertion or switch growing its call site's
				// cache: the runtime does it on a random 1 in 1024
				// misses (runtime/iface.go), not the program.
				cache = true
			case strings.HasPrefix(name, "runtime."):
			case innermost == "":
				innermost = name
				fallthrough
			default:
				fns = append(fns, name)
				inDraw = inDraw || name == "github.com/mmfld/playground/render.(*Game).Draw"
				placing = placing || name == "github.com/mmfld/playground/render.(*writer).glyph"
			}
			if !more {
				break
			}
		}
		if inDraw && !placing && !cache && !strings.HasPrefix(innermost, "github.com/hajimehoshi/ebiten/") {
			own = append(own, itoa(int(n))+" by "+strings.Join(fns, " < "))
		}
	}
	return own
}

// drawAllocationBound is the most heap allocations a steady-state Draw
// makes: none of render's own. The one left is ebiten's (v2.8.8): its
// command queue allocates the []DstRegion of every new draw command
// (graphicscommand.commandQueue.EnqueueDrawTrianglesCommand), and a frame
// is one draw command, since every shape and glyph comes from one source
// image (the glyph atlas) with one blend and no anti-aliasing offscreen, as
// long as its vertices fit in one of ebiten's vertex buffers (N = 4000:
// about 36,000 vertices).
const drawAllocationBound = 1

// TestDrawAllocations checks that a playing game's frames allocate nothing
// in render once every glyph they show has been placed in the atlas, on
// each kind of picture: the memory profile finds no allocation of render's
// own in Draw (nor of app's or engine's on its behalf); and, counting every
// allocation, a typical Draw makes only ebiten's drawAllocationBound, which
// does not grow with the particles.
func TestDrawAllocations(t *testing.T) {
	for _, c := range []struct {
		patch, b     string
		view         View
		warm, frames int
		most         uint64
	}{
		// A comparison draws two scenes from the one atlas: still one
		// draw command; so does the curves view, hovered, single and
		// compared, on a linear and a log scale.
		{patch: `{"n": 500}`, b: `{"algorithm": "projected"}`, warm: 20, frames: 30, most: drawAllocationBound},
		{patch: `{"n": 2000}`, view: View{Curves: true}, warm: 20, frames: 30, most: drawAllocationBound},
		{patch: `{"n": 2000, "objective": "dirichlet"}`, b: `{"algorithm": "projected"}`, view: View{Curves: true, Log: true}, warm: 20, frames: 60, most: drawAllocationBound},
		{patch: `{"n": 4000}`, warm: 20, frames: 40, most: drawAllocationBound},
		{patch: `{"dim": 1, "domain": "box", "n": 1000}`, warm: 20, frames: 20, most: drawAllocationBound},
		{patch: `{"domain": "ball", "n": 1000}`, warm: 20, frames: 20, most: drawAllocationBound},
		{patch: `{"domain": "spectraplex", "dim": 3, "n": 500}`, warm: 20, frames: 20, most: drawAllocationBound},
		// 50000 particles need several of ebiten's vertex buffers, each
		// a draw command of its own: a bound that does not grow with N.
		{patch: `{"n": 50000}`, warm: 20, frames: 10, most: 8},
	} {
		allocs, newGlyphs, own := drawAllocations(t, c.patch, c.b, c.view, c.warm, c.frames)
		t.Logf("%s: allocations per Draw %v (and %d frames that placed new glyphs)", c.patch, allocs, newGlyphs)
		for _, o := range own {
			t.Errorf("%s: render allocated in Draw: %s", c.patch, o)
		}
		if len(allocs) < c.frames/2 {
			t.Errorf("%s: %d of %d frames placed new glyphs after %d frames of warming up", c.patch, newGlyphs, c.frames, c.warm)
			continue
		}
		// Now and then ebiten grows a buffer of its own (its vertex and
		// index buffers, as the curves gain points, or the test's frames,
		// all inside one Update of the test loop, fill its queue): the
		// median Draw makes ebiten's bound alone, and none far more.
		sorted := slices.Sorted(slices.Values(allocs))
		if m := sorted[len(sorted)/2]; m > c.most {
			t.Errorf("%s: the median Draw allocated %d times, want at most %d", c.patch, m, c.most)
		}
		if m := sorted[len(sorted)-1]; m > c.most+8 {
			t.Errorf("%s: a Draw allocated %d times, want at most %d", c.patch, m, c.most+8)
		}
	}
}

func itoa(n int) string {
	b := []byte{}
	for {
		b = append([]byte{byte('0' + n%10)}, b...)
		if n /= 10; n == 0 {
			return string(b)
		}
	}
}

// TestCapture checks that RequestCapture hands over the frame Draw drew.
func TestCapture(t *testing.T) {
	g := NewGame(newSession(t, `{"n":800}`, 5))
	var got *image.RGBA
	g.RequestCapture(func(img *image.RGBA) { got = img })
	want := frame(t, g)
	if got == nil {
		t.Fatal("the capture callback was not called in Draw")
	}
	if got.Rect != want.Rect || !slices.Equal(got.Pix, want.Pix) {
		t.Error("the captured picture differs from the drawn one")
	}
	got = nil
	frame(t, g)
	if got != nil {
		t.Error("a capture ran twice")
	}
}

// TestUpdate checks that Update calls the hook first, stops on its error,
// and advances a playing session by one frame.
func TestUpdate(t *testing.T) {
	s := newSession(t, `{"n":100,"stepsPerFrame":3}`, 0)
	g := NewGame(s)
	calls := 0
	g.OnUpdate = func() error { calls++; return nil }
	if err := g.Update(); err != nil || calls != 1 || s.Metrics().Step != 0 {
		t.Fatalf("paused Update: err %v, hook calls %d, step %d", err, calls, s.Metrics().Step)
	}
	s.Play()
	// One frame takes 1 to stepsPerFrame steps (app.Session.Frame: the
	// first frame of a config measures one step, later ones fit a budget).
	if err := g.Update(); err != nil || s.Metrics().Step < 1 || s.Metrics().Step > 3 {
		t.Fatalf("playing Update: err %v, step %d, want 1 to 3", err, s.Metrics().Step)
	}
	step := s.Metrics().Step
	stop := errors.New("stop")
	g.OnUpdate = func() error { return stop }
	if err := g.Update(); err != stop || s.Metrics().Step != step {
		t.Fatalf("Update with a failing hook: err %v, step %d, want %d", err, s.Metrics().Step, step)
	}
	if w, h := g.Layout(640, 480); w != Width || h != Height {
		t.Errorf("Layout = %d×%d", w, h)
	}
}

// benchmarkDraw measures the CPU side of Draw with n particles; the GPU
// work each frame queues is flushed outside the timer.
func benchmarkDraw(b *testing.B, n int) {
	cfg := engine.Default()
	cfg.N = n
	s, err := app.NewSession(cfg)
	if err != nil {
		b.Fatal(err)
	}
	g := NewGame(s)
	dst := ebiten.NewImage(Width, Height)
	defer dst.Deallocate()
	g.Draw(dst)
	dst.At(0, 0)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		g.Draw(dst)
		b.StopTimer()
		dst.At(0, 0)
		b.StartTimer()
	}
}

func BenchmarkDraw4000(b *testing.B)   { benchmarkDraw(b, 4000) }
func BenchmarkDraw200000(b *testing.B) { benchmarkDraw(b, 200000) }

// TestIntervalScenes draws dim-1 runs on every domain but the polygon: in
// each panel the histogram's bars (pixels of the particle colours inside
// the histogram's axes, above the rug) and the rug of dots, none in the
// status strip; the bins hold finite densities whose area is at most 1 and,
// on the bounded domains' primal panels, exactly 1 (every particle binned).
func TestIntervalScenes(t *testing.T) {
	f := layout.Screen(Width, Height, false)
	top := f.Legend.MaxY() + 14
	ph, pr := layout.IntervalPlot(f.Primal, top)
	dh, dr := layout.IntervalPlot(f.Dual, top)
	for _, patch := range []string{
		`{"dim": 1, "objective": "dirichlet", "alpha": [2, 5]}`,
		`{"dim": 1}`,
		`{"dim": 1, "domain": "box", "mirror": "log-barrier", "center": [0.15]}`,
		`{"dim": 1, "domain": "ball"}`,
		`{"dim": 1, "domain": "orthant"}`,
		`{"dim": 1, "domain": "plane", "objective": "doublewell"}`,
	} {
		g := NewGame(newSession(t, patch, 40))
		img := frame(t, g)
		counts := map[string]int{
			"primal bars": count(img, func(x, y int) bool { return inside(ph, 1, x, y) }),
			"dual bars":   count(img, func(x, y int) bool { return inside(dh, 1, x, y) }),
			"primal rug":  count(img, func(x, y int) bool { return inside(pr, 0, x, y) }),
			"dual rug":    count(img, func(x, y int) bool { return inside(dr, 0, x, y) }),
		}
		// A histogram of 4000 particles covers a good part of its axes
		// (measured: 40–100 thousand pixels, 9000 for the log-barrier
		// maps' dual, whose heavy tails leave a narrow peak); the rug
		// 5000–11000 pixels, a third of its strip or more.
		for name, c := range counts {
			want := 4000
			if strings.HasSuffix(name, "rug") {
				want = 1500
			}
			if c < want {
				t.Errorf("%s: %d particle-coloured pixels in the %s, want ≥ %d", patch, c, name, want)
			}
		}
		if stray := count(img, func(x, y int) bool { return inside(f.Status, 0, x, y) }); stray > 0 {
			t.Errorf("%s: %d particle-coloured pixels in the status strip", patch, stray)
		}
		iv := &g.sc.pics.interval
		for name, b := range map[string]*layout.PeakTracker{"primal": &iv.ppeak, "dual": &iv.dpeak} {
			if top := b.Update(math.NaN()); !(top > 0) || math.IsInf(top, 0) {
				t.Errorf("%s: the %s density axis shows %v", patch, name, top)
			}
		}
		cfg, _ := engine.Default().Patch([]byte(patch))
		mm, err := engine.NewMirror(cfg)
		if err != nil {
			t.Fatal(err)
		}
		ext, _, _ := layout.Extent(mm, 1, nil, nil)
		lo, hi := ext.X0, ext.X1
		for name, b := range map[string]*histBins{"primal": &iv.pbins, "dual": &iv.dbins} {
			if len(b.counts) != layout.HistBins(cfg.N) {
				t.Errorf("%s: %s histogram has %d bins, want %d", patch, name, len(b.counts), layout.HistBins(cfg.N))
			}
			area := 0.0
			for _, d := range b.counts {
				if math.IsNaN(d) || math.IsInf(d, 0) || d < 0 {
					t.Fatalf("%s: %s density %v", patch, name, d)
				}
				area += d
			}
			// The bins are equal: area = Σ density · width.
			w := (hi - lo) / float64(len(b.counts))
			if name == "primal" && !math.IsInf(w, 0) {
				if math.Abs(area*w-1) > 1e-9 {
					t.Errorf("%s: the primal histogram over the domain has area %v, want 1", patch, area*w)
				}
			}
		}
		t.Logf("%s: %v", patch, counts)
	}
}

// TestIntervalFewParticles draws dim-1 runs of 1 and 3 particles, and plain
// MFLD leaving the segment: nothing panics and every bin is finite.
func TestIntervalFewParticles(t *testing.T) {
	for _, patch := range []string{
		`{"dim": 1, "n": 1}`,
		`{"dim": 1, "domain": "orthant", "n": 3}`,
		`{"dim": 1, "algorithm": "mfld", "beta": 0, "eta": 0.5, "lambda": 10, "n": 50}`,
	} {
		g := NewGame(newSession(t, patch, 30))
		frame(t, g)
		for _, b := range []*histBins{&g.sc.pics.interval.pbins, &g.sc.pics.interval.dbins} {
			for _, d := range b.counts {
				if math.IsNaN(d) || math.IsInf(d, 0) || d < 0 {
					t.Errorf("%s: density %v", patch, d)
				}
			}
		}
	}
}
