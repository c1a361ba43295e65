package engine

import (
	"math"
	"slices"
)

// SubstepNoise bounds the standard deviation of each dual coordinate's noise
// in one adaptive substep of mmfld-substep.
const SubstepNoise = 0.5

// MaxSubstepsPerStep caps the substeps one particle takes in one step; the
// last substep then takes the rest of the step.
const MaxSubstepsPerStep = 1000

// PrimalBound bounds the chart coordinates of plain MFLD, which may leave
// the domain: a coordinate beyond ±PrimalBound is clamped and counted, so
// that the mean-field terms stay finite.
const PrimalBound = 1e6

// objGrad writes the chart gradient g = ∇ₓ δF/δμ(μ_N) at the primal point x
// into s.g.
func (s *System) objGrad(x []float64) {
	s.obj.Grad(s.gp, x)
	if s.simplex {
		chartGrad(s.g, s.gp)
	} else {
		copy(s.g, s.gp[:s.d])
	}
}

// move adds the dual move dy to y into dst: the move cut to the mirror map's
// trust region (LimitMove), the result to its dual region (ClampDual), both
// counted. It reports false, counting a refused move, if the result is not
// finite; dst is then unusable.
func (s *System) move(dst, y, dy []float64) bool {
	s.clamped += int64(s.mm.LimitMove(dy, y))
	for j := range s.d {
		dst[j] = y[j] + dy[j]
	}
	if !allFinite(dst[:s.d]) {
		s.rejected++
		return false
	}
	s.clamped += int64(s.mm.ClampDual(dst))
	return true
}

// stepMirror is one step of MMFLD (Gu & Kim, Algorithm 1):
//
//	Y' = ∇φ(X) − η g(X),  Y⁺ = Y' + √(2λη) [∇²φ(X̃)]^{1/2} ξ,  X⁺ = ∇φ*(Y⁺),
//
// with X̃ = ∇φ*(Y') (HessianAt "drift") or X̃ = X ("start"). For
// mmfld-substep the diffusion over time η is split into Euler substeps, each
// with the metric at its own starting point: Substeps equal ones, or, when
// Substeps is 0, per particle substeps h ≤ SubstepNoise²/(2λ·maxᵢ ∇²φ(x)ᵢᵢ),
// so that each dual noise coordinate (variance 2λh·∇²φ(x)ᵢᵢ) has standard
// deviation at most SubstepNoise (Ahn & Chewi 2021 study the exact diffusion
// this approaches).
//
// The drift and each noise move are cut to the mirror map's trust region
// (MirrorMap.LimitMove), dual points to its dual region (ClampDual), both
// counted; a move that would still be non-finite is refused (the particle
// stays) and counted.
func (s *System) stepMirror() {
	d, p := s.d, s.p
	eta := s.cfg.Eta
	atDrift := s.cfg.HessianAt != HessianAtStart
	substep := s.cfg.Algorithm == AlgorithmMMFLDSubstep
	for i := range s.n {
		yi := s.y[i*d : (i+1)*d]
		xi := s.x[i*p : (i+1)*p]
		s.objGrad(xi)
		for j := range d {
			s.dy[j] = -eta * s.g[j]
		}
		if !s.move(s.yp, yi, s.dy) {
			continue
		}
		ok := true
		if !substep {
			xt := xi
			if atDrift {
				xt = s.conj(s.xt, s.yp, xi)
			}
			ok = s.diffuse(xt, eta)
		} else {
			ok = s.substeps(eta, xi)
		}
		if !ok {
			continue
		}
		copy(yi, s.yp)
		s.fromDual(i)
	}
}

// substeps runs the diffusion of one mmfld-substep step on s.yp, in fixed
// or adaptive substeps (see stepMirror). It reports false if a substep was
// refused.
func (s *System) substeps(eta float64, from []float64) bool {
	fixed := s.cfg.Substeps
	for k, left := 0, eta; left > 0; k++ {
		xt := s.conj(s.xt, s.yp, from)
		from = s.xt
		h := left
		switch {
		case fixed > 0:
			h = eta / float64(fixed)
			if k == fixed-1 {
				h = left
			}
		case k < MaxSubstepsPerStep-1:
			s.mm.HessDiag(s.hdiag, xt)
			h = min(left, SubstepNoise*SubstepNoise/(2*s.cfg.Lambda*slices.Max(s.hdiag)))
		}
		s.lastSubsteps++
		if !s.diffuse(xt, h) {
			return false
		}
		left -= h
	}
	return true
}

