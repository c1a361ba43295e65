package mirror

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/mmfld/playground/engine/internal/vec"
	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"
)

// mirrorCase is one mirror map under test, with what the generic tests need
// to know about its geometry, written from docs/math.md independently of the
// implementation.
type mirrorCase struct {
	name string
	m    Map
	// scale is the domain's size (b − a, R; 1 for the others) and offset the
	// largest |coordinate| of its centre: chart coordinates are compared to
	// an absolute accuracy of ~ulp·(scale + offset), slacks relatively.
	scale, offset float64
	// chartIsSlack says the chart coordinates are themselves slacks
	// (simplex, orthant) and are compared relatively.
	chartIsSlack bool
	// barrier says the dual scales like 1/distance (log-barrier maps);
	// otherwise it is logarithmic (entropic maps) or the identity.
	barrier bool
	// ySc is the size of a dual coordinate in the middle of the domain.
	ySc float64
	// centre is a chart point in the middle of the domain.
	centre []float64
	// sample returns a primal point, slacks exact, with one coordinate at
	// relative distance rel from the boundary and the others log-uniformly
	// between rel and the middle.
	sample func(rng *rand.Rand, rel float64) []float64
	// shift writes the primal point at chart position x₀ + dv, updating the
	// slacks without cancellation (for finite differences near the boundary).
	shift func(dst, x0, dv []float64)
	// logDetHess returns log det ∇²φ(x) in closed form.
	logDetHess func(x []float64) float64
	// feasible returns a point of the closed domain, often an extreme one.
	feasible func(rng *rand.Rand) []float64
	// dualStep is the finite-difference step in dual coordinate i at y.
	dualStep func(y []float64, i int) float64
	// coupled says ∇ log det ∇²φ* couples the coordinates (the ball): its
	// finite differences are judged against the largest entry, not each one.
	coupled bool
	// gldX, if set, returns ∇_y log det ∇²φ* at x by the chain rule,
	// −H⁻¹ ∇ₓ log det H, with ∇ₓ by finite differences in x; then the
	// finite differences in y are only taken at relative distances ≥ 10⁻³,
	// where y resolves the position along the boundary (the polygon).
	gldX func(x []float64) []float64
	// rtAbs, if set, is an absolute allowance for entry k of the primal
	// point x in GradConj(Grad(x)) beyond rounding: the error of y times
	// the sensitivity of that entry to y, where it is large (the polygon).
	rtAbs func(x []float64, k int) float64
}

