package mirror

import (
	"fmt"
	"math"
	"slices"

	"github.com/mmfld/playground/engine/internal/purefloat"
	"github.com/mmfld/playground/engine/internal/rng"
	"github.com/mmfld/playground/engine/internal/vec"
)

// MaxPolygonVertices bounds the number of vertices of a Polygon: every
// method costs O(m) per call (Newton steps for GradConj).
const MaxPolygonVertices = 64

// polygonTurnTol is the smallest |sin| of the turn at a vertex that
// NewPolygon accepts: a turn closer to 0 (three vertices on a line) or to π
// (a spike) makes two constraints nearly parallel and the barrier's Hessian
// singular to working precision there.
const polygonTurnTol = 1e-6

// Polygon is a convex polygon in the plane, {x ∈ ℝ² : nₖ·x ≤ nₖ·vₖ}, with
// vertices vₖ in counter-clockwise order and nₖ the outward unit normal of
// the edge from vₖ to vₖ₊₁. Its primal points are 2 + m numbers: the chart
// coordinates x, then the m slacks sₖ = nₖ·(vₖ − x), each the distance to the
// line of edge k (see Domain). The zero value is not usable; use NewPolygon.
type Polygon struct {
	m      int
	vx, vy []float64 // vertices, counter-clockwise
	nx, ny []float64 // outward unit normals of the edges k → k+1
	scale  float64   // the diameter
	shape  float64   // min(1, minₖ 2 sin(αₖ/2)), αₖ the interior angles
	centre []float64 // the analytic centre, a primal point
}

var _ Domain = Polygon{}

