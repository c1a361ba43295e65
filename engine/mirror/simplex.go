package mirror

import (
	"math"
	"slices"

	"github.com/mmfld/playground/engine/internal/purefloat"
	"github.com/mmfld/playground/engine/internal/simd"
	"github.com/mmfld/playground/engine/internal/vec"
)

// DualBound is the largest magnitude a dual coordinate may take. A coordinate
// driven past it is clamped (and counted in Metrics.Clamped). With |yᵢ| ≤ 300
// every barycentric coordinate satisfies log xᵢ ≥ −601 − log(d+1), so xᵢ is a
// positive normal float64 and 1/xᵢ ≤ e^602 stays far from overflow; no step
// can leave the open simplex or produce Inf. (Its value lives in
// engine/internal/simd, whose loops compare against it as a constant.)
const DualBound = simd.DualBound

// MoveBound is the largest change one step may make to a dual coordinate,
// separately for the drift ηg and for the noise √(2λη)ζ; a larger one is cut
// to ±MoveBound and counted in Metrics.Clamped. A move of 20 multiplies a
// ratio xᵢ/x_{d+1} by e^20 ≈ 5·10⁸, where the Euler step has long stopped
// meaning anything: near a face the barrier drift ηβ/xᵢ overshoots to the
// opposite faces, where it is larger still, and without the bound a particle
// is trapped bouncing between vertices at ±DualBound. With it, the particle
// comes back inside. In the stable regimes (β/λ ≥ 1, αᵢ ≥ 2) it is reached
// only by particles that start within ~1e-5 of a face. (Its value lives in
// engine/internal/simd, as DualBound's.)
const MoveBound = simd.MoveBound

// FaceFloor is the smallest barycentric coordinate at which a barrier term
// (1/xᵢ or log xᵢ) is evaluated. Only the projected method lands exactly on a
// face (xᵢ = 0), where those terms are infinite; there they are evaluated at
// FaceFloor instead and the event is counted in Metrics.Floored. The dual
// position drawn for such a particle is ∇φ of the floored point.
const FaceFloor = 1e-12

// Simplex is the entropic mirror map on the chart of the probability simplex
//
//	Δ^d = {x ∈ ℝᵈ : xᵢ > 0, Σᵢ xᵢ < 1},  x_{d+1} = 1 − Σᵢ xᵢ,
//	φ(x) = Σ_{i≤d+1} xᵢ log xᵢ.
//
// Primal points are passed as all d+1 barycentric coordinates; dual points as
// the d chart coordinates y = ∇φ(x). The value D is the chart dimension d.
// Formulas: Gu & Kim (arXiv 2505.02621), Table of mirror maps in docs/math.md.
type Simplex struct {
	D int
}

// Grad writes y = ∇φ(x), yᵢ = log(xᵢ/x_{d+1}) for i ≤ d, into dst and returns
// it. x holds d+1 barycentric coordinates. dst follows vec.Grow's rule.
func (s Simplex) Grad(dst, x []float64) []float64 {
	dst = vec.Grow(dst, s.D)
	last := purefloat.Log(x[s.D])
	for i := range s.D {
		dst[i] = purefloat.Log(x[i]) - last
	}
	return dst
}

// LogGradConj writes the logarithms of x = ∇φ*(y) into dst (d+1 entries) and
// returns it:
//
//	log xᵢ = yᵢ − LSE(y, 0),  log x_{d+1} = −LSE(y, 0),
//
// with the log-sum-exp LSE(y, 0) = log(1 + Σ e^{yᵢ}) computed stably, so no
// coordinate is ever obtained as 1 − Σx (which cancels to 0 near a vertex).
func (s Simplex) LogGradConj(dst, y []float64) []float64 {
	dst = vec.Grow(dst, s.D+1)
	lse := logSumExp0(y[:s.D])
	for i := range s.D {
		dst[i] = y[i] - lse
	}
	dst[s.D] = -lse
	return dst
}

// GradConj writes x = ∇φ*(y), the softmax of (y, 0), into dst (d+1 barycentric
// coordinates) and returns it.
func (s Simplex) GradConj(dst, y []float64) []float64 {
	dst = s.LogGradConj(dst, y)
	for i := range dst {
		dst[i] = purefloat.Exp(dst[i])
	}
	return dst
}

