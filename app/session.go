// Package app is the player around an engine.System (two, side by side, when
// comparing) that every front end shares: the browser bridge, the desktop
// keys and the render loop all drive a Session with the same commands (play,
// pause, step, reset, set config, compare).
//
// It imports neither ebiten nor syscall/js, so it is tested without a display.
package app

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/mmfld/playground/engine"
)

// Session owns a running engine.System and whether it is playing. Its methods
// are safe for concurrent use and never block for longer than the command
// they carry out: a browser callback and the game loop can both call them.
//
// A Session never lets a failure inside the engine end the program: if a
// step, a change of config or a snapshot panics (a bug), the session stops
// (pauses, and refuses to step) and Stopped says what happened and with
// which config, until Reset starts it again.
type Session struct {
	mu      sync.Mutex
	sys     *engine.System // side A: the run a session always has
	b       *engine.System // side B while comparing, else nil
	hist    [2]History     // the readouts of A and B against the step
	playing bool
	stopped string // why the simulation stopped; "" while it runs
	rate    rateMeter
	metrics engine.Metrics // A's, or B's while recording its history (reused)

	runs  []run // Run requests, oldest first; Frame works on runs[0]
	slice int   // steps the next Frame takes of runs[0] (adapted to RunSlice)

	stepCost time.Duration // the measured wall time of one step while playing, smoothed
	budget   time.Duration // FrameBudget (a test may give frames more room)
	// unrecorded says that the histories lack the current state's readouts
	// (recordLocked): states are recorded when observed (observeLocked),
	// so a frame whose state is stepped past before anyone looks costs no
	// readouts.
	unrecorded bool
	// lastStep is the last Frame's wall time stepping, lastRecord the time
	// recording readouts since then (FrameCost).
	lastStep, lastRecord time.Duration
}

// FrameBudget is the wall time a playing frame may spend stepping: with the
// drawing, a frame then fits in the browser's 16.7 ms at 60 frames a second.
// Config.StepsPerFrame is the most a frame takes; when that many steps cost
// more than FrameBudget (many particles, a slow machine or WebAssembly), a
// frame takes as many as fit, at least one. The first frame after a start,
// a reset or a change of config takes one step, to measure it.
const FrameBudget = 10 * time.Millisecond

// run is one Run request: left steps still to take, then done.
type run struct {
	left int
	done func(engine.Metrics, error)
}

// RunSlice is the wall time a frame spends on a Run request: enough to
// finish long runs quickly, short enough that the page keeps drawing at
// about 30 frames a second and answering its controls between slices.
const RunSlice = 25 * time.Millisecond

// catch, deferred by every method that runs the engine with s.mu held, turns
// a panic into the stopped state.
func (s *Session) catch() {
	if r := recover(); r != nil {
		s.stopLocked(fmt.Sprint(r))
	}
}

// stopLocked pauses the session and records why it stopped.
func (s *Session) stopLocked(why string) {
	s.playing = false
	cfg := "unknown"
	if s.sys != nil {
		cfg = string(s.sys.Config().Query())
	}
	s.stopped = fmt.Sprintf("the simulation stopped: %s (config: %s)", why, cfg)
}

// Stop stops the session with the message why, as if the engine had failed:
// the game calls it when drawing a snapshot panics. Reset starts it again.
func (s *Session) Stop(why string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopLocked(why)
}

// Stopped returns why the simulation stopped, naming the config it ran, or
// "" while it runs.
func (s *Session) Stopped() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stopped
}

// NewSession validates cfg and starts a paused session on it.
func NewSession(cfg engine.Config) (*Session, error) {
	sys, err := engine.New(cfg)
	if err != nil {
		return nil, err
	}
	return &Session{sys: sys, budget: FrameBudget, unrecorded: true}, nil
}

// Config returns the running configuration.
func (s *Session) Config() engine.Config {
	c, _ := s.ConfigOf(A) // side A always exists
	return c
}

// SetConfig switches to cfg; see engine.System.Reconfigure. An invalid cfg
// returns a *engine.FieldError and changes nothing.
func (s *Session) SetConfig(cfg engine.Config) (reinit bool, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.catch()
	s.stepCost = 0 // measured afresh for the new config
	reinit, err = s.sys.Reconfigure(cfg)
	if err == nil {
		s.unrecorded = true // the readouts of the reconfigured state
	}
	return reinit, err
}

