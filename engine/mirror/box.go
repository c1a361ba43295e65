package mirror

import (
	"fmt"
	"math"

	"github.com/mmfld/playground/engine/internal/purefloat"
	"github.com/mmfld/playground/engine/internal/rng"
	"github.com/mmfld/playground/engine/internal/vec"
)

// MaxBoxOffset bounds |a| and |b| of a box. A chart coordinate x = a + p
// resolves the distance p to the face only down to ulp(a) ≈ 2.2e-16·|a|; the
// slacks are carried separately and stay exact, but the objectives read x.
const MaxBoxOffset = 1e8

// Box is the domain [a, b]^d. Its primal points are 3d numbers: the chart
// coordinates x, then the distances to the lower faces p = x − a, then the
// distances to the upper faces q = b − x, each computed without cancellation
// by the maps (see Domain). The zero value is not usable; use NewBox.
type Box struct {
	d       int
	a, b, l float64 // l = b − a
}

var (
	_ Domain  = Box{}
	_ Product = Box{}
)

// NewBox returns the box [a, b]^d: d ≥ 1, a and b finite with |a|, |b| ≤
// MaxBoxOffset and b − a in [MinDomainScale, MaxDomainScale].
func NewBox(d int, a, b float64) (Box, error) {
	if err := checkDim("the box", d); err != nil {
		return Box{}, err
	}
	if !(math.Abs(a) <= MaxBoxOffset && math.Abs(b) <= MaxBoxOffset) {
		return Box{}, fmt.Errorf("engine: box bounds must be numbers in [%g, %g] (got a=%g, b=%g)", -MaxBoxOffset, MaxBoxOffset, a, b)
	}
	if err := checkScale("box width b − a", b-a); err != nil {
		return Box{}, err
	}
	return Box{d: d, a: a, b: b, l: b - a}, nil
}

// Lo returns a, the lower bound of every coordinate.
func (bx Box) Lo() float64 { return bx.a }

// Hi returns b, the upper bound of every coordinate.
func (bx Box) Hi() float64 { return bx.b }

// Dim returns d.
func (bx Box) Dim() int { return bx.d }

// PrimalLen returns 3d: x, p = x − a, q = b − x.
func (bx Box) PrimalLen() int { return 3 * bx.d }

// setSlacks writes coordinate i of a primal point from the distance near to
// the nearer face and far = b − a − near to the other one; upper says the
// nearer face is b. The chart coordinate is computed from the nearer face,
// where it is most accurate.
func (bx Box) setSlacks(x []float64, i int, upper bool, near, far float64) {
	d := bx.d
	if upper {
		x[i], x[d+i], x[2*d+i] = bx.b-near, far, near
	} else {
		x[i], x[d+i], x[2*d+i] = bx.a+near, near, far
	}
}

// Lift writes (v, v − a, b − v) into dst.
func (bx Box) Lift(dst, v []float64) []float64 {
	d := bx.d
	dst = vec.Grow(dst, 3*d)
	for i := range d {
		e := v[i]
		dst[i], dst[d+i], dst[2*d+i] = e, e-bx.a, bx.b-e
	}
	return dst
}

// Project writes the projection onto [a, b]^d, the coordinatewise clip, into
// dst: a clipped coordinate lies exactly on its face (slack 0).
func (bx Box) Project(dst, v []float64) []float64 {
	d := bx.d
	dst = vec.Grow(dst, 3*d)
	for i := range d {
		e := v[i]
		switch {
		case e <= bx.a:
			dst[i], dst[d+i], dst[2*d+i] = bx.a, 0, bx.l
		case e >= bx.b:
			dst[i], dst[d+i], dst[2*d+i] = bx.b, bx.l, 0
		default:
			dst[i], dst[d+i], dst[2*d+i] = e, e-bx.a, bx.b-e
		}
	}
	return dst
}

// Distance returns minᵢ min(pᵢ, qᵢ).
func (bx Box) Distance(x []float64) float64 {
	d := bx.d
	dist := math.Inf(1)
	for _, e := range x[d : 3*d] {
		dist = min(dist, e)
	}
	return dist
}

