package engine

import (
	"math"
	"slices"

	"github.com/mmfld/playground/engine/internal/rng"
	"github.com/mmfld/playground/engine/internal/vec"
	"github.com/mmfld/playground/engine/mirror"
)

// SubstepNoise bounds the standard deviation of each dual coordinate's noise
// in one adaptive substep of mmfld-substep.
const SubstepNoise = 0.5

// MaxSubstepsPerStep caps the substeps one particle takes in one step; the
// last substep then takes the rest of the step.
const MaxSubstepsPerStep = 1000

// blockSize is the number of particles in a block, the unit of a step's
// parallel work and of its random streams (see stream and team): 256
// particles of Δ² are 6 KB per array, so a block's scratch stays in the
// first-level cache, and N = 100,000 makes 391 blocks, enough to keep any
// number of cores busy to the end of a step.
const blockSize = 256

// An integrator is one algorithm: it moves the particles of a block one
// step. It is a value registered by name (algorithmRegistry); it keeps no
// state of its own between steps, and the scratch it needs belongs to the
// worker that runs the block, so blocks of one step run concurrently.
type integrator interface {
	// step moves particles [lo, hi) of s one step, drawing from w.rng and
	// counting its safeguards in w.counts.
	step(s *System, w *workspace, lo, hi int)
}

// counters are the safeguards a step applied; see Metrics.
type counters struct {
	clamped, rejected, floored, substeps int64
}

func (c *counters) add(o counters) {
	c.clamped += o.clamped
	c.rejected += o.rejected
	c.floored += o.floored
	c.substeps += o.substeps
}

// workspace is a worker's scratch, with room for one block: a step
// allocates nothing.
type workspace struct {
	rng    rng.Stream
	counts counters

	g, yp, yn, zeta []float64 // blockSize·d: gradients and moves, dual points
	xt, xf          []float64 // blockSize·p: primal points X̃, floored points
	xi              []float64 // blockSize·NoiseLen: normal numbers
	ok              []bool    // blockSize: the particle's moves so far were finite
	v, moved, hdiag []float64 // d: one particle's chart point, that point moved inside, Hessian diagonal
	pt              []float64 // p: one primal point
}

func newWorkspace(d, p, noise int) *workspace {
	f := func(k int) []float64 { return make([]float64, k) }
	return &workspace{
		g: f(blockSize * d), yp: f(blockSize * d), yn: f(blockSize * d), zeta: f(blockSize * d),
		xt: f(blockSize * p), xf: f(blockSize * p), xi: f(blockSize * noise),
		ok: make([]bool, blockSize), v: f(d), moved: f(d), hdiag: f(d), pt: f(p),
	}
}

// mmfld is one step of MMFLD (Gu & Kim, Algorithm 1):
//
//	Y' = ∇φ(X) − η g(X),  Y⁺ = Y' + √(2λη) [∇²φ(X̃)]^{1/2} ξ,  X⁺ = ∇φ*(Y⁺),
//
// with X̃ = ∇φ*(Y') (HessianAt "drift") or X̃ = X (atStart, "start"). The
// drift and the noise move are each cut to the mirror map's trust region
// (LimitMove) and their results to its dual region (ClampDual), both
// counted; a particle whose move would still be non-finite stays where it
// was, counted as rejected.
//
// The step runs phase by phase over the whole block (gradients, drifts, X̃,
// normals, noise, moves, X⁺), each phase one call into the objective, the
// map (blockMap) or the stream: in WebAssembly a call costs more than the
// arithmetic of a particle, and the phases let the entropic simplex run its
// exponentials in one loop (EntropicSimplex.conjBlock).
type mmfld struct{ atStart bool }

func (a mmfld) step(s *System, w *workspace, lo, hi int) {
	b := s.block(w, lo, hi)
	eta := s.cfg.Eta
	w.counts.clamped += int64(s.bm.MoveBlock(b.yp, b.y, b.g, -eta, b.ok))
	xt := b.x
	if !a.atStart {
		xt = w.xt[:b.n*s.p]
		s.bm.ConjBlock(xt, b.yp, b.x)
	}
	xi := w.xi[:b.n*s.noise]
	w.rng.Normals(xi)
	s.bm.NoiseBlock(b.zeta, xt, xi)
	sq := math.Sqrt(2 * s.cfg.Lambda * eta)
	w.counts.clamped += int64(s.bm.MoveBlock(b.yn, b.yp, b.zeta, sq, b.ok))
	s.accept(w, b.y, b.yn, lo, hi)
}