func mustMap[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// mirrorDims are the dimensions the generic tests run in.
var mirrorDims = []int{1, 2, 3, 5}

// mirrorCases returns every map in every test dimension.
func mirrorCases() []mirrorCase {
	var cs []mirrorCase
	for _, d := range mirrorDims {
		cs = append(cs, simplexCase(d),
			fermiDiracCase(d, 0, 1), fermiDiracCase(d, -2, 3),
			logBarrierBoxCase(d, 0, 1), logBarrierBoxCase(d, -1, 0.5),
			ballCase(d, 1), ballCase(d, 3),
			orthantCase(d), euclideanCase(d))
	}
	hexagon := make([][2]float64, 6)
	for k := range hexagon { // clockwise: NewPolygon reverses it
		a := -float64(k) * math.Pi / 3
		hexagon[k] = [2]float64{3 + 1.5*math.Cos(a), -1 + 1.5*math.Sin(a)}
	}
	cs = append(cs,
		polygonCase("polygon-triangle28°", [][2]float64{{0, 0}, {2, 0}, {1.5, 0.8}}),
		polygonCase("polygon-hexagon-cw", hexagon),
		polygonCase("polygon-trapezoid", [][2]float64{{-7, 2}, {-3, 2}, {-4, 3}, {-6, 3}}))
	return cs
}

func mirFilled(d int, v float64) []float64 {
	x := make([]float64, d)
	for i := range x {
		x[i] = v
	}
	return x
}

func mirLogUniform(rng *rand.Rand, lo, hi float64) float64 {
	return lo * math.Exp(math.Log(hi/lo)*rng.Float64())
}

func simplexCase(d int) mirrorCase {
	m := mustMap(NewEntropicSimplex(d))
	return mirrorCase{
		name: fmt.Sprintf("simplex-d%d", d), m: m, scale: 1, chartIsSlack: true, ySc: 1,
		centre: mirFilled(d, 1/float64(d+1)),
		sample: func(rng *rand.Rand, rel float64) []float64 {
			x := make([]float64, d+1)
			sum := 0.0
			for i := range x {
				x[i] = mirLogUniform(rng, rel, 1)
			}
			x[rng.IntN(d+1)] = rel
			for _, e := range x {
				sum += e
			}
			for i := range x {
				x[i] /= sum
			}
			return x
		},
		shift: func(dst, x0, dv []float64) {
			sum := 0.0
			for i := range d {
				dst[i] = x0[i] + dv[i]
				sum += dv[i]
			}
			dst[d] = x0[d] - sum
		},
		logDetHess: func(x []float64) float64 {
			// det(diag(1/x) + 11ᵀ/x_{d+1}) = 1/Π_{i≤d+1} xᵢ
			s := 0.0
			for _, e := range x[:d+1] {
				s -= math.Log(e)
			}
			return s
		},
		feasible: func(rng *rand.Rand) []float64 {
			z := make([]float64, d)
			switch k := rng.IntN(d + 3); {
			case k < d:
				z[k] = 1
			case k == d:
			default:
				x := simplexCase(d).sample(rng, 1e-3)
				copy(z, x)
			}
			return z
		},
		dualStep: func([]float64, int) float64 { return 1e-4 },
	}
}

// boxCase fills in what the two box maps share.
func boxCase(name string, m Map, bx Box) mirrorCase {
	d, a, b, l := bx.d, bx.a, bx.b, bx.l
	return mirrorCase{
		name: name, m: m, scale: l, offset: max(math.Abs(a), math.Abs(b)),
		centre: mirFilled(d, (a+b)/2),
		sample: func(rng *rand.Rand, rel float64) []float64 {
			x := make([]float64, 3*d)
			k := rng.IntN(d)
			for i := range d {
				near := l * mirLogUniform(rng, rel, 0.5)
				if i == k {
					near = rel * l
				}
				bx.setSlacks(x, i, rng.IntN(2) == 1, near, l-near)
			}
			return x
		},
		shift: func(dst, x0, dv []float64) {
			for i := range d {
				dst[i], dst[d+i], dst[2*d+i] = x0[i]+dv[i], x0[d+i]+dv[i], x0[2*d+i]-dv[i]
			}
		},
		feasible: func(rng *rand.Rand) []float64 {
			z := make([]float64, d)
			vertex := rng.IntN(2) == 0
			for i := range z {
				switch {
				case !vertex:
					z[i] = a + l*rng.Float64()
				case rng.IntN(2) == 0:
					z[i] = a
				default:
					z[i] = b
				}
			}
			return z
		},
	}
}

func fermiDiracCase(d int, a, b float64) mirrorCase {
	m := mustMap(NewFermiDiracBox(d, a, b))
	c := boxCase(fmt.Sprintf("fermidirac[%g,%g]-d%d", a, b, d), m, m.Box)
	c.ySc = 1
	c.logDetHess = func(x []float64) float64 {
		s := 0.0
		for i := range d {
			s += math.Log(m.l / (x[d+i] * x[2*d+i]))
		}
		return s
	}
	c.dualStep = func([]float64, int) float64 { return 1e-4 }
	return c
}

func logBarrierBoxCase(d int, a, b float64) mirrorCase {
	m := mustMap(NewLogBarrierBox(d, a, b))
	c := boxCase(fmt.Sprintf("logbarrierbox[%g,%g]-d%d", a, b, d), m, m.Box)
	c.barrier, c.ySc = true, 1/m.l
	c.logDetHess = func(x []float64) float64 {
		s := 0.0
		for i := range d {
			p, q := x[d+i], x[2*d+i]
			s += math.Log(1/(p*p) + 1/(q*q))
		}
		return s
	}
	c.dualStep = func(y []float64, i int) float64 { return 1e-4 * (math.Abs(y[i]) + c.ySc) }
	return c
}

func ballCase(d int, radius float64) mirrorCase {
	m := mustMap(NewLogBarrierBall(d, radius))
	randomDir := func(rng *rand.Rand) []float64 {
		u := make([]float64, d)
		for {
			for i := range u {
				u[i] = rng.NormFloat64()
			}
			if n := math.Sqrt(vec.Dot(u, u)); n > 1e-3 {
				for i := range u {
					u[i] /= n
				}
				return u
			}
		}
	}
	var c mirrorCase
	c = mirrorCase{
		name: fmt.Sprintf("ball[R=%g]-d%d", radius, d), m: m, scale: radius, barrier: true, ySc: 1 / radius,
		centre: make([]float64, d), coupled: true,
		sample: func(rng *rand.Rand, rel float64) []float64 {
			x := make([]float64, d+1)
			if rng.IntN(20) == 0 {
				x[d] = radius * radius
				return x
			}
			u := randomDir(rng)
			delta := radius * mirLogUniform(rng, rel, 1)
			if rng.IntN(2) == 0 {
				delta = rel * radius
			}
			for i := range d {
				x[i] = (radius - delta) * u[i]
			}
			x[d] = delta * (2*radius - delta)
			return x
		},
		shift: func(dst, x0, dv []float64) {
			// s = R² − ‖x₀ + dv‖² = s₀ − (2x₀ + dv)·dv
			ds := 0.0
			for i := range d {
				ds += (2*x0[i] + dv[i]) * dv[i]
				dst[i] = x0[i] + dv[i]
			}
			dst[d] = x0[d] - ds
		},
		logDetHess: func(x []float64) float64 {
			s, r2 := x[d], vec.Dot(x[:d], x[:d])
			return float64(d)*math.Ln2 - float64(d+1)*math.Log(s) + math.Log(radius*radius+r2)
		},
		feasible: func(rng *rand.Rand) []float64 {
			u := randomDir(rng)
			f := radius
			if rng.IntN(3) == 0 {
				f *= rng.Float64()
			}
			for i := range u {
				u[i] *= f
			}
			return u
		},
		dualStep: func(y []float64, i int) float64 { return 1e-4 * (math.Sqrt(vec.Dot(y, y)) + c.ySc) },
	}
	return c
}

func orthantCase(d int) mirrorCase {
	m := mustMap(NewEntropicOrthant(d))
	return mirrorCase{
		name: fmt.Sprintf("orthant-d%d", d), m: m, scale: 1, chartIsSlack: true, ySc: 1,
		centre: mirFilled(d, 1),
		sample: func(rng *rand.Rand, rel float64) []float64 {
			x := make([]float64, d)
			for i := range x {
				x[i] = mirLogUniform(rng, rel, 1/rel)
			}
			x[rng.IntN(d)] = rel
			return x
		},
		shift: func(dst, x0, dv []float64) {
			for i := range d {
				dst[i] = x0[i] + dv[i]
			}
		},
		logDetHess: func(x []float64) float64 {
			s := 0.0
			for _, e := range x[:d] {
				s -= math.Log(e)
			}
			return s
		},
		feasible: func(rng *rand.Rand) []float64 {
			z := make([]float64, d)
			if rng.IntN(4) > 0 {
				for i := range z {
					z[i] = max(rng.NormFloat64(), 0) * 3
				}
			}
			return z
		},
		dualStep: func([]float64, int) float64 { return 1e-4 },
	}
}

func euclideanCase(d int) mirrorCase {
	m := mustMap(NewEuclidean(d))
	normal := func(rng *rand.Rand) []float64 {
		x := make([]float64, d)
		for i := range x {
			x[i] = 3 * rng.NormFloat64()
		}
		return x
	}
	return mirrorCase{
		name: fmt.Sprintf("euclidean-d%d", d), m: m, scale: 1, ySc: 1,
		centre: make([]float64, d),
		sample: func(rng *rand.Rand, rel float64) []float64 { return normal(rng) },
		shift: func(dst, x0, dv []float64) {
			for i := range d {
				dst[i] = x0[i] + dv[i]
			}
		},
		logDetHess: func([]float64) float64 { return 0 },
		feasible:   normal,
		dualStep:   func([]float64, int) float64 { return 1e-3 },
	}
}

// polygonCase describes the log-barrier map on the polygon with the given
// vertices. Its sampler puts the point at distance rel·diameter from a
// random edge, at a random place along it (now and then near a vertex), and
// computes every slack from the edge parameters, without cancellation.
func polygonCase(name string, verts [][2]float64) mirrorCase {
	m := mustMap(NewPolygonBarrier(verts))
	pg := m.Polygon
	nv := pg.m
	var c mirrorCase
	offset := 0.0
	for k := range nv {
		offset = max(offset, math.Abs(pg.vx[k]), math.Abs(pg.vy[k]))
	}
	convex := func(rng *rand.Rand) []float64 {
		var x, y, sum float64
		for k := range nv {
			w := rng.ExpFloat64()
			x += w * pg.vx[k]
			y += w * pg.vy[k]
			sum += w
		}
		return []float64{x / sum, y / sum}
	}
	c = mirrorCase{
		name: name, m: m, scale: pg.scale, offset: offset, barrier: true, ySc: 1 / pg.scale, coupled: true,
		centre: slices.Clone(pg.centre[:2]),
		sample: func(rng *rand.Rand, rel float64) []float64 {
			x := make([]float64, 2+nv)
			for {
				if rng.IntN(10) == 0 {
					pg.Lift(x, convex(rng))
					return x
				}
				k := rng.IntN(nv)
				l := (k + 1) % nv
				ex, ey := pg.vx[l]-pg.vx[k], pg.vy[l]-pg.vy[k]
				tau := rng.Float64()
				if rng.IntN(4) == 0 {
					tau = rel * rng.Float64()
				}
				delta := rel * pg.scale * rng.Float64()
				x[0] = pg.vx[k] + tau*ex - delta*pg.nx[k]
				x[1] = pg.vy[k] + tau*ey - delta*pg.ny[k]
				ok := true
				for j := range nv {
					// sⱼ = nⱼ·(pⱼ − x) with pⱼ a vertex on line j:
					// vₖ for j = k−1 and j = k, vₖ₊₁ for j = k+1.
					nn := pg.nx[j]*pg.nx[k] + pg.ny[j]*pg.ny[k]
					switch {
					case j == k:
						x[2+j] = delta
					case j == (k+nv-1)%nv:
						x[2+j] = -tau*(pg.nx[j]*ex+pg.ny[j]*ey) + delta*nn
					case j == l:
						x[2+j] = (1-tau)*(pg.nx[j]*ex+pg.ny[j]*ey) + delta*nn
					default:
						x[2+j] = pg.slack(j, x[0], x[1])
					}
					ok = ok && x[2+j] > 0
				}
				if ok {
					return x
				}
			}
		},
		shift: func(dst, x0, dv []float64) {
			dst[0], dst[1] = x0[0]+dv[0], x0[1]+dv[1]
			for j := range nv {
				dst[2+j] = x0[2+j] - (pg.nx[j]*dv[0] + pg.ny[j]*dv[1])
			}
		},
		logDetHess: func(x []float64) float64 {
			// Cauchy–Binet: det Σₖ nₖnₖᵀ/sₖ² = Σ_{k<l} (nₖ × nₗ)²/(sₖ sₗ)².
			det := 0.0
			for k := range nv {
				for l := range k {
					cr := (pg.nx[k]*pg.ny[l] - pg.ny[k]*pg.nx[l]) / (x[2+k] * x[2+l])
					det += cr * cr
				}
			}
			return math.Log(det)
		},
		feasible: func(rng *rand.Rand) []float64 {
			if k := rng.IntN(2 * nv); k < nv {
				return []float64{pg.vx[k], pg.vy[k]}
			}
			return convex(rng)
		},
		// Along an edge the entropy term varies on the dual scale
		// 1/diameter, not ‖y‖ (the Hessian there is ~1/diameter²).
		dualStep: func([]float64, int) float64 { return 1e-4 * c.ySc },
		gldX: func(x []float64) []float64 {
			// Central differences of log det H along the axes u = n_j of
			// the nearest edge and u⊥, with Dikin steps 10⁻⁴/‖dir‖_H, so
			// that every slack changes by at most 10⁻⁴ of itself (across
			// the edge the step is ~10⁻⁴·s, along it ~10⁻⁴·diameter).
			j := 0
			for k := range nv {
				if x[2+k] < x[2+j] {
					j = k
				}
			}
			// Everything in the frame (u, u⊥): in the plane's frame the
			// derivative across the edge (~2/sⱼ) would swamp the one along
			// it (~1/diameter) when the two are added.
			dirs := [2][]float64{{pg.nx[j], pg.ny[j]}, {-pg.ny[j], pg.nx[j]}}
			xs := make([]float64, 2+nv)
			var dd [2]float64
			var nu [2][]float64 // nₖ·dir, with nⱼ·u = 1 and nⱼ·u⊥ = 0 exactly
			for di, u := range dirs {
				nu[di] = make([]float64, nv)
				nH := 0.0
				for k := range nv {
					nu[di][k] = pg.nx[k]*u[0] + pg.ny[k]*u[1]
					if k == j {
						nu[di][k] = float64(1 - di)
					}
					a := nu[di][k] / x[2+k]
					nH += a * a
				}
				h := 1e-4 / math.Sqrt(nH)
				f := func(h float64) float64 {
					xs[0], xs[1] = x[0]+h*u[0], x[1]+h*u[1]
					for k := range nv {
						xs[2+k] = x[2+k] - h*nu[di][k]
					}
					return c.logDetHess(xs)
				}
				dd[di] = (f(h) - f(-h)) / (2 * h)
			}
			// H in the frame, solved by Cramer's rule (h22 has no 1/sⱼ²).
			var h11, h12, h22 float64
			for k := range nv {
				w := 1 / (x[2+k] * x[2+k])
				h11 += w * nu[0][k] * nu[0][k]
				h12 += w * nu[0][k] * nu[1][k]
				h22 += w * nu[1][k] * nu[1][k]
			}
			det := h11*h22 - h12*h12
			p := (h22*dd[0] - h12*dd[1]) / det
			q := (h11*dd[1] - h12*dd[0]) / det
			return []float64{-(p*dirs[0][0] + q*dirs[1][0]), -(p*dirs[0][1] + q*dirs[1][1])}
		},
		// The tangential position near an edge is ill-conditioned in y (see
		// PolygonBarrier): a rounding of ulp·Σ1/sₖ in y moves entry k of
		// the primal point by up to that times ‖H⁻¹ n‖, n = eₖ for a chart
		// coordinate and the edge normal for a slack.
		rtAbs: func(x []float64, k int) float64 {
			sum := 0.0
			for _, s := range x[2:] {
				sum += 1 / s
			}
			n := []float64{0, 0}
			if k < 2 {
				n[k] = 1
			} else {
				n[0], n[1] = pg.nx[k-2], pg.ny[k-2]
			}
			h := m.InvHessMul(nil, x, n)
			return 1e-14 * sum * math.Hypot(h[0], h[1])
		},
	}
	return c
}

// mirRelDistances are the relative distances to the boundary the tests sample at.
var mirRelDistances = []float64{0.3, 1e-3, 1e-6, 1e-10}

// mirSamples returns how many points each test draws per case and distance.
func mirSamples() int {
	if testing.Short() {
		return 30
	}
	return 300
}

// sampleDual returns a dual point in the map's dual region: entropic
// coordinates uniform in ±DualBound, barrier ones log-uniform in magnitude
// from ySc/100 up to DualBound, with now and then a coordinate exactly at ±DualBound.
func (c mirrorCase) sampleDual(rng *rand.Rand) []float64 {
	d, b := c.m.Dim(), c.m.DualBound()
	y := make([]float64, d)
	for i := range y {
		switch {
		case rng.IntN(8) == 0:
			y[i] = b
		case c.barrier:
			y[i] = mirLogUniform(rng, c.ySc/100, b)
		default:
			y[i] = b * rng.Float64()
		}
		if rng.IntN(2) == 0 {
			y[i] = -y[i]
		}
	}
	c.m.ClampDual(y)
	return y
}

func mirMaxAbs(v []float64) float64 {
	m := 0.0
	for _, e := range v {
		m = max(m, math.Abs(e))
	}
	return m
}

// TestMirrorRoundTrip checks GradConj∘Grad = id on primal points down to a
// relative distance 1e-10 from the boundary, entry by entry of the primal
// representation (slacks relatively), and Grad∘GradConj = id on the dual
// region.
func TestMirrorRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, c := range mirrorCases() {
		m, d := c.m, c.m.Dim()
		for _, rel := range mirRelDistances {
			for range mirSamples() {
				x := c.sample(rng, rel)
				y := m.Grad(nil, x)
				x2 := m.GradConj(nil, y)
				// Entropic maps: x = e^{y…}, and an error of ulp·|y| in
				// the exponent is one of ulp·|y| in x relatively; the
				// log-barrier maps invert y ≈ ±1/slack with a condition
				// number ≈ 1, so a few ulps. 1e-13 leaves a factor ~100.
				tol := 1e-13
				if !c.barrier {
					tol *= 1 + mirMaxAbs(y)
				}
				for k := range x {
					abs := 0.0
					if k < d && !c.chartIsSlack {
						abs = c.scale + c.offset
					}
					allow := 0.0
					if c.rtAbs != nil {
						allow = c.rtAbs(x, k)
					}
					if math.Abs(x2[k]-x[k]) > tol*(math.Abs(x[k])+abs)+allow {
						t.Fatalf("%s rel=%g: GradConj(Grad(x))[%d] = %v, want %v\nx  = %v\ny  = %v\nx2 = %v", c.name, rel, k, x2[k], x[k], x, y, x2)
					}
				}
			}
		}
		for range 4 * mirSamples() {
			y := c.sampleDual(rng)
			x := m.GradConj(nil, y)
			y2 := m.Grad(nil, x)
			// Relative to the largest coordinate: the simplex's softmax
			// shares one normaliser, the ball one norm, between coordinates.
			tol := 1e-13 * (mirMaxAbs(y) + c.ySc)
			for i := range y {
				if math.Abs(y2[i]-y[i]) > tol {
					t.Fatalf("%s: Grad(GradConj(y))[%d] = %v, want %v\ny = %v\nx = %v", c.name, i, y2[i], y[i], y, x)
				}
			}
		}
	}
}

