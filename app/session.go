// Package app is the player around one engine.System that every front end
// shares: the browser bridge, the desktop keys and the render loop all drive
// a Session with the same commands (play, pause, step, reset, set config).
//
// It imports neither ebiten nor syscall/js, so it is tested without a display.
package app

import (
	"sync"
	"time"

	"github.com/mmfld/playground/engine"
)

// Session owns a running engine.System and whether it is playing. Its methods
// are safe for concurrent use and never block for longer than the command
// they carry out: a browser callback and the game loop can both call them.
type Session struct {
	mu      sync.Mutex
	sys     *engine.System
	playing bool
	rate    rateMeter
	metrics engine.Metrics
}

// NewSession validates cfg and starts a paused session on it.
func NewSession(cfg engine.Config) (*Session, error) {
	sys, err := engine.New(cfg)
	if err != nil {
		return nil, err
	}
	return &Session{sys: sys}, nil
}

// Config returns the running configuration.
func (s *Session) Config() engine.Config {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sys.Config()
}

// SetConfig switches to cfg; see engine.System.Reconfigure. An invalid cfg
// returns a *engine.FieldError and changes nothing.
func (s *Session) SetConfig(cfg engine.Config) (reinit bool, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sys.Reconfigure(cfg)
}

// PatchConfig applies a JSON object of config fields to the running
// configuration (engine.Config.Patch) and returns the full result. On error
// nothing changes.
func (s *Session) PatchConfig(patch []byte) (engine.Config, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	next, err := s.sys.Config().Patch(patch)
	if err != nil {
		return s.sys.Config(), err
	}
	if _, err := s.sys.Reconfigure(next); err != nil {
		return s.sys.Config(), err
	}
	return s.sys.Config(), nil
}

// Play starts the simulation advancing on every frame.
func (s *Session) Play() { s.setPlaying(true) }

// Pause stops the simulation advancing on frames; Step still works.
func (s *Session) Pause() { s.setPlaying(false) }

// Toggle switches between playing and paused.
func (s *Session) Toggle() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.playing = !s.playing
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
	if s.playing != p {
		s.rate.restart()
	}
	s.playing = p
}

// Reset redraws the particles from the seed; play or pause is kept.
func (s *Session) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sys.Reset()
	s.rate.restart()
}

// Step advances k steps at once, whether playing or not, and returns the
// metrics afterwards. k below 1 takes no step.
func (s *Session) Step(k int) engine.Metrics {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sys.Step(max(k, 0))
	return s.metricsLocked().Clone()
}

// Frame is called once per frame by the game loop: a playing session takes
// Config.StepsPerFrame steps. It returns the number of steps taken.
func (s *Session) Frame() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.playing {
		return 0
	}
	k := s.sys.Config().StepsPerFrame
	s.sys.Step(k)
	s.rate.add(k, time.Now())
	return k
}

// Metrics returns the metrics of the current particles, with the measured
// steps per second. The result shares no memory with the session.
func (s *Session) Metrics() engine.Metrics {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.metricsLocked().Clone()
}

// metricsLocked updates s.metrics, reusing its slices; callers that hand
// the result out clone it.
func (s *Session) metricsLocked() engine.Metrics {
	s.sys.MetricsInto(&s.metrics)
	s.metrics.StepsPerSecond = s.rate.perSecond()
	return s.metrics
}

// Particles copies the shown primal coordinates (N·System.PrimalWidth():
// barycentric on the simplex, matrix entries on the spectraplex, chart
// coordinates elsewhere) and the dual ones (N·Dim) into primal and dual and
// returns them; both follow the engine's rule for destination buffers (in
// place when long enough, a new slice otherwise).
func (s *Session) Particles(primal, dual []float64) ([]float64, []float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sys.Primal(primal), s.sys.Dual(dual)
}

// Snapshot copies the whole state into dst for drawing, reusing its buffers.
func (s *Session) Snapshot(dst *engine.Snapshot) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sys.SnapshotInto(dst)
	dst.Metrics.StepsPerSecond = s.rate.perSecond()
	dst.Playing = s.playing
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
