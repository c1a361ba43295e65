package integrate

import (
	"math"
	"slices"

	"github.com/mmfld/playground/engine/internal/rng"
	"github.com/mmfld/playground/engine/internal/vec"
	"github.com/mmfld/playground/engine/mirror"
	"github.com/mmfld/playground/engine/objective"
)

// SubstepNoise bounds the standard deviation of each dual coordinate's noise
// in one adaptive substep of mmfld-substep.
const SubstepNoise = 0.5

// MaxSubstepsPerStep caps the substeps one particle takes in one step; the
// last substep then takes the rest of the step.
const MaxSubstepsPerStep = 1000

// An Integrator is one algorithm: it moves the particles of a block one
// step. It is a value (the engine registers each by name); it keeps no state
// of its own between steps, and the scratch it needs belongs to the worker
// that runs the block, so blocks of one step run concurrently. State.Step
// runs it.
type Integrator interface {
	// step moves particles [lo, hi) of s one step, drawing from w.rng and
	// counting its safeguards in w.counts.
	step(s *State, w *Workspace, lo, hi int)
}

// MMFLD returns mmfld (Gu & Kim, Algorithm 1), with the noise's metric at
// the drifted point X̃ = ∇φ*(Y′), or at the step's start when atStart.
func MMFLD(atStart bool) Integrator { return mmfld{atStart: atStart} }

// MMFLDSubstep returns mmfld-substep: fixed equal substeps of the
// diffusion, or adaptive ones when fixed is 0.
func MMFLDSubstep(fixed int) Integrator { return mmfldSubstep{fixed: fixed} }

// Mirrored returns the mirrored Langevin algorithm.
func Mirrored() Integrator { return mirrored{} }

// Projected returns projected MFLD, the paper's baseline.
func Projected() Integrator { return primal{project: true} }

// MFLD returns unconstrained MFLD in the chart coordinates.
func MFLD() Integrator { return primal{project: false} }

// Proximal returns the proximal (forward-backward) Langevin algorithm,
// projected MFLD with a log barrier taken in its backward step (see
// proximal). Its objective must be an objective.LogBarrier with weights
// ≥ 0 and its map a mirror.BarrierProxer (the engine's registry allows it
// only there).
func Proximal() Integrator { return proximal{} }

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
// map (mirror.BlockMap) or the stream: in WebAssembly a call costs more than the
// arithmetic of a particle, and the phases let the entropic simplex run its
// exponentials in one loop (EntropicSimplex.ConjBlock).
//
// A map with a fused step (mmfldFuser: the entropic simplex on Δ², the
// reference workload) runs all the phases after the gradients in one pass
// instead, the same algorithm; phased forces the phases (MMFLDPhases: the
// tests compare the two).
type mmfld struct{ atStart, phased bool }

// MMFLDPhases returns MMFLD with the noise's metric at the drifted point,
// always run phase by phase, never by a map's fused step: the reference the
// tests compare the fused step with.
func MMFLDPhases() Integrator { return mmfld{phased: true} }

// An mmfldFuser is a block map that runs a whole MMFLD step (HessianAt
// "drift") for a block of points in one pass, when FusesMMFLD says so:
// MMFLDBlock moves the dual points y in place (keeping a point whose move
// is not finite), writes their primal points into x, and returns the cuts
// and the points kept; see mirror.EntropicSimplex.MMFLDBlock.
type mmfldFuser interface {
	FusesMMFLD() bool
	MMFLDBlock(y, x, g, xi []float64, eta, sq float64, r *rng.Stream) (cuts, rejected int)
}

