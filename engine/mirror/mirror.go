// Package mirror holds the domains the particles live on and their mirror
// maps, one file per domain with its maps: the simplex (entropic), the box
// (Fermi–Dirac, log-barrier), the ball and the polygon (log-barrier), the
// orthant (entropic), the plane (Euclidean) and the spectraplex (von
// Neumann). Each type knows its own scale, the coordinates a particle shows,
// its distance to the boundary, its initial law and, through the small
// optional interfaces below, what else a caller may ask of it (a block of
// points at a time, boundary counting, barrier flooring, a centre, a
// spectrum). The maps and their formulas are tabled in docs/math.md.
package mirror

import (
	"fmt"

	"github.com/mmfld/playground/engine/internal/rng"
	"github.com/mmfld/playground/engine/internal/vec"
)

// Domain is a convex set X ⊂ ℝᵈ as the primal methods (projected MFLD,
// MFLD) and the metrics see it.
//
// # Primal points
//
// A primal point is PrimalLen() numbers: the d chart coordinates x ∈ ℝᵈ
// first, then the slacks the domain needs to keep its barrier terms accurate
// near the boundary, where a slack computed from x alone (1 − Σx, R² − ‖x‖²,
// b − x) cancels to nothing:
//
//	simplex  d+1: x₁ … x_d, x_{d+1} = 1 − Σx          (barycentric coordinates)
//	box      3d:  x, p = x − a, q = b − x             (distances to both faces)
//	ball     d+1: x, s = R² − ‖x‖²
//	polygon  2+m: x, sₖ = nₖ·(vₖ − x)                 (distances to the m edge lines)
//	orthant  d:   x                                   (x is its own slack)
//	ℝᵈ       d:   x
//	spectraplex  D+n+2n²: chart, eigenvalues x of X, eigenvectors U, matrix Σ
//	              (n = dim+1, D = n(n+1)/2 − 1; see Spectraplex)
//
// The mirror maps compute these slacks from the dual point directly, with
// full relative precision even where the chart coordinates can no longer
// resolve the distance to the boundary (x = a + p rounds to a when p is below
// ulp(a)); methods that take a primal point read the slacks, never recompute
// them from x. Objectives and metrics read x[:Dim()].
//
// Outputs go into dst by the engine's one rule (see vec.Grow): written in place
// when dst is long enough, into a new slice otherwise, and returned; inputs
// are never modified. The methods allocate nothing when dst is long enough
// (EntropicSimplex.Project: for d ≤ 64), and are safe for concurrent use.
type Domain interface {
	// Dim returns d, the dimension of the chart (and of the dual space).
	Dim() int
	// PrimalLen returns the length of a primal point.
	PrimalLen() int
	// Lift writes the primal point whose chart coordinates are v (d numbers),
	// its slacks computed from v, into dst and returns it. v may lie outside
	// the domain; then some slack is negative.
	Lift(dst, v []float64) []float64
	// Project writes the Euclidean projection of the chart point v onto the
	// closed domain into dst, as a primal point whose slacks are ≥ 0, and
	// returns it. A point on the boundary has some slack exactly 0.
	Project(dst, v []float64) []float64
	// Distance returns the Euclidean distance of the primal point x to the
	// boundary, computed from the slacks, when x is inside, and a number ≤ 0
	// when x is on the boundary or outside.
	Distance(x []float64) float64
	// Inside reports whether the primal point x lies in the open domain: all
	// its slacks are positive.
	Inside(x []float64) bool
	// Scale returns the domain's length scale: b − a for the box, R for the
	// ball, the polygon's diameter, 1 otherwise. Metrics.BoundaryMass counts
	// the particles within BoundaryEps·Scale of the boundary.
	Scale() float64
	// Shown returns where the coordinates a particle shows (System.Primal,
	// Metrics.Mean) start in its primal point, and how many there are: the
	// d+1 barycentric coordinates on the simplex, the (d+1)² matrix entries
	// on the spectraplex, the d chart coordinates elsewhere.
	Shown() (offset, width int)
}

// A BoundaryCounter is a domain with its own rule for the metrics: whether
// the primal point x is outside the domain (the open one if open, else the
// closed one) or near its boundary. Domains without one are counted by
// Distance, Inside and Scale.
type BoundaryCounter interface {
	CountPoint(x []float64, open bool) (outside, near bool)
}

