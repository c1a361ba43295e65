package engine

import (
	"runtime"

	"github.com/mmfld/playground/engine/integrate"
	"github.com/mmfld/playground/engine/mirror"
	"github.com/mmfld/playground/engine/objective"
)

// System is N interacting particles on a convex domain, moved by one
// algorithm. Nothing in it is shared with other Systems, so two can run side
// by side.
//
// For the mirror methods the dual coordinates y = ∇φ(x) are the state and the
// primal points are derived from them by the mirror map's ∇φ* (which also
// computes each point's slacks to the boundary without cancellation); the
// primal methods (projected, mfld) keep the primal points as their state and
// derive y from them. Both representations are kept current after every
// step, so the algorithm can be switched while the particles run.
//
// A step observes the measure once (Objective.Observe), then moves the
// particles block by block (integrate.BlockSize of them), on as many workers as
// SetWorkers allows; each block draws from its own random stream, keyed by
// (Seed, step, block), so the trajectory is the same bits whatever the
// number of workers, natively and in WebAssembly.
//
// A System is not safe for concurrent use.
type System struct {
	cfg   Config
	st    integrate.State // the particles, the map, the objective, η and λ
	integ integrate.Integrator

	team    *integrate.Team
	ws      []*integrate.Workspace // one per worker
	stepRun func(w, b int)         // s.stepBlock and s.drawBlock, made once: a
	drawRun func(w, b int)         // method value made at every step would allocate

	step                       int64
	time                       float64
	clamped, rejected, floored int64
	lastSubsteps               int64 // diffusion substeps taken in the last step, over all particles

	// version changes whenever the particles or the config may have
	// changed (every init, Reconfigure and Step), so that diag is
	// recomputed only then.
	version uint64
	diag    diagnostics
	// metrics are the readouts of the state at metricsVersion
	// (MetricsInto): a version is never 0, so the zero value is stale.
	metrics        Metrics
	metricsVersion uint64
}

// New validates cfg and returns a System whose N particles are drawn from
// cfg.Seed: uniformly on the simplex, the box, the ball, the polygon or the
// spectraplex (X = W/tr W, W = GGᵀ with G an n×(n+1) standard normal
// matrix), from Exp(1) in each coordinate of the orthant, from N(0, I) on
// the plane. It steps on runtime.GOMAXPROCS(0) workers (see SetWorkers).
func New(cfg Config) (*System, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	s := &System{cfg: cfg.Clone()}
	s.init()
	return s, nil
}

// SetWorkers sets the number of goroutines a step runs on: n ≤ 0 means
// runtime.GOMAXPROCS(0). The particles move the same bits whatever n is;
// only the wall time changes.
func (s *System) SetWorkers(n int) {
	s.team.SetWorkers(n)
	s.sizeWorkspaces()
}

// Workers returns the number of goroutines a step runs on.
func (s *System) Workers() int { return s.team.Workers() }

// sizeWorkspaces makes one workspace per worker for the current shape.
func (s *System) sizeWorkspaces() {
	s.ws = s.ws[:0]
	for range s.team.Workers() {
		s.ws = append(s.ws, integrate.NewWorkspace(&s.st))
	}
}

// init allocates the particles for s.cfg and draws them afresh from its seed.
func (s *System) init() {
	if s.team == nil {
		s.team = integrate.NewTeam(0)
		s.stepRun, s.drawRun = s.stepBlock, s.drawBlock
		// The team's helper goroutines hold the team, never the System
		// (team.fn is cleared after each step), so the System can be
		// collected; then they end.
		runtime.AddCleanup(s, func(t *integrate.Team) { t.Stop() }, s.team)
	}
	c := &s.cfg
	s.st.SetMap(newMirror(c), c.N)
	s.configure()
	s.sizeWorkspaces()
	s.step, s.time = 0, 0
	s.clamped, s.rejected, s.floored, s.lastSubsteps = 0, 0, 0, 0
	s.version++
	s.team.Run(s.st.NumBlocks(), s.drawRun)
	s.st.Conj(false)
	for _, w := range s.ws {
		w.TakeCounts()
	}
}

