package mirror

import (
	"math"

	"github.com/mmfld/playground/engine/internal/purefloat"
	"github.com/mmfld/playground/engine/internal/vec"
)

// A BarrierProxer is a map whose domain has the proximal map of a weighted
// log barrier, the backward step of the proximal algorithm
// (integrate.Proximal): ProxBarrier writes
//
//	x⁺ = argmin_{x in the closed domain} Σᵢ aᵢ log(1/xᵢ) + ½‖x − v‖²
//
// for the chart point v (d numbers, the norm the chart's Euclidean norm,
// the one Project uses) and weights aᵢ ≥ 0 (PrimalLen numbers, one a
// primal coordinate; the step size is folded in: aᵢ = η wᵢ) into dst as a
// primal point, and returns it (dst follows vec.Grow's rule). With every
// aᵢ = 0 it is Project. A caller finds it by type assertion.
type BarrierProxer interface {
	ProxBarrier(dst, v, a []float64) []float64
}

var _ BarrierProxer = EntropicSimplex{}

// proxMaxIter bounds the root finder of ProxBarrier's evaluations of its
// function; the tests' inputs, the most extreme included, take at most 17,
// typically 4 or 5 (TestProxBarrierIterations holds them to half the bound).
const proxMaxIter = 200

// ProxBarrier writes the proximal point of the weighted log barrier on the
// closed chart of Δᵈ, as d+1 barycentric coordinates, into dst and returns
// it (Simplex.ProxBarrier).
func (m EntropicSimplex) ProxBarrier(dst, v, a []float64) []float64 {
	dst = vec.Grow(dst, m.D+1)
	m.Simplex.ProxBarrier(dst, v, a)
	return dst
}

// ProxBarrier writes into dst (d+1 numbers) the barycentric coordinates of
//
//	x⁺ = argmin_{x ≥ 0, Σx ≤ 1} Σ_{i≤d+1} aᵢ log(1/xᵢ) + ½‖x − v‖²,  x_{d+1} = 1 − Σ_{i≤d} xᵢ,
//
// the proximal map of the log barrier with weights aᵢ ≥ 0 plus the
// simplex's indicator, in the chart's Euclidean norm, at the chart point v
// (d numbers). The optimality conditions (stationarity in the chart, with c
// the multiplier of Σx ≤ 1 and the barrier of x_{d+1} together) give every
// chart coordinate in closed form from one number c ≥ 0:
//
//	xᵢ = p(vᵢ − c, aᵢ) = (uᵢ + √(uᵢ² + 4aᵢ))/2,  uᵢ = vᵢ − c   (i ≤ d),
//	x_{d+1} = a_{d+1}/c,
//
// the positive root of xᵢ² − uᵢxᵢ − aᵢ = 0 (max(uᵢ, 0) when aᵢ = 0), and c
// is the root of h(c) = Σ_{i≤d} p(vᵢ − c, aᵢ) + a_{d+1}/c − 1, which is
// convex and strictly decreasing on c > 0 (for a_{d+1} = 0: c = 0 if
// Σ p(vᵢ, aᵢ) ≤ 1, and then x_{d+1} = 1 − Σx; otherwise x_{d+1} = 0). So
// every coordinate whose weight is positive is positive: the point is
// strictly inside on those faces. With every aᵢ = 0 this is the Euclidean
// projection (Project, Duchi et al. 2008) with τ = c. This is the backward
// step of the proximal (forward-backward) Langevin algorithm (Pereyra 2016;
// Durmus, Moulines & Pereyra 2018; Salim & Richtárik 2020; docs/math.md).
//
// The root is found by a safeguarded Newton iteration (proxRoot) on h,
// or on c·h, which has the same root and no pole, inside a bracket: h ≥ 0 at
// max(a_{d+1}, maxᵢ(vᵢ + aᵢ − 1), (Σvᵢ − 1)/d) (there x_{d+1} ≥ 1, some
// xᵢ ≥ 1, or Σxᵢ ≥ 1, as p(u, a) ≥ u) and h < 0 at max(vᵢ, 0) + 2Σaᵢ (as
// p(u, a) ≤ a/|u| for u < 0). The coordinates are then rescaled to sum to 1
// to rounding (as Project does). They are accurate to the rounding of the
// largest |vᵢ| (the sum the root is found from), so a coordinate below
// ~10⁻¹⁶ of it (a weight aᵢ ≲ 10⁻³² near a vertex) is positive but not to
// full relative precision. p is computed without cancellation: 2a/(√(u² + 4a) − u) for u < 0. Only
// +, −, ×, ÷ and √ (correctly rounded everywhere) and purefloat.Hypot are
// used, so native and WebAssembly builds compute the same bits. v must be
// finite with |vᵢ| ≤ PrimalBound, a finite and nonnegative.
func (s Simplex) ProxBarrier(dst, v, a []float64) {
	d := s.D
	v, a = v[:d], a[:d+1]
	last := a[d]
	vmax, vsum, asum, lo := 0.0, 0.0, last, 0.0
	for i, e := range v {
		vmax = max(vmax, e)
		vsum += e
		asum += a[i]
		lo = max(lo, e+a[i]-1)
	}
	lo = max(lo, (vsum-1)/float64(d), last)
	hi := vmax + 2*asum
	if last == 0 {
		if h, _, _ := s.proxF(v, a, 0); h <= 0 {
			lo = 0 // Σx ≤ 1 is not binding: c = 0
		} else {
			lo, _ = s.proxRoot(v, a, lo, hi)
		}
	} else {
		lo, _ = s.proxRoot(v, a, lo, hi)
	}
	sum := 0.0
	for i, e := range v {
		dst[i], _ = proxCoord(e-lo, a[i])
		sum += dst[i]
	}
	if last == 0 {
		dst[d] = max(1-sum, 0)
		if lo == 0 {
			return // inside: x = p(v, a), the slack 1 − Σx
		}
	} else {
		dst[d] = last / lo
	}
	// Σx = 1 + h(c): within a few ulp of the largest |uᵢ|, which may be
	// large (v far outside); rescaling restores Σx = 1 to rounding.
	sum += dst[d]
	if sum != 1 {
		for i := range dst[:d+1] {
			dst[i] /= sum
		}
	}
}

