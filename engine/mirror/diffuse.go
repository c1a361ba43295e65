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
// DiffuseLen standard normals from xi, and writes its dual point into y. x
// stays strictly inside the domain and finite. DiffuseStep is the longest t
// one step takes in mmfld-substep's adaptive mode (+Inf where a step is
// exact).
type Diffuser interface {
	Diffuse(y, x []float64, t float64, xi []float64)
	DiffuseLen() int
	DiffuseStep() float64
}

// DiffuseStep is the longest time t = λh one step of the sphere scheme
// (EntropicSimplex.Diffuse) takes in mmfld-substep's adaptive mode: it moves
// a point of the unit sphere by noise of standard deviation √(t/2) ≤ 0.1 a
// coordinate.
const DiffuseStep = 0.02

var (
	_ Diffuser = EntropicSimplex{}
	_ Diffuser = EntropicOrthant{}
	_ Diffuser = FermiDiracBox{}
)

// DiffuseLen returns 2(d+1): a complex normal a barycentric coordinate.
func (m EntropicSimplex) DiffuseLen() int { return 2 * (m.D + 1) }

// DiffuseStep returns DiffuseStep.
func (m EntropicSimplex) DiffuseStep() float64 { return DiffuseStep }

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
		x[j] = squaredModulus(v, s, re[j], im[j])
		norm += x[j]
	}
	inv := 1 / norm
	for j := range x {
		x[j] *= inv
	}
	last := purefloat.Log(x[d])
	for j := range d {
		y[j] = purefloat.Log(x[j]) - last
	}
	m.ClampDual(y)
}

// squaredModulus returns |√v + s(ξ + iξ′)|² = (√v + sξ)² + s²ξ′², the
// squared modulus of a complex point at √v on the real axis moved by a
// complex normal of standard deviation s a part: the sphere scheme's term
// for one coordinate, and the exact transition of a squared Bessel process
// of dimension 2 (EntropicOrthant.Diffuse).
func squaredModulus(v, s, xi, xi2 float64) float64 {
	a, b := math.Sqrt(v)+s*xi, s*xi2
	return a*a + b*b
}

// Diffuse is the exact transition of the orthant's mirror diffusion, whose
// coordinates are independent squared Bessel processes of dimension 2,
//
//	dXᵢ = λ dt + √(2λXᵢ) dWᵢ  (Itô's formula on X = e^Y, dY = √(2λ/X) dW),
//
// Xᵢ = |Zᵢ|² for Zᵢ a complex Brownian motion with variance λ/2 a part and
// unit of time: over time t = λh
//
//	x⁺ᵢ = (√xᵢ + √(t/2) ξᵢ)² + (t/2) ξ′ᵢ²,
//
// with ξ = xi[:d], ξ′ = xi[d:2d], exactly in law for every t (its mean
// x + t and variance 2xt + t² are tested), so DiffuseStep is +Inf. Every
// x⁺ᵢ is positive and y = log x⁺ finite (cut to the dual region, as every
// state is).
func (m EntropicOrthant) Diffuse(y, x []float64, t float64, xi []float64) {
	d := m.d
	x, re, im := x[:d], xi[:d], xi[d:2*d]
	s := math.Sqrt(t / 2)
	for j, v := range x {
		x[j] = squaredModulus(v, s, re[j], im[j])
		y[j] = purefloat.Log(x[j])
	}
	m.ClampDual(y)
}

// DiffuseLen returns 2d: a complex normal a coordinate.
func (m EntropicOrthant) DiffuseLen() int { return 2 * m.d }

// DiffuseStep returns +Inf: Diffuse is exact.
func (m EntropicOrthant) DiffuseStep() float64 { return math.Inf(1) }

// Diffuse is one step of the sphere scheme (EntropicSimplex.Diffuse) for
// each coordinate of the Fermi–Dirac box, whose mirror diffusion is, in
// uᵢ = pᵢ/L, the two-type Wright–Fisher diffusion
//
//	duᵢ = (λ/L)(1 − 2uᵢ) dt + √(2(λ/L) uᵢ(1 − uᵢ)) dWᵢ,
//
// the simplex's on Δ¹ = {(u, 1 − u)} at the time scale λ/L (Itô's formula
// on u = sigmoid(Y), with d⟨Y⟩ = 2λL/(pq) dt). With τ = t/L, t = λh, and s =
// √(τ/2), the slacks move to
//
//	p⁺ = L·A/(A + B),  q⁺ = L·B/(A + B),  A = (√u + sξ)² + s²ξ′²,  B = (√(1 − u) + sη)² + s²η′²,
//
// each from its own term, so neither is formed as L minus the other; y⁺ =
// log A − log B. ξ, ξ′, η, η′ are xi[:d], xi[d:2d], xi[2d:3d], xi[3d:4d]. As
// on the simplex, the uniform law on the box is exactly invariant, and the
// error at a fixed time is O(τ).
func (m FermiDiracBox) Diffuse(y, x []float64, t float64, xi []float64) {
	d := m.d
	s := math.Sqrt(t / m.l / 2)
	for i := range d {
		a := squaredModulus(x[d+i]/m.l, s, xi[i], xi[d+i])
		b := squaredModulus(x[2*d+i]/m.l, s, xi[2*d+i], xi[3*d+i])
		inv := m.l / (a + b)
		pn, qn := a*inv, b*inv
		if qn < pn { // the nearer face is b
			m.setSlacks(x, i, true, qn, pn)
		} else {
			m.setSlacks(x, i, false, pn, qn)
		}
		y[i] = purefloat.Log(a) - purefloat.Log(b)
	}
	m.ClampDual(y)
}

// DiffuseLen returns 4d: two complex normals a coordinate.
func (m FermiDiracBox) DiffuseLen() int { return 4 * m.d }

// DiffuseStep returns DiffuseStep·L: the sphere scheme's bound on τ = λh/L.
func (m FermiDiracBox) DiffuseStep() float64 { return DiffuseStep * m.l }