// NewPolygon returns the convex polygon with the given vertices, which must
// be 3 to MaxPolygonVertices finite points with coordinates within
// ±MaxBoxOffset, in convex position, listed in order around the polygon:
// clockwise order is accepted and reversed. It refuses, naming the vertex,
// repeated vertices, three vertices on a line, a turn the other way (not
// convex), a polygon that winds around more than once (a star), and a
// diameter or width outside [MinDomainScale, MaxDomainScale].
func NewPolygon(vertices [][2]float64) (Polygon, error) {
	m := len(vertices)
	if m < 3 || m > MaxPolygonVertices {
		return Polygon{}, fmt.Errorf("engine: polygon: needs 3 to %d vertices (got %d)", MaxPolygonVertices, m)
	}
	for k, v := range vertices {
		if !(math.Abs(v[0]) <= MaxBoxOffset && math.Abs(v[1]) <= MaxBoxOffset) {
			return Polygon{}, fmt.Errorf("engine: polygon: vertex %d = %v must have coordinates in [%g, %g]", k, v, -MaxBoxOffset, MaxBoxOffset)
		}
	}
	pg := Polygon{m: m, vx: make([]float64, m), vy: make([]float64, m), nx: make([]float64, m), ny: make([]float64, m)}
	for k, v := range vertices {
		pg.vx[k], pg.vy[k] = v[0], v[1]
	}
	for i := range m {
		for j := range i {
			pg.scale = max(pg.scale, purefloat.Hypot(pg.vx[i]-pg.vx[j], pg.vy[i]-pg.vy[j]))
		}
	}
	if err := checkScale("polygon: diameter", pg.scale); err != nil {
		return Polygon{}, err
	}
	// Twice the signed area (shoelace); negative means clockwise.
	area := 0.0
	for k := range m {
		l := (k + 1) % m
		area += (pg.vx[k]-pg.vx[0])*(pg.vy[l]-pg.vy[0]) - (pg.vx[l]-pg.vx[0])*(pg.vy[k]-pg.vy[0])
	}
	if area < 0 {
		for i, j := 0, m-1; i < j; i, j = i+1, j-1 {
			pg.vx[i], pg.vx[j] = pg.vx[j], pg.vx[i]
			pg.vy[i], pg.vy[j] = pg.vy[j], pg.vy[i]
		}
	}
	for k := range m {
		l := (k + 1) % m
		ex, ey := pg.vx[l]-pg.vx[k], pg.vy[l]-pg.vy[k]
		n := purefloat.Hypot(ex, ey)
		if !(n > polygonTurnTol*pg.scale) {
			return Polygon{}, fmt.Errorf("engine: polygon: vertices %d and %d coincide", k, l)
		}
		pg.nx[k], pg.ny[k] = ey/n, -ex/n
	}
	turning := 0.0
	pg.shape = 1
	for k := range m {
		j := (k + m - 1) % m // edge j ends at vertex k, edge k starts there
		sin := pg.nx[j]*pg.ny[k] - pg.ny[j]*pg.nx[k]
		cos := pg.nx[j]*pg.nx[k] + pg.ny[j]*pg.ny[k]
		switch {
		case math.Abs(sin) <= polygonTurnTol && cos > 0:
			return Polygon{}, fmt.Errorf("engine: polygon: vertex %d lies on the line through its neighbours; drop it", k)
		case math.Abs(sin) <= polygonTurnTol:
			return Polygon{}, fmt.Errorf("engine: polygon: the polygon folds back on itself at vertex %d", k)
		case sin < 0:
			return Polygon{}, fmt.Errorf("engine: polygon: not convex at vertex %d (vertices must be in convex position, in order around the polygon)", k)
		}
		turn := math.Atan2(sin, cos) // π − the interior angle
		turning += turn
		pg.shape = min(pg.shape, 2*math.Cos(turn/2))
	}
	if math.Abs(turning-2*math.Pi) > 1e-6 {
		return Polygon{}, fmt.Errorf("engine: polygon: the vertices wind around %.0f times; list them once around the polygon", turning/(2*math.Pi))
	}
	width := math.Inf(1)
	for k := range m {
		far := 0.0
		for j := range m {
			far = max(far, pg.nx[k]*(pg.vx[k]-pg.vx[j])+pg.ny[k]*(pg.vy[k]-pg.vy[j]))
		}
		width = min(width, far)
	}
	if err := checkScale("polygon: width", width); err != nil {
		return Polygon{}, err
	}
	// The analytic centre (∇φ = 0), by Newton from the vertex average.
	c := make([]float64, 2+m)
	var cx, cy float64
	for k := range m {
		cx += pg.vx[k] / float64(m)
		cy += pg.vy[k] / float64(m)
	}
	pg.Lift(c, []float64{cx, cy})
	pg.solve(c, []float64{0, 0})
	pg.centre = c
	return pg, nil
}

// Vertices returns the vertices in counter-clockwise order.
func (pg Polygon) Vertices() [][2]float64 {
	v := make([][2]float64, pg.m)
	for k := range v {
		v[k] = [2]float64{pg.vx[k], pg.vy[k]}
	}
	return v
}

// Dim returns 2.
func (pg Polygon) Dim() int { return 2 }

// PrimalLen returns 2 + m.
func (pg Polygon) PrimalLen() int { return 2 + pg.m }

// slack returns nₖ·(vₖ − (x, y)), differences of points first.
func (pg Polygon) slack(k int, x, y float64) float64 {
	return pg.nx[k]*(pg.vx[k]-x) + pg.ny[k]*(pg.vy[k]-y)
}

// Lift writes (v, s₁ … s_m) into dst, sₖ = nₖ·(vₖ − v).
func (pg Polygon) Lift(dst, v []float64) []float64 {
	dst = vec.Grow(dst, 2+pg.m)
	x, y := v[0], v[1]
	dst[0], dst[1] = x, y
	for k := range pg.m {
		dst[2+k] = pg.slack(k, x, y)
	}
	return dst
}