// mirHessian returns S (d × NoiseLen, columns S eₖ from HessSqrtMul) and
// H = S Sᵀ at the primal point x.
func mirHessian(m Map, x []float64) (S *mat.Dense, H *mat.SymDense) {
	d, w := m.Dim(), m.NoiseLen()
	S = mat.NewDense(d, w, nil)
	e := make([]float64, w)
	col := make([]float64, d)
	for k := range w {
		clear(e)
		e[k] = 1
		m.HessSqrtMul(col, x, e)
		S.SetCol(k, col)
	}
	H = mat.NewSymDense(d, nil)
	H.SymOuterK(1, S)
	return S, H
}

// TestMirrorHessian checks S Sᵀ = ∇²φ(x), S from HessSqrtMul, against a
// central finite-difference Jacobian of Grad (gonum diff/fd), and HessDiag
// against its diagonal. The differences are taken in the chart displacement
// dv around 0 through shift, so that the slacks of x₀ + dv stay exact where
// x₀ + dv itself would round them away.
func TestMirrorHessian(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for _, c := range mirrorCases() {
		m, d := c.m, c.m.Dim()
		for _, rel := range mirRelDistances {
			for range mirSamples() {
				x0 := c.sample(rng, rel)
				_, H := mirHessian(m, x0)
				diag := m.HessDiag(nil, x0)
				for i := range d {
					if got, want := diag[i], H.At(i, i); math.Abs(got-want) > 1e-13*want {
						t.Fatalf("%s: HessDiag[%d] = %v, (S Sᵀ)[%d,%d] = %v", c.name, i, got, i, i, want)
					}
				}
				// A step of 10⁻⁴ of the distance to the boundary: central
				// differences then err by ~(10⁻⁴)² relatively (the
				// derivatives of ∇φ change on the scale of that distance),
				// and rounding in Grad costs ~ulp·max|∇φ|/h.
				h := 1e-4 * min(m.Distance(x0), c.scale)
				xs := make([]float64, len(x0))
				grad := func(y, dv []float64) {
					c.shift(xs, x0, dv)
					m.Grad(y, xs)
				}
				J := mat.NewDense(d, d, nil)
				fd.Jacobian(J, grad, make([]float64, d), &fd.JacobianSettings{Formula: fd.Central, Step: h})
				round := 1e-14 * mirMaxAbs(m.Grad(nil, x0)) / h
				for i := range d {
					for j := range d {
						got, want := H.At(i, j), J.At(i, j)
						// Entry (i, j) of an SPD matrix is at most
						// √(Hᵢᵢ Hⱼⱼ); that is its natural scale.
						scale := math.Sqrt(H.At(i, i) * H.At(j, j))
						if math.Abs(got-want) > 1e-6*scale+round {
							t.Fatalf("%s rel=%g: (S Sᵀ)[%d,%d] = %v, finite differences of Grad give %v\nx = %v", c.name, rel, i, j, got, want, x0)
						}
					}
				}
			}
		}
	}
}

