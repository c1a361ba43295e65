package mirror

import (
	"math"

	"github.com/mmfld/playground/engine/internal/purefloat"
	"github.com/mmfld/playground/engine/internal/rng"
	"github.com/mmfld/playground/engine/internal/vec"
)

// Ball is the domain {x ∈ ℝᵈ : ‖x‖ < R}. Its primal points are d+1 numbers:
// the chart coordinates x, then the slack s = R² − ‖x‖² (see Domain). Near
// the sphere s computed from x cancels (‖x‖² ≈ R² to all but the last few
// digits), so the map computes it from the dual point instead, and every
// method reads s, never R² − ‖x‖². The zero value is not usable; use NewBall.
type Ball struct {
	d     int
	r, rr float64 // R and R²
}

var _ Domain = Ball{}

// NewBall returns the ball of radius R in ℝᵈ: d ≥ 1, R in
// [MinDomainScale, MaxDomainScale].
func NewBall(d int, radius float64) (Ball, error) {
	if err := checkDim("the ball", d); err != nil {
		return Ball{}, err
	}
	if err := checkScale("ball radius", radius); err != nil {
		return Ball{}, err
	}
	return Ball{d: d, r: radius, rr: radius * radius}, nil
}

// Radius returns R.
func (bl Ball) Radius() float64 { return bl.r }

// Dim returns d.
func (bl Ball) Dim() int { return bl.d }

// PrimalLen returns d+1: x, s = R² − ‖x‖².
func (bl Ball) PrimalLen() int { return bl.d + 1 }

// Lift writes (v, (R − ‖v‖)(R + ‖v‖)) into dst.
func (bl Ball) Lift(dst, v []float64) []float64 {
	d := bl.d
	dst = vec.Grow(dst, d+1)
	z, sc := vec.ScaledNorm(v[:d])
	r := z / sc
	copy(dst[:d], v[:d])
	dst[d] = (bl.r - r) * (bl.r + r)
	return dst
}

// Project writes the radial projection into dst: v itself when ‖v‖ ≤ R,
// otherwise R·v/‖v‖ with s = 0 exactly.
func (bl Ball) Project(dst, v []float64) []float64 {
	d := bl.d
	dst = vec.Grow(dst, d+1)
	z, sc := vec.ScaledNorm(v[:d])
	r := z / sc
	if r <= bl.r {
		copy(dst[:d], v[:d])
		dst[d] = (bl.r - r) * (bl.r + r)
		return dst
	}
	f := bl.r / z
	for i := range d {
		dst[i] = (v[i] * sc) * f
	}
	dst[d] = 0
	return dst
}

// Distance returns R − ‖x‖ = s/(R + ‖x‖), without cancellation.
func (bl Ball) Distance(x []float64) float64 {
	return x[bl.d] / (bl.r + math.Sqrt(vec.Dot(x[:bl.d], x[:bl.d])))
}

// Scale returns R.
func (bl Ball) Scale() float64 { return bl.r }

// Shown returns the d chart coordinates.
func (bl Ball) Shown() (offset, width int) { return 0, bl.d }

// DrawChart draws the uniform law on the ball: a normal direction, a
// radius R·U^{1/d}.
func (bl Ball) DrawChart(v []float64, r *rng.Stream, _ []float64) {
	v = v[:bl.d]
	r.Normals(v)
	norm := 0.0
	for _, e := range v {
		norm += e * e
	}
	scale := bl.r * purefloat.Exp(purefloat.Log(r.Uniform())/float64(bl.d)) / math.Sqrt(norm)
	for j := range v {
		v[j] *= scale
	}
}

// Inside reports whether s > 0.
func (bl Ball) Inside(x []float64) bool { return x[bl.d] > 0 }

// LogBarrierBall is the log-barrier mirror map on the ball ‖x‖ < R,
// s = R² − ‖x‖², r = ‖x‖:
//
//	φ(x) = −log s,  ∇φ(x) = 2x/s,  ∇φ*(y) = R²y/(t + 1),  t = √(1 + R²‖y‖²),
//	∇²φ(x) = aI + b xxᵀ,  a = 2/s,  b = 4/s²,
//	log det ∇²φ(x) = d log 2 − (d+1) log s + log(R² + r²),
//
// (docs/math.md; the paper's map for its two-layer network, Gu & Kim,
// arXiv 2505.02621, experiment 3). GradConj returns s = 2R²/(t + 1), which
// equals R² − ‖∇φ*(y)‖² exactly and has full relative precision, as the
// last entry of the primal point; the Hessian methods read it.
//
// Its dual scales like 1/distance radially (R − r ≈ 1/‖y‖ near the sphere).
// The dual region is ‖y‖ ≤ DualBound() = 1/(BarrierDistance·R), which keeps
// R − r ≥ ~BarrierDistance·R; ClampDual cuts y radially, keeping its
// direction. The trust region is ‖Δy‖ ≤ BarrierTrust·‖y‖ + 2/R, a move
// longer than that is shortened keeping its direction (see BarrierTrust).
type LogBarrierBall struct {
	Ball
}