// Project writes the Euclidean projection onto the closed polygon into dst:
// v itself if it is inside, otherwise the nearest point of the nearest edge
// (Ericson, Real-Time Collision Detection, 2005, §5.1.2), with the slack of
// that edge (and, at a vertex, of both its edges) exactly 0.
func (pg Polygon) Project(dst, v []float64) []float64 {
	m := pg.m
	dst = pg.Lift(dst, v)
	if pg.Distance(dst) >= 0 {
		return dst
	}
	best, bk, bt := math.Inf(1), 0, 0.0
	for k := range m {
		l := (k + 1) % m
		ex, ey := pg.vx[l]-pg.vx[k], pg.vy[l]-pg.vy[k]
		t := ((v[0]-pg.vx[k])*ex + (v[1]-pg.vy[k])*ey) / (ex*ex + ey*ey)
		t = min(max(t, 0), 1)
		dx, dy := v[0]-(pg.vx[k]+t*ex), v[1]-(pg.vy[k]+t*ey)
		if d2 := dx*dx + dy*dy; d2 < best {
			best, bk, bt = d2, k, t
		}
	}
	l := (bk + 1) % m
	var px, py float64
	switch bt {
	case 0:
		px, py = pg.vx[bk], pg.vy[bk]
	case 1:
		px, py = pg.vx[l], pg.vy[l]
	default:
		px, py = pg.vx[bk]+bt*(pg.vx[l]-pg.vx[bk]), pg.vy[bk]+bt*(pg.vy[l]-pg.vy[bk])
	}
	pg.Lift(dst, []float64{px, py})
	for k := range m {
		dst[2+k] = max(dst[2+k], 0)
	}
	dst[2+bk] = 0
	switch bt {
	case 0:
		dst[2+(bk+m-1)%m] = 0
	case 1:
		dst[2+l] = 0
	}
	return dst
}

// Distance returns minₖ sₖ: inside a convex polygon the distance to the
// boundary is the distance to the nearest edge line.
func (pg Polygon) Distance(x []float64) float64 {
	dist := math.Inf(1)
	for _, s := range x[2 : 2+pg.m] {
		dist = min(dist, s)
	}
	return dist
}

// Scale returns the polygon's diameter.
func (pg Polygon) Scale() float64 { return pg.scale }

// Shown returns the 2 chart coordinates.
func (pg Polygon) Shown() (offset, width int) { return 0, 2 }

// DrawChart draws the uniform law on the polygon by rejection from the
// vertices' bounding box.
func (pg Polygon) DrawChart(v []float64, r *rng.Stream, scratch []float64) {
	lo := [2]float64{slices.Min(pg.vx), slices.Min(pg.vy)}
	hi := [2]float64{slices.Max(pg.vx), slices.Max(pg.vy)}
	for {
		for j := range 2 {
			v[j] = lo[j] + (hi[j]-lo[j])*r.Uniform()
		}
		if pg.Inside(pg.Lift(scratch, v)) {
			return
		}
	}
}

// Inside reports whether every slack is positive.
func (pg Polygon) Inside(x []float64) bool {
	for _, s := range x[2 : 2+pg.m] {
		if !(s > 0) {
			return false
		}
	}
	return true
}

// hess2 is H = ∇²φ(x) = Σₖ nₖnₖᵀ/sₖ² written in an orthonormal frame
// (u, u⊥). Near an edge j the term nⱼnⱼᵀ/sⱼ² dominates; in the plane's frame
// det = h11·h22 − h12² would then cancel by a factor ~(1/sⱼ²)/(1/diameter²),
// up to 10²⁴, and a vector's small part along the edge would be the
// difference of large plane components. So when that weight exceeds 16
// times all the others together the frame is u = nⱼ, in which the dominant
// term is diag(1/sⱼ², 0) exactly and the determinant cancels only by terms
// no larger than rounding of the result; otherwise it is the plane's own
// frame (rotating would cost ulp·‖v‖ in every component for nothing).
type hess2 struct {
	c, s          float64 // u = (c, s)
	j             int     // the nearest edge
	rot           bool    // u = nⱼ; otherwise u = (1, 0)
	h11, h12, h22 float64
	det           float64
}