// gradConj writes x = ∇φ*(y) into x. Where every |yᵢ| ≤ DualBound (the
// state's region) it takes d exponentials and no maximum or subtraction:
//
//	xᵢ = e^{yᵢ}/Z,  x_{d+1} = 1/Z,  Z = 1 + Σᵢ e^{yᵢ},
//
// where every e^{yᵢ} lies in [e^{−300}, e^{300}] and Z ≤ 1 + d·e^{300}, so
// every xᵢ ≥ e^{−600}/(d+1) is a positive normal number with full relative
// precision, and log xᵢ is accurate too (more so than the softmax shifted
// by its largest argument M, the textbook guard against overflow, which
// rounds each yᵢ − M). The shift also costs a maximum and a branch for the
// exponential skipped at M, both of which the processor mispredicts from
// point to point: without them the reference step (MMFLD on Δ², one
// worker) went from 19.8 to 26.3 million particle-steps/s natively and from
// 9.9 to 13.9 million in WebAssembly under Node (2026-11-30). For larger
// finite y, where e^{yᵢ} could overflow, it shifts:
// xᵢ = e^{yᵢ−M}/Z', x_{d+1} = e^{−M}/Z' with M = max(0, max y); some
// coordinates then underflow to 0 but none is NaN.
func (s Simplex) gradConj(x, y []float64) {
	if !inDualBound(y[:s.D]) {
		s.gradConjShifted(x, y)
		return
	}
	z := 1.0
	for i, v := range y[:s.D] {
		x[i] = purefloat.ExpFast(v)
		z += x[i]
	}
	inv := 1 / z
	for i := range s.D {
		x[i] *= inv
	}
	x[s.D] = inv
}

// gradConjShifted is gradConj's softmax shifted by M = max(0, max y), for
// any y.
func (s Simplex) gradConjShifted(x, y []float64) {
	m := 0.0
	for _, v := range y[:s.D] {
		m = max(m, v)
	}
	last := purefloat.Exp(-m)
	z := last
	for i, v := range y[:s.D] {
		x[i] = purefloat.Exp(v - m)
		z += x[i]
	}
	inv := 1 / z
	for i := range s.D {
		x[i] *= inv
	}
	x[s.D] = last * inv
}

// inDualBound reports whether every yᵢ is in [−DualBound, DualBound] (NaN
// is not).
func inDualBound(y []float64) bool {
	for _, v := range y {
		if !(v >= -DualBound && v <= DualBound) {
			return false
		}
	}
	return true
}

// logSumExp0 returns log(1 + Σ e^{yᵢ}) without overflow.
func logSumExp0(y []float64) float64 {
	m := 0.0
	for _, v := range y {
		m = max(m, v)
	}
	sum := purefloat.Exp(-m)
	for _, v := range y {
		sum += purefloat.Exp(v - m)
	}
	return m + purefloat.Log(sum)
}

// HessSqrtMul writes ζ = S ξ into dst (d entries), where S is a square root
// of the Hessian, S Sᵀ = ∇²φ(x) = diag(1/x) + 11ᵀ/x_{d+1}, given the d+1
// barycentric coordinates x (all positive) and d+1 numbers xi:
//
//	ζᵢ = ξᵢ/√xᵢ − ξ_{d+1}/√x_{d+1}.
//
// With ξ standard normal, ζ has covariance ∇²φ(x) and needs no Cholesky
// factorisation (docs/math.md, "Useful facts").
func (s Simplex) HessSqrtMul(dst, x, xi []float64) []float64 {
	dst = vec.Grow(dst, s.D)
	last := xi[s.D] / math.Sqrt(x[s.D])
	for i := range s.D {
		dst[i] = xi[i]/math.Sqrt(x[i]) - last
	}
	return dst
}

// Project writes the Euclidean projection of the chart point v ∈ ℝᵈ onto the
// closed chart {x ≥ 0, Σx ≤ 1} into dst and returns it. scratch must have
// room for d numbers. The projection is max(v − τ, 0), where τ = 0 if that
// already sums to at most 1 and otherwise τ > 0 makes it sum to exactly 1,
// found by sorting (Duchi, Shalev-Shwartz, Singer & Chandra 2008, Fig. 1).
func (s Simplex) Project(dst, v, scratch []float64) []float64 {
	dst = vec.Grow(dst, s.D)
	sum := 0.0
	for _, e := range v[:s.D] {
		sum += max(e, 0)
	}
	tau := 0.0
	if sum > 1 {
		u := scratch[:s.D]
		copy(u, v[:s.D])
		slices.Sort(u)
		// Walk down the sorted values: τ = (Σ_{j≤ρ} u_(j) − 1)/ρ for the
		// largest ρ with u_(ρ) > τ (u sorted in decreasing order).
		cum := 0.0
		for k := s.D - 1; k >= 0; k-- {
			cum += u[k]
			rho := float64(s.D - k)
			t := (cum - 1) / rho
			if u[k] > t {
				tau = t
			} else {
				break
			}
		}
	}
	total := 0.0
	for i := range s.D {
		dst[i] = max(v[i]-tau, 0)
		total += dst[i]
	}
	if tau > 0 && total > 0 {
		// The result lies on the face Σx = 1. When v is huge (a barrier
		// gradient at a face) v − τ cancels catastrophically; rescaling
		// restores Σx = 1 to rounding.
		for i := range s.D {
			dst[i] /= total
		}
	}
	return dst
}