var _ Map = LogBarrierBall{}

// NewLogBarrierBall returns the log-barrier map on the ball of radius R in
// ℝᵈ (see NewBall).
func NewLogBarrierBall(d int, radius float64) (LogBarrierBall, error) {
	bl, err := NewBall(d, radius)
	return LogBarrierBall{bl}, err
}

// NoiseLen returns d.
func (m LogBarrierBall) NoiseLen() int { return m.d }

// Grad writes y = 2x/s into dst.
func (m LogBarrierBall) Grad(dst, x []float64) []float64 {
	d := m.d
	dst = vec.Grow(dst, d)
	f := 2 / x[d]
	for i := range d {
		dst[i] = f * x[i]
	}
	return dst
}

// GradConj writes x = ∇φ*(y) = R²y/(t + 1) and s = R² − ‖x‖² = 2R²/(t + 1),
// t = √(1 + R²‖y‖²), into dst. The second identity, from
// (t + 1)² − (t² − 1) = 2(t + 1), gives s as a quotient of positive numbers,
// never as the difference R² − ‖x‖², which cancels near the sphere. With
// u = R‖y‖ it computes 1/(t + 1) and u/(t + 1) in forms that neither
// overflow nor underflow for any finite y (‖y‖ itself is scaled by a power of
// two); for ‖y‖ near the largest float64, s underflows to 0.
func (m LogBarrierBall) GradConj(dst, y []float64) []float64 {
	d := m.d
	dst = vec.Grow(dst, d+1)
	z, sc := vec.ScaledNorm(y[:d])
	if z == 0 {
		clear(dst[:d])
		dst[d] = m.rr
		return dst
	}
	u := m.r * (z / sc) // R‖y‖, possibly +Inf
	var k, uk float64   // 1/(t+1) and u/(t+1)
	if u <= 1 {
		k = 1 / (purefloat.Hypot(1, u) + 1)
		uk = u * k
	} else {
		iu := 1 / u
		uk = 1 / (purefloat.Hypot(1, iu) + iu)
		k = iu * uk
	}
	f := m.r * uk / z // x = R·(u/(t+1))·y/‖y‖ = f·(y·sc)
	for i := range d {
		dst[i] = f * (y[i] * sc)
	}
	dst[d] = 2 * m.rr * k
	return dst
}

// HessSqrtMul writes ζ = S ξ into dst, with the symmetric square root of
// ∇²φ(x) = aI + b xxᵀ (docs/math.md, "Useful facts"),
//
//	S = √a I + c xxᵀ,  c = (√(a + br²) − √a)/r² = b/(√(a + br²) + √a)
//	  = 4/(s(√(2(R² + r²)) + √(2s))),
//
// using a + br² = 2(R² + r²)/s². The last form has no 0/0 at r = 0 and no
// cancellation near the sphere.
func (m LogBarrierBall) HessSqrtMul(dst, x, xi []float64) []float64 {
	d := m.d
	dst = vec.Grow(dst, d)
	s := x[d]
	r2 := vec.Dot(x[:d], x[:d])
	sa := math.Sqrt(2 / s)
	c := 4 / (s * (math.Sqrt(2*(m.rr+r2)) + math.Sqrt(2*s)))
	cx := c * vec.Dot(x[:d], xi)
	for i := range d {
		dst[i] = sa*xi[i] + cx*x[i]
	}
	return dst
}

// HessDiag writes a + b xᵢ² = (2/s)(1 + 2xᵢ²/s) into dst.
func (m LogBarrierBall) HessDiag(dst, x []float64) []float64 {
	d := m.d
	dst = vec.Grow(dst, d)
	s := x[d]
	for i := range d {
		dst[i] = 2 / s * (1 + 2*x[i]*x[i]/s)
	}
	return dst
}

