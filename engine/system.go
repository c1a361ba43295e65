package engine

import (
	"math"
	"math/rand/v2"
)

// BoundaryEps is the distance to a face within which a particle counts
// towards Metrics.BoundaryMass: some barycentric coordinate below 1e-3.
const BoundaryEps = 1e-3

// System is N interacting particles on the simplex, moved by one algorithm
// with its own random source. Nothing in it is shared with other Systems, so
// two can run side by side.
//
// For the mirror methods the dual coordinates y = ∇φ(x) are the state and the
// primal coordinates are derived from them by a softmax; the primal methods
// (projected, mfld) keep the primal coordinates as their state and derive y
// from them.
// Both representations are kept current after every step, so the algorithm
// can be switched while the particles run.
//
// A System is not safe for concurrent use.
type System struct {
	cfg Config
	mm  Simplex
	obj Objective
	rng *rand.Rand

	n, d int
	y    []float64 // N·d dual coordinates
	x    []float64 // N·(d+1) barycentric coordinates

	// Scratch for one particle, so that a step allocates nothing.
	g, gp, xf, yp, yn, xt, noise, zeta, v, proj, sorted []float64

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

// New validates cfg and returns a System with N particles drawn uniformly on
// the simplex from cfg.Seed.
func New(cfg Config) (*System, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	s := &System{}
	s.cfg = cfg.Clone()
	s.init()
	return s, nil
}

// init allocates the particles for s.cfg and draws them afresh from its seed.
func (s *System) init() {
	c := &s.cfg
	s.n, s.d = c.N, c.Dim
	d, w := s.d, s.d+1
	s.mm = Simplex{D: d}
	s.obj = newObjective(c)
	s.rng = rand.New(rand.NewPCG(uint64(c.Seed), 0x9e3779b97f4a7c15))
	s.y = make([]float64, s.n*d)
	s.x = make([]float64, s.n*w)
	s.g = make([]float64, d)
	s.gp = make([]float64, w)
	s.xf = make([]float64, w)
	s.yp = make([]float64, d)
	s.yn = make([]float64, d)
	s.xt = make([]float64, w)
	s.noise = make([]float64, w)
	s.zeta = make([]float64, d)
	s.v = make([]float64, d)
	s.proj = make([]float64, d)
	s.sorted = make([]float64, d)
	s.step, s.time = 0, 0
	s.clamped, s.rejected, s.floored, s.lastSubsteps = 0, 0, 0, 0
	s.version++

	// Uniform on the simplex, Dirichlet(1,…,1): normalised exponentials
	// Eᵢ/ΣE, drawn in the dual as yᵢ = log Eᵢ − log E_{d+1}.
	e := s.noise
	for i := range s.n {
		for j := range w {
			e[j] = math.Log(s.rng.ExpFloat64())
		}
		yi := s.y[i*d : (i+1)*d]
		for j := range d {
			yi[j] = s.limit(e[j]-e[d], DualBound)
		}
		s.fromDual(i)
	}
	s.clamped = 0
}

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
	switch {
	case reinit:
		s.init()
	case wasPrimal && isMirror(s.cfg.Algorithm):
		// A mirror method's state is y: move particles off the faces (or
		// from outside) where a primal method left them, to x = ∇φ*(y)
		// with y = ∇φ(max(x, FaceFloor)).
		for i := range s.n {
			s.fromDual(i)
		}
		fallthrough
	default:
		s.obj = newObjective(&s.cfg)
	}
	return reinit, nil
}

// Reset draws the particles afresh from the seed and zeroes the step count
// and counters: the same Config then replays the same trajectory.
func (s *System) Reset() { s.init() }

// Step advances the particles k steps of the configured algorithm.
func (s *System) Step(k int) {
	if k > 0 {
		s.version++
	}
	for range k {
		s.obj.Observe(s.x)
		s.lastSubsteps = 0
		switch s.cfg.Algorithm {
		case AlgorithmProjected:
			s.stepPrimal(true)
		case AlgorithmMFLD:
			s.stepPrimal(false)
		case AlgorithmMirrored:
			s.stepMirrored()
		default:
			s.stepMirror()
		}
		s.step++
		s.time += s.cfg.Eta
	}
}

// fromDual derives particle i's primal coordinates from its dual ones.
func (s *System) fromDual(i int) {
	d, w := s.d, s.d+1
	s.mm.gradConj(s.x[i*w:(i+1)*w], s.y[i*d:(i+1)*d])
}

// fromPrimal derives particle i's dual coordinates from its primal ones:
// y = ∇φ(max(x, FaceFloor)), finite even on a face.
func (s *System) fromPrimal(i int) {
	d, w := s.d, s.d+1
	xi := s.x[i*w : (i+1)*w]
	last := math.Log(max(xi[d], FaceFloor))
	yi := s.y[i*d : (i+1)*d]
	for j := range d {
		yi[j] = math.Log(max(xi[j], FaceFloor)) - last
	}
}

// limit returns v cut to [−b, b], counting each cut in Metrics.Clamped; NaN
// passes through for the caller to refuse. Dual moves are limited to
// ±MoveBound and dual coordinates to ±DualBound.
func (s *System) limit(v, b float64) float64 {
	if v > b {
		s.clamped++
		return b
	}
	if v < -b {
		s.clamped++
		return -b
	}
	return v
}

// barrierFloor is the smallest coordinate at which barrier terms are
// evaluated: FaceFloor for the primal methods, which reach faces and beyond,
// and 0 (no floor) for the mirror methods, whose coordinates are always
// positive.
func (s *System) barrierFloor() float64 {
	if isMirror(s.cfg.Algorithm) {
		return 0
	}
	return FaceFloor
}