// A ChartDrawer is a domain with an initial law for the particles
// (uniform where the domain is bounded): DrawChart writes a chart point
// drawn from it into v, using scratch (PrimalLen numbers) as it needs.
// Every domain but the simplex is one; the System draws their dual points
// through integrate.State.DualOfChart.
type ChartDrawer interface {
	DrawChart(v []float64, r *rng.Stream, scratch []float64)
}

// A DualDrawer is a map that draws the dual point of an initial particle
// itself, where a chart point would lose digits (the simplex near a
// vertex).
type DualDrawer interface {
	DrawDual(y []float64, r *rng.Stream)
}

// A Spectral domain holds matrices, whose particles are also shown by their
// spectra (the spectraplex).
type Spectral interface {
	// SpectrumLen returns the number of eigenvalues of a point.
	SpectrumLen() int
	// Spectrum writes the eigenvalues of the primal point x, in decreasing
	// order, into dst and returns it (dst follows vec.Grow's rule).
	Spectrum(dst, x []float64) []float64
}

// Map is a mirror map φ of Legendre type on the interior of a convex
// domain X ⊂ ℝᵈ: strictly convex, smooth, with ‖∇φ‖ → ∞ at the boundary, so
// that ∇φ maps the interior onto the dual space ℝᵈ and ∇φ* = (∇φ)⁻¹ maps it
// back (Gu & Kim, arXiv 2505.02621; the maps are tabled in docs/math.md).
//
// Primal points are as described at Domain; dual points are d numbers. The
// Hessian methods take the primal point x = ∇φ*(y) that GradConj returned
// (with its slacks), not y, so a step evaluates ∇φ* once per point.
//
// The engine keeps dual points in a region where every formula is finite and
// accurate: it bounds each move with LimitMove and each point with ClampDual
// (both counted, as Metrics.Clamped). GradConj of a point in that region is
// strictly inside X with positive, normal slacks; all other methods are then
// finite.
type Map interface {
	Domain

	// NoiseLen returns how many standard normal numbers HessSqrtMul reads:
	// d+1 for the simplex, n(n+1)/2 = d+1 for the spectraplex, d otherwise.
	NoiseLen() int
	// Grad writes the dual point y = ∇φ(x) (d numbers) into dst and returns
	// it. x must be inside the domain; on the boundary y is infinite.
	Grad(dst, x []float64) []float64
	// GradConj writes the primal point x = ∇φ*(y) into dst and returns it.
	// For y in the dual region (see ClampDual) x is strictly inside; for any
	// finite y, x is finite and in the closed domain (never NaN).
	GradConj(dst, y []float64) []float64
	// HessSqrtMul writes ζ = S ξ (d numbers) into dst and returns it, where
	// S Sᵀ = ∇²φ(x) and ξ has NoiseLen entries: with ξ standard normal, ζ is
	// normal with covariance ∇²φ(x), the MMFLD dual noise per unit 2λη.
	HessSqrtMul(dst, x, xi []float64) []float64
	// HessDiag writes the diagonal of ∇²φ(x) into dst and returns it: the
	// variances of the coordinates of HessSqrtMul's ζ (adaptive substeps).
	HessDiag(dst, x []float64) []float64
	// InvHessMul writes [∇²φ(x)]⁻¹ v = ∇²φ*(y) v, y = ∇φ(x), into dst and
	// returns it (the drift of mirrored Langevin). dst may be v.
	InvHessMul(dst, x, v []float64) []float64
	// GradLogDetHessConj writes ∇_y log det ∇²φ*(y) at y = ∇φ(x) into dst
	// and returns it (the entropy drift of mirrored Langevin, Hsieh et al. 2018).
	GradLogDetHessConj(dst, x []float64) []float64
	// DualBound returns the size of the dual region: the largest |yᵢ| kept,
	// or, for the ball, the polygon and the spectraplex, the largest ‖y‖.
	DualBound() float64
	// ClampDual cuts y in place to the dual region and returns the number of
	// cuts made (0 if y was inside). NaN passes through for the caller to
	// refuse.
	ClampDual(y []float64) int
	// LimitMove cuts the proposed dual move dy from the dual point y in place
	// to the map's trust region and returns the number of cuts made (0 if dy
	// was inside). It bounds a drift or a noise move separately; NaN passes
	// through, and a non-finite dy may come back non-finite, for the caller
	// to refuse.
	LimitMove(dy, y []float64) int
}