// Intervals writes [a, b] for every coordinate (Product).
func (bx Box) Intervals(lo, hi []float64) {
	for j := range bx.d {
		lo[j], hi[j] = bx.a, bx.b
	}
}

// Scale returns b − a.
func (bx Box) Scale() float64 { return bx.l }

// Shown returns the d chart coordinates.
func (bx Box) Shown() (offset, width int) { return 0, bx.d }

// DrawChart draws the uniform law on [a, b]^d.
func (bx Box) DrawChart(v []float64, r *rng.Stream, _ []float64) {
	for j := range v[:bx.d] {
		v[j] = bx.a + bx.l*r.Uniform()
	}
}

// Inside reports whether every pᵢ and qᵢ is positive.
func (bx Box) Inside(x []float64) bool {
	for _, e := range x[bx.d : 3*bx.d] {
		if !(e > 0) {
			return false
		}
	}
	return true
}

// FermiDiracBox is the Fermi–Dirac (bit-entropy) mirror map on the box
// [a, b]^d, L = b − a, u = (x − a)/L = p/L:
//
//	φ(x) = L Σᵢ [uᵢ log uᵢ + (1 − uᵢ) log(1 − uᵢ)],
//	∇φ(x) = logit u = log(p/q),  ∇φ*(y) = a + L·sigmoid(y),
//	∇²φ(x) = diag(L/(p q)),  log det ∇²φ*(y) = Σ log(p q/L),
//
// (docs/math.md, the affine image of the box [0,1]^d row). The factor L makes
// the map affine-invariant: its dual coordinates are log-odds whatever the
// box. The dual region is |yᵢ| ≤ DualBound (300: every slack ≥ L·e^{−300}
// ≈ 5·10⁻¹³¹·L, a normal number) and the trust region |Δyᵢ| ≤ MoveBound (20,
// a factor e²⁰ in the odds), for the simplex's reasons.
type FermiDiracBox struct {
	Box
}

var _ Map = FermiDiracBox{}

// NewFermiDiracBox returns the Fermi–Dirac map on [a, b]^d (see NewBox).
func NewFermiDiracBox(d int, a, b float64) (FermiDiracBox, error) {
	bx, err := NewBox(d, a, b)
	return FermiDiracBox{bx}, err
}

// NoiseLen returns d.
func (m FermiDiracBox) NoiseLen() int { return m.d }

// Grad writes yᵢ = log(pᵢ/qᵢ) into dst.
func (m FermiDiracBox) Grad(dst, x []float64) []float64 {
	d := m.d
	dst = vec.Grow(dst, d)
	for i := range d {
		p, q := x[d+i], x[2*d+i]
		r := p / q
		if r == 0 || math.IsInf(r, 0) { // the ratio under- or overflowed
			dst[i] = purefloat.Log(p) - purefloat.Log(q)
		} else {
			dst[i] = purefloat.Log(r)
		}
	}
	return dst
}

// GradConj writes x = ∇φ*(y) into dst: the slack to the nearer face is
// L·sigmoid(−|y|) = L·e^{−|y|}/(1 + e^{−|y|}) and the other one L/(1 + e^{−|y|}),
// both without cancellation (1 − u is never formed as 1 − u); y > 0 puts
// the nearer face at b. For |y| > 745 the nearer slack underflows to 0.
func (m FermiDiracBox) GradConj(dst, y []float64) []float64 {
	d := m.d
	dst = vec.Grow(dst, 3*d)
	for i := range d {
		e := purefloat.Exp(-math.Abs(y[i]))
		m.setSlacks(dst, i, y[i] > 0, m.l*(e/(1+e)), m.l/(1+e))
	}
	return dst
}

// HessSqrtMul writes ζᵢ = ξᵢ √(L/(pᵢqᵢ)) into dst.
func (m FermiDiracBox) HessSqrtMul(dst, x, xi []float64) []float64 {
	d := m.d
	dst = vec.Grow(dst, d)
	for i := range d {
		dst[i] = xi[i] / math.Sqrt(x[d+i]*(x[2*d+i]/m.l))
	}
	return dst
}