// TestMirrorInvHess checks H·InvHessMul(v) = v with H = S Sᵀ formed
// explicitly, by the componentwise backward error (Oettli & Prager 1964)
// for perturbations of the factor S: |H w − v| ≤ tol·(|S||S|ᵀ|w| + |v|),
// which rounding in forming H w alone meets with tol ~ d·ulp (|S||S|ᵀ is
// |H| except where H's entries are sums of terms of both signs, as for the
// polygon). It holds near the boundary only if InvHessMul avoids the
// cancellations of the textbook formulas (the simplex with v nearly
// constant near a vertex, the ball with v along x near the sphere, the
// polygon near an edge), so those v are included; a normwise test would
// let them pass.
func TestMirrorInvHess(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	for _, c := range mirrorCases() {
		m, d := c.m, c.m.Dim()
		for _, rel := range mirRelDistances {
			for range mirSamples() {
				x := c.sample(rng, rel)
				S, H := mirHessian(m, x)
				var absS mat.Dense
				absS.Apply(func(_, _ int, v float64) float64 { return math.Abs(v) }, S)
				var absH mat.Dense
				absH.Mul(&absS, absS.T())
				vs := [][]float64{mirFilled(d, 1), slices.Clone(x[:d]), make([]float64, d)}
				vs[2][rng.IntN(d)] = 1
				for range 3 {
					v := make([]float64, d)
					for i := range v {
						v[i] = rng.NormFloat64()
					}
					vs = append(vs, v)
				}
				for _, v := range vs {
					w := m.InvHessMul(nil, x, v)
					alias := slices.Clone(v)
					m.InvHessMul(alias, x, alias)
					if !slices.Equal(alias, w) {
						t.Fatalf("%s: InvHessMul with dst = v gives %v, not %v", c.name, alias, w)
					}
					for i := range d {
						hw, abs := 0.0, math.Abs(v[i])
						for j := range d {
							hw += H.At(i, j) * w[j]
							abs += absH.At(i, j) * math.Abs(w[j])
						}
						if math.Abs(hw-v[i]) > 1e-13*abs {
							t.Fatalf("%s rel=%g: (H·InvHessMul(v))[%d] = %v, want v[%d] = %v (bound %v)\nx = %v\nv = %v", c.name, rel, i, hw, i, v[i], 1e-13*abs, x, v)
						}
					}
				}
			}
		}
	}
}