// block is a block's view of the particles and of its worker's scratch at
// the start of a step: n particles from lo, their primal points x and dual
// points y, the chart gradients g of the objective at them, room for
// proposed dual points (yp, yn) and moves (zeta), and ok all true.
type block struct {
	lo, n           int
	x, y            []float64
	g, yp, yn, zeta []float64
	ok              []bool
}

// block returns the view of particles [lo, hi) for worker w, with the
// gradients computed.
func (s *System) block(w *workspace, lo, hi int) block {
	d, p, n := s.d, s.p, hi-lo
	b := block{lo: lo, n: n, x: s.x[lo*p : hi*p], y: s.y[lo*d : hi*d],
		g: w.g[:n*d], yp: w.yp[:n*d], yn: w.yn[:n*d], zeta: w.zeta[:n*d], ok: w.ok[:n]}
	for i := range b.ok {
		b.ok[i] = true
	}
	s.obj.Grad(b.g, b.x, lo)
	return b
}

// accept makes the dual points yn of particles [lo, hi) (whose dual points
// are y) their new state where w.ok says their moves were finite; the others
// keep their dual points and are counted as rejected. The primal points are
// then derived from the dual ones.
func (s *System) accept(w *workspace, y, yn []float64, lo, hi int) {
	d, p := s.d, s.p
	if ok := w.ok[:hi-lo]; !slices.Contains(ok, false) {
		copy(y, yn) // the common case, in one copy
	} else {
		for i, good := range ok {
			if good {
				copy(y[i*d:(i+1)*d], yn[i*d:(i+1)*d])
			} else {
				w.counts.rejected++
			}
		}
	}
	x := s.x[lo*p : hi*p]
	s.bm.ConjBlock(x, y, x)
}

// mmfldSubstep is MMFLD with the diffusion over time η split into Euler
// substeps, each with the metric at its own starting point: Substeps equal
// ones (fixed), or, when fixed is 0, per particle substeps
// h ≤ SubstepNoise²/(2λ·maxᵢ ∇²φ(x)ᵢᵢ), so that each dual noise coordinate
// (variance 2λh·∇²φ(x)ᵢᵢ) has standard deviation at most SubstepNoise (Ahn
// & Chewi 2021 study the exact diffusion this approaches). Moves are cut and
// counted as in mmfld. The number of substeps differs from particle to
// particle, so this step goes particle by particle.
type mmfldSubstep struct{ fixed int }

func (a mmfldSubstep) step(s *System, w *workspace, lo, hi int) {
	b := s.block(w, lo, hi)
	d, p, n := s.d, s.p, b.n
	eta, lambda := s.cfg.Eta, s.cfg.Lambda
	x, y, yp, yn, ok := b.x, b.y, b.yp, b.yn, b.ok
	w.counts.clamped += int64(s.bm.MoveBlock(yp, y, b.g, -eta, ok))
	for i := range n {
		if !ok[i] {
			continue
		}
		one := ok[i : i+1]
		ypi, xt := yp[i*d:(i+1)*d], w.xt[:p]
		from := x[i*p : (i+1)*p]
		for k, left := 0, eta; left > 0 && one[0]; k++ {
			s.bm.ConjBlock(xt, ypi, from)
			from = xt
			h := left
			switch {
			case a.fixed > 0:
				h = eta / float64(a.fixed)
				if k == a.fixed-1 {
					h = left
				}
			case k < MaxSubstepsPerStep-1:
				s.mm.HessDiag(w.hdiag, xt)
				h = min(left, SubstepNoise*SubstepNoise/(2*lambda*slices.Max(w.hdiag)))
			}
			w.counts.substeps++
			xi, zeta := w.xi[:s.noise], w.zeta[:d]
			w.rng.Normals(xi)
			s.bm.NoiseBlock(zeta, xt, xi)
			w.counts.clamped += int64(s.bm.MoveBlock(yn[i*d:(i+1)*d], ypi, zeta, math.Sqrt(2*lambda*h), one))
			copy(ypi, yn[i*d:(i+1)*d])
			left -= h
		}
	}
	s.accept(w, y, yp, lo, hi)
}