func (pg Polygon) hess(x []float64) hess2 {
	var na, nb [MaxPolygonVertices]float64
	return pg.hessNormals(x, na[:pg.m], nb[:pg.m])
}

// hessNormals is hess, writing each edge's normal in the frame
// (hess2.normal) into na, nb (m entries each), for a caller that goes over
// the edges again at the same point.
func (pg Polygon) hessNormals(x, na, nb []float64) hess2 {
	sl := x[2 : 2+pg.m]
	na, nb = na[:len(sl)], nb[:len(sl)]
	h := hess2{c: 1}
	rest := 0.0
	for k, v := range sl {
		if v < sl[h.j] {
			h.j = k
		}
		w := 1 / (v * v)
		na[k] = w // the weight, until the normal replaces it below
		rest += w
	}
	wj := na[h.j]
	if h.rot = wj > 16*(rest-wj); h.rot {
		h.c, h.s = pg.nx[h.j], pg.ny[h.j]
	}
	for k := range sl {
		w := na[k]
		a, b := h.normal(pg, k)
		na[k], nb[k] = a, b
		h.h11 += w * a * a
		h.h12 += w * a * b
		h.h22 += w * b * b
	}
	h.det = h.h11*h.h22 - h.h12*h.h12
	return h
}

// normal returns nₖ in the frame; for the nearest edge in its own frame,
// exactly (1, 0), so that no multiply-add leaves a rounding error there.
func (h hess2) normal(pg Polygon, k int) (a, b float64) {
	switch {
	case !h.rot:
		return pg.nx[k], pg.ny[k]
	case k == h.j:
		return 1, 0
	}
	return pg.nx[k]*h.c + pg.ny[k]*h.s, pg.ny[k]*h.c - pg.nx[k]*h.s
}

// toFrame and fromFrame change a vector's frame.
func (h hess2) toFrame(v0, v1 float64) (a, b float64) {
	if !h.rot {
		return v0, v1
	}
	return h.c*v0 + h.s*v1, h.c*v1 - h.s*v0
}

func (h hess2) fromFrame(p, q float64) (v0, v1 float64) {
	if !h.rot {
		return p, q
	}
	return h.c*p - h.s*q, h.s*p + h.c*q
}

// solveFrame returns H⁻¹(a, b) and (a, b)ᵀH⁻¹(a, b), all in the frame.
func (h hess2) solveFrame(a, b float64) (p, q, quad float64) {
	p = (h.h22*a - h.h12*b) / h.det
	q = (h.h11*b - h.h12*a) / h.det
	return p, q, max(a*p+b*q, 0)
}

// solve writes H⁻¹v into dst (2 entries, plane frame) and returns vᵀH⁻¹v.
func (h hess2) solve(dst []float64, v0, v1 float64) float64 {
	p, q, quad := h.solveFrame(h.toFrame(v0, v1))
	dst[0], dst[1] = h.fromFrame(p, q)
	return quad
}

// PolygonBarrier is the log-barrier mirror map on a convex polygon:
//
//	φ(x) = −Σₖ log sₖ,  ∇φ(x) = Σₖ nₖ/sₖ,  ∇²φ(x) = Σₖ nₖnₖᵀ/sₖ²,
//
// (docs/math.md, the polytope row; Nesterov & Nemirovski 1994). ∇φ* has no
// closed form: GradConj minimises the self-concordant ψ(x) = φ(x) − ⟨y, x⟩
// by damped Newton steps (Nesterov 2004, §4.1.5) along the path from the
// analytic centre (GradConjFrom: from a given point) to y; see solve.
//
// Like the other log-barrier maps its dual scales like 1/distance: near
// edge k, y ≈ nₖ/sₖ, and near a vertex of interior angle α, where the two
// normals partly cancel, ‖y‖ ≈ 2 sin(α/2)/s. The dual region is therefore
// ‖y‖ ≤ DualBound() = min(1, 2 sin(α_min/2))/(BarrierDistance·diameter),
// which keeps the distance to every edge ≳ BarrierDistance·diameter, and the
// trust region is ‖Δy‖ ≤ BarrierTrust·‖y‖ + 2/diameter (see BarrierTrust).
//
// Hazard: near an edge the position along it is set by the small tangential
// part of a large y (the Hessian is ~1/s² across the edge but ~1/diameter²
// along it), so a dual point of size 1/δ fixes the tangential position only
// to ~ulp·diameter²/δ: 10⁻⁹·diameter at δ = 10⁻⁷·diameter, 10⁻⁶ at 10⁻¹⁰.
// The distances to the near edges keep full relative precision. The box and
// the ball have no such loss (the box is separable; the ball's Hessian
// along the sphere is 2/s, also large).
type PolygonBarrier struct {
	Polygon
}