// TestMirrorGradLogDetHessConj checks GradLogDetHessConj against central
// differences of log det ∇²φ*(y) = −log det ∇²φ(∇φ*(y)) in y, with the log
// determinant in closed form (mirrorCase.logDetHess).
func TestMirrorGradLogDetHessConj(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	for _, c := range mirrorCases() {
		m, d := c.m, c.m.Dim()
		xs := make([]float64, m.PrimalLen())
		f := func(y []float64) float64 { return -c.logDetHess(m.GradConj(xs, y)) }
		for _, rel := range mirRelDistances {
			for range mirSamples() {
				x := c.sample(rng, rel)
				if c.gldX != nil {
					g, want := m.GradLogDetHessConj(nil, x), c.gldX(x)
					for i := range d {
						// Truncation ~(10⁻⁴)², rounding ~ulp·|log det|/step
						// ≤ 10⁻¹⁰ relatively; InvHessMul is tested above.
						if tol := 1e-6 * (math.Abs(g[i]) + mirMaxAbs(g)); math.Abs(g[i]-want[i]) > tol {
							t.Fatalf("%s rel=%g: GradLogDetHessConj[%d] = %v, −H⁻¹·(finite differences of log det H in x) give %v\nx = %v", c.name, rel, i, g[i], want[i], x)
						}
					}
					if rel < 1e-3 {
						continue
					}
				}
				y := m.Grad(nil, x)
				g := m.GradLogDetHessConj(nil, m.GradConj(nil, y))
				yy := slices.Clone(y)
				for i := range d {
					h := c.dualStep(y, i)
					want := fd.Derivative(func(t float64) float64 {
						yy[i] = y[i] + t
						v := f(yy)
						yy[i] = y[i]
						return v
					}, 0, &fd.Settings{Formula: fd.Central, Step: h})
					// Truncation ~(10⁻⁴)² relatively (the step is 10⁻⁴ of
					// the scale on which the entropy term varies); rounding
					// ~ulp·|f|/h.
					tol := 1e-6*math.Abs(g[i]) + 1e-14*(math.Abs(f(y))+1)/h
					if c.coupled {
						tol += 1e-6 * mirMaxAbs(g)
					}
					if math.Abs(g[i]-want) > tol {
						t.Fatalf("%s rel=%g: GradLogDetHessConj[%d] = %v, finite differences give %v\ny = %v", c.name, rel, i, g[i], want, y)
					}
				}
			}
		}
	}
}

// TestMirrorProject checks Project against the optimality conditions of a
// Euclidean projection: p = Π(v) iff p is feasible and ⟨v − p, z − p⟩ ≤ 0
// for every feasible z (checked over extreme and random feasible points),
// and that it is idempotent and leaves interior points alone.
func TestMirrorProject(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 20))
	for _, c := range mirrorCases() {
		m, d := c.m, c.m.Dim()
		for trial := range 20 * mirSamples() {
			spread := []float64{0.3, 3, 1e6}[trial%3] * c.scale
			v := make([]float64, d)
			for i := range v {
				v[i] = c.centre[i] + spread*rng.NormFloat64()
			}
			p := m.Project(nil, v)
			if dist := m.Distance(p); !(dist >= 0) {
				t.Fatalf("%s: Project(%v) = %v has distance %v < 0", c.name, v, p, dist)
			}
			for k := d; k < len(p); k++ {
				if !(p[k] >= 0) {
					t.Fatalf("%s: Project(%v) = %v has slack %d < 0", c.name, v, p, k)
				}
			}
			r := make([]float64, d)
			for i := range r {
				r[i] = v[i] - p[i]
			}
			nr, nv := math.Sqrt(vec.Dot(r, r)), math.Sqrt(vec.Dot(v, v))
			for range 4 * d {
				z := c.feasible(rng)
				inner, nz := 0.0, 0.0
				for i := range d {
					inner += r[i] * (z[i] - p[i])
					nz += (z[i] - p[i]) * (z[i] - p[i])
				}
				// p carries rounding of ulp·|v| (the simplex's v − τ cancels).
				if tol := 1e-12 * nr * (math.Sqrt(nz) + nv + c.scale); inner > tol {
					t.Fatalf("%s: Project(%v) = %v: ⟨v−p, z−p⟩ = %v > %v for z = %v", c.name, v, p, inner, tol, z)
				}
			}
			p2 := m.Project(nil, p[:d])
			for k := range p {
				if math.Abs(p2[k]-p[k]) > 1e-14*(math.Abs(p[k])+c.scale+c.offset) {
					t.Fatalf("%s: Project(Project(v)) = %v, Project(v) = %v", c.name, p2, p)
				}
			}
		}
		// An interior point is its own projection, with Lift's slacks.
		for range mirSamples() {
			x := c.sample(rng, 1e-3)
			p, l := m.Project(nil, x[:d]), m.Lift(nil, x[:d])
			if !slices.Equal(p, l) || !slices.Equal(p[:d], x[:d]) {
				t.Fatalf("%s: interior x = %v: Project = %v, Lift = %v", c.name, x, p, l)
			}
		}
	}
}