// InvHessMul writes [∇²φ(x)]⁻¹ v = (1/a)I − b/(a(a + br²)) xxᵀ applied to v
// into dst, that is
//
//	(s/2)·v_⊥ + (s/2)ρ·v_∥ = (s/2)·(v − (1 − ρ)v_∥),  ρ = s/(R² + r²),  1 − ρ = 2r²/(R² + r²),
//
// with v_∥ = αx the part of v along x and v_⊥ = v − v_∥ (1/a = s/2
// tangentially, 1/(a + br²) = s²/(2(R² + r²)) radially). Near the sphere
// (ρ → 0) the second form cancels in the radial direction and loses a factor
// ~2R²/s (up to 10¹²) of relative accuracy there; so for ρ < ½ v_⊥ is formed
// explicitly and orthogonalised twice against x (classical Gram–Schmidt needs
// two passes to be orthogonal to rounding), and the radial part is scaled by
// ρ without cancellation. Near the centre (ρ ≥ ½, ‖x‖² ≤ R²/3) the first form
// would cancel instead (ρ ≈ 1) and the second is used. In both, H·dst = v
// holds componentwise to rounding (tested). dst may be v.
func (m LogBarrierBall) InvHessMul(dst, x, v []float64) []float64 {
	d := m.d
	dst = vec.Grow(dst, d)
	s := x[d]
	half := s / 2
	r2 := vec.Dot(x[:d], x[:d])
	if r2 < 0x1p-1000 {
		// At the centre ∇²φ = (2/s)I (up to r²/R² ≤ 10⁻²⁸⁵).
		for i := range d {
			dst[i] = half * v[i]
		}
		return dst
	}
	rho := s / (m.rr + r2)
	alpha := vec.Dot(x[:d], v) / r2
	if rho >= 0.5 {
		f := half * (2 * r2 / (m.rr + r2)) * alpha
		for i := range d {
			dst[i] = half*v[i] - f*x[i]
		}
		return dst
	}
	for i := range d {
		dst[i] = v[i] - alpha*x[i]
	}
	a2 := vec.Dot(x[:d], dst) / r2
	alpha += a2
	radial := half * rho * alpha
	for i := range d {
		dst[i] = half*(dst[i]-a2*x[i]) + radial*x[i]
	}
	return dst
}

// GradLogDetHessConj writes ∇_y log det ∇²φ*(y) into dst. By the chain rule,
// ∇_y = [∇²φ(x)]⁻¹ ∇ₓ, and ∇ₓ(−log det ∇²φ) = −2x[(d+1)/s + 1/(R² + r²)] is
// along x, where [∇²φ]⁻¹ is 1/(a + br²) = s²/(2(R² + r²)), so
//
//	∇_y log det ∇²φ*(y) = −x[(d+1)ρ + ρ²],  ρ = s/(R² + r²) ∈ (0, 1],
//
// bounded by (d+2)‖x‖ and free of cancellation.
func (m LogBarrierBall) GradLogDetHessConj(dst, x []float64) []float64 {
	d := m.d
	dst = vec.Grow(dst, d)
	rho := x[d] / (m.rr + vec.Dot(x[:d], x[:d]))
	f := -(float64(d+1)*rho + rho*rho)
	for i := range d {
		dst[i] = f * x[i]
	}
	return dst
}

// DualBound returns 1/(BarrierDistance·R), a bound on ‖y‖.
func (m LogBarrierBall) DualBound() float64 { return 1 / (BarrierDistance * m.r) }

// ClampDual shortens y to norm DualBound() when it is longer, keeping its
// direction, and returns 1 if it did.
func (m LogBarrierBall) ClampDual(y []float64) int {
	return shorten(y[:m.d], m.DualBound())
}

// LimitMove shortens dy to norm BarrierTrust·‖y‖ + 2/R when it is longer,
// keeping its direction, and returns 1 if it did.
func (m LogBarrierBall) LimitMove(dy, y []float64) int {
	z, sc := vec.ScaledNorm(y[:m.d])
	return shorten(dy[:m.d], BarrierTrust*(z/sc)+2/m.r)
}

// shorten scales v to norm b when its norm exceeds b and returns 1, or
// returns 0. The result's norm is a few ulps below b, so that shortening it
// again does nothing. NaN passes through; an infinite entry becomes NaN.
func shorten(v []float64, b float64) int {
	z, sc := vec.ScaledNorm(v)
	if !(z/sc > b) {
		return 0
	}
	f := b / z * (1 - 1e-15)
	for i, e := range v {
		v[i] = (e * sc) * f
	}
	return 1
}