// PatchConfig applies a JSON object of config fields to the running
// configuration (engine.Config.Patch) and returns the full result. On error
// nothing changes.
func (s *Session) PatchConfig(patch []byte) (engine.Config, error) { return s.PatchConfigOf(A, patch) }

// Play starts the simulation advancing on every frame; a stopped session
// stays paused.
func (s *Session) Play() { s.setPlaying(true) }

// Pause stops the simulation advancing on frames; Step still works.
func (s *Session) Pause() { s.setPlaying(false) }

// Toggle switches between playing and paused.
func (s *Session) Toggle() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.playing = !s.playing && s.stopped == ""
	s.rate.restart()
}

// Playing reports whether the simulation advances on frames.
func (s *Session) Playing() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.playing
}

func (s *Session) setPlaying(p bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p = p && s.stopped == ""
	if s.playing != p {
		s.rate.restart()
	}
	s.playing = p
}

// Reset redraws the particles from the seed; play or pause is kept. A
// stopped session starts again (paused) on its config, or, if that fails
// too, on engine.Default().
func (s *Session) Reset() {
	s.mu.Lock()
	pending := s.runs
	s.runs = nil
	defer func() {
		s.mu.Unlock()
		for _, r := range pending {
			if r.done != nil {
				r.done(engine.Metrics{}, errors.New("reset before the run finished"))
			}
		}
	}()
	s.rate.restart()
	if s.resetLocked() {
		s.stopped = ""
		return
	}
	if sys, err := engine.New(engine.Default()); err == nil {
		s.sys, s.b, s.stopped, s.playing = sys, nil, "", false
		s.hist[A].Clear()
		s.hist[B].Clear()
		s.unrecorded = true
	}
}

// resetLocked resets s.sys and reports whether it did so without a panic.
func (s *Session) resetLocked() (ok bool) {
	defer func() {
		if r := recover(); r != nil {
			ok = false
		}
	}()
	s.sys.Reset()
	if s.b != nil {
		s.b.Reset()
	}
	s.unrecorded = true
	return true
}

// Step advances k steps at once, whether playing or not, and returns the
// metrics afterwards. k below 1 takes no step, nor does a stopped session.
func (s *Session) Step(k int) engine.Metrics {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.catch()
	if s.stopped == "" && k > 0 {
		s.stepLocked(k)
	}
	s.observeLocked()
	return s.metricsLocked().Clone()
}

// Run asks for k more steps, taken in slices over the next frames (see
// Frame), and calls done with the metrics after the last of them, or with
// an error if the session stops or is reset first, on the goroutine that
// calls Frame and with no lock held. Requests are served in order. k below 1
// calls done at the next frame with the current metrics.
func (s *Session) Run(k int, done func(engine.Metrics, error)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.runs = append(s.runs, run{left: max(k, 0), done: done})
}

// Running returns the number of steps that Run requests still have to take.
func (s *Session) Running() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.runs {
		n += r.left
	}
	return n
}

// Frame is called once per frame by the game loop. While a Run request is
// pending it takes a slice of it, as many steps as fit in RunSlice (measured
// on the previous slices), and finishes the request when it is done;
// otherwise a playing session takes Config.StepsPerFrame steps. It returns
// the number of steps taken.
func (s *Session) Frame() int {
	s.mu.Lock()
	s.lastStep, s.lastRecord = 0, 0
	if len(s.runs) > 0 {
		return s.runSlice() // unlocks
	}
	defer s.mu.Unlock()
	if !s.playing {
		return 0
	}
	defer s.catch()
	// The first frame of a config takes one step and measures it: a
	// thousand unmeasured steps could freeze the page for seconds.
	k := 1
	if s.stepCost > 0 {
		k = max(1, min(s.sys.StepsPerFrame(), int(s.budget/s.stepCost)))
	}
	s.keepStartLocked() // not a step's cost
	start := time.Now()
	s.stepLocked(k)
	now := time.Now()
	if cost := now.Sub(start) / time.Duration(k); s.stepCost == 0 {
		s.stepCost = cost
	} else {
		s.stepCost = (s.stepCost + cost) / 2
	}
	s.rate.add(k, now)
	s.lastStep = now.Sub(start)
	return k
}

// FrameCost returns the wall time the last Frame spent stepping, and the
// time spent since then recording the readouts of the state it left
// (computing them, the entropy estimate above all: at N = 10,000 they cost
// more than the steps). A state is recorded when it is first observed (by
// Snapshot, Metrics, History or Step), so a game loop that runs two Frames
// before it draws pays for the readouts once.
func (s *Session) FrameCost() (step, record time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastStep, s.lastRecord
}

