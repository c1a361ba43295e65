package engine

import "math"

// EntropicSimplex is the Simplex seen as a MirrorMap: the entropic map
// φ(x) = Σ_{i≤d+1} xᵢ log xᵢ on the chart of the probability simplex Δ^d.
// It embeds Simplex, whose Grad and HessSqrtMul it uses as they are, and adds
// what the interface needs. Primal points are the d+1 barycentric
// coordinates (x_{d+1} is the slack of Σx ≤ 1); dual points are the d chart
// coordinates yᵢ = log(xᵢ/x_{d+1}). Formulas: Gu & Kim (arXiv 2505.02621)
// and docs/math.md.
//
// The dual region is |yᵢ| ≤ DualBound (300), the trust region |Δyᵢ| ≤
// MoveBound (20), exactly as System does for the simplex; see their docs.
type EntropicSimplex struct {
	Simplex
}

var _ MirrorMap = EntropicSimplex{}

// NewEntropicSimplex returns the entropic map on Δ^d, d ≥ 1.
func NewEntropicSimplex(d int) (EntropicSimplex, error) {
	if err := checkDim("the simplex", d); err != nil {
		return EntropicSimplex{}, err
	}
	return EntropicSimplex{Simplex{D: d}}, nil
}

// Dim returns the chart dimension d.
func (m EntropicSimplex) Dim() int { return m.D }

// PrimalLen returns d+1: primal points are barycentric.
func (m EntropicSimplex) PrimalLen() int { return m.D + 1 }

// NoiseLen returns d+1: HessSqrtMul draws ζᵢ = ξᵢ/√xᵢ − ξ_{d+1}/√x_{d+1}.
func (m EntropicSimplex) NoiseLen() int { return m.D + 1 }

// GradConj writes x = ∇φ*(y), the softmax of (y, 0), into dst (d+1
// barycentric coordinates) and returns it, with the subtraction-free fast
// path System uses (Simplex.gradConj): for |yᵢ| ≤ DualBound every
// coordinate is a positive normal number with full relative precision. For
// larger finite y some coordinates underflow to 0 but none is NaN.
func (m EntropicSimplex) GradConj(dst, y []float64) []float64 {
	dst = grow(dst, m.D+1)
	m.gradConj(dst, y)
	return dst
}

// HessDiag writes the diagonal of ∇²φ(x) = diag(1/x) + 11ᵀ/x_{d+1},
// 1/xᵢ + 1/x_{d+1}, into dst and returns it.
func (m EntropicSimplex) HessDiag(dst, x []float64) []float64 {
	dst = grow(dst, m.D)
	last := 1 / x[m.D]
	for i := range m.D {
		dst[i] = 1/x[i] + last
	}
	return dst
}

// InvHessMul writes ∇²φ*(y) v = (diag(x) − x xᵀ) v, that is
// xᵢ(vᵢ − Σⱼ xⱼvⱼ) over the chart coordinates, into dst and returns it.
//
// Near the vertex x_{d+1} → 1 and for v close to a constant c, vᵢ − Σxⱼvⱼ
// ≈ c·x_{d+1} is the difference of two numbers near c, and the naive form
// loses all its digits. With Σ_{j≤d+1} xⱼ = 1 and any pivot c,
//
//	vᵢ − Σ_{j≤d} xⱼvⱼ = (vᵢ − c) − Σ_{j≤d} xⱼ(vⱼ − c) + x_{d+1}c,
//
// and with c the value at the largest barycentric coordinate (v_{d+1} = 0)
// every term is small where the result is: the product with ∇²φ(x) then
// returns v to rounding (tested componentwise). dst may be v.
func (m EntropicSimplex) InvHessMul(dst, x, v []float64) []float64 {
	d := m.D
	dst = grow(dst, d)
	k := d
	for j := range d {
		if x[j] > x[k] {
			k = j
		}
	}
	c := 0.0
	if k < d {
		c = v[k]
	}
	sum := 0.0
	for j := range d {
		sum += x[j] * (v[j] - c)
	}
	tail := x[d]*c - sum
	for i := range d {
		dst[i] = x[i] * ((v[i] - c) + tail)
	}
	return dst
}

// GradLogDetHessConj writes ∇_y log det ∇²φ*(y) = 1 − (d+1)x into dst and
// returns it: log det ∇²φ*(y) = Σ_{i≤d+1} log xᵢ and ∂ log xᵢ/∂yⱼ =
// δᵢⱼ − xⱼ (docs/math.md).
func (m EntropicSimplex) GradLogDetHessConj(dst, x []float64) []float64 {
	dst = grow(dst, m.D)
	w := float64(m.D + 1)
	for i := range m.D {
		dst[i] = 1 - w*x[i]
	}
	return dst
}

// DualBound returns DualBound (300).
func (m EntropicSimplex) DualBound() float64 { return DualBound }

// ClampDual cuts each yᵢ to ±DualBound.
func (m EntropicSimplex) ClampDual(y []float64) int { return clampEach(y[:m.D], DualBound) }

// LimitMove cuts each Δyᵢ to ±MoveBound, whatever y.
func (m EntropicSimplex) LimitMove(dy, y []float64) int { return clampEach(dy[:m.D], MoveBound) }

// Lift writes the barycentric coordinates (v, 1 − Σv) into dst.
func (m EntropicSimplex) Lift(dst, v []float64) []float64 {
	dst = grow(dst, m.D+1)
	sum := 0.0
	for i := range m.D {
		dst[i] = v[i]
		sum += v[i]
	}
	dst[m.D] = 1 - sum
	return dst
}

// projectScratch is the chart dimension up to which Project sorts on the
// stack; above it, it allocates its scratch.
const projectScratch = 64

// Project writes the Euclidean projection of the chart point v onto the
// closed chart {x ≥ 0, Σx ≤ 1} (Simplex.Project, sort-based, Duchi et al.
// 2008) into dst as d+1 barycentric coordinates, x_{d+1} = max(1 − Σx, 0),
// and returns it. It allocates nothing for d ≤ 64.
func (m EntropicSimplex) Project(dst, v []float64) []float64 {
	d := m.D
	dst = grow(dst, d+1)
	var buf [projectScratch]float64
	scratch := buf[:]
	if d > len(buf) {
		scratch = make([]float64, d)
	}
	m.Simplex.Project(dst[:d], v, scratch)
	sum := 0.0
	for _, e := range dst[:d] {
		sum += e
	}
	dst[d] = max(1-sum, 0)
	return dst
}

// Distance returns min(minᵢ xᵢ, x_{d+1}/√d), the distance in the chart to
// the nearest face (x_{d+1}/√d to the face Σx = 1), or a number ≤ 0 on or
// outside the boundary.
func (m EntropicSimplex) Distance(x []float64) float64 {
	dist := x[m.D] / math.Sqrt(float64(m.D))
	for _, e := range x[:m.D] {
		dist = min(dist, e)
	}
	return dist
}

// Inside reports whether every barycentric coordinate is positive.
func (m EntropicSimplex) Inside(x []float64) bool {
	for _, e := range x[:m.D+1] {
		if !(e > 0) {
			return false
		}
	}
	return true
}