// HessDiag writes L/(pᵢqᵢ) into dst.
func (m FermiDiracBox) HessDiag(dst, x []float64) []float64 {
	d := m.d
	dst = vec.Grow(dst, d)
	for i := range d {
		dst[i] = 1 / (x[d+i] * (x[2*d+i] / m.l))
	}
	return dst
}

// InvHessMul writes vᵢ pᵢqᵢ/L into dst. dst may be v.
func (m FermiDiracBox) InvHessMul(dst, x, v []float64) []float64 {
	d := m.d
	dst = vec.Grow(dst, d)
	for i := range d {
		dst[i] = v[i] * x[d+i] * (x[2*d+i] / m.l)
	}
	return dst
}

// GradLogDetHessConj writes 1 − 2uᵢ = (qᵢ − pᵢ)/L into dst
// (d/dy log(u(1−u)) with du/dy = u(1 − u); docs/math.md).
func (m FermiDiracBox) GradLogDetHessConj(dst, x []float64) []float64 {
	d := m.d
	dst = vec.Grow(dst, d)
	for i := range d {
		dst[i] = (x[2*d+i] - x[d+i]) / m.l
	}
	return dst
}

// DualBound returns DualBound (300).
func (m FermiDiracBox) DualBound() float64 { return DualBound }

// ClampDual cuts each yᵢ to ±DualBound.
func (m FermiDiracBox) ClampDual(y []float64) int { return vec.ClampEach(y[:m.d], DualBound) }

// LimitMove cuts each Δyᵢ to ±MoveBound, whatever y.
func (m FermiDiracBox) LimitMove(dy, y []float64) int { return vec.ClampEach(dy[:m.d], MoveBound) }

// LogBarrierBox is the log-barrier mirror map on the box [a, b]^d,
// p = x − a, q = b − x, L = b − a:
//
//	φ(x) = −Σᵢ [log pᵢ + log qᵢ],  ∇φ(x) = 1/q − 1/p,
//	∇²φ(x) = diag(h),  h = 1/p² + 1/q²,  log det ∇²φ*(y) = −Σ log h,
//
// (docs/math.md; the logarithmic barrier of interior-point methods, Nesterov
// & Nemirovski 1994). ∇φ*(y) solves y p² + (2 − yL) p − L = 0 per
// coordinate; see GradConj for the stable root.
//
// Its dual coordinates scale like 1/distance (y ≈ −1/p near the face at a).
// The dual region is |yᵢ| ≤ DualBound() = 1/(BarrierDistance·L), which keeps
// every slack ≥ BarrierDistance·L = 10⁻¹²·L and h ≤ 10²⁴/L²; the trust
// region is relative, |Δyᵢ| ≤ BarrierTrust·|yᵢ| + 2/L (see BarrierTrust for
// why an absolute MoveBound is wrong for this map).
type LogBarrierBox struct {
	Box
}

var _ Map = LogBarrierBox{}

// NewLogBarrierBox returns the log-barrier map on [a, b]^d (see NewBox).
func NewLogBarrierBox(d int, a, b float64) (LogBarrierBox, error) {
	bx, err := NewBox(d, a, b)
	return LogBarrierBox{bx}, err
}

// NoiseLen returns d.
func (m LogBarrierBox) NoiseLen() int { return m.d }

// Grad writes yᵢ = 1/qᵢ − 1/pᵢ into dst.
func (m LogBarrierBox) Grad(dst, x []float64) []float64 {
	d := m.d
	dst = vec.Grow(dst, d)
	for i := range d {
		dst[i] = 1/x[2*d+i] - 1/x[d+i]
	}
	return dst
}