var (
	_ Map          = PolygonBarrier{}
	_ WarmGradConj = PolygonBarrier{}
)

// NewPolygonBarrier returns the log-barrier map on the convex polygon with
// the given vertices (see NewPolygon).
func NewPolygonBarrier(vertices [][2]float64) (PolygonBarrier, error) {
	pg, err := NewPolygon(vertices)
	return PolygonBarrier{pg}, err
}

// NoiseLen returns m: HessSqrtMul draws ζ = Σₖ nₖξₖ/sₖ.
func (pb PolygonBarrier) NoiseLen() int { return pb.m }

// Grad writes y = Σₖ nₖ/sₖ into dst.
func (pb PolygonBarrier) Grad(dst, x []float64) []float64 {
	dst = vec.Grow(dst, 2)
	var a, b float64
	for k, s := range x[2 : 2+pb.m] {
		a += pb.nx[k] / s
		b += pb.ny[k] / s
	}
	dst[0], dst[1] = a, b
	return dst
}

// GradConj writes x = ∇φ*(y) into dst, solving from the analytic centre
// (see solve). Measured on the test polygons: 8 Newton steps on average for
// points 0.3·diameter from an edge, 37 (at most 59) for points 10⁻¹⁰·diameter
// from it; a System should use GradConjFrom with the particle's previous
// position, which takes 4–5 steps after an MMFLD move.
func (pb PolygonBarrier) GradConj(dst, y []float64) []float64 {
	return pb.GradConjFrom(dst, y, pb.centre)
}

// GradConjFrom writes x = ∇φ*(y) into dst, solving from the primal point
// x0, which must be inside the polygon (otherwise the analytic centre is
// used). dst may be x0. A y longer than 10³·DualBound() is shortened to that
// length first (x is then within ~10⁻¹⁵·diameter of the boundary either
// way), so that the path stays finite and short; NaN or ±Inf in y gives NaN.
func (pb PolygonBarrier) GradConjFrom(dst, y, x0 []float64) []float64 {
	dst = vec.Grow(dst, 2+pb.m)
	yy := [2]float64{y[0], y[1]}
	if !vec.AllFinite(yy[:]) {
		for i := range dst {
			dst[i] = math.NaN()
		}
		return dst
	}
	shorten(yy[:], 1e3*pb.DualBound())
	if !pb.Inside(x0) {
		x0 = pb.centre
	}
	copy(dst, x0[:2+pb.m])
	pb.solve(dst, yy[:])
	return dst
}

// Solver settings: the path step (increase of the target's distance, in the
// local dual norm, per stage), the decrement below which a stage ends and
// Newton steps are full, the decrement below which one last step gives
// slacks accurate to rounding (the next decrement would be ~1e-18), and the
// cap on Newton steps.
const (
	polygonPathStep  = 1.0
	polygonFullStep  = 0.25
	polygonConverged = 1e-8
	polygonMaxSteps  = 400
)

