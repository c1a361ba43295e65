package mirror

import (
	"math"

	"github.com/mmfld/playground/engine/internal/rng"
	"github.com/mmfld/playground/engine/internal/vec"
)

// Euclidean is the Euclidean mirror map φ(x) = ½‖x‖² on the whole space
// ℝᵈ, the domain and the map in one: ∇φ, ∇φ* and ∇²φ are the identity,
// log det ∇²φ* = 0, primal and dual points are the same d numbers, nothing
// is projected and no point is near a boundary. MMFLD with it is plain
// MFLD. The dual region is |yᵢ| ≤ PrimalBound (10⁶, the bound plain MFLD
// keeps its coordinates in, so that mean-field terms stay finite); there is
// no trust region.
type Euclidean struct {
	d int
}

var (
	_ Map     = Euclidean{}
	_ Product = Euclidean{}
)

// NewEuclidean returns the Euclidean map on ℝᵈ, d ≥ 1.
func NewEuclidean(d int) (Euclidean, error) {
	if err := checkDim("the Euclidean space", d); err != nil {
		return Euclidean{}, err
	}
	return Euclidean{d: d}, nil
}

// Dim returns d.
func (m Euclidean) Dim() int { return m.d }

// PrimalLen returns d.
func (m Euclidean) PrimalLen() int { return m.d }

// NoiseLen returns d.
func (m Euclidean) NoiseLen() int { return m.d }

// Lift copies v into dst.
func (m Euclidean) Lift(dst, v []float64) []float64 { return m.copyInto(dst, v) }

// Project copies v into dst: ℝᵈ is its own projection.
func (m Euclidean) Project(dst, v []float64) []float64 { return m.copyInto(dst, v) }

// Distance returns +Inf: ℝᵈ has no boundary.
func (m Euclidean) Distance(x []float64) float64 { return math.Inf(1) }

// Intervals writes (−∞, +∞) for every coordinate (Product).
func (m Euclidean) Intervals(lo, hi []float64) {
	for j := range m.d {
		lo[j], hi[j] = math.Inf(-1), math.Inf(1)
	}
}

// Inside returns true.
func (m Euclidean) Inside(x []float64) bool { return true }

// Grad copies x into dst.
func (m Euclidean) Grad(dst, x []float64) []float64 { return m.copyInto(dst, x) }

// GradConj copies y into dst.
func (m Euclidean) GradConj(dst, y []float64) []float64 { return m.copyInto(dst, y) }

// HessSqrtMul copies ξ into dst.
func (m Euclidean) HessSqrtMul(dst, x, xi []float64) []float64 { return m.copyInto(dst, xi) }

// HessDiag writes ones into dst.
func (m Euclidean) HessDiag(dst, x []float64) []float64 {
	dst = vec.Grow(dst, m.d)
	for i := range dst {
		dst[i] = 1
	}
	return dst
}

// Scale returns 1.
func (m Euclidean) Scale() float64 { return 1 }

// Shown returns the d coordinates.
func (m Euclidean) Shown() (offset, width int) { return 0, m.d }

// DrawChart draws N(0, I).
func (m Euclidean) DrawChart(v []float64, r *rng.Stream, _ []float64) { r.Normals(v[:m.d]) }

// InvHessMul copies v into dst.
func (m Euclidean) InvHessMul(dst, x, v []float64) []float64 { return m.copyInto(dst, v) }

// GradLogDetHessConj writes zeros into dst.
func (m Euclidean) GradLogDetHessConj(dst, x []float64) []float64 {
	dst = vec.Grow(dst, m.d)
	clear(dst)
	return dst
}

// DualBound returns PrimalBound (10⁶).
func (m Euclidean) DualBound() float64 { return PrimalBound }

// ClampDual cuts each yᵢ to ±PrimalBound.
func (m Euclidean) ClampDual(y []float64) int { return vec.ClampEach(y[:m.d], PrimalBound) }

// LimitMove cuts nothing and returns 0.
func (m Euclidean) LimitMove(dy, y []float64) int { return 0 }

func (m Euclidean) copyInto(dst, v []float64) []float64 {
	dst = vec.Grow(dst, m.d)
	copy(dst, v[:m.d])
	return dst
}