// GradConj writes x = ∇φ*(y) into dst. Of the two roots of
// y p² + (2 − yL) p − L = 0 the one in (0, L) is, in the form without
// cancellation, p = 2L/(2 − yL + √(4 + y²L²)) for y ≤ 0 and
// p = (yL − 2 + √(4 + y²L²))/(2y) for y > 0; by the symmetry p ↔ q, y ↔ −y,
// the slack to the nearer face (a for y ≤ 0, b for y > 0) is in both cases
//
//	near = 2L/(2 + |y|L + √(4 + y²L²)) = 2/(2/L + |y| + hypot(2/L, y)) ∈ (0, L/2],
//
// a sum of positive terms, and the other one is L − near ≥ L/2, also without
// cancellation. The second form cannot overflow; near underflows to 0 only
// for |y| near the largest float64.
func (m LogBarrierBox) GradConj(dst, y []float64) []float64 {
	d := m.d
	dst = vec.Grow(dst, 3*d)
	c := 2 / m.l
	for i := range d {
		yi := y[i]
		near := 2 / (c + math.Abs(yi) + purefloat.Hypot(c, yi))
		m.setSlacks(dst, i, yi > 0, near, m.l-near)
	}
	return dst
}

// HessSqrtMul writes ζᵢ = ξᵢ √(1/pᵢ² + 1/qᵢ²) into dst.
func (m LogBarrierBox) HessSqrtMul(dst, x, xi []float64) []float64 {
	d := m.d
	dst = vec.Grow(dst, d)
	for i := range d {
		dst[i] = xi[i] * purefloat.Hypot(1/x[d+i], 1/x[2*d+i])
	}
	return dst
}

// HessDiag writes hᵢ = 1/pᵢ² + 1/qᵢ² into dst.
func (m LogBarrierBox) HessDiag(dst, x []float64) []float64 {
	d := m.d
	dst = vec.Grow(dst, d)
	for i := range d {
		p, q := x[d+i], x[2*d+i]
		dst[i] = 1/(p*p) + 1/(q*q)
	}
	return dst
}

// InvHessMul writes vᵢ/hᵢ = vᵢ (pq/hypot(p, q))² into dst. dst may be v.
func (m LogBarrierBox) InvHessMul(dst, x, v []float64) []float64 {
	d := m.d
	dst = vec.Grow(dst, d)
	for i := range d {
		p, q := x[d+i], x[2*d+i]
		t := p / purefloat.Hypot(p, q) * q
		dst[i] = v[i] * t * t
	}
	return dst
}

// GradLogDetHessConj writes ∂/∂yᵢ(−log hᵢ) = −h′/h² = (2/p³ − 2/q³)/h² into
// dst, in the form
//
//	(2/p³ − 2/q³)/h² = 2pq(q³ − p³)/(p² + q²)² = 2(q − p)·w(1 + w),  w = pq/(p² + q²) ∈ (0, ½],
//
// which neither overflows nor cancels (q − p is a difference of slacks, not
// of chart coordinates).
func (m LogBarrierBox) GradLogDetHessConj(dst, x []float64) []float64 {
	d := m.d
	dst = vec.Grow(dst, d)
	for i := range d {
		p, q := x[d+i], x[2*d+i]
		n := purefloat.Hypot(p, q)
		w := (p / n) * (q / n)
		dst[i] = 2 * (q - p) * w * (1 + w)
	}
	return dst
}

// DualBound returns 1/(BarrierDistance·L).
func (m LogBarrierBox) DualBound() float64 { return 1 / (BarrierDistance * m.l) }

// ClampDual cuts each yᵢ to ±DualBound().
func (m LogBarrierBox) ClampDual(y []float64) int { return vec.ClampEach(y[:m.d], m.DualBound()) }

// LimitMove cuts each Δyᵢ to ±(BarrierTrust·|yᵢ| + 2/L).
func (m LogBarrierBox) LimitMove(dy, y []float64) int {
	n := 0
	c := 2 / m.l
	for i, e := range dy[:m.d] {
		b := BarrierTrust*math.Abs(y[i]) + c
		if e > b {
			dy[i] = b
			n++
		} else if e < -b {
			dy[i] = -b
			n++
		}
	}
	return n
}