// runSlice takes one slice of s.runs[0] with s.mu held, unlocks s.mu, and
// then calls the finished request's done, if any. A stopped session fails
// every request.
func (s *Session) runSlice() (taken int) {
	var finished []run
	var m engine.Metrics
	var err error
	func() {
		defer s.mu.Unlock()
		defer func() {
			// A stopped session, before this slice or by it (catch runs
			// first), fails every request still pending.
			if s.stopped != "" {
				finished, s.runs, err = append(finished, s.runs...), nil, errors.New(s.stopped)
			}
		}()
		defer s.catch()
		if s.stopped != "" {
			return
		}
		r := &s.runs[0]
		k := min(max(s.slice, 1), r.left)
		start := time.Now()
		s.stepLocked(k)
		taken, r.left = k, r.left-k
		// The next slice: as many steps as fit in RunSlice at this pace,
		// at most twice this one (a slow first step need not be the rule).
		el := time.Since(start)
		if el > 0 {
			s.slice = max(1, min(2*k, int(float64(k)*float64(RunSlice)/float64(el))))
		}
		s.lastStep = el
		if r.left == 0 {
			finished, s.runs = s.runs[:1:1], s.runs[1:]
			s.observeLocked()
			m = s.metricsLocked().Clone()
		}
	}()
	for _, r := range finished {
		if r.done != nil {
			r.done(m, err)
		}
	}
	return taken
}

// stepLocked advances k steps, both sides while comparing: they draw from
// streams keyed by the same (seed, step, block), so two sides that differ
// in one field feel the same random increments, and two equal sides move
// through the same bits. The histories get the new state when something
// observes it (observeLocked).
func (s *Session) stepLocked(k int) {
	s.keepStartLocked()
	s.sys.Step(k)
	if s.b != nil {
		s.b.Step(k)
	}
	s.unrecorded = true
}

// keepStartLocked records the state a run starts from, observed or not,
// before its first step: the curves start at step 0.
func (s *Session) keepStartLocked() {
	if s.unrecorded && s.hist[A].Len() == 0 {
		s.observeLocked()
	}
}

// observeLocked records the current state's readouts in the histories
// (recordLocked) if they are not there yet; every method that shows the
// state calls it first. Its cost is added to FrameCost's record.
func (s *Session) observeLocked() {
	if !s.unrecorded {
		return
	}
	start := time.Now()
	s.recordLocked()
	s.unrecorded = false
	s.lastRecord += time.Since(start)
}

// recordLocked adds the current readouts of each side to its history.
func (s *Session) recordLocked() {
	if s.b != nil {
		s.b.MetricsInto(&s.metrics)
		s.hist[B].Add(&s.metrics)
	}
	s.sys.MetricsInto(&s.metrics)
	s.hist[A].Add(&s.metrics)
}

// Compare starts comparing: side B becomes the config of side A patched by
// patch (a JSON object of config fields, validated like PatchConfig), and
// both sides start afresh from their seeds, to run in lock-step; it returns
// B's full config. A nil or empty patch, or "null", ends the comparison
// instead (B is dropped, A runs on) and returns A's config. On error nothing
// changes.
func (s *Session) Compare(patch []byte) (engine.Config, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.catch()
	if p := string(patch); p == "" || p == "null" {
		s.b = nil
		s.hist[B].Clear()
		return s.sys.Config(), nil
	}
	next, err := s.sys.Config().Patch(patch)
	if err != nil {
		return engine.Config{}, err
	}
	if err := s.compareLocked(&next); err != nil {
		return engine.Config{}, err
	}
	return next, nil
}

// compareLocked makes b side B (nil: no comparison) and starts both sides
// afresh from their seeds; an invalid b changes nothing.
func (s *Session) compareLocked(b *engine.Config) error {
	var sys *engine.System
	if b != nil {
		var err error
		if sys, err = engine.New(*b); err != nil {
			return err
		}
	}
	s.startLocked(sys)
	return nil
}

// pairLocked makes a side A's config and b side B's (nil: no comparison),
// both started afresh from their seeds. Side B is built before side A
// changes, so on error nothing changes; the error names the side.
func (s *Session) pairLocked(a engine.Config, b *engine.Config) error {
	var sys *engine.System
	if b != nil {
		var err error
		if sys, err = engine.New(*b); err != nil {
			return fmt.Errorf("side b: %w", err)
		}
	}
	if _, err := s.sys.Reconfigure(a); err != nil {
		return fmt.Errorf("side a: %w", err)
	}
	s.startLocked(sys)
	return nil
}

