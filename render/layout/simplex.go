package layout

import (
	"math"

	"github.com/mmfld/playground/engine/mirror"
)

// Triangle is the drawn 2-simplex: V[i] is the pixel position of the vertex
// eᵢ₊₁, the point whose barycentric coordinate xᵢ₊₁ is 1. EquilateralIn puts
// e₁ bottom-left, e₂ bottom-right and e₃ (the reference coordinate x₃ of the
// dual chart yᵢ = log(xᵢ/x₃)) at the apex.
type Triangle struct{ V [3]Point }

// EquilateralIn returns the largest equilateral triangle with a horizontal
// base that fits in r, centred in r, apex up.
func EquilateralIn(r Rect) Triangle {
	h32 := math.Sqrt(3) / 2
	side := max(min(r.W, r.H/h32), 0)
	height := side * h32
	c := r.Center()
	top, bottom := c.Y-height/2, c.Y+height/2
	return Triangle{V: [3]Point{
		{c.X - side/2, bottom},
		{c.X + side/2, bottom},
		{c.X, top},
	}}
}

// At returns the pixel position of the point with barycentric coordinates
// (x1, x2, x3): x1·V₁ + x2·V₂ + x3·V₃. The coordinates are used as given;
// they need not sum to 1 (a point off the simplex lands off the triangle).
func (t Triangle) At(x1, x2, x3 float64) Point {
	return Point{
		x1*t.V[0].X + x2*t.V[1].X + x3*t.V[2].X,
		x1*t.V[0].Y + x2*t.V[1].Y + x3*t.V[2].Y,
	}
}

// Centroid returns the position of the barycentre (⅓, ⅓, ⅓).
func (t Triangle) Centroid() Point { return t.At(1.0/3, 1.0/3, 1.0/3) }

// Side returns the length of the triangle's side in pixels.
func (t Triangle) Side() float64 { return math.Hypot(t.V[1].X-t.V[0].X, t.V[1].Y-t.V[0].Y) }

// IsoLine returns the two ends of the segment of the triangle on which the
// coordinate xᵢ₊₁ equals v (i in 0, 1, 2; v in [0, 1]): a line of a ternary
// grid, parallel to the edge opposite vertex i.
func (t Triangle) IsoLine(i int, v float64) (a, b Point) {
	var p, q [3]float64
	j, k := (i+1)%3, (i+2)%3
	p[i], p[j] = v, 1-v
	q[i], q[k] = v, 1-v
	return t.At(p[0], p[1], p[2]), t.At(q[0], q[1], q[2])
}

// Vertices writes into dst, and returns, the pixel positions of the d+1
// vertices of Δ^d as drawn. For d = 2 they are the triangle's. For d > 2 the
// picture is the linear projection of the simplex that puts the vertices on
// a regular (d+1)-gon, as large as fits the triangle's bounding box and
// centred in it: e_{d+1} (the reference coordinate of the dual chart) at the
// top, then e₁, e₂, … counter-clockwise from the bottom left, as on the
// triangle. A point x is drawn at Σ xᵢ Vᵢ (Place): the simplex lands on the
// polygon, faces on chords, and for d > 2 distinct points may share a place.
func (t Triangle) Vertices(dst []Point, d int) []Point {
	dst = dst[:0]
	if d == 2 {
		return append(dst, t.V[:]...)
	}
	k := float64(d + 1)
	lo, hi := Point{math.Inf(1), math.Inf(1)}, Point{math.Inf(-1), math.Inf(-1)}
	for i := range d + 1 {
		// Screen y points down: the top is −π/2; "counter-clockwise on
		// screen" decreases the angle.
		a := -math.Pi/2 - 2*math.Pi*float64(i+1)/k
		p := Point{math.Cos(a), math.Sin(a)}
		lo = Point{min(lo.X, p.X), min(lo.Y, p.Y)}
		hi = Point{max(hi.X, p.X), max(hi.Y, p.Y)}
		dst = append(dst, p)
	}
	box := Rect{X: t.V[0].X, Y: t.V[2].Y, W: t.V[1].X - t.V[0].X, H: t.V[0].Y - t.V[2].Y}
	scale := min(box.W/(hi.X-lo.X), box.H/(hi.Y-lo.Y))
	c := box.Center()
	mid := Point{(lo.X + hi.X) / 2, (lo.Y + hi.Y) / 2}
	for i, p := range dst {
		dst[i] = Point{c.X + scale*(p.X-mid.X), c.Y + scale*(p.Y-mid.Y)}
	}
	return dst
}

// Place returns the pixel position Σ xᵢ vᵢ of the point with barycentric
// coordinates x, for the vertices v (len(v) = len(x)).
func Place(v []Point, x []float64) Point {
	var p Point
	for i, xi := range x {
		p.X += xi * v[i].X
		p.Y += xi * v[i].Y
	}
	return p
}

// Nearness maps the smallest barycentric coordinate m of a particle to how
// close it is to the boundary of the simplex, on a logarithmic scale: 0 at
// the centroid (m = ⅓), 1 at m ≤ NearnessFloor, linear in log m between.
// NaN maps to 1.
func Nearness(m float64) float64 {
	if !(m > NearnessFloor) {
		return 1
	}
	if m >= 1.0/3 {
		return 0
	}
	return math.Log(m*3) / logNearnessFloor3
}

// NearnessFloor is the smallest coordinate Nearness tells apart: a particle
// whose smallest coordinate is below it has Nearness 1. It is the boundary
// threshold of the engine's boundary-mass readout.
const NearnessFloor = mirror.BoundaryEps

var logNearnessFloor3 = math.Log(NearnessFloor * 3)

// NearnessFast is Nearness to within 10⁻⁵, without math.Log, which
// WebAssembly computes in software: the particles' colours call it once per
// particle and frame. It takes log₂ from the float's exponent and a table
// of log₂ over 64 steps of the mantissa, interpolated linearly (error below
// 5·10⁻⁵ in log₂, 6·10⁻⁶ in Nearness).
func NearnessFast(m float64) float64 {
	if !(m > NearnessFloor) {
		return 1
	}
	if m >= 1.0/3 {
		return 0
	}
	b := math.Float64bits(m * 3) // a positive normal number
	e := int(b>>52) - 1023
	mant := b & (1<<52 - 1)
	k := mant >> (52 - log2Bits)
	f := float64(mant&(1<<(52-log2Bits)-1)) / (1 << (52 - log2Bits))
	l2 := float64(e) + log2Table[k] + f*(log2Table[k+1]-log2Table[k])
	return l2 * math.Ln2 / logNearnessFloor3
}

// log2Bits is log₂ of the steps of log2Table.
const log2Bits = 6

// log2Table holds log₂(1 + k/64) for k = 0, …, 64.
var log2Table = func() (t [1<<log2Bits + 1]float64) {
	for k := range t {
		t[k] = math.Log2(1 + float64(k)/(1<<log2Bits))
	}
	return t
}()

// Smallest returns the smallest of the values x (not empty), or NaN if one
// is NaN: slices.Min's result, by comparisons. (Go's min of floats, which
// slices.Min uses, is a runtime call in WebAssembly: a tenfold slower
// loop, once per particle and frame.)
func Smallest(x []float64) float64 {
	m := x[0]
	for _, v := range x[1:] {
		if v < m || v != v {
			m = v
		}
		if m != m {
			return m
		}
	}
	return m
}
