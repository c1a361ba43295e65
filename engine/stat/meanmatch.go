package stat

import (
	"errors"
	"math"
)

// MeanMatchOptimum describes the minimiser μ* of L(μ) = F(μ) + λ·Ent(μ) for
// the meanmatch objective on Δ² (Gu & Kim, arXiv 2505.02621, experiment 1;
// docs/math.md, "meanmatch"):
//
//	F(μ) = ‖m(μ) − q‖² + β ∫ Σᵢ log(1/xᵢ) dμ,  m(μ) = E_μ x,
//	Ent(μ) = ∫ μ log μ (Lebesgue measure on the chart (x₁, x₂)).
type MeanMatchOptimum struct {
	// Mean is m* = E_{μ*} x, the three barycentric coordinates.
	Mean [3]float64
	// Var1 is Var_{μ*} x₁.
	Var1 float64
	// F is F(μ*) = ‖m* − q‖² + β E_{μ*} Σᵢ log(1/xᵢ).
	F float64
	// Ent is Ent(μ*) = ∫ μ* log μ* on the chart: −H(μ*).
	Ent float64
	// L is L* = F(μ*) + λ·Ent(μ*), the minimum of L.
	L float64
	// Iterations is the number of fixed-point iterations taken.
	Iterations int
}

// ErrNoConvergence is returned by MeanMatchFixedPoint when the damped
// fixed-point iteration does not settle within its iteration budget.
var ErrNoConvergence = errors.New("stat: meanmatch fixed point: no convergence")

// MeanMatchFixedPoint computes the minimiser μ* of L = F + λ·Ent for
// meanmatch on Δ² (see MeanMatchOptimum) by quadrature. μ* is the fixed point
// of the proximal Gibbs measure (docs/math.md, "meanmatch"; Gu & Kim §2):
//
//	μ*(x) = exp(e(x))/Z,  e(x) = −2⟨m* − q, x⟩/λ + (β/λ) Σᵢ log xᵢ,  m* = E_{μ*} x,
//
// found by the damped iteration m ← ½m + ½E_{μ(m)} x from the centroid
// (docs/math.md, "The meanmatch fixed point"; L is convex in μ and Ent
// strictly so, so the fixed point is unique). Every expectation is the
// midpoint rule on the 2k² congruent sub-triangles of the chart
// {x₁, x₂ ≥ 0, x₁ + x₂ ≤ 1}, each of area a = 1/(2k²), with the weights
// summed after subtracting their largest exponent. At the fixed point
//
//	Z = a Σₚ exp(e(xₚ)),  Ent = E e(x) − log Z,  F = ‖m* − q‖² − β E Σᵢ log xᵢ,
//
// and L = F + λ·Ent. q has three entries; λ > 0, β ≥ 0, k ≥ 1. The error is
// ErrNoConvergence if the iteration does not settle (to 1e-13 in m) within
// 2000 iterations. The density behaves like xᵢ^{β/λ} at the faces: for
// β = 0 or β/λ ≥ 1 the midpoint rule converges like k⁻² (errors near 1e-5
// at k = 400), for 0 < β/λ < 1 more slowly (3e-4 at β/λ = ½, k = 400).
func MeanMatchFixedPoint(q []float64, lambda, beta float64, k int) (MeanMatchOptimum, error) {
	if len(q) != 3 || lambda <= 0 || beta < 0 || k < 1 {
		panic("stat: MeanMatchFixedPoint needs len(q) = 3, λ > 0, β ≥ 0, k ≥ 1")
	}
	pts := triangleCentroids(k)
	area := 1 / (2 * float64(k) * float64(k))
	m := [3]float64{1. / 3, 1. / 3, 1. / 3}
	for it := 1; it <= 2000; it++ {
		g := gibbsMeanMatch(pts, area, m, q, lambda, beta)
		diff := 0.0
		for i := range m {
			diff = max(diff, math.Abs(g.mean[i]-m[i]))
		}
		if diff < 1e-13 {
			o := MeanMatchOptimum{Mean: g.mean, Var1: g.var1, Iterations: it}
			o.F, o.Ent = g.f(q, beta), g.ent
			o.L = o.F + lambda*o.Ent
			return o, nil
		}
		for i := range m {
			m[i] = 0.5*m[i] + 0.5*g.mean[i]
		}
	}
	return MeanMatchOptimum{}, ErrNoConvergence
}