func (a mmfld) step(s *State, w *Workspace, lo, hi int) {
	eta := s.Eta
	if f, ok := s.Blocks.(mmfldFuser); ok && !a.atStart && !a.phased && f.FusesMMFLD() {
		// Without block's ok flags, which the fused step keeps itself: one
		// store a particle less (2% faster in WebAssembly).
		b := s.gradients(w, lo, hi)
		cuts, rejected := f.MMFLDBlock(b.y, b.x, b.g, w.xi[:b.n*s.Noise], eta, math.Sqrt(2*s.Lambda*eta), &w.rng)
		w.counts.Clamped += int64(cuts)
		w.counts.Rejected += int64(rejected)
		return
	}
	b := s.block(w, lo, hi)
	w.counts.Clamped += int64(s.Blocks.MoveBlock(b.yp, b.y, b.g, -eta, b.ok))
	xt := b.x
	if !a.atStart {
		xt = w.xt[:b.n*s.P]
		s.Blocks.ConjBlock(xt, b.yp, b.x)
	}
	xi := w.xi[:b.n*s.Noise]
	w.rng.Normals(xi)
	s.Blocks.NoiseBlock(b.zeta, xt, xi)
	sq := math.Sqrt(2 * s.Lambda * eta)
	w.counts.Clamped += int64(s.Blocks.MoveBlock(b.yn, b.yp, b.zeta, sq, b.ok))
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
// gradients computed and every ok flag set.
func (s *State) block(w *Workspace, lo, hi int) block {
	b := s.gradients(w, lo, hi)
	for i := range b.ok {
		b.ok[i] = true
	}
	return b
}

// gradients is block without setting the ok flags, which hold what the
// last step left in them.
func (s *State) gradients(w *Workspace, lo, hi int) block {
	d, p, n := s.D, s.P, hi-lo
	b := block{lo: lo, n: n, x: s.X[lo*p : hi*p], y: s.Y[lo*d : hi*d],
		g: w.g[:n*d], yp: w.yp[:n*d], yn: w.yn[:n*d], zeta: w.zeta[:n*d], ok: w.ok[:n]}
	s.Objective.Grad(b.g, b.x, lo)
	return b
}

// accept makes the dual points yn of particles [lo, hi) (whose dual points
// are y) their new state where w.ok says their moves were finite; the others
// keep their dual points and are counted as rejected. The primal points are
// then derived from the dual ones.
func (s *State) accept(w *Workspace, y, yn []float64, lo, hi int) {
	d, p := s.D, s.P
	if ok := w.ok[:hi-lo]; !slices.Contains(ok, false) {
		copy(y, yn) // the common case, in one copy
	} else {
		for i, good := range ok {
			if good {
				copy(y[i*d:(i+1)*d], yn[i*d:(i+1)*d])
			} else {
				w.counts.Rejected++
			}
		}
	}
	x := s.X[lo*p : hi*p]
	s.Blocks.ConjBlock(x, y, x)
}

// mmfldSubstep is MMFLD with the diffusion over time η simulated in
// substeps (Ahn & Chewi 2021 study the exact diffusion this approaches). A
// map that solves the diffusion itself (mirror.Diffuser: the entropic
// simplex and the Fermi–Dirac box on a sphere, the entropic orthant
// exactly) takes it over (diffuse). Elsewhere it is split into
// Euler substeps in the dual, each with the metric at its own starting
// point: Substeps equal ones (fixed), or, when fixed is 0, per particle
// substeps h ≤ SubstepNoise²/(2λ·maxᵢ ∇²φ(x)ᵢᵢ), so that each dual noise
// coordinate (variance 2λh·∇²φ(x)ᵢᵢ) has standard deviation at most
// SubstepNoise. Moves are cut and counted as in mmfld. The number of
// substeps differs from particle to particle, so this step goes particle by
// particle.
type mmfldSubstep struct{ fixed int }

func (a mmfldSubstep) step(s *State, w *Workspace, lo, hi int) {
	b := s.block(w, lo, hi)
	d, p, n := s.D, s.P, b.n
	eta, lambda := s.Eta, s.Lambda
	x, y, yp, yn, ok := b.x, b.y, b.yp, b.yn, b.ok
	w.counts.Clamped += int64(s.Blocks.MoveBlock(yp, y, b.g, -eta, ok))
	if df, is := s.Map.(mirror.Diffuser); is {
		a.diffuse(df, s, w, b)
		s.accept(w, y, yp, lo, hi)
		return
	}
	for i := range n {
		if !ok[i] {
			continue
		}
		one := ok[i : i+1]
		ypi, xt := yp[i*d:(i+1)*d], w.xt[:p]
		from := x[i*p : (i+1)*p]
		for k, left := 0, eta; left > 0 && one[0]; k++ {
			s.Blocks.ConjBlock(xt, ypi, from)
			from = xt
			h := left
			switch {
			case a.fixed > 0:
				h = eta / float64(a.fixed)
				if k == a.fixed-1 {
					h = left
				}
			case k < MaxSubstepsPerStep-1:
				s.Map.HessDiag(w.hdiag, xt)
				h = min(left, SubstepNoise*SubstepNoise/(2*lambda*slices.Max(w.hdiag)))
			}
			w.counts.Substeps++
			xi, zeta := w.xi[:s.Noise], w.zeta[:d]
			w.rng.Normals(xi)
			s.Blocks.NoiseBlock(zeta, xt, xi)
			w.counts.Clamped += int64(s.Blocks.MoveBlock(yn[i*d:(i+1)*d], ypi, zeta, math.Sqrt(2*lambda*h), one))
			copy(ypi, yn[i*d:(i+1)*d])
			left -= h
		}
	}
	s.accept(w, y, yp, lo, hi)
}

// diffuse is mmfld-substep's diffusion for a map that solves it itself
// (mirror.Diffuser): from X̃ = ∇φ*(Y′), K steps of the map's scheme over
// time λη/K each, K = Substeps or, adaptive, the fewest with λη/K ≤
// df.DiffuseStep(), at most MaxSubstepsPerStep (the same for every
// particle, so no particle's cost runs away near a face). The dual points of b's
// particles that moved well, b.yp, are replaced by the results.
func (a mmfldSubstep) diffuse(df mirror.Diffuser, s *State, w *Workspace, b block) {
	d, p := s.D, s.P
	t := s.Lambda * s.Eta
	k := a.fixed
	if k == 0 {
		k = min(MaxSubstepsPerStep, max(1, int(math.Ceil(t/df.DiffuseStep()))))
	}
	t /= float64(k)
	xi := w.xi[:df.DiffuseLen()]
	for i := range b.n {
		if !b.ok[i] {
			continue
		}
		ypi, xt := b.yp[i*d:(i+1)*d], w.xt[:p]
		s.Blocks.ConjBlock(xt, ypi, b.x[i*p:(i+1)*p])
		for range k {
			w.rng.Normals(xi)
			df.Diffuse(ypi, xt, t, xi)
		}
		w.counts.Substeps += int64(k)
	}
}

// mirrored is one step of the mirrored Langevin algorithm (Hsieh, Kavis,
// Rolland & Cevher 2018) in mean-field form: plain Langevin in the dual on
// the pushed-forward potential,
//
//	Y⁺ = Y − η[∇²φ*(Y) g(X) − λ ∇_y log det ∇²φ*(Y)] + √(2λη) ξ,
//
// with ∇²φ*(y) = [∇²φ(x)]⁻¹ (mirror.Map.InvHessMul) and the entropy drift
// mirror.Map.GradLogDetHessConj; on the simplex chart ∇²φ*(y) = diag(x) − x xᵀ
// and ∇_y log det ∇²φ*(y) = 1 − (d+1)x (docs/math.md). Its noise is
// isotropic in the dual, so it has no volatility blow-up at the faces. Moves
// are cut and counted as in mmfld.
type mirrored struct{}

func (mirrored) step(s *State, w *Workspace, lo, hi int) {
	b := s.block(w, lo, hi)
	d, p := s.D, s.P
	eta, lambda := s.Eta, s.Lambda
	x, g, dy := b.x, b.g, b.zeta
	for i := range b.n {
		xi, gi, dyi := x[i*p:(i+1)*p], g[i*d:(i+1)*d], dy[i*d:(i+1)*d]
		s.Map.InvHessMul(dyi, xi, gi)
		s.Map.GradLogDetHessConj(w.v, xi)
		for j := range dyi {
			dyi[j] = -eta * (dyi[j] - lambda*w.v[j])
		}
	}
	w.counts.Clamped += int64(s.Blocks.MoveBlock(b.yp, b.y, dy, 1, b.ok))
	w.rng.Normals(dy)
	w.counts.Clamped += int64(s.Blocks.MoveBlock(b.yn, b.yp, dy, math.Sqrt(2*lambda*eta), b.ok))
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

func (a primal) step(s *State, w *Workspace, lo, hi int) {
	d, p, n := s.D, s.P, hi-lo
	x := s.X[lo*p : hi*p]
	xin := x
	if f, ok := s.Map.(mirror.BarrierFloorer); ok {
		var floored int
		xin, floored = f.FloorBarrier(w.xf[:n*p], x)
		if s.Objective.Barrier() {
			w.counts.Floored += int64(floored)
		}
	}
	g := w.g[:n*d]
	s.Objective.Grad(g, xin, lo)
	s.euclideanMoves(w, lo, hi, g, func(xi, v []float64) bool {
		if a.project {
			s.Map.Project(xi, v)
		} else {
			limitAll(v, &w.counts)
			s.Map.Lift(xi, v)
		}
		return true
	})
}

// proximal is one step of the proximal (forward-backward) Langevin
// algorithm for F = F_s + ∫ Σᵢ wᵢ log(1/xᵢ) dμ (objective.LogBarrier) on a
// closed convex domain K: the smooth part and the noise move the particle
// forward, the barrier and the constraint together are the backward step,
//
//	X′ = X − η ∇δF_s/δμ(X) + √(2λη) ξ,
//	X⁺ = prox(X′) = argmin_{x ∈ K} η Σᵢ wᵢ log(1/xᵢ) + ½‖x − X′‖²
//
// (mirror.BarrierProxer; on the simplex a closed form in one multiplier
// found by a safeguarded Newton iteration). This is the proximal Langevin
// algorithm of Pereyra (2016) and Durmus, Moulines & Pereyra (2018) with
// the log barrier plus the indicator of K as the non-smooth part, and the
// forward-backward scheme whose mean-field analogue Salim & Richtárik
// (2020) analyse; with every wᵢ = 0 the prox is the Euclidean projection
// and the step is projected MFLD (primal) bit for bit: it then calls the
// map's Project, and draws the same normals. With wᵢ > 0 the point X⁺ is
// strictly inside the faces xᵢ = 0, so the barrier is never evaluated at a
// face (no FaceFloor, no floored count) and the gradient the particles
// feel is F_s's alone, which is bounded. It is the honest projected method
// with a barrier: projected MFLD (primal) lands on faces and evaluates
// the barrier's gradient at FaceFloor there (docs/math.md).
//
// Every chart coordinate of X′ is cut to ±PrimalBound (counted in
// Clamped; never reached by the bounded smooth gradients of meanmatch and
// dirichlet) before the prox; a non-finite X′ is refused, and so is a
// prox point not strictly inside every face whose weight is positive (both
// counted in Rejected; the particle stays).
type proximal struct{}

func (proximal) step(s *State, w *Workspace, lo, hi int) {
	d, p, n := s.D, s.P, hi-lo
	eta := s.Eta
	lb, ok := s.Objective.(objective.LogBarrier)
	px, okMap := s.Map.(mirror.BarrierProxer)
	if !ok || !okMap {
		panic("integrate: proximal needs an objective.LogBarrier and a mirror.BarrierProxer")
	}
	a := lb.BarrierWeights(w.wb)
	project := true
	for i, e := range a {
		if !(e >= 0) || math.IsInf(e, 1) {
			panic("integrate: proximal needs finite barrier weights ≥ 0")
		}
		a[i] = eta * e
		project = project && a[i] == 0
	}
	g := w.g[:n*d]
	lb.SmoothGrad(g, s.X[lo*p:hi*p], lo)
	s.euclideanMoves(w, lo, hi, g, func(xi, v []float64) bool {
		if project {
			s.Map.Project(xi, v)
			return true
		}
		limitAll(v, &w.counts)
		pt := px.ProxBarrier(w.pt, v, a)
		if !insideFaces(pt, a) {
			return false
		}
		copy(xi, pt)
		return true
	})
}

// euclideanMoves moves particles [lo, hi) by the primal methods' Euclidean
// Langevin proposal v = x − η g + √(2λη) ξ (propose), g the block's chart
// gradients and ξ its normal numbers: a non-finite v is refused, and
// otherwise land puts the particle xi where v takes it and reports whether
// it did; a refused particle stays and is counted in Rejected, a moved one
// gets its dual point (DualOfPrimal).
func (s *State) euclideanMoves(w *Workspace, lo, hi int, g []float64, land func(xi, v []float64) bool) {
	d, p, n := s.D, s.P, hi-lo
	eta := s.Eta
	sq := math.Sqrt(2 * s.Lambda * eta)
	x := s.X[lo*p : hi*p]
	noise := w.zeta[:n*d]
	w.rng.Normals(noise)
	v := w.v
	for i := range n {
		xi := x[i*p : (i+1)*p]
		propose(v, xi, g[i*d:(i+1)*d], noise[i*d:(i+1)*d], eta, sq)
		if !vec.AllFinite(v) || !land(xi, v) {
			w.counts.Rejected++
			continue
		}
		s.DualOfPrimal(i+lo, w)
	}
}

// insideFaces reports whether the primal point x is finite, nonnegative,
// and positive in every coordinate whose barrier weight a is positive.
func insideFaces(x, a []float64) bool {
	for i, e := range x {
		if !(e >= 0) || math.IsInf(e, 1) || (a[i] > 0 && !(e > 0)) {
			return false
		}
	}
	return true
}

// limitAll cuts every chart coordinate of v to ±PrimalBound (limit).
func limitAll(v []float64, c *Counters) {
	for j := range v {
		v[j] = limit(v[j], mirror.PrimalBound, c)
	}
}

// limit returns v cut to [−b, b], counting each cut in c.Clamped; NaN
// passes through for the caller to refuse.
func limit(v, b float64, c *Counters) float64 {
	if v > b {
		c.Clamped++
		return b
	}
	if v < -b {
		c.Clamped++
		return -b
	}
	return v
}

// propose writes the Euclidean Langevin proposal of the primal methods,
// v = x − η g + √(2λη) ξ (sq = √(2λη)), for the point x with chart gradient
// g and normal numbers xi, into v (d numbers each).
func propose(v, x, g, xi []float64, eta, sq float64) {
	for j := range v {
		v[j] = x[j] - eta*g[j] + sq*xi[j]
	}
}
