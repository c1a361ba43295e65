package mirror

import (
	"math"

	"github.com/mmfld/playground/engine/internal/purefloat"
	"github.com/mmfld/playground/engine/internal/rng"
	"github.com/mmfld/playground/engine/internal/vec"
)

// EntropicSimplex is the Simplex seen as a Map: the entropic map
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

var _ Map = EntropicSimplex{}

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
	dst = vec.Grow(dst, m.D+1)
	m.gradConj(dst, y)
	return dst
}

// HessDiag writes the diagonal of ∇²φ(x) = diag(1/x) + 11ᵀ/x_{d+1},
// 1/xᵢ + 1/x_{d+1}, into dst and returns it.
func (m EntropicSimplex) HessDiag(dst, x []float64) []float64 {
	dst = vec.Grow(dst, m.D)
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
	dst = vec.Grow(dst, d)
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
	dst = vec.Grow(dst, m.D)
	w := float64(m.D + 1)
	for i := range m.D {
		dst[i] = 1 - w*x[i]
	}
	return dst
}

// DualBound returns DualBound (300).
func (m EntropicSimplex) DualBound() float64 { return DualBound }

// ClampDual cuts each yᵢ to ±DualBound.
func (m EntropicSimplex) ClampDual(y []float64) int { return vec.ClampEach(y[:m.D], DualBound) }

// LimitMove cuts each Δyᵢ to ±MoveBound, whatever y.
func (m EntropicSimplex) LimitMove(dy, y []float64) int { return vec.ClampEach(dy[:m.D], MoveBound) }

