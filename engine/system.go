package engine

import (
	"runtime"

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
// particles block by block (blockSize of them), on as many workers as
// SetWorkers allows; each block draws from its own random stream, keyed by
// (Seed, step, block), so the trajectory is the same bits whatever the
// number of workers, natively and in WebAssembly.
//
// A System is not safe for concurrent use.
type System struct {
	cfg   Config
	mm    mirror.Map
	bm    mirror.BlockMap // mm, a block of points at a time
	obj   objective.Objective
	integ integrator

	n, d, p int       // particles, dimension, length of a primal point
	noise   int       // normal numbers a noise move reads per particle (MirrorMap.NoiseLen)
	y       []float64 // N·d dual coordinates
	x       []float64 // N·p primal points (Domain)
	centre  []float64 // the chart point dualOfChart pulls points towards

	team    *team
	ws      []*workspace   // one per worker
	stepRun func(w, b int) // s.stepBlock and s.drawBlock, made once: a
	drawRun func(w, b int) // method value made at every step would allocate

	step                       int64
	time                       float64
	clamped, rejected, floored int64
	lastSubsteps               int64 // diffusion substeps taken in the last step, over all particles

	// version changes whenever the particles or the config may have
	// changed (every init, Reconfigure and Step), so that diag is
	// recomputed only then.
	version uint64
	diag    diagnostics
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
	s.team.stop()
	s.team.workers = workersFor(n)
	s.sizeWorkspaces()
}

// Workers returns the number of goroutines a step runs on.
func (s *System) Workers() int { return s.team.workers }

// sizeWorkspaces makes one workspace per worker for the current shape.
func (s *System) sizeWorkspaces() {
	s.ws = s.ws[:0]
	for range s.team.workers {
		s.ws = append(s.ws, newWorkspace(s.d, s.p, s.noise))
	}
}

// init allocates the particles for s.cfg and draws them afresh from its seed.
func (s *System) init() {
	if s.team == nil {
		s.team = newTeam(0)
		s.stepRun, s.drawRun = s.stepBlock, s.drawBlock
		// The team's helper goroutines hold the team, never the System
		// (team.fn is cleared after each step), so the System can be
		// collected; then they end.
		runtime.AddCleanup(s, func(t *team) { t.stop() }, s.team)
	}
	c := &s.cfg
	s.mm = newMirror(c)
	s.bm = mirror.Blocks(s.mm)
	s.n, s.d, s.p, s.noise = c.N, s.mm.Dim(), s.mm.PrimalLen(), s.mm.NoiseLen()
	s.setObjective(newObjective(c, s.mm))
	s.integ = integratorFor(c)
	s.y = make([]float64, s.n*s.d)
	s.x = make([]float64, s.n*s.p)
	s.centre = s.ChartCentre()
	s.sizeWorkspaces()
	s.step, s.time = 0, 0
	s.clamped, s.rejected, s.floored, s.lastSubsteps = 0, 0, 0, 0
	s.version++
	s.team.run(s.blocks(), s.drawRun)
	s.bm.ConjBlock(s.x, s.y, nil)
	for _, w := range s.ws {
		w.counts = counters{}
	}
}

// blocks returns the number of blocks of the particles.
func (s *System) blocks() int { return (s.n + blockSize - 1) / blockSize }

// drawBlock draws the dual points of the initial particles of block b,
// on worker w, from the stream keyed (Seed, −1, b): the draws too are the
// same bits whatever the number of workers. The law is the domain's own
// (dualDrawer, chartDrawer).
func (s *System) drawBlock(w, b int) {
	ws := s.ws[w]
	ws.rng.Reseed(uint64(s.cfg.Seed), -1, b)
	d := s.d
	dd, dual := s.mm.(mirror.DualDrawer)
	cd, _ := s.mm.(mirror.ChartDrawer)
	for i := b * blockSize; i < min((b+1)*blockSize, s.n); i++ {
		y := s.y[i*d : (i+1)*d]
		if dual {
			dd.DrawDual(y, &ws.rng)
			continue
		}
		cd.DrawChart(ws.v, &ws.rng, ws.pt)
		s.dualOfChart(y, ws.v, ws)
	}
}

// dualOfChart writes y = ∇φ(x) for the chart point v into y, with v first
// projected onto the closed domain and then moved a relative FaceFloor
// towards the domain's centre, so that y is finite even for a point on the
// boundary or outside it; y is then clamped to the dual region. It uses w's
// scratch.
func (s *System) dualOfChart(y, v []float64, w *workspace) {
	x := s.mm.Project(w.pt, v)
	moved := w.moved
	for j := range s.d {
		moved[j] = s.centre[j] + (1-mirror.FaceFloor)*(x[j]-s.centre[j])
	}
	x = s.mm.Lift(w.pt, moved)
	s.mm.Grad(y, x)
	w.counts.clamped += int64(s.mm.ClampDual(y))
}

// StepsPerFrame returns Config.StepsPerFrame, without copying the Config.
func (s *System) StepsPerFrame() int { return s.cfg.StepsPerFrame }

// Config returns a copy of the configuration the System runs.
func (s *System) Config() Config { return s.cfg.Clone() }

// N returns the number of particles.
func (s *System) N() int { return s.n }

// Dim returns the chart dimension d.
func (s *System) Dim() int { return s.d }

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
		// with y the dual of the point pulled inside (fromPrimal).
		s.bm.ConjBlock(s.x, s.y, s.x)
	}
	s.setObjective(newObjective(&s.cfg, s.mm))
	s.integ = integratorFor(&s.cfg)
	s.centre = s.ChartCentre()
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
	blocks := s.blocks()
	for range k {
		s.obj.Observe(s.x)
		s.team.run(blocks, s.stepRun)
		var c counters
		for _, w := range s.ws {
			c.add(w.counts)
			w.counts = counters{}
		}
		s.clamped, s.rejected, s.floored = s.clamped+c.clamped, s.rejected+c.rejected, s.floored+c.floored
		s.lastSubsteps = c.substeps
		s.step++
		s.time += s.cfg.Eta
	}
}

// stepBlock moves block b of the current step on worker w.
func (s *System) stepBlock(w, b int) {
	ws := s.ws[w]
	ws.rng.Reseed(uint64(s.cfg.Seed), s.step, b)
	s.integ.step(s, ws, b*blockSize, min((b+1)*blockSize, s.n))
}

// fromPrimal derives particle i's dual coordinates from its primal point,
// finite even on a face: with the map's own dualOfPrimal where it has one
// (the simplex: y = ∇φ(max(x, FaceFloor))), elsewhere the dual of the point
// pulled inside (dualOfChart). It uses w's scratch.
func (s *System) fromPrimal(i int, w *workspace) {
	d, p := s.d, s.p
	xi := s.x[i*p : (i+1)*p]
	yi := s.y[i*d : (i+1)*d]
	if m, ok := s.mm.(mirror.DualOfPrimaler); ok {
		m.DualOfPrimal(yi, xi)
		return
	}
	s.dualOfChart(yi, xi[:d], w)
}

// setObjective makes o the objective, handing it the team's runner if it
// computes in blocks too (an objective.Runner).
func (s *System) setObjective(o objective.Objective) {
	if r, ok := o.(objective.Runner); ok {
		r.SetRunner(s.team.run)
	}
	s.obj = o
}

// chartCentre returns the chart point dualOfChart pulls points towards: the
// map's own (centrer), or DefaultCenter.
func (s *System) ChartCentre() []float64 {
	if c, ok := s.mm.(mirror.Centrer); ok {
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