// startLocked makes b side B (nil: no comparison) and starts both sides
// afresh from their seeds, with fresh histories.
func (s *Session) startLocked(b *engine.System) {
	s.b = b
	s.sys.Reset()
	s.hist[A].Clear()
	s.hist[B].Clear()
	s.stepCost = 0 // measured afresh
	s.unrecorded = true
}

// ApplyLink runs what a link describes (engine.Config.PatchLink applied to
// engine.Default(): a preset, fields, and side B of a comparison), both
// sides from their seeds; a link without a comparison ends one. Play or
// pause is kept. On error nothing changes.
func (s *Session) ApplyLink(query string) error {
	a, b, err := engine.Default().PatchLink(query)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.catch()
	return s.pairLocked(a, b)
}

// SplitPair reads an export of the config (see Load): one config object,
// returned as a; or a pair {"a": {…}, "b": {…}} (isPair), returned as its
// parts, b nil when absent or null. It refuses what is not a JSON object,
// and a pair with other keys, naming the key.
func SplitPair(data []byte) (a, b json.RawMessage, isPair bool, err error) {
	var pair map[string]json.RawMessage
	if err := json.Unmarshal(data, &pair); err != nil {
		return nil, nil, false, &engine.FieldError{Field: "config", Allowed: `must be a JSON object of config fields, or {"a": {…}, "b": {…}}`, Got: err.Error()}
	}
	ra, ok := pair["a"]
	if !ok {
		return data, nil, false, nil
	}
	for _, k := range slices.Sorted(maps.Keys(pair)) {
		if k != "a" && k != "b" {
			return nil, nil, false, &engine.FieldError{Field: k, Allowed: `a pair of configs holds "a" and "b" only`}
		}
	}
	b = pair["b"]
	if string(b) == "null" {
		b = nil
	}
	return ra, b, true, nil
}

// Load applies what an export of the config holds (the page's "Export
// config", and Config or ConfigOf of both sides written as JSON): one
// config object, whose fields patch side A's config, ending any comparison;
// or a pair {"a": {…}, "b": {…}}, side A's config patched by "a" and side B
// the new A patched by "b" (absent or null: no comparison). Both sides
// start afresh from their seeds; play or pause is kept. All or nothing: on
// error nothing changes, and the error names the side and the field.
func (s *Session) Load(data []byte) error {
	a, b, isPair, err := SplitPair(data)
	if err != nil {
		return err
	}
	side := ""
	if isPair {
		side = "side a: "
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.catch()
	nextA, err := s.sys.Config().Patch(a)
	if err != nil {
		return fmt.Errorf("%s%w", side, err)
	}
	var nextB *engine.Config
	if b != nil {
		c, err := nextA.Patch(b)
		if err != nil {
			return fmt.Errorf("side b: %w", err)
		}
		nextB = &c
	}
	return s.pairLocked(nextA, nextB)
}

// Comparing reports whether the session runs two sides.
func (s *Session) Comparing() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b != nil
}

// Side names one of the two runs of a comparison: A, the run a session
// always has, or B, present while comparing.
type Side int

// The sides.
const (
	A Side = iota
	B
)

// ParseSide returns the side a front end names: "a" (or "", the default)
// or "b".
func ParseSide(name string) (Side, error) {
	switch name {
	case "", "a":
		return A, nil
	case "b":
		return B, nil
	}
	return A, fmt.Errorf("side must be \"a\" or \"b\" (got %q)", name)
}

// errNotComparing is the error of a request for side B outside a comparison.
var errNotComparing = errors.New(`side "b" exists only while comparing: call compare(patch) first`)

// sideLocked returns the system of side, or an error if it is B and the
// session is not comparing.
func (s *Session) sideLocked(side Side) (*engine.System, error) {
	if side == B {
		if s.b == nil {
			return nil, errNotComparing
		}
		return s.b, nil
	}
	return s.sys, nil
}

// ConfigOf returns the config side runs.
func (s *Session) ConfigOf(side Side) (engine.Config, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sys, err := s.sideLocked(side)
	if err != nil {
		return engine.Config{}, err
	}
	return sys.Config(), nil
}