// WarmGradConj is implemented by maps whose ∇φ* is iterative (PolygonBarrier).
// GradConjFrom computes GradConj(dst, y) starting from the primal point x0
// inside the domain, typically the particle's previous position: after a
// dual move within the trust region this takes a few Newton steps instead
// of a path from the centre. dst may be x0. A caller finds it by type
// assertion.
type WarmGradConj interface {
	GradConjFrom(dst, y, x0 []float64) []float64
}

// A Product domain is a product of intervals, one a chart coordinate (the
// box, the orthant, the plane): Intervals writes their ends into lo and hi
// (d numbers each, ±Inf where a coordinate is unbounded). The laws known
// exactly on such a domain are products too (the engine's targets).
type Product interface {
	Intervals(lo, hi []float64)
}

// A BarrierFloorer is a domain whose objectives may have barrier terms that
// are infinite on its boundary, which the primal methods reach.
// FloorBarrier returns the primal points of x as the objective is to see
// them, written into dst if they differ from x (on the simplex every
// barycentric coordinate at least FaceFloor; on the spectraplex x itself,
// the objective flooring the eigenvalues), and how many of their
// coordinates (eigenvalues) are below FaceFloor.
type BarrierFloorer interface {
	FloorBarrier(dst, x []float64) (seen []float64, floored int)
}

// A Centrer is a map whose chart has a centre other than DefaultCenter's
// (the spectraplex: the chart of I/n; Config.Center has dim entries there,
// not the chart's n(n+1)/2 − 1).
type Centrer interface {
	ChartCentre() []float64
}

// A DualOfPrimaler is a mirror map with its own rule for the dual point of
// a primal point on (or beyond) the boundary, where ∇φ is infinite.
type DualOfPrimaler interface {
	DualOfPrimal(y, x []float64)
}

// BlockMap is what a step needs of a mirror map, for a block of points at
// once: one call a phase of a step instead of one a particle, which is what
// WebAssembly (where a call costs more than a particle's arithmetic)
// rewards, and room for a map to shape its loops (EntropicSimplex). Dual
// points are d numbers each, primal points PrimalLen.
type BlockMap interface {
	// moveBlock writes dst = y + scale·dy point by point, each move
	// scale·dy first cut to the trust region (LimitMove) and each result
	// then to the dual region (ClampDual), and returns the number of cuts.
	// A point whose result is not finite gets ok[i] = false (its dst is then
	// unusable); the others leave ok[i] as it was. dy may be changed; dst
	// may be y. (The scale, −η for a drift and √(2λh) for a noise move,
	// saves the integrators a pass over the block.)
	MoveBlock(dst, y, dy []float64, scale float64, ok []bool) int
	// conjBlock writes x = ∇φ*(y) for each point; from, if not nil, holds
	// primal points to start an iterative ∇φ* from (WarmGradConj), and may
	// be x.
	ConjBlock(x, y, from []float64)
	// noiseBlock writes ζ = S ξ (HessSqrtMul) for each point: x primal
	// points, ξ NoiseLen numbers a point.
	NoiseBlock(zeta, x, xi []float64)
}

// Blocks returns m's own block methods, or a loop over its point
// methods.
func Blocks(m Map) BlockMap {
	if b, ok := m.(BlockMap); ok {
		return b
	}
	w, _ := m.(WarmGradConj)
	return pointwise{m: m, warm: w}
}

// pointwise is the block form of a map's point methods.
type pointwise struct {
	m    Map
	warm WarmGradConj // nil if m's ∇φ* is not iterative
}

// MoveBlock moves the points one at a time (BlockMap.MoveBlock).
func (b pointwise) MoveBlock(dst, y, dy []float64, scale float64, ok []bool) int {
	d, cuts := b.m.Dim(), 0
	for i := range ok {
		yi, dyi, di := y[i*d:(i+1)*d], dy[i*d:(i+1)*d], dst[i*d:(i+1)*d]
		for j := range dyi {
			dyi[j] *= scale
		}
		cuts += b.m.LimitMove(dyi, yi)
		for j := range di {
			di[j] = yi[j] + dyi[j]
		}
		if !vec.AllFinite(di) {
			ok[i] = false
			continue
		}
		cuts += b.m.ClampDual(di)
	}
	return cuts
}