// proxRoot returns the root of h (see ProxBarrier) given lo with h(lo) ≥ 0
// and hi > lo with h(hi) < 0, and the number of evaluations it made. It
// solves F(c) = 0 for F = h when a_{d+1} = 0 (convex, decreasing: Newton
// from lo climbs to the root) and for F = c·h = c(Σp − 1) + a_{d+1} when
// a_{d+1} > 0 (positive left of the root and negative right of it, like h,
// but without h's pole a_{d+1}/c, so nearly linear where h is not: Newton
// on h itself only doubles c far left of the root), by Newton's method kept
// inside the bracket [lo, hi], which each evaluation narrows; a step that
// would leave the bracket, whose slope is not negative and finite, or that
// follows a Newton step which did not shrink |F| fourfold, is replaced by
// the bracket's midpoint (geometric where hi > 4·lo > 0). It ends when |F|
// is within 4 ulp of the size of the terms it is summed from (F is then
// rounding), when a Newton step is within 4 ulp of c, or when the bracket
// holds no float between its ends.
func (s Simplex) proxRoot(v, a []float64, lo, hi float64) (c float64, evals int) {
	c = lo
	f, df, size := s.proxF(v, a, c)
	if f <= 0 {
		return c, 1
	}
	prev, newton := math.Inf(1), false
	for evals = 1; evals < proxMaxIter; evals++ {
		n := c - f/df
		ok := df < 0 && !math.IsInf(df, 0)
		if math.Abs(f) <= 0x1p-50*size || (ok && math.Abs(n-c) <= 0x1p-50*c) {
			if ok && n > lo && n < hi {
				return n, evals
			}
			return c, evals
		}
		newton = ok && n > lo && n < hi && !(newton && math.Abs(f) > prev/4)
		if !newton {
			n = lo + (hi-lo)/2
			if lo > 0 && hi > 4*lo {
				n = math.Sqrt(lo) * math.Sqrt(hi)
			}
			if n <= lo || n >= hi {
				return c, evals // no float between lo and hi
			}
		}
		prev = math.Abs(f)
		c = n
		f, df, size = s.proxF(v, a, c)
		switch {
		case f == 0:
			return c, evals + 1
		case f > 0:
			lo = c
		default:
			hi = c
		}
	}
	return c, evals
}

// proxF returns F(c) and F′(c) for proxRoot, and the size of the terms F
// is summed from (its rounding is a few ulp of it): with
// g = Σ_{i≤d} p(vᵢ − c, aᵢ) − 1 and q = Σ ∂p/∂u, F = g and F′ = −q when
// a_{d+1} = 0 (the case c = 0 included), F = c·g + a_{d+1} = c·h and
// F′ = g − c·q otherwise. Each p carries the rounding of vᵢ − c, so the
// size counts 1 + Σ(pᵢ + |vᵢ| + c).
func (s Simplex) proxF(v, a []float64, c float64) (f, df, size float64) {
	g, q := -1.0, 0.0
	size = 1
	for i, e := range v {
		x, dx := proxCoord(e-c, a[i])
		g += x
		q += dx
		size += x + math.Abs(e) + c
	}
	if last := a[s.D]; last > 0 {
		return c*g + last, g - c*q, c*size + last
	}
	return g, -q, size
}

// proxCoord returns p(u, a) = (u + √(u² + 4a))/2, the positive root of
// x² − ux − a = 0 (max(u, 0) for a = 0), and its derivative in u,
// p/√(u² + 4a), without cancellation or overflow: √(u² + 4a) as
// Hypot(u, 2√a), and for u < 0 p = 2a/(√(u² + 4a) − u).
func proxCoord(u, a float64) (x, dx float64) {
	if a == 0 {
		if u > 0 {
			return u, 1
		}
		return 0, 0
	}
	r := purefloat.Hypot(u, 2*math.Sqrt(a))
	if u >= 0 {
		x = u/2 + r/2
	} else {
		x = 2 * a / (r - u)
	}
	return x, x / r
}