// mirrored is one step of the mirrored Langevin algorithm (Hsieh, Kavis,
// Rolland & Cevher 2018) in mean-field form: plain Langevin in the dual on
// the pushed-forward potential,
//
//	Y⁺ = Y − η[∇²φ*(Y) g(X) − λ ∇_y log det ∇²φ*(Y)] + √(2λη) ξ,
//
// with ∇²φ*(y) = [∇²φ(x)]⁻¹ (MirrorMap.InvHessMul) and the entropy drift
// MirrorMap.GradLogDetHessConj; on the simplex chart ∇²φ*(y) = diag(x) − x xᵀ
// and ∇_y log det ∇²φ*(y) = 1 − (d+1)x (docs/math.md). Its noise is
// isotropic in the dual, so it has no volatility blow-up at the faces. Moves
// are cut and counted as in mmfld.
type mirrored struct{}

func (mirrored) step(s *System, w *workspace, lo, hi int) {
	b := s.block(w, lo, hi)
	d, p := s.d, s.p
	eta, lambda := s.cfg.Eta, s.cfg.Lambda
	x, g, dy := b.x, b.g, b.zeta
	for i := range b.n {
		xi, gi, dyi := x[i*p:(i+1)*p], g[i*d:(i+1)*d], dy[i*d:(i+1)*d]
		s.mm.InvHessMul(dyi, xi, gi)
		s.mm.GradLogDetHessConj(w.v, xi)
		for j := range dyi {
			dyi[j] = -eta * (dyi[j] - lambda*w.v[j])
		}
	}
	w.counts.clamped += int64(s.bm.MoveBlock(b.yp, b.y, dy, 1, b.ok))
	w.rng.Normals(dy)
	w.counts.clamped += int64(s.bm.MoveBlock(b.yn, b.yp, dy, math.Sqrt(2*lambda*eta), b.ok))
	s.accept(w, b.y, b.yn, lo, hi)
}

// primal is one step of a primal method in the chart coordinates:
//
//	projected MFLD (the paper's baseline):  X⁺ = Π(X − η g(X) + √(2λη) ξ),
//	MFLD (unconstrained):                   X⁺ = X − η g(X) + √(2λη) ξ,
//
// with Π the Euclidean projection onto the closed domain. The objective sees
// each point through the domain's barrierFloorer, if it has one: barrier
// terms at or beyond a face are evaluated at FaceFloor, and counted. MFLD's
// particles may leave the domain; they are counted in Metrics.Outside, not
// hidden, and their chart coordinates are kept within ±PrimalBound.
type primal struct{ project bool }

func (a primal) step(s *System, w *workspace, lo, hi int) {
	d, p, n := s.d, s.p, hi-lo
	eta := s.cfg.Eta
	sq := math.Sqrt(2 * s.cfg.Lambda * eta)
	x := s.x[lo*p : hi*p]
	xin := x
	if f, ok := s.mm.(mirror.BarrierFloorer); ok {
		var floored int
		xin, floored = f.FloorBarrier(w.xf[:n*p], x)
		if s.obj.Barrier() {
			w.counts.floored += int64(floored)
		}
	}
	g := w.g[:n*d]
	s.obj.Grad(g, xin, lo)
	noise := w.zeta[:n*d]
	w.rng.Normals(noise)
	v := w.v
	for i := range n {
		xi := x[i*p : (i+1)*p]
		for j := range d {
			v[j] = xi[j] - eta*g[i*d+j] + sq*noise[i*d+j]
		}
		if !vec.AllFinite(v) {
			w.counts.rejected++
			continue
		}
		if a.project {
			s.mm.Project(xi, v)
		} else {
			for j := range v {
				v[j] = limit(v[j], mirror.PrimalBound, &w.counts)
			}
			s.mm.Lift(xi, v)
		}
		s.fromPrimal(i+lo, w)
	}
}

// limit returns v cut to [−b, b], counting each cut in c.clamped; NaN
// passes through for the caller to refuse.
func limit(v, b float64, c *counters) float64 {
	if v > b {
		c.clamped++
		return b
	}
	if v < -b {
		c.clamped++
		return -b
	}
	return v
}