// diffuse adds one Euler step of the dual diffusion for time h,
// √(2λh) [∇²φ(xt)]^{1/2} ξ, to s.yp. It reports false, counting a refused
// move, if the result is not finite.
func (s *System) diffuse(xt []float64, h float64) bool {
	noise := s.noise[:s.mm.NoiseLen()]
	for j := range noise {
		noise[j] = s.rng.NormFloat64()
	}
	s.mm.HessSqrtMul(s.zeta, xt, noise)
	sq := math.Sqrt(2 * s.cfg.Lambda * h)
	for j := range s.d {
		s.dy[j] = sq * s.zeta[j]
	}
	if !s.move(s.yn, s.yp, s.dy) {
		return false
	}
	copy(s.yp, s.yn)
	return true
}

// stepMirrored is one step of the mirrored Langevin algorithm (Hsieh, Kavis,
// Rolland & Cevher 2018) in mean-field form: plain Langevin in the dual on
// the pushed-forward potential,
//
//	Y⁺ = Y − η[∇²φ*(Y) g(X) − λ ∇_y log det ∇²φ*(Y)] + √(2λη) ξ,
//
// with ∇²φ*(y) = [∇²φ(x)]⁻¹ (MirrorMap.InvHessMul) and the entropy drift
// MirrorMap.GradLogDetHessConj; on the simplex chart ∇²φ*(y) = diag(x) − x xᵀ
// and ∇_y log det ∇²φ*(y) = 1 − (d+1)x (docs/math.md). Its noise is isotropic
// in the dual, so it has no volatility blow-up at the faces. Moves are cut
// and counted as in stepMirror.
func (s *System) stepMirrored() {
	d, p := s.d, s.p
	eta, lambda := s.cfg.Eta, s.cfg.Lambda
	sq := math.Sqrt(2 * lambda * eta)
	for i := range s.n {
		yi := s.y[i*d : (i+1)*d]
		xi := s.x[i*p : (i+1)*p]
		s.objGrad(xi)
		s.mm.InvHessMul(s.dy, xi, s.g)
		s.mm.GradLogDetHessConj(s.zeta, xi)
		for j := range d {
			s.dy[j] = -eta * (s.dy[j] - lambda*s.zeta[j])
		}
		if !s.move(s.yp, yi, s.dy) {
			continue
		}
		for j := range d {
			s.dy[j] = sq * s.rng.NormFloat64()
		}
		if !s.move(s.yn, s.yp, s.dy) {
			continue // the particle stays where it was
		}
		copy(yi, s.yn)
		s.fromDual(i)
	}
}

// stepPrimal is one step of a primal method in the chart coordinates:
//
//	projected MFLD (the paper's baseline):  X⁺ = Π(X − η g(X) + √(2λη) ξ),
//	MFLD (unconstrained):                   X⁺ = X − η g(X) + √(2λη) ξ,
//
// with Π the Euclidean projection onto the closed domain. On the simplex,
// barrier terms at or beyond a face are evaluated at FaceFloor and counted.
// MFLD's particles may leave the domain; they are counted in
// Metrics.Outside, not hidden, and their chart coordinates are kept within
// ±PrimalBound.
func (s *System) stepPrimal(project bool) {
	d, p := s.d, s.p
	eta := s.cfg.Eta
	sq := math.Sqrt(2 * s.cfg.Lambda * eta)
	barrier := s.obj.Barrier()
	for i := range s.n {
		xi := s.x[i*p : (i+1)*p]
		xin := xi
		if s.simplex {
			// The objective sees the point moved onto or inside the faces:
			// a barrier term is evaluated at FaceFloor at the least.
			for j := range p {
				s.xf[j] = max(xi[j], FaceFloor)
				if barrier && xi[j] < FaceFloor {
					s.floored++
				}
			}
			xin = s.xf
		} else if barrier {
			s.floored += int64(flooredEigenvalues(s.mm, xi))
		}
		s.objGrad(xin)
		for j := range d {
			s.v[j] = xi[j] - eta*s.g[j] + sq*s.rng.NormFloat64()
		}
		if !allFinite(s.v) {
			s.rejected++
			continue
		}
		if project {
			s.mm.Project(xi, s.v)
		} else {
			for j := range d {
				s.v[j] = s.limit(s.v[j], PrimalBound)
			}
			s.mm.Lift(xi, s.v)
		}
		s.fromPrimal(i)
	}
}

// allFinite reports whether no entry of v is NaN or ±Inf.
func allFinite(v []float64) bool {
	for _, e := range v {
		if math.IsNaN(e) || math.IsInf(e, 0) {
			return false
		}
	}
	return true
}