// solve moves the primal point x (inside) to ∇φ*(y) and returns the number
// of Newton steps taken. It follows the path y(t) = y₀ + t(y − y₀), y₀ =
// ∇φ(x), t: 0 → 1: each stage advances t so that the target moves by
// polygonPathStep in the local norm ‖·‖_{H⁻¹} at the current point, then
// takes damped Newton steps Δ = −H⁻¹(∇φ(x) − y(t)), x ← x + Δ/(1 + λ), with
// λ = ‖Δ‖_x the Newton decrement, until λ ≤ ¼ (full steps from there; at
// t = 1 until λ ≤ polygonConverged). Every step has ‖step‖_x < 1, so each
// slack changes by less than itself: the slacks stay positive, and they are
// updated as sₖ ← sₖ − nₖ·step, keeping their relative accuracy near an edge
// where nₖ·(vₖ − x) would cancel. Near the boundary the path advances t by
// a factor ~2 per stage, so reaching |y| ~ 10¹²/scale from the centre takes
// ~40 stages of 1–3 steps. If the cap is reached the point is returned as it
// is (inside, not converged); that does not happen for y in the dual region
// (tested).
func (pg Polygon) solve(x, y []float64) int {
	m := pg.m
	sl := x[2 : 2+m]
	var y00, y01 float64 // ∇φ(x) at the start
	for k, s := range sl {
		y00 += pg.nx[k] / s
		y01 += pg.ny[k] / s
	}
	w0, w1 := y[0]-y00, y[1]-y01
	t := 0.0
	var d [2]float64 // for the path's norm
	// The Hessian at x and the normals in its frame; current says they are
	// x's (x has not moved since), so a stage's first Newton step and the
	// stage after a break reuse them.
	var na, nb [MaxPolygonVertices]float64
	var h hess2
	current := false
	steps := 0
	for steps < polygonMaxSteps {
		if t < 1 {
			if !current {
				h, current = pg.hessNormals(x, na[:m], nb[:m]), true
			}
			nw := math.Sqrt(h.solve(d[:], w0, w1))
			if dt := 1 - t; nw*dt <= polygonPathStep {
				t = 1
			} else {
				t += polygonPathStep / nw
			}
		}
		t0, t1 := y[0], y[1]
		if t < 1 {
			t0, t1 = y00+t*w0, y01+t*w1
		}
		for steps < polygonMaxSteps {
			// g = ∇φ(x) − y(t) in hess2's frame, where the nearest edge
			// contributes exactly (1/sⱼ, 0). The rounding of g,
			// ~ulp·(Σ1/sₖ + ‖y(t)‖) per component, sets a floor under λ:
			// near an edge, where H⁻¹ is ~diameter² along it, ~10⁻⁵ at the
			// dual bound. Below a few times that floor further steps only
			// move x along the edge by rounding noise.
			if !current {
				h, current = pg.hessNormals(x, na[:m], nb[:m]), true
			}
			ta, tb := h.toFrame(t0, t1)
			ga, gb, sum := -ta, -tb, math.Abs(ta)+math.Abs(tb)
			for k, s := range sl {
				ga += na[k] / s
				gb += nb[k] / s
				sum += 1 / s
			}
			p, q, quad := h.solveFrame(ga, gb)
			lambda := math.Sqrt(quad)
			floor := 0x1p-50 * sum * math.Sqrt((h.h11+h.h22)/h.det)
			if t < 1 && lambda <= polygonFullStep {
				break
			}
			alpha := 1.0
			if lambda > polygonFullStep {
				alpha = 1 / (1 + lambda)
			}
			// The step −α(p, q), applied to the slacks in the frame (the
			// nearest edge's slack changes by exactly −p). Its accuracy
			// near the edge is assured by the convergence test below.
			p, q = -alpha*p, -alpha*q
			dx, dy := h.fromFrame(p, q)
			x[0] += dx
			x[1] += dy
			for k := range sl {
				sl[k] -= na[k]*p + nb[k]*q
			}
			current = false
			steps++
			// Converged: λ at its floor, and, near an edge, where that floor
			// is set by the direction along it, the step across it (which
			// converges quadratically to rounding) also negligible: without
			// the second test the slack to the edge stopped at ~10⁻¹¹
			// relative accuracy.
			if t == 1 && lambda <= max(polygonConverged, 8*floor) && (!h.rot || math.Abs(p) <= 1e-14*sl[h.j]) {
				return steps
			}
		}
	}
	return steps
}

