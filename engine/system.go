package engine

import (
	"math"
	"math/rand/v2"
)

// BoundaryEps is the distance to a face within which a particle counts
// towards Metrics.BoundaryMass: some barycentric coordinate below 1e-3.
const BoundaryEps = 1e-3

// System is N interacting particles on a convex domain, moved by one
// algorithm with its own random source. Nothing in it is shared with other
// Systems, so two can run side by side.
//
// For the mirror methods the dual coordinates y = ∇φ(x) are the state and the
// primal points are derived from them by the mirror map's ∇φ* (which also
// computes each point's slacks to the boundary without cancellation); the
// primal methods (projected, mfld) keep the primal points as their state and
// derive y from them. Both representations are kept current after every
// step, so the algorithm can be switched while the particles run.
//
// A System is not safe for concurrent use.
type System struct {
	cfg     Config
	mm      MirrorMap
	simplex bool // primal points are barycentric and objectives see all d+1
	obj     Objective
	rng     *rand.Rand

	n, d, p int       // particles, dimension, length of a primal point
	y       []float64 // N·d dual coordinates
	x       []float64 // N·p primal points (Domain)

	// Scratch for one particle, so that a step allocates nothing.
	g, gp, xf, yp, yn, dy, xt, noise, zeta, v, hdiag, centre []float64

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
// the plane.
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
	s.mm = newMirror(c)
	s.simplex = c.Domain == DomainSimplex
	s.n, s.d, s.p = c.N, s.mm.Dim(), s.mm.PrimalLen()
	d, p := s.d, s.p
	s.obj = newObjective(c, p)
	s.rng = rand.New(rand.NewPCG(uint64(c.Seed), 0x9e3779b97f4a7c15))
	s.y = make([]float64, s.n*d)
	s.x = make([]float64, s.n*p)
	buf := func(k int) []float64 { return make([]float64, k) }
	s.g, s.gp, s.xf = buf(d), buf(p), buf(p)
	s.yp, s.yn, s.dy = buf(d), buf(d), buf(d)
	s.xt, s.noise, s.zeta = buf(p), buf(max(s.mm.NoiseLen(), d)), buf(d)
	s.v, s.hdiag, s.centre = buf(d), buf(d), chartCentre(c, s.mm)
	s.step, s.time = 0, 0
	s.clamped, s.rejected, s.floored, s.lastSubsteps = 0, 0, 0, 0
	s.version++
	for i := range s.n {
		s.draw(s.y[i*d : (i+1)*d])
		s.fromDual(i)
	}
	s.clamped = 0
}

// draw writes the dual coordinates of one initial particle into y.
func (s *System) draw(y []float64) {
	d := s.d
	c := &s.cfg
	v := s.v
	switch c.Domain {
	case DomainSimplex:
		// Uniform, Dirichlet(1,…,1): normalised exponentials Eᵢ/ΣE, drawn
		// in the dual as yᵢ = log Eᵢ − log E_{d+1}, never underflowing.
		e := s.noise[:d+1]
		for j := range e {
			e[j] = pureLog(s.rng.ExpFloat64())
		}
		for j := range d {
			y[j] = e[j] - e[d]
		}
		s.clamped += int64(s.mm.ClampDual(y))
		return
	case DomainBox:
		for j := range v {
			v[j] = c.Low + (c.High-c.Low)*s.rng.Float64()
		}
	case DomainBall:
		// Uniform: a normal direction, a radius R·U^{1/d}.
		norm := 0.0
		for j := range v {
			v[j] = s.rng.NormFloat64()
			norm += v[j] * v[j]
		}
		r := c.Radius * pureExp(pureLog(s.rng.Float64())/float64(d)) / math.Sqrt(norm) // R·U^{1/d}
		for j := range v {
			v[j] *= r
		}
	case DomainOrthant:
		for j := range v {
			v[j] = s.rng.ExpFloat64()
		}
	case DomainSpectraplex:
		// Uniform (Lebesgue): X = W/tr W, W a Wishart(n+1) matrix.
		s.mm.(Spectraplex).uniformChart(v, s.xt, s.rng.NormFloat64)
	case DomainPolygon:
		// Uniform: rejection from the vertices' bounding box.
		lo, hi := [2]float64{math.Inf(1), math.Inf(1)}, [2]float64{math.Inf(-1), math.Inf(-1)}
		for k := 0; k < len(c.Vertices); k += 2 {
			for j := range 2 {
				lo[j], hi[j] = min(lo[j], c.Vertices[k+j]), max(hi[j], c.Vertices[k+j])
			}
		}
		for {
			for j := range 2 {
				v[j] = lo[j] + (hi[j]-lo[j])*s.rng.Float64()
			}
			if s.mm.Inside(s.mm.Lift(s.xt, v)) {
				break
			}
		}
	default:
		for j := range v {
			v[j] = s.rng.NormFloat64()
		}
	}
	s.dualOfChart(y, v)
}

// dualOfChart writes y = ∇φ(x) for the chart point v into y, with v first
// projected onto the closed domain and then moved a relative FaceFloor
// towards the domain's centre, so that y is finite even for a point on the
// boundary or outside it; y is then clamped to the dual region.
func (s *System) dualOfChart(y, v []float64) {
	x := s.mm.Project(s.xt, v)
	moved := s.v
	for j := range s.d {
		moved[j] = s.centre[j] + (1-FaceFloor)*(x[j]-s.centre[j])
	}
	x = s.mm.Lift(s.xt, moved)
	s.mm.Grad(y, x)
	s.clamped += int64(s.mm.ClampDual(y))
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
		// with y the dual of the point pulled inside (fromPrimal).
		for i := range s.n {
			s.fromDual(i)
		}
		fallthrough
	default:
		s.obj = newObjective(&s.cfg, s.p)
		s.centre = chartCentre(&s.cfg, s.mm)
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

// fromDual derives particle i's primal point from its dual coordinates.
func (s *System) fromDual(i int) {
	xi := s.x[i*s.p : (i+1)*s.p]
	s.conj(xi, s.y[i*s.d:(i+1)*s.d], xi)
}

// conj writes x = ∇φ*(y) into dst; a map that solves for it iteratively (the
// polygon) starts from the primal point from, if that is inside.
func (s *System) conj(dst, y, from []float64) []float64 {
	if w, ok := s.mm.(WarmGradConj); ok {
		return w.GradConjFrom(dst, y, from)
	}
	return s.mm.GradConj(dst, y)
}

// fromPrimal derives particle i's dual coordinates from its primal point,
// finite even on a face: on the simplex y = ∇φ(max(x, FaceFloor)), elsewhere
// the dual of the point pulled inside (dualOfChart).
func (s *System) fromPrimal(i int) {
	d, p := s.d, s.p
	xi := s.x[i*p : (i+1)*p]
	yi := s.y[i*d : (i+1)*d]
	if !s.simplex {
		s.dualOfChart(yi, xi[:d])
		return
	}
	last := pureLog(max(xi[d], FaceFloor))
	for j := range d {
		yi[j] = pureLog(max(xi[j], FaceFloor)) - last
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