// MeanMatchGibbsL returns L(μ_m) = F(μ_m) + λ·Ent(μ_m) for the Gibbs measure
// μ_m ∝ exp(−2⟨m − q, x⟩/λ) Π xᵢ^{β/λ} on Δ² of a given m (not necessarily
// the fixed point), by the quadrature of MeanMatchFixedPoint. Since μ* is
// the minimiser of L, MeanMatchGibbsL(m) ≥ MeanMatchFixedPoint(…).L for
// every m, with equality at m = m*.
func MeanMatchGibbsL(m, q []float64, lambda, beta float64, k int) float64 {
	if len(q) != 3 || len(m) != 3 || lambda <= 0 || beta < 0 || k < 1 {
		panic("stat: MeanMatchGibbsL needs len(m) = len(q) = 3, λ > 0, β ≥ 0, k ≥ 1")
	}
	pts := triangleCentroids(k)
	g := gibbsMeanMatch(pts, 1/(2*float64(k)*float64(k)), [3]float64{m[0], m[1], m[2]}, q, lambda, beta)
	return g.f(q, beta) + lambda*g.ent
}

// gibbsStats are the quadrature's expectations under one Gibbs measure.
type gibbsStats struct {
	mean   [3]float64
	var1   float64
	logSum float64 // E Σᵢ log xᵢ
	ent    float64 // ∫ μ log μ
}

// f is F = ‖E x − q‖² − β E Σᵢ log xᵢ of the measure.
func (g *gibbsStats) f(q []float64, beta float64) float64 {
	f := 0.0
	for i := range 3 {
		f += (g.mean[i] - q[i]) * (g.mean[i] - q[i])
	}
	return f - beta*g.logSum
}

// gibbsMeanMatch takes the expectations under μ_m ∝ exp(e(x)),
// e(x) = −2⟨m − q, x⟩/λ + (β/λ) Σᵢ log xᵢ, by the midpoint rule on pts, each
// point standing for a sub-triangle of the given area.
func gibbsMeanMatch(pts [][3]float64, area float64, m [3]float64, q []float64, lambda, beta float64) gibbsStats {
	e := make([]float64, len(pts))
	top := math.Inf(-1)
	for p, x := range pts {
		v := 0.0
		for i := range 3 {
			v += -2*(m[i]-q[i])*x[i]/lambda + beta/lambda*math.Log(x[i])
		}
		e[p] = v
		top = max(top, v)
	}
	var g gibbsStats
	z, ee := 0.0, 0.0
	for p, x := range pts {
		w := math.Exp(e[p] - top)
		z += w
		ee += w * e[p]
		for i := range 3 {
			g.mean[i] += w * x[i]
			g.logSum += w * math.Log(x[i])
		}
	}
	for i := range 3 {
		g.mean[i] /= z
	}
	g.logSum /= z
	for p, x := range pts {
		w := math.Exp(e[p] - top)
		g.var1 += w * (x[0] - g.mean[0]) * (x[0] - g.mean[0])
	}
	g.var1 /= z
	// log Z = top + log(a Σ w); Ent = E e − log Z.
	g.ent = ee/z - (top + math.Log(area*z))
	return g
}

// triangleCentroids returns the centroids of the 2k² congruent
// sub-triangles of the chart {x₁, x₂ ≥ 0, x₁ + x₂ ≤ 1} of Δ², as the three
// barycentric coordinates (x₁, x₂, 1 − x₁ − x₂).
func triangleCentroids(k int) [][3]float64 {
	pts := make([][3]float64, 0, k*k)
	h := 1 / float64(k)
	for i := range k {
		for j := range k - i {
			a, b := float64(i)*h, float64(j)*h
			pts = append(pts, [3]float64{a + h/3, b + h/3, 1 - a - b - 2*h/3})
			if i+j < k-1 {
				pts = append(pts, [3]float64{a + 2*h/3, b + 2*h/3, 1 - a - b - 4*h/3})
			}
		}
	}
	return pts
}