// TestProjectClosedForms checks the projections that have one: the box
// clips, the orthant takes max(v, 0), the ball scales radially.
func TestProjectClosedForms(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	bx := mustMap(NewFermiDiracBox(3, -1, 2))
	o := mustMap(NewEntropicOrthant(3))
	bl := mustMap(NewLogBarrierBall(3, 2))
	for range 1000 {
		v := []float64{5 * rng.NormFloat64(), 5 * rng.NormFloat64(), 5 * rng.NormFloat64()}
		p := bx.Project(nil, v)
		for i := range 3 {
			want := min(max(v[i], -1), 2)
			if p[i] != want || p[3+i] != want+1 || p[6+i] != 2-want {
				t.Fatalf("box Project(%v) = %v, want clip %v", v, p, want)
			}
		}
		p = o.Project(nil, v)
		for i := range 3 {
			if p[i] != max(v[i], 0) {
				t.Fatalf("orthant Project(%v) = %v", v, p)
			}
		}
		p = bl.Project(nil, v)
		r := math.Sqrt(vec.Dot(v, v))
		for i := range 3 {
			want := v[i]
			if r > 2 {
				want = 2 * v[i] / r
			}
			if math.Abs(p[i]-want) > 1e-15*2 {
				t.Fatalf("ball Project(%v) = %v", v, p)
			}
		}
		if r > 2 && p[3] != 0 || r <= 2 && math.Abs(p[3]-(4-r*r)) > 1e-14*4 {
			t.Fatalf("ball Project(%v) = %v: slack %v", v, p, p[3])
		}
	}
}

// TestDomainDistance checks Distance and Inside on points at a known
// distance, inside and outside, and that Lift agrees with the maps' slacks
// away from the boundary.
func TestDomainDistance(t *testing.T) {
	bl := mustMap(NewLogBarrierBall(3, 2))
	for _, delta := range []float64{1, 1e-5, 1e-10, 1e-13} {
		// x at distance δ from the sphere, s = δ(2R − δ) exactly as GradConj would carry it.
		x := []float64{0, 2 - delta, 0, delta * (4 - delta)}
		if got := bl.Distance(x); math.Abs(got-delta) > 1e-15*delta {
			t.Errorf("ball Distance at δ=%g: %v", delta, got)
		}
		if !bl.Inside(x) {
			t.Errorf("ball: point at δ=%g not Inside", delta)
		}
	}
	for _, c := range mirrorCases() {
		m, d := c.m, c.m.Dim()
		out := slices.Clone(c.centre)
		out[0] -= 10 * c.scale
		if c.name[:3] == "euc" {
			continue
		}
		if lx := m.Lift(nil, out); m.Inside(lx) || !(m.Distance(lx) <= 0) {
			t.Errorf("%s: Lift(%v) = %v: Inside = %v, Distance = %v, want outside", c.name, out, lx, m.Inside(lx), m.Distance(lx))
		}
		rng := rand.New(rand.NewPCG(1, uint64(d)))
		for range mirSamples() {
			x := c.sample(rng, 1e-2)
			if !m.Inside(x) || !(m.Distance(x) > 0) {
				t.Fatalf("%s: %v: Inside = %v, Distance = %v", c.name, x, m.Inside(x), m.Distance(x))
			}
			// Away from the boundary the slacks Lift computes from the
			// chart coordinates agree with the exact ones to ulp·scale/slack.
			lx := m.Lift(nil, x[:d])
			for k := range x {
				if math.Abs(lx[k]-x[k]) > 1e-12*(c.scale+c.offset) {
					t.Fatalf("%s: Lift(%v) = %v, want %v", c.name, x[:d], lx, x)
				}
			}
		}
	}
}

// TestMirrorDualBound checks the numerical hazards at the edge of the dual
// region and beyond it: at ±DualBound (every sign pattern; for the ball
// ClampDual's radial cut) GradConj is strictly inside, with normal slacks,
// and every other method is finite and Grad inverts it; at huge |y|
// (10¹⁰·DualBound, 10³⁰⁰, the largest float64) GradConj is finite, never NaN,
// in the closed domain.
func TestMirrorDualBound(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 24))
	for _, c := range mirrorCases() {
		m, d := c.m, c.m.Dim()
		b := m.DualBound()
		for pattern := range 1 << d {
			y := make([]float64, d)
			for i := range d {
				y[i] = b
				if pattern>>i&1 == 1 {
					y[i] = -b
				}
			}
			if n := m.ClampDual(y); n > 0 && !c.coupled {
				t.Fatalf("%s: ClampDual cut %d coordinates at the bound: %v", c.name, n, y)
			}
			x := m.GradConj(nil, y)
			if !m.Inside(x) || !vec.AllFinite(x) {
				t.Fatalf("%s: GradConj(%v) = %v: not strictly inside", c.name, y, x)
			}
			if c.name[:3] != "euc" {
				// The slacks are normal numbers, their reciprocals finite.
				lo := m.Distance(x)
				if !(lo >= 0x1p-1022) {
					t.Fatalf("%s: GradConj(%v) = %v: distance %v is not a normal number", c.name, y, x, lo)
				}
				if c.barrier && lo < 0.5*BarrierDistance*c.scale {
					t.Fatalf("%s: GradConj(%v): distance %v < BarrierDistance·scale/2", c.name, y, lo)
				}
			}
			ones := mirFilled(m.NoiseLen(), 1)
			for _, out := range [][]float64{
				m.Grad(nil, x), m.HessSqrtMul(nil, x, ones), m.HessDiag(nil, x),
				m.InvHessMul(nil, x, ones[:d]), m.GradLogDetHessConj(nil, x),
			} {
				if !vec.AllFinite(out) {
					t.Fatalf("%s: at GradConj(%v) = %v a method returns %v", c.name, y, x, out)
				}
			}
			if y2 := m.Grad(nil, x); mirMaxAbs(mirDiff(y2, y)) > 1e-12*b {
				t.Fatalf("%s: Grad(GradConj(%v)) = %v", c.name, y, y2)
			}
			if pattern > 16 {
				break
			}
		}
		for _, huge := range []float64{1e10 * b, 1e300, math.MaxFloat64} {
			for range 8 {
				y := make([]float64, d)
				for i := range y {
					y[i] = huge * float64(rng.IntN(3)-1)
				}
				y[rng.IntN(d)] = huge
				x := m.GradConj(nil, y)
				if !vec.AllFinite(x) || !(m.Distance(x) >= 0) {
					t.Fatalf("%s: GradConj(%v) = %v: want finite, in the closed domain", c.name, y, x)
				}
				// The slacks are those of the chart point, to rounding in
				// the slacks' units (scale² for the ball).
				u := c.scale + c.offset
				if diff := mirMaxAbs(mirDiff(m.Lift(nil, x[:d]), x)); diff > 1e-12*u*max(u, 1) {
					t.Fatalf("%s: GradConj(%v) = %v, inconsistent with its chart point: Lift gives %v", c.name, y, x, m.Lift(nil, x[:d]))
				}
			}
		}
	}
}

