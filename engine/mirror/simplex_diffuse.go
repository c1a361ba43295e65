package mirror

import (
	"math"

	"github.com/mmfld/playground/engine/internal/purefloat"
)

// A Diffuser is a mirror map that solves mmfld-substep's diffusion itself,
// the drift-free mirror diffusion
//
//	dY = √(2λ ∇²φ(X)) dW,  X = ∇φ*(Y),
//
// with a scheme of its own that stays accurate up to the boundary, where
// Euler substeps in the dual need ever shorter steps (docs/math.md,
// mmfld-substep). Diffuse moves the primal point x in place by one step of
// the scheme over the time t = λh (λ folded into the time), reading
// 2·NoiseLen standard normals from xi, and writes its dual point into y. x
// stays strictly inside the domain and finite. One step is accurate for t up
// to DiffuseStep; mmfld-substep takes as many as that needs.
type Diffuser interface {
	Diffuse(y, x []float64, t float64, xi []float64)
}

// DiffuseStep is the longest time t = λh one Diffuser step takes in
// mmfld-substep's adaptive mode: the simplex's scheme moves a point of the
// unit sphere by noise of standard deviation √(t/2) ≤ 0.1 a coordinate.
const DiffuseStep = 0.02

var _ Diffuser = EntropicSimplex{}

// Diffuse is one step of the entropic simplex's mirror diffusion, taken on
// the sphere. In the barycentric coordinates that diffusion is the
// Wright–Fisher diffusion with mutation,
//
//	dXᵢ = λ(1 − (d+1)Xᵢ) dt + √(2λ) (√Xᵢ dWᵢ − Xᵢ Σⱼ √Xⱼ dWⱼ),  i ≤ d+1,
//
// (Itô's formula on X = ∇φ*(Y); its drift is mirrored's entropy drift), and
// it is Xᵢ = |Zᵢ|² for Z = (Z₁, …, Z_{d+1}) ∈ ℂ^{d+1} a Brownian motion on the
// unit sphere S^{2d+1} ⊂ ℝ^{2d+2} with generator (λ/4)Δ (Itô's formula on
// |Zᵢ|² gives the drift and the covariance 2λ(diag X − XXᵀ) above). On the
// sphere the faces of the simplex (Zᵢ = 0) are not singular at all. Each
// Zᵢ's phase is free, so the step puts Zᵢ = √xᵢ on the real axis and takes
// the projected Gaussian step
//
//	Z⁺ = (Z + √(t/2) ξ)/|Z + √(t/2) ξ|,  ξ ~ N(0, I_{2d+2}),
//	x⁺ᵢ = ((√xᵢ + √(t/2) ξᵢ)² + (t/2) ξ′ᵢ²) / Σⱼ ((√xⱼ + √(t/2) ξⱼ)² + (t/2) ξ′ⱼ²),
//
// with t = λh, ξ = xi[:d+1] and ξ′ = xi[d+1:2d+2]. Its mean and covariance
// match the diffusion's to O(t²) (tested), so a law's error after a fixed
// time is O(t) (the sphere being smooth and compact). Its kernel on the
// sphere depends only on the angle between Z and Z⁺, so it is symmetric and
// leaves the uniform law on the sphere exactly invariant: x⁺ keeps the
// uniform law on Δ^d, Dirichlet(1, …, 1), at every t (tested). Near a face
// each term is the exact transition of the squared Bessel process
// dX = λ dt + √(2λX) dW the face sees. Every x⁺ᵢ is a sum of squares of
// continuous normals, positive, so its dual point yᵢ = log(x⁺ᵢ/x⁺_{d+1})
// is finite (cut to the dual region, as every state is).
func (m EntropicSimplex) Diffuse(y, x []float64, t float64, xi []float64) {
	d := m.D
	x, re, im := x[:d+1], xi[:d+1], xi[d+1:2*d+2]
	s := math.Sqrt(t / 2)
	var norm float64
	for j, v := range x {
		a, b := math.Sqrt(v)+s*re[j], s*im[j]
		x[j] = a*a + b*b
		norm += x[j]
	}
	inv := 1 / norm
	for j := range x {
		x[j] *= inv
	}
	last := purefloat.Log(x[d])
	for j := range d {
		y[j] = purefloat.Max(-DualBound, purefloat.Min(DualBound, purefloat.Log(x[j])-last))
	}
}