// ConjBlock maps the points one at a time (BlockMap.ConjBlock).
func (b pointwise) ConjBlock(x, y, from []float64) {
	d, p := b.m.Dim(), b.m.PrimalLen()
	for i, k := 0, 0; k+d <= len(y); i, k = i+p, k+d {
		if b.warm != nil && from != nil {
			b.warm.GradConjFrom(x[i:i+p], y[k:k+d], from[i:i+p])
		} else {
			b.m.GradConj(x[i:i+p], y[k:k+d])
		}
	}
}

// NoiseBlock writes the noise moves one point at a time (BlockMap.NoiseBlock).
func (b pointwise) NoiseBlock(zeta, x, xi []float64) {
	d, p, l := b.m.Dim(), b.m.PrimalLen(), b.m.NoiseLen()
	for i, k, j := 0, 0, 0; k+d <= len(zeta); i, k, j = i+p, k+d, j+l {
		b.m.HessSqrtMul(zeta[k:k+d], x[i:i+p], xi[j:j+l])
	}
}

// BoundaryEps is the distance to a face within which a particle counts
// towards Metrics.BoundaryMass: some barycentric coordinate below 1e-3.
const BoundaryEps = 1e-3

// PrimalBound bounds the chart coordinates of plain MFLD, which may leave
// the domain: a coordinate beyond ±PrimalBound is clamped and counted, so
// that the mean-field terms stay finite.
const PrimalBound = 1e6

// BarrierDistance is the relative distance to the boundary that the dual
// region of a log-barrier map keeps: DualBound is chosen so that every slack
// of ∇φ*(y) is at least about BarrierDistance times the domain's scale (b − a,
// R or the polygon's diameter). Slacks are carried separately from the chart coordinates, so they
// stay positive for any dual point; the bound keeps the chart coordinates
// meaningful (a chart coordinate resolves a distance of 10⁻¹² times the scale
// when the domain's offset is at most ~10³ times its scale) and the Hessian
// (∝ 1/distance²) far from overflow.
const BarrierDistance = 1e-12

// BarrierTrust is the trust region of a log-barrier map's dual moves. Their
// dual coordinates scale like 1/distance, so a bound in absolute units is
// wrong at one end or the other: one that lets a particle move in the middle
// of the domain is useless near a face, where |y| ~ 10¹², and one that helps
// there lets a particle in the middle cross the domain. The log-barrier maps
// therefore bound a move relative to the point it starts from,
//
//	|Δy| ≤ BarrierTrust·|y| + 2/scale    (per coordinate for the box, in norm for the ball and polygon),
//
// so that near a face the distance to it changes by at most a factor
// 1/(1 − BarrierTrust) = 2 outwards and 1 + BarrierTrust inwards in one step.
// The hazard it removes: with y ≈ −1/p near the face p = 0, a noise move
// √(2λη)ξ/p or a barrier drift ηβ/p larger than 2/p lands near the opposite
// face, where the Hessian is as large, and the particle bounces between faces
// (the simplex's MoveBound story). An Euler step larger than the trust region
// means nothing anyway: the metric changes by a factor ~4 across it. In the
// middle of the domain the bound is 2/scale (from the centre, 40% of the way
// to a box face, 60% to the sphere), far beyond typical moves there
// (√(2λη)·√8/scale ≈ 0.07/scale for λ = 0.1, η = 3e-3).
const BarrierTrust = 0.5

// Domain scales (b − a, R) the maps accept. Within them every formula is
// finite and normal in the dual region with room to spare (the log-barrier
// Hessians stay ≤ 10⁴⁰, the slacks ≥ 10⁻¹³⁹).
const (
	MinDomainScale, MaxDomainScale = 1e-8, 1e8
)

// checkDim returns an error unless d ≥ 1.
func checkDim(what string, d int) error {
	if d < 1 {
		return fmt.Errorf("engine: %s needs dimension d ≥ 1 (got %d)", what, d)
	}
	return nil
}

// checkScale returns an error unless v is a number in [MinDomainScale, MaxDomainScale].
func checkScale(what string, v float64) error {
	if !(v >= MinDomainScale && v <= MaxDomainScale) { // also refuses NaN
		return fmt.Errorf("engine: %s must be in [%g, %g] (got %g)", what, MinDomainScale, MaxDomainScale, v)
	}
	return nil
}