// PatchConfigOf applies patch to side's config, as PatchConfig does for A,
// and returns side's full config; on error nothing changes.
func (s *Session) PatchConfigOf(side Side, patch []byte) (engine.Config, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.catch()
	sys, err := s.sideLocked(side)
	if err != nil {
		return engine.Config{}, err
	}
	next, err := sys.Config().Patch(patch)
	if err != nil {
		return sys.Config(), err
	}
	if _, err := sys.Reconfigure(next); err != nil {
		return sys.Config(), err
	}
	s.stepCost = 0      // measured afresh for the new config
	s.unrecorded = true // the readouts of the reconfigured state
	return sys.Config(), nil
}

// MetricsOf returns side's metrics (steps per second are the session's:
// both sides step together). The result shares no memory with the session.
func (s *Session) MetricsOf(side Side) (engine.Metrics, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.catch()
	sys, err := s.sideLocked(side)
	if err != nil {
		return engine.Metrics{}, err
	}
	s.observeLocked()
	return s.metricsOfLocked(sys).Clone(), nil
}

// ParticlesOf is Particles for side.
func (s *Session) ParticlesOf(side Side, primal, dual []float64) ([]float64, []float64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.catch()
	sys, err := s.sideLocked(side)
	if err != nil {
		return primal, dual, err
	}
	return sys.Primal(primal), sys.Dual(dual), nil
}

// History appends side's recorded readouts, oldest first, to dst[:0] and
// returns it; for B outside a comparison it returns dst[:0] and
// errNotComparing.
func (s *Session) History(side Side, dst []Point) ([]Point, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if side == B && s.b == nil {
		return dst[:0], errNotComparing
	}
	defer s.catch()
	s.observeLocked()
	return s.hist[side].Points(dst), nil
}

// Metrics returns the metrics of the current particles, with the measured
// steps per second. The result shares no memory with the session.
func (s *Session) Metrics() engine.Metrics {
	m, _ := s.MetricsOf(A) // side A always exists
	return m
}

// metricsLocked is metricsOfLocked for side A.
func (s *Session) metricsLocked() engine.Metrics { return s.metricsOfLocked(s.sys) }

// metricsOfLocked updates s.metrics to sys's, reusing its slices; callers
// that hand the result out clone it.
func (s *Session) metricsOfLocked(sys *engine.System) engine.Metrics {
	sys.MetricsInto(&s.metrics)
	s.metrics.StepsPerSecond = s.rate.perSecond()
	return s.metrics
}

// Particles copies the shown primal coordinates (N·System.PrimalWidth():
// barycentric on the simplex, matrix entries on the spectraplex, chart
// coordinates elsewhere) and the dual ones (N·Dim) into primal and dual and
// returns them; both follow the engine's rule for destination buffers (in
// place when long enough, a new slice otherwise).
func (s *Session) Particles(primal, dual []float64) ([]float64, []float64) {
	primal, dual, _ = s.ParticlesOf(A, primal, dual) // side A always exists
	return primal, dual
}

// Snapshot copies the whole state into dst for drawing, reusing its buffers.
func (s *Session) Snapshot(dst *engine.Snapshot) { s.SnapshotOf(A, dst) } // side A always exists

// SnapshotOf is Snapshot for side; for B outside a comparison it returns
// errNotComparing and leaves dst as it was.
func (s *Session) SnapshotOf(side Side, dst *engine.Snapshot) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	sys, err := s.sideLocked(side)
	if err != nil {
		return err
	}
	defer func() {
		dst.Playing, dst.Stopped = s.playing, s.stopped
	}()
	defer s.catch()
	s.observeLocked() // the snapshot reuses the readouts it computes
	sys.SnapshotInto(dst)
	dst.Metrics.StepsPerSecond = s.rate.perSecond()
	return nil
}

// rateMeter measures steps per second of wall-clock time while playing,
// averaged over windows of at least a quarter second and smoothed.
type rateMeter struct {
	steps int
	start time.Time // start of the current window; zero until the first frame
	rate  float64
}

func (r *rateMeter) restart() { r.steps, r.start, r.rate = 0, time.Time{}, 0 }

func (r *rateMeter) add(steps int, now time.Time) {
	if r.start.IsZero() {
		r.start = now
		return
	}
	r.steps += steps
	if el := now.Sub(r.start); el >= 250*time.Millisecond {
		cur := float64(r.steps) / el.Seconds()
		if r.rate == 0 {
			r.rate = cur
		} else {
			r.rate = 0.5*r.rate + 0.5*cur
		}
		r.steps, r.start = 0, now
	}
}

func (r *rateMeter) perSecond() float64 { return r.rate }