func mirDiff(a, b []float64) []float64 {
	d := make([]float64, len(a))
	for i := range a {
		d[i] = a[i] - b[i]
	}
	return d
}

// TestMirrorClamp checks ClampDual and LimitMove on the entropic maps (cuts
// to ±DualBound and ±MoveBound, counted) and that NaN passes through.
func TestMirrorClamp(t *testing.T) {
	for _, c := range mirrorCases() {
		m, d := c.m, c.m.Dim()
		b := m.DualBound()
		y := mirFilled(d, 2*b)
		y[0] = math.NaN()
		n := m.ClampDual(y)
		if !math.IsNaN(y[0]) {
			t.Errorf("%s: ClampDual turned NaN into %v", c.name, y[0])
		}
		if d > 1 {
			if c.coupled {
				if n != 0 {
					t.Errorf("%s: ClampDual cut a NaN vector: %v", c.name, y)
				}
			} else if n != d-1 || y[1] != b {
				t.Errorf("%s: ClampDual gave %v, %d cuts", c.name, y, n)
			}
		}
		inside := c.sampleDual(rand.New(rand.NewPCG(2, 3)))
		in := slices.Clone(inside)
		if n := m.ClampDual(in); n != 0 || !slices.Equal(in, inside) {
			t.Errorf("%s: ClampDual cut %v inside the region to %v", c.name, inside, in)
		}
		if c.barrier || c.name[:3] == "euc" {
			continue
		}
		dy := mirFilled(d, -100)
		if n := m.LimitMove(dy, inside); n != d || dy[0] != -MoveBound {
			t.Errorf("%s: LimitMove gave %v, %d cuts", c.name, dy, n)
		}
	}
	e := mustMap(NewEuclidean(2))
	dy := []float64{1e300, -1e300}
	if n := e.LimitMove(dy, []float64{0, 0}); n != 0 || dy[0] != 1e300 {
		t.Errorf("euclidean LimitMove cut %v", dy)
	}
}

// TestBarrierTrustRegion checks the log-barrier maps' relative trust region:
// from a point deep near the boundary (|y|·scale ≥ 100), no move that
// LimitMove lets through changes the distance to the boundary by more than a
// factor ~2 (BarrierTrust = ½: y' ∈ [1.5y, 0.5y] up to 2/scale), so no move
// crosses the domain; moves inside the trust region are left alone.
func TestBarrierTrustRegion(t *testing.T) {
	rng := rand.New(rand.NewPCG(25, 26))
	for _, c := range mirrorCases() {
		if !c.barrier {
			continue
		}
		m, d := c.m, c.m.Dim()
		for range 20 * mirSamples() {
			y := c.sampleDual(rng)
			for i := range y {
				y[i] = math.Copysign(max(math.Abs(y[i]), 100*c.ySc), y[i]) // deep in every coordinate
			}
			m.ClampDual(y)
			x := m.GradConj(nil, y)
			k := []float64{0.01, 1, 10, 1e6}[rng.IntN(4)]
			dy := make([]float64, d)
			for i := range dy {
				dy[i] = k * math.Abs(y[i]) * rng.NormFloat64()
			}
			orig := slices.Clone(dy)
			n := m.LimitMove(dy, y)
			if k == 0.01 && (n != 0 || !slices.Equal(dy, orig)) {
				t.Fatalf("%s: LimitMove cut a small move %v to %v", c.name, orig, dy)
			}
			y2 := make([]float64, d)
			for i := range y2 {
				y2[i] = y[i] + dy[i]
			}
			x2 := m.GradConj(nil, y2)
			// The distance ratio per coordinate for the box, in norm for the ball.
			if !c.coupled {
				for i := range d {
					p := math.Min(x[d+i], x[2*d+i])
					p2 := math.Min(x2[d+i], x2[2*d+i])
					if r := p2 / p; r < 0.6 || r > 2.2 || (y[i] > 0) != (y2[i] > 0) {
						t.Fatalf("%s: move %v from y=%v (cut from %v): slack %d changed by %v", c.name, dy, y, orig, i, r)
					}
				}
				continue
			}
			lo, hi := 0.6, 2.2
			if c.name[:3] == "pol" {
				// Near an acute vertex the distance is 2 sin(α/2)/‖y‖ only
				// along the bisector; a move that turns y towards one edge
				// changes that factor too.
				lo, hi = 0.25, 4
			}
			if ratio := m.Distance(x2) / m.Distance(x); ratio < lo || ratio > hi {
				t.Fatalf("%s: move %v from y=%v (cut from %v): distance changed by %v", c.name, dy, y, orig, ratio)
			}
		}
	}
}