// Lift writes the barycentric coordinates (v, 1 − Σv) into dst.
func (m EntropicSimplex) Lift(dst, v []float64) []float64 {
	dst = vec.Grow(dst, m.D+1)
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
	dst = vec.Grow(dst, d+1)
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

// Scale returns 1.
func (m EntropicSimplex) Scale() float64 { return 1 }

// Shown returns the d+1 barycentric coordinates.
func (m EntropicSimplex) Shown() (offset, width int) { return 0, m.D + 1 }

// drawDual draws the uniform law, Dirichlet(1, …, 1): normalised
// exponentials Eᵢ/ΣE, drawn in the dual as yᵢ = log Eᵢ − log E_{d+1}, so
// that no coordinate underflows.
func (m EntropicSimplex) DrawDual(y []float64, r *rng.Stream) {
	last := purefloat.Log(-purefloat.Log(r.Uniform()))
	for j := range y[:m.D] {
		y[j] = purefloat.Log(-purefloat.Log(r.Uniform())) - last
	}
	m.ClampDual(y)
}

// CountPoint: a point is outside if a coordinate is non-finite or negative
// (zero too, for the open simplex) or the coordinates do not sum to 1
// within 1e-9, and near the boundary if some barycentric coordinate is
// below BoundaryEps.
func (m EntropicSimplex) CountPoint(x []float64, open bool) (outside, near bool) {
	sum, lo := 0.0, math.Inf(1)
	for _, v := range x[:m.D+1] {
		sum += v
		lo = min(lo, v)
	}
	outside = !vec.AllFinite(x[:m.D+1]) || lo < 0 || (open && lo <= 0) || math.Abs(sum-1) > 1e-9
	return outside, lo < BoundaryEps
}

// FloorBarrier writes the points of x with every coordinate at least
// FaceFloor into dst and counts the coordinates it raised: the primal
// methods land on faces, where 1/xᵢ and log xᵢ are infinite.
func (m EntropicSimplex) FloorBarrier(dst, x []float64) ([]float64, int) {
	k := 0
	for i, v := range x {
		if v < FaceFloor {
			k++
		}
		dst[i] = max(v, FaceFloor)
	}
	return dst[:len(x)], k
}

// DualOfPrimal writes y = ∇φ(max(x, FaceFloor)), finite for a point on a
// face, where the primal methods put particles.
func (m EntropicSimplex) DualOfPrimal(y, x []float64) {
	d := m.D
	last := purefloat.Log(max(x[d], FaceFloor))
	for j := range d {
		y[j] = purefloat.Log(max(x[j], FaceFloor)) - last
	}
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

// The block methods below are the loops of the reference workload (MMFLD on
// Δ², `make bench`); each is one call for a block of particles (BlockMap).

// moveBlock cuts each Δyᵢ to ±MoveBound, adds it and cuts the result to
// ±DualBound, counting the cuts; a NaN result clears ok for its point.
//
// Its bounds are the same for every coordinate, so it is one flat loop over
// the block's coordinates, not a loop over points of loops over d.
func (m EntropicSimplex) MoveBlock(dst, y, dy []float64, scale float64, ok []bool) int {
	n := len(ok) * m.D
	dst, y, dy = dst[:n], y[:n], dy[:n]
	cuts := 0
	for k, v := range dy {
		v *= scale
		if v > MoveBound {
			v, cuts = MoveBound, cuts+1
		} else if v < -MoveBound {
			v, cuts = -MoveBound, cuts+1
		}
		v += y[k]
		if v != v {
			ok[k/m.D] = false
		}
		if v > DualBound {
			v, cuts = DualBound, cuts+1
		} else if v < -DualBound {
			v, cuts = -DualBound, cuts+1
		}
		dst[k] = v
	}
	return cuts
}

// conjBlock writes x = ∇φ*(y) for each point, the bits of gradConj (one
// reciprocal of Z, then products): first
// the exponents yᵢ − M and −M of every point, then all their exponentials in
// one purefloat.ExpInPlace, then the normalisation. from is not needed (∇φ* is in
// closed form).
func (m EntropicSimplex) ConjBlock(x, y, from []float64) {
	d := m.D
	if d == 2 {
		conjBlock2(x, y)
		return
	}
	for i, k := 0, 0; k+d <= len(y); i, k = i+d+1, k+d {
		top := 0.0
		for _, v := range y[k : k+d] {
			if v > top { // not max(top, v): in WebAssembly that is a call (runtime.fmax64); y is finite here
				top = v
			}
		}
		for j, v := range y[k : k+d] {
			x[i+j] = v - top
		}
		x[i+d] = -top
	}
	n := len(y) / d
	x = x[:n*(d+1)]
	purefloat.ExpInPlace(x)
	for i := 0; i < len(x); i += d + 1 {
		xi := x[i : i+d+1]
		z := xi[d]
		for _, e := range xi[:d] {
			z += e
		}
		inv := 1 / z // one division a point, not d+1 (within 1 ulp of xᵢ/z)
		for j := range xi {
			xi[j] *= inv
		}
	}
}

// conjBlock2 is conjBlock on Δ², written out: the inner loops over two
// coordinates cost more than their arithmetic in WebAssembly.
//
// The loops walk by reslicing (x = x[3:]) so that the compiler sees every
// index in range and checks none.
func conjBlock2(x, y []float64) {
	n := len(y) / 2
	x = x[:3*n]
	for xs, ys := x, y; len(xs) >= 3 && len(ys) >= 2; xs, ys = xs[3:], ys[2:] {
		y0, y1 := ys[0], ys[1]
		top := 0.0
		if y0 > top {
			top = y0
		}
		if y1 > top {
			top = y1
		}
		xs[0], xs[1], xs[2] = y0-top, y1-top, -top
	}
	purefloat.ExpInPlace(x)
	for xs := x; len(xs) >= 3; xs = xs[3:] {
		inv := 1 / (xs[2] + xs[0] + xs[1]) // the order of gradConj's sum
		xs[0] *= inv
		xs[1] *= inv
		xs[2] *= inv
	}
}

// noiseBlock writes ζᵢ = ξᵢ/√xᵢ − ξ_{d+1}/√x_{d+1} for each point
// (HessSqrtMul).
func (m EntropicSimplex) NoiseBlock(zeta, x, xi []float64) {
	d := m.D
	for len(zeta) >= d && len(x) > d && len(xi) > d {
		zs, xs, ns := zeta[:d], x[:d+1], xi[:d+1]
		last := ns[d] / math.Sqrt(xs[d])
		for j := range zs {
			zs[j] = ns[j]/math.Sqrt(xs[j]) - last
		}
		zeta, x, xi = zeta[d:], x[d+1:], xi[d+1:]
	}
}
