package mirror

import (
	"math"

	"github.com/mmfld/playground/engine/internal/purefloat"
	"github.com/mmfld/playground/engine/internal/rng"
	"github.com/mmfld/playground/engine/internal/simd"
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
		if v < lo || v != v { // min(lo, v), NaN kept, without the runtime call min is in WebAssembly
			lo = v
		}
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

// ConjBlock writes x = ∇φ*(y) for each point, the bits of gradConj: d
// exponentials a point, one reciprocal of Z = 1 + Σ e^{yᵢ} and products,
// when the whole block is in the dual region |yᵢ| ≤ DualBound (as the state
// always is); otherwise gradConj point by point. from is not needed (∇φ* is
// in closed form).
func (m EntropicSimplex) ConjBlock(x, y, from []float64) {
	d := m.D
	n := len(y) / d
	if !inDualBound(y[:n*d]) {
		for i := range n {
			m.gradConj(x[i*(d+1):(i+1)*(d+1)], y[i*d:(i+1)*d])
		}
		return
	}
	if d == 2 {
		simd.Softmax(x, y) // written out for Δ²
		return
	}
	for i, k := 0, 0; k+d <= len(y); i, k = i+d+1, k+d {
		xi := x[i : i+d+1]
		z := 1.0
		for j, v := range y[k : k+d] {
			e := purefloat.ExpOf(purefloat.ExpParts(v)) // ExpFast, inlined: in WebAssembly a call costs more
			xi[j] = e
			z += e
		}
		inv := 1 / z // one division a point, not d+1 (within 1 ulp of xᵢ/z)
		for j := range xi[:d] {
			xi[j] *= inv
		}
		xi[d] = inv
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

// FusesMMFLD reports whether MMFLDBlock runs MMFLD steps for this map: on
// Δ², the reference workload (integrate's MMFLD asks).
func (m EntropicSimplex) FusesMMFLD() bool { return m.D == 2 }

// MMFLDBlock is one step of MMFLD with the Hessian at the drift point
// (integrate.MMFLD; Gu & Kim, arXiv 2505.02621, Algorithm 1) for a block of points of
// Δ², fused into four passes over the block:
//
//	Y' = Y − η g,  ζᵢ = ξᵢ/√X̃ᵢ − ξ₃/√X̃₃ with X̃ = ∇φ*(Y'),  Y⁺ = Y' + √(2λη) ζ,  X⁺ = ∇φ*(Y⁺),
//
// ζ = S ξ with S Sᵀ = ∇²φ(X̃) the simplex's noise (HessSqrtMul;
// docs/math.md, "Useful facts"). Each move is cut to ±MoveBound and its
// result to ±DualBound, and counted (MoveBlock); a particle whose move is
// not finite keeps its dual point and is counted (as integrate's accept).
// y (2 a point) is the state, moved in place; x (3 a point) receives X⁺; g
// holds the chart gradients, and is scratch after (as are x before and xi);
// xi (3 a point) receives the normals; sq = √(2λη). It returns the cuts and
// the points kept.
//
// The noise needs 1/√X̃ᵢ only: X̃ᵢ = hᵢ²/Z with hᵢ = e^{Y'ᵢ/2} (h₃ = 1) and
// Z = 1 + h₁² + h₂² (gradConj's unshifted softmax), so
//
//	ζᵢ = ξᵢ/√X̃ᵢ − ξ₃/√X̃₃ = √Z (ξᵢ/hᵢ − ξ₃):
//
// two exponentials and one square root, where X̃ itself takes as many
// exponentials and the three square roots √X̃ᵢ come on top. |Y'| ≤
// DualBound puts the exponents in [−150, 150], inside purefloat.ExpFast's
// range, and hᵢ², 1/hᵢ and Z are normal numbers.
//
// Why fused and not integrate's MMFLD phases: the phases write and reread five
// block-sized arrays (gradients, Y', X̃, ξ, ζ), and each is a call whose
// loop over 2 or 3 coordinates costs more in bookkeeping than in
// arithmetic; here a particle's numbers stay in registers from its dual
// point to its moved one (in Go; the AVX2 loops keep Y', h and s in g and x
// between two passes). The passes:
//   - the block's normals, ξ₁ ξ₂ ξ₃ of each particle in turn in xi, in one
//     rng.Stream.Normals (the phases draw the same numbers);
//   - the moves, simd.Moves, the drift and then the noise move: loops with
//     no call in them (in WebAssembly Go keeps the values live across a
//     call on the stack, storing them every particle even where the call is
//     never made: the ziggurat's rare slow path, drawn in this loop, cost
//     6%; a moveCut calling out for its rare cuts, 20%), four points at a
//     time in AVX2 on amd64 and in two passes there (simd_amd64.go says
//     why);
//   - X⁺, simd.Softmax, in a pass of its own: a point's work is one
//     chain of dependent operations (the move, two exponentials, a square
//     root and divisions, the move, two more exponentials and a division),
//     longer than the processor's reordering window; two passes of half the
//     chain let it overlap more points (measured: 6% faster per CPU-second
//     than one pass).
func (m EntropicSimplex) MMFLDBlock(y, x, g, xi []float64, eta, sq float64, r *rng.Stream) (cuts, rejected int) {
	n := min(len(y)/2, len(g)/2, len(x)/3, len(xi)/3)
	if n == 0 {
		return 0, 0
	}
	r.Normals(xi[:3*n])
	// x is the moves' scratch until it receives X⁺.
	cuts, rejected = simd.Moves(y[:2*n], g[:2*n], xi[:3*n], x[:3*n], eta, sq)
	simd.Softmax(x[:3*n], y[:2*n]) // |Y⁺| ≤ DualBound

	return cuts, rejected
}
