// Package integrate holds the algorithms that move the particles (mmfld,
// mmfld-substep, mirrored, projected, mfld, proximal), each a value implementing
// Integrator, and the machinery they share: the State they move, a worker's
// Workspace, and the Team that runs a step's blocks of particles on several
// goroutines. Every block draws from its own random stream, keyed by (seed,
// step, block), so a trajectory is the same bits on any number of workers,
// natively and in WebAssembly (docs/math.md, "Reproducibility across builds and workers").
package integrate

import (
	"github.com/mmfld/playground/engine/internal/rng"
	"github.com/mmfld/playground/engine/mirror"
	"github.com/mmfld/playground/engine/objective"
)

// BlockSize is the number of particles in a block, the unit of a step's
// parallel work and of its random streams (see rng.Stream and Team): 256
// particles of Δ² are 6 KB per array, so a block's scratch stays in the
// first-level cache, and N = 100,000 makes 391 blocks, enough to keep any
// number of cores busy to the end of a step.
const BlockSize = 256

// State is what an integrator moves: N particles on the domain of a mirror
// map, kept both in dual coordinates Y (N·D numbers) and as primal points X
// (N·P numbers, see mirror.Domain), and what a step needs to move them.
//
// For the mirror methods Y is the state and X is derived from it by the
// map's ∇φ*; the primal methods keep X and derive Y from it (DualOfPrimal).
// Both are current after every step, so the algorithm can be switched while
// the particles run.
type State struct {
	Map       mirror.Map
	Blocks    mirror.BlockMap // Map, a block of points at a time (mirror.Blocks)
	Objective objective.Objective
	// Eta is the step size η and Lambda the temperature λ.
	Eta, Lambda float64
	// N particles, D chart (and dual) coordinates, P numbers a primal
	// point, Noise normal numbers a noise move reads (Map.NoiseLen).
	N, D, P, Noise int
	X, Y           []float64
	// Centre is the chart point DualOfChart pulls points towards.
	Centre []float64
}

// SetMap makes m the map of s and sizes s for n particles: new X and Y,
// Blocks, D, P and Noise from m.
func (s *State) SetMap(m mirror.Map, n int) {
	s.Map, s.Blocks = m, mirror.Blocks(m)
	s.N, s.D, s.P, s.Noise = n, m.Dim(), m.PrimalLen(), m.NoiseLen()
	s.Y = make([]float64, n*s.D)
	s.X = make([]float64, n*s.P)
}

// NumBlocks returns the number of blocks of the particles.
func (s *State) NumBlocks() int { return (s.N + BlockSize - 1) / BlockSize }

// Draw draws the dual points of the initial particles of block b, with w's
// stream keyed (seed, −1, b): the draws too are the same bits whatever the
// number of workers. The law is the domain's own (mirror.DualDrawer,
// mirror.ChartDrawer). X is not set; see Conj.
func (s *State) Draw(w *Workspace, seed uint64, b int) {
	w.rng.Reseed(seed, -1, b)
	d := s.D
	dd, dual := s.Map.(mirror.DualDrawer)
	cd, _ := s.Map.(mirror.ChartDrawer)
	for i := b * BlockSize; i < min((b+1)*BlockSize, s.N); i++ {
		y := s.Y[i*d : (i+1)*d]
		if dual {
			dd.DrawDual(y, &w.rng)
			continue
		}
		cd.DrawChart(w.v, &w.rng, w.pt)
		s.DualOfChart(y, w.v, w)
	}
}

// Step moves block b of step k one step of the integrator a, with w's
// stream keyed (seed, k, b).
func (s *State) Step(a Integrator, w *Workspace, seed uint64, k int64, b int) {
	w.rng.Reseed(seed, k, b)
	a.step(s, w, b*BlockSize, min((b+1)*BlockSize, s.N))
}