// HessSqrtMul writes ζ = S ξ = Σₖ nₖξₖ/sₖ into dst: S = [n₁/s₁ … n_m/s_m]
// has S Sᵀ = ∇²φ(x) exactly, no factorisation needed.
func (pb PolygonBarrier) HessSqrtMul(dst, x, xi []float64) []float64 {
	dst = vec.Grow(dst, 2)
	var a, b float64
	for k, s := range x[2 : 2+pb.m] {
		f := xi[k] / s
		a += pb.nx[k] * f
		b += pb.ny[k] * f
	}
	dst[0], dst[1] = a, b
	return dst
}

// HessDiag writes Σₖ (nₖ)ᵢ²/sₖ² into dst.
func (pb PolygonBarrier) HessDiag(dst, x []float64) []float64 {
	dst = vec.Grow(dst, 2)
	var a, b float64
	for k, s := range x[2 : 2+pb.m] {
		w := 1 / (s * s)
		a += w * pb.nx[k] * pb.nx[k]
		b += w * pb.ny[k] * pb.ny[k]
	}
	dst[0], dst[1] = a, b
	return dst
}

// InvHessMul writes [∇²φ(x)]⁻¹ v into dst, solved in the frame of the
// nearest edge's normal (see hess2). dst may be v.
func (pb PolygonBarrier) InvHessMul(dst, x, v []float64) []float64 {
	dst = vec.Grow(dst, 2)
	pb.hess(x).solve(dst, v[0], v[1])
	return dst
}

// GradLogDetHessConj writes ∇_y log det ∇²φ*(y) = −H⁻¹ ∇ₓ log det H into
// dst. With ∂H/∂xⱼ = Σₖ 2(nₖ)ⱼ nₖnₖᵀ/sₖ³ (∂sₖ/∂x = −nₖ),
//
//	∇ₓ log det H = Σₖ 2qₖ nₖ/sₖ,  qₖ = nₖᵀH⁻¹nₖ/sₖ² ∈ (0, 1],  Σₖ qₖ = 2,
//
// where the leverage scores qₖ keep every term bounded by 2/sₖ. The sum is
// taken in hess2's frame: near an edge the term 2qⱼnⱼ/sⱼ is ~10¹² times the
// others and, in the plane's frame, would swamp their part along the edge.
func (pb PolygonBarrier) GradLogDetHessConj(dst, x []float64) []float64 {
	dst = vec.Grow(dst, 2)
	h := pb.hess(x)
	var ga, gb float64
	for k, s := range x[2 : 2+pb.m] {
		a, b := h.normal(pb.Polygon, k)
		_, _, quad := h.solveFrame(a, b)
		q := quad / (s * s)
		ga += 2 * q * a / s
		gb += 2 * q * b / s
	}
	p, q, _ := h.solveFrame(ga, gb)
	dst[0], dst[1] = h.fromFrame(-p, -q)
	return dst
}

// DualBound returns min(1, 2 sin(α_min/2))/(BarrierDistance·diameter), a
// bound on ‖y‖.
func (pb PolygonBarrier) DualBound() float64 { return pb.shape / (BarrierDistance * pb.scale) }

// ClampDual shortens y to norm DualBound() when it is longer, keeping its
// direction, and returns 1 if it did.
func (pb PolygonBarrier) ClampDual(y []float64) int { return shorten(y[:2], pb.DualBound()) }

// LimitMove shortens dy to norm BarrierTrust·‖y‖ + 2/diameter when it is
// longer, keeping its direction, and returns 1 if it did.
func (pb PolygonBarrier) LimitMove(dy, y []float64) int {
	z, sc := vec.ScaledNorm(y[:2])
	return shorten(dy[:2], BarrierTrust*(z/sc)+2/pb.scale)
}
