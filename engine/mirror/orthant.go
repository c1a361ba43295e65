package mirror

import (
	"math"

	"github.com/mmfld/playground/engine/internal/purefloat"
	"github.com/mmfld/playground/engine/internal/rng"
	"github.com/mmfld/playground/engine/internal/vec"
)

// Orthant is the domain {x ∈ ℝᵈ : xᵢ > 0}. Its primal points are the d
// chart coordinates, each its own slack. The zero value is not usable; use
// NewOrthant.
type Orthant struct {
	d int
}

var (
	_ Domain  = Orthant{}
	_ Product = Orthant{}
)

// NewOrthant returns the positive orthant of ℝᵈ, d ≥ 1.
func NewOrthant(d int) (Orthant, error) {
	if err := checkDim("the orthant", d); err != nil {
		return Orthant{}, err
	}
	return Orthant{d: d}, nil
}

// Dim returns d.
func (o Orthant) Dim() int { return o.d }

// PrimalLen returns d.
func (o Orthant) PrimalLen() int { return o.d }

// Lift copies v into dst.
func (o Orthant) Lift(dst, v []float64) []float64 {
	dst = vec.Grow(dst, o.d)
	copy(dst, v[:o.d])
	return dst
}

// Project writes max(v, 0) into dst.
func (o Orthant) Project(dst, v []float64) []float64 {
	dst = vec.Grow(dst, o.d)
	for i := range o.d {
		dst[i] = max(v[i], 0)
	}
	return dst
}

// Distance returns minᵢ xᵢ.
func (o Orthant) Distance(x []float64) float64 {
	dist := math.Inf(1)
	for _, e := range x[:o.d] {
		dist = min(dist, e)
	}
	return dist
}

// Intervals writes [0, +∞) for every coordinate (Product).
func (o Orthant) Intervals(lo, hi []float64) {
	for j := range o.d {
		lo[j], hi[j] = 0, math.Inf(1)
	}
}

// Scale returns 1.
func (o Orthant) Scale() float64 { return 1 }

// Shown returns the d chart coordinates.
func (o Orthant) Shown() (offset, width int) { return 0, o.d }

// DrawChart draws Exp(1) in each coordinate.
func (o Orthant) DrawChart(v []float64, r *rng.Stream, _ []float64) {
	for j := range v[:o.d] {
		v[j] = -purefloat.Log(r.Uniform())
	}
}

// Inside reports whether every xᵢ is positive.
func (o Orthant) Inside(x []float64) bool {
	for _, e := range x[:o.d] {
		if !(e > 0) {
			return false
		}
	}
	return true
}

// EntropicOrthant is the entropic (unnormalised Kullback–Leibler) mirror map
// on the positive orthant:
//
//	φ(x) = Σ xᵢ log xᵢ − xᵢ,  ∇φ(x) = log x,  ∇φ*(y) = e^y,
//	∇²φ(x) = diag(1/x),  log det ∇²φ*(y) = Σ yᵢ,
//
// (docs/math.md, the orthant row). The dual region is |yᵢ| ≤ DualBound
// (300: xᵢ ∈ [e^{−300}, e^{300}], normal with normal reciprocals, and a sum of
// N·d squares of them stays finite) and the trust region |Δyᵢ| ≤ MoveBound
// (20, a factor e²⁰ in xᵢ), as for the simplex.
type EntropicOrthant struct {
	Orthant
}

var _ Map = EntropicOrthant{}

// NewEntropicOrthant returns the entropic map on the orthant of ℝᵈ, d ≥ 1.
func NewEntropicOrthant(d int) (EntropicOrthant, error) {
	o, err := NewOrthant(d)
	return EntropicOrthant{o}, err
}

// NoiseLen returns d.
func (m EntropicOrthant) NoiseLen() int { return m.d }

// Grad writes log x into dst.
func (m EntropicOrthant) Grad(dst, x []float64) []float64 {
	dst = vec.Grow(dst, m.d)
	for i := range m.d {
		dst[i] = purefloat.Log(x[i])
	}
	return dst
}

// GradConj writes x = e^y into dst; beyond y ≈ 709.78, where e^y overflows,
// it writes the largest float64 instead, so that x is finite for every
// finite y.
func (m EntropicOrthant) GradConj(dst, y []float64) []float64 {
	dst = vec.Grow(dst, m.d)
	for i := range m.d {
		dst[i] = min(purefloat.Exp(y[i]), math.MaxFloat64)
	}
	return dst
}

// HessSqrtMul writes ζᵢ = ξᵢ/√xᵢ into dst.
func (m EntropicOrthant) HessSqrtMul(dst, x, xi []float64) []float64 {
	dst = vec.Grow(dst, m.d)
	for i := range m.d {
		dst[i] = xi[i] / math.Sqrt(x[i])
	}
	return dst
}

// HessDiag writes 1/xᵢ into dst.
func (m EntropicOrthant) HessDiag(dst, x []float64) []float64 {
	dst = vec.Grow(dst, m.d)
	for i := range m.d {
		dst[i] = 1 / x[i]
	}
	return dst
}

// InvHessMul writes xᵢvᵢ into dst. dst may be v.
func (m EntropicOrthant) InvHessMul(dst, x, v []float64) []float64 {
	dst = vec.Grow(dst, m.d)
	for i := range m.d {
		dst[i] = x[i] * v[i]
	}
	return dst
}

// GradLogDetHessConj writes ∇_y Σ yᵢ = 1 into dst.
func (m EntropicOrthant) GradLogDetHessConj(dst, x []float64) []float64 {
	dst = vec.Grow(dst, m.d)
	for i := range m.d {
		dst[i] = 1
	}
	return dst
}

// DualBound returns DualBound (300).
func (m EntropicOrthant) DualBound() float64 { return DualBound }

// ClampDual cuts each yᵢ to ±DualBound.
func (m EntropicOrthant) ClampDual(y []float64) int { return vec.ClampEach(y[:m.d], DualBound) }

// LimitMove cuts each Δyᵢ to ±MoveBound, whatever y.
func (m EntropicOrthant) LimitMove(dy, y []float64) int { return vec.ClampEach(dy[:m.d], MoveBound) }