// Conj derives every primal point from its dual point, X = ∇φ*(Y), each
// iterative ∇φ* started from the point it replaces when warm is true (X is
// then current for other Y) and from scratch otherwise.
func (s *State) Conj(warm bool) {
	var from []float64
	if warm {
		from = s.X
	}
	s.Blocks.ConjBlock(s.X, s.Y, from)
}

// DualOfChart writes y = ∇φ(x) for the chart point v into y, with v first
// projected onto the closed domain and then moved a relative FaceFloor
// towards Centre, so that y is finite even for a point on the boundary or
// outside it; y is then clamped to the dual region, counted in w. It uses
// w's scratch.
func (s *State) DualOfChart(y, v []float64, w *Workspace) {
	x := s.Map.Project(w.pt, v)
	moved := w.moved
	for j := range s.D {
		moved[j] = s.Centre[j] + (1-mirror.FaceFloor)*(x[j]-s.Centre[j])
	}
	x = s.Map.Lift(w.pt, moved)
	s.Map.Grad(y, x)
	w.counts.Clamped += int64(s.Map.ClampDual(y))
}

// DualOfPrimal derives particle i's dual coordinates from its primal point,
// finite even on a face: with the map's own rule where it has one
// (mirror.DualOfPrimaler; the simplex: y = ∇φ(max(x, FaceFloor))),
// elsewhere the dual of the point pulled inside (DualOfChart). It uses w's
// scratch.
func (s *State) DualOfPrimal(i int, w *Workspace) {
	d, p := s.D, s.P
	xi := s.X[i*p : (i+1)*p]
	yi := s.Y[i*d : (i+1)*d]
	if m, ok := s.Map.(mirror.DualOfPrimaler); ok {
		m.DualOfPrimal(yi, xi)
		return
	}
	s.DualOfChart(yi, xi[:d], w)
}

// Counters are the safeguards a step applied (see the engine's Metrics):
// moves cut to a trust or dual region, moves refused as non-finite, barrier
// terms evaluated at the floor, and diffusion substeps taken.
type Counters struct {
	Clamped, Rejected, Floored, Substeps int64
}

// Add adds o to c.
func (c *Counters) Add(o Counters) {
	c.Clamped += o.Clamped
	c.Rejected += o.Rejected
	c.Floored += o.Floored
	c.Substeps += o.Substeps
}

// Workspace is a worker's scratch, with room for one block, and its random
// stream and counters: a step allocates nothing.
type Workspace struct {
	// The stream and the counters are written by every block; the pads
	// keep them off the cache lines of the other workers' workspaces,
	// which the allocator may place beside this one (false sharing).
	_      [64]byte
	rng    rng.Stream
	counts Counters
	_      [64]byte

	g, yp, yn, zeta []float64 // BlockSize·d: gradients and moves, dual points
	xt, xf          []float64 // BlockSize·p: primal points X̃, floored points
	xi              []float64 // BlockSize·NoiseLen: normal numbers
	ok              []bool    // BlockSize: the particle's moves so far were finite
	v, moved, hdiag []float64 // d: one particle's chart point, that point moved inside, Hessian diagonal
	pt              []float64 // p: one primal point
	wb              []float64 // p: the barrier weights of proximal (objective.LogBarrier), times η
}

// NewWorkspace returns a workspace for the particles of s.
func NewWorkspace(s *State) *Workspace {
	d, p, noise := s.D, s.P, s.Noise
	f := func(k int) []float64 { return make([]float64, k) }
	return &Workspace{
		g: f(BlockSize * d), yp: f(BlockSize * d), yn: f(BlockSize * d), zeta: f(BlockSize * d),
		xt: f(BlockSize * p), xf: f(BlockSize * p), xi: f(BlockSize * noise),
		ok: make([]bool, BlockSize), v: f(d), moved: f(d), hdiag: f(d), pt: f(p), wb: f(p),
	}
}

// TakeCounts returns the counters of w since the last call and zeroes them.
func (w *Workspace) TakeCounts() Counters {
	c := w.counts
	w.counts = Counters{}
	return c
}