// TestMirrorNoAllocs checks that no method allocates when given dst.
func TestMirrorNoAllocs(t *testing.T) {
	for _, c := range mirrorCases() {
		m, d := c.m, c.m.Dim()
		x := c.sample(rand.New(rand.NewPCG(4, 5)), 1e-3)
		y := m.Grad(nil, x)
		xs, yd := make([]float64, m.PrimalLen()), make([]float64, d)
		xi, v := mirFilled(m.NoiseLen(), 0.5), mirFilled(d, 1)
		allocs := testing.AllocsPerRun(20, func() {
			m.Grad(yd, x)
			m.GradConj(xs, y)
			m.HessSqrtMul(yd, x, xi)
			m.HessDiag(yd, x)
			m.InvHessMul(yd, x, v)
			m.GradLogDetHessConj(yd, x)
			m.ClampDual(yd)
			m.LimitMove(yd, y)
			m.Lift(xs, v)
			m.Project(xs, v)
			m.Distance(x)
			m.Inside(x)
		})
		if allocs != 0 {
			t.Errorf("%s: %v allocations per run", c.name, allocs)
		}
	}
}

// TestMirrorShapes checks Dim, PrimalLen and NoiseLen, and the rule for
// destination buffers (vec.Grow) on GradConj.
func TestMirrorShapes(t *testing.T) {
	for _, c := range mirrorCases() {
		m, d := c.m, c.m.Dim()
		wantLen := map[string]int{"sim": d + 1, "fer": 3 * d, "log": 3 * d, "bal": d + 1, "ort": d, "euc": d}[c.name[:3]]
		wantNoise := d
		switch c.name[:3] {
		case "sim":
			wantNoise = d + 1
		case "pol":
			nv := c.m.(PolygonBarrier).m
			wantLen, wantNoise = 2+nv, nv
		}
		if m.PrimalLen() != wantLen || m.NoiseLen() != wantNoise || len(m.GradConj(nil, make([]float64, d))) != wantLen {
			t.Errorf("%s: PrimalLen %d, NoiseLen %d; want %d, %d", c.name, m.PrimalLen(), m.NoiseLen(), wantLen, wantNoise)
		}
		// The one rule for destination buffers (vec.Grow): a short dst is left
		// alone and the result comes back in a new slice of full length.
		y := make([]float64, d)
		short := make([]float64, wantLen-1)
		got := m.GradConj(short, y)
		if want := m.GradConj(nil, y); !slices.Equal(got, want) || slices.ContainsFunc(short, func(v float64) bool { return v != 0 }) {
			t.Errorf("%s: GradConj into a short dst = %v (dst now %v), want %v and dst untouched", c.name, got, short, want)
		}
		long := make([]float64, wantLen+3)
		if got := m.GradConj(long, y); &got[0] != &long[0] || len(got) != wantLen {
			t.Errorf("%s: GradConj into a long dst did not write in place (len %d)", c.name, len(got))
		}
	}
}

// TestMirrorConstructors checks that invalid parameters are refused with a
// message naming them, and valid ones accepted.
func TestMirrorConstructors(t *testing.T) {
	nan := math.NaN()
	for _, tc := range []struct {
		name string
		err  error
	}{
		{"simplex d=0", errOf(NewEntropicSimplex(0))},
		{"box d=0", errOf(NewFermiDiracBox(0, 0, 1))},
		{"box a=b", errOf(NewLogBarrierBox(2, 1, 1))},
		{"box a>b", errOf(NewLogBarrierBox(2, 1, 0))},
		{"box NaN", errOf(NewFermiDiracBox(2, nan, 1))},
		{"box Inf", errOf(NewFermiDiracBox(2, 0, math.Inf(1)))},
		{"box tiny", errOf(NewFermiDiracBox(2, 0, 1e-9))},
		{"box far", errOf(NewFermiDiracBox(2, 1e9, 1e9+1))},
		{"ball R=0", errOf(NewLogBarrierBall(2, 0))},
		{"ball R<0", errOf(NewLogBarrierBall(2, -1))},
		{"ball NaN", errOf(NewLogBarrierBall(2, nan))},
		{"ball huge", errOf(NewLogBarrierBall(2, 1e9))},
		{"ball d=0", errOf(NewLogBarrierBall(0, 1))},
		{"orthant d=-1", errOf(NewEntropicOrthant(-1))},
		{"euclidean d=0", errOf(NewEuclidean(0))},
	} {
		if tc.err == nil || !strings.HasPrefix(tc.err.Error(), "engine: ") {
			t.Errorf("%s: error %v, want one starting with engine:", tc.name, tc.err)
		}
	}
	for _, err := range []error{
		errOf(NewFermiDiracBox(1, -5e7, 5e7)), errOf(NewLogBarrierBox(10, 0, 1e-8)),
		errOf(NewLogBarrierBall(1, 1e-8)), errOf(NewLogBarrierBall(4, 1e8)),
	} {
		if err != nil {
			t.Errorf("valid parameters refused: %v", err)
		}
	}
}

func errOf[T any](_ T, err error) error { return err }

// benchmarkGradConjHess times one GradConj and one HessSqrtMul, the dual →
// primal → noise work of an MMFLD step.
func benchmarkGradConjHess(b *testing.B, m Map) {
	d := m.Dim()
	y := make([]float64, d)
	for i := range y {
		y[i] = 0.3 * float64(i+1) * m.DualBound() / 1e3
	}
	x, z, xi := make([]float64, m.PrimalLen()), make([]float64, d), mirFilled(m.NoiseLen(), 0.7)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		m.GradConj(x, y)
		m.HessSqrtMul(z, x, xi)
	}
}

func BenchmarkGradConjHessSimplex3(b *testing.B) {
	benchmarkGradConjHess(b, mustMap(NewEntropicSimplex(3)))
}
func BenchmarkGradConjHessFermiDiracBox3(b *testing.B) {
	benchmarkGradConjHess(b, mustMap(NewFermiDiracBox(3, 0, 1)))
}
func BenchmarkGradConjHessLogBarrierBox3(b *testing.B) {
	benchmarkGradConjHess(b, mustMap(NewLogBarrierBox(3, 0, 1)))
}
func BenchmarkGradConjHessBall3(b *testing.B) {
	benchmarkGradConjHess(b, mustMap(NewLogBarrierBall(3, 1)))
}
func BenchmarkGradConjHessOrthant3(b *testing.B) {
	benchmarkGradConjHess(b, mustMap(NewEntropicOrthant(3)))
}
func BenchmarkGradConjHessEuclidean3(b *testing.B) {
	benchmarkGradConjHess(b, mustMap(NewEuclidean(3)))
}
