package engine

import "math"

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

// stepMirror is one step of MMFLD (Gu & Kim, Algorithm 1):
//
//	Y' = ∇φ(X) − η g(X),  Y⁺ = Y' + √(2λη) [∇²φ(X̃)]^{1/2} ξ,  X⁺ = ∇φ*(Y⁺),
//
// with X̃ = ∇φ*(Y') (HessianAt "drift") or X̃ = X ("start"). For
// mmfld-substep the diffusion over time η is split into Euler substeps, each
// with the metric at its own starting point: Substeps equal ones, or, when
// Substeps is 0, per particle substeps h ≤ SubstepNoise²·min xᵢ/(4λ), so that
// each dual noise coordinate (variance 2λh(1/xᵢ + 1/x_{d+1})) has standard
// deviation at most SubstepNoise (Ahn & Chewi 2021 study the exact diffusion
// this approaches).
//
// The drift and each noise move are bounded by ±MoveBound per coordinate,
// dual coordinates beyond ±DualBound are clamped, both counted; a move that
// would still be non-finite is refused (the particle stays) and counted.
func (s *System) stepMirror() {
	d, w := s.d, s.d+1
	eta, lambda := s.cfg.Eta, s.cfg.Lambda
	atDrift := s.cfg.HessianAt != HessianAtStart
	substep := s.cfg.Algorithm == AlgorithmMMFLDSubstep
	fixed := s.cfg.Substeps
	for i := range s.n {
		yi := s.y[i*d : (i+1)*d]
		xi := s.x[i*w : (i+1)*w]
		s.obj.Grad(s.gp, xi)
		chartGrad(s.g, s.gp)
		for j := range d {
			s.yp[j] = s.limit(yi[j]-s.limit(eta*s.g[j], MoveBound), DualBound)
		}
		if !allFinite(s.yp) {
			s.rejected++
			continue
		}
		if !substep {
			xt := xi
			if atDrift {
				xt = s.xt
				s.mm.gradConj(xt, s.yp)
			}
			if !s.diffuse(xt, eta) {
				continue
			}
		} else {
			ok := true
			for k, left := 0, eta; ok && left > 0; k++ {
				s.mm.gradConj(s.xt, s.yp)
				h := left
				switch {
				case fixed > 0:
					h = eta / float64(fixed)
					if k == fixed-1 {
						h = left
					}
				case k < MaxSubstepsPerStep-1:
					lo := s.xt[0]
					for _, v := range s.xt[1:] {
						lo = min(lo, v)
					}
					h = min(left, SubstepNoise*SubstepNoise*lo/(4*lambda))
				}
				ok = s.diffuse(s.xt, h)
				left -= h
				s.lastSubsteps++
			}
			if !ok {
				continue
			}
		}
		copy(yi, s.yp)
		s.fromDual(i)
	}
}

// diffuse adds one Euler step of the dual diffusion for time h,
// √(2λh) [∇²φ(xt)]^{1/2} ξ, to s.yp. It reports false, counting a rejected
// move, if the result is not finite.
func (s *System) diffuse(xt []float64, h float64) bool {
	w := s.d + 1
	for j := range w {
		s.noise[j] = s.rng.NormFloat64()
	}
	s.mm.HessSqrtMul(s.zeta, xt, s.noise)
	sq := math.Sqrt(2 * s.cfg.Lambda * h)
	for j := range s.d {
		s.yn[j] = s.yp[j] + s.limit(sq*s.zeta[j], MoveBound)
	}
	if !allFinite(s.yn) {
		s.rejected++
		return false
	}
	for j := range s.d {
		s.yp[j] = s.limit(s.yn[j], DualBound)
	}
	return true
}

// stepMirrored is one step of the mirrored Langevin algorithm (Hsieh, Kavis,
// Rolland & Cevher 2018) in mean-field form: plain Langevin in the dual on
// the pushed-forward potential,
//
//	Y⁺ = Y − η[∇²φ*(Y) g(X) − λ ∇_y log det ∇²φ*(Y)] + √(2λη) ξ,
//
// where on the simplex chart ∇²φ*(y) = diag(x) − x xᵀ and
// ∇_y log det ∇²φ*(y) = 1 − (d+1)x (docs/math.md). Its noise is isotropic in
// the dual, so it has no volatility blow-up at the faces. Moves are bounded
// and counted as in stepMirror.
func (s *System) stepMirrored() {
	d, w := s.d, s.d+1
	eta, lambda := s.cfg.Eta, s.cfg.Lambda
	sq := math.Sqrt(2 * lambda * eta)
	for i := range s.n {
		yi := s.y[i*d : (i+1)*d]
		xi := s.x[i*w : (i+1)*w]
		s.obj.Grad(s.gp, xi)
		chartGrad(s.g, s.gp)
		xg := 0.0
		for j := range d {
			xg += xi[j] * s.g[j]
		}
		for j := range d {
			drift := xi[j]*(s.g[j]-xg) - lambda*(1-float64(d+1)*xi[j])
			s.yn[j] = yi[j] - s.limit(eta*drift, MoveBound) + s.limit(sq*s.rng.NormFloat64(), MoveBound)
		}
		if !allFinite(s.yn) {
			s.rejected++
			continue
		}
		for j := range d {
			yi[j] = s.limit(s.yn[j], DualBound)
		}
		s.fromDual(i)
	}
}

// stepPrimal is one step of a primal method in the chart coordinates:
//
//	projected MFLD (the paper's baseline):  X⁺ = Π(X − η g(X) + √(2λη) ξ),
//	MFLD (unconstrained):                   X⁺ = X − η g(X) + √(2λη) ξ,
//
// with Π the Euclidean projection onto the closed chart. Barrier terms at or
// beyond a face are evaluated at FaceFloor and counted. MFLD's particles may
// leave the simplex; they are counted in Metrics.Outside, not hidden, and
// their chart coordinates are kept within ±PrimalBound.
func (s *System) stepPrimal(project bool) {
	d, w := s.d, s.d+1
	eta := s.cfg.Eta
	sq := math.Sqrt(2 * s.cfg.Lambda * eta)
	barrier := s.obj.Barrier()
	for i := range s.n {
		xi := s.x[i*w : (i+1)*w]
		// The objective sees the point moved onto or inside the faces: a
		// barrier term is evaluated at FaceFloor at the least.
		for j := range w {
			s.xf[j] = max(xi[j], FaceFloor)
			if barrier && xi[j] < FaceFloor {
				s.floored++
			}
		}
		s.obj.Grad(s.gp, s.xf)
		chartGrad(s.g, s.gp)
		for j := range d {
			s.v[j] = xi[j] - eta*s.g[j] + sq*s.rng.NormFloat64()
		}
		if !allFinite(s.v) {
			s.rejected++
			continue
		}
		if project {
			s.mm.Project(s.proj, s.v, s.sorted)
		} else {
			for j := range d {
				s.proj[j] = s.limit(s.v[j], PrimalBound)
			}
		}
		sum := 0.0
		for j := range d {
			xi[j] = s.proj[j]
			sum += s.proj[j]
		}
		xi[d] = 1 - sum
		if project {
			xi[d] = max(xi[d], 0)
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