// configure makes the objective, the integrator, η, λ and the centre those
// of s.cfg, on the particles' map.
func (s *System) configure() {
	c := &s.cfg
	s.setObjective(newObjective(c, s.st.Map))
	s.integ = integratorFor(c)
	s.st.Eta, s.st.Lambda = c.Eta, c.Lambda
	s.st.Centre = s.chartCentre()
}

// drawBlock draws the initial particles of block b on worker w, from the
// stream keyed (Seed, −1, b) (integrate.State.Draw).
func (s *System) drawBlock(w, b int) { s.st.Draw(s.ws[w], uint64(s.cfg.Seed), b) }

// stepBlock moves block b of the current step on worker w, from the stream
// keyed (Seed, step, b).
func (s *System) stepBlock(w, b int) {
	s.st.Step(s.integ, s.ws[w], uint64(s.cfg.Seed), s.step, b)
}

// StepsPerFrame returns Config.StepsPerFrame, without copying the Config.
func (s *System) StepsPerFrame() int { return s.cfg.StepsPerFrame }

// Config returns a copy of the configuration the System runs.
func (s *System) Config() Config { return s.cfg.Clone() }

// N returns the number of particles.
func (s *System) N() int { return s.st.N }

// Dim returns the chart dimension d.
func (s *System) Dim() int { return s.st.D }

// Reconfigure switches the System to cfg. Fields that re-initialise (see
// FieldSpec.Reinit) restart the particles from cfg.Seed; all others take
// effect on the running particles. It reports whether the particles were
// re-initialised. An invalid cfg is refused with a *FieldError and changes
// nothing.
func (s *System) Reconfigure(cfg Config) (reinit bool, err error) {
	if err := cfg.Validate(); err != nil {
		return false, err
	}
	reinit = needsReinit(s.cfg, cfg)
	s.version++
	wasPrimal := !isMirror(s.cfg.Algorithm)
	s.cfg = cfg.Clone()
	if reinit {
		s.init()
		return true, nil
	}
	if wasPrimal && isMirror(s.cfg.Algorithm) {
		// A mirror method's state is y: move particles off the faces (or
		// from outside) where a primal method left them, to x = ∇φ*(y)
		// with y the dual of the point pulled inside (DualOfPrimal).
		s.st.Conj(true)
	}
	s.configure()
	return false, nil
}

// Reset draws the particles afresh from the seed and zeroes the step count
// and counters: the same Config then replays the same trajectory.
func (s *System) Reset() { s.init() }

// Step advances the particles k steps of the configured algorithm.
func (s *System) Step(k int) {
	if k > 0 {
		s.version++
	}
	blocks := s.st.NumBlocks()
	for range k {
		s.st.Objective.Observe(s.st.X)
		s.team.Run(blocks, s.stepRun)
		var c integrate.Counters
		for _, w := range s.ws {
			c.Add(w.TakeCounts())
		}
		s.clamped, s.rejected, s.floored = s.clamped+c.Clamped, s.rejected+c.Rejected, s.floored+c.Floored
		s.lastSubsteps = c.Substeps
		s.step++
		s.time += s.cfg.Eta
	}
}

// setObjective makes o the objective, handing it the team's runner if it
// computes in blocks too (an objective.Runner).
func (s *System) setObjective(o objective.Objective) {
	if r, ok := o.(objective.Runner); ok {
		r.SetRunner(s.team.Run)
	}
	s.st.Objective = o
}

// chartCentre returns the chart point DualOfChart pulls points towards: the
// map's own (mirror.Centrer), or DefaultCenter.
func (s *System) chartCentre() []float64 {
	if c, ok := s.st.Map.(mirror.Centrer); ok {
		return c.ChartCentre()
	}
	return DefaultCenter(&s.cfg)
}

// barrierFloor is the smallest coordinate at which barrier terms are
// evaluated: FaceFloor for the primal methods, which reach faces and beyond,
// and 0 (no floor) for the mirror methods, whose coordinates are always
// positive.
func (s *System) barrierFloor() float64 {
	if isMirror(s.cfg.Algorithm) {
		return 0
	}
	return mirror.FaceFloor
}
