package layout

import "math"

// The arithmetic of a domain's picture: the part of the plane (or the line)
// the primal panel shows, and how near a particle is to the boundary.

// PrimalPlot returns the square in which a domain other than the simplex is
// drawn: the largest that fits the triangle's box with room for tick labels.
func (f Frame) PrimalPlot() Rect {
	t := f.Triangle
	r := Rect{X: t.V[0].X + 40, Y: t.V[2].Y, W: t.V[1].X - t.V[0].X - 40, H: t.V[0].Y - t.V[2].Y - 24}
	side := max(min(r.W, r.H), 0)
	c := r.Center()
	return Rect{X: c.X - side/2, Y: c.Y - side/2, W: side, H: side}
}

// A Projector projects a chart point onto a closed domain (the engine's
// Domain.Project: dst by the engine's rule, v of the domain's dimension).
type Projector interface {
	Project(dst, v []float64) []float64
}

// FarAway is how far along an axis Extent looks for a domain's end; an end
// beyond FarAway/2 counts as none (±Inf).
const FarAway = 1e12

// Extent returns the box that bounds the first two coordinates of the
// domain p of dimension dim (one coordinate: Y0, Y1 repeat X0, X1): the
// projections of points FarAway along each axis, ±Inf where the domain
// goes on. v and x are scratch (dim numbers, and the projection), returned
// grown for the next call.
func Extent(p Projector, dim int, v, x []float64) (b Box, _, _ []float64) {
	if cap(v) < dim {
		v = make([]float64, dim)
	}
	v = v[:dim]
	var ends [4]float64
	for k := range min(dim, 2) {
		for j, s := range [2]float64{-1, 1} {
			clear(v)
			v[k] = s * FarAway
			x = p.Project(x, v)
			e := x[k]
			if math.Abs(e) >= FarAway/2 {
				e = math.Inf(int(s))
			}
			ends[2*k+j] = e
		}
	}
	if dim < 2 {
		ends[2], ends[3] = ends[0], ends[1]
	}
	return Box{ends[0], ends[1], ends[2], ends[3]}, v, x
}

// SquareView returns the square of the data plane that shows the bounded
// extent ext to scale with a margin of margin times its larger side on
// each side: the larger side's ends move out by the margin, the other
// axis is centred.
func SquareView(ext Box, margin float64) Box {
	w, h := ext.X1-ext.X0, ext.Y1-ext.Y0
	side := max(w, h)
	m := margin * side
	b := Box{X0: ext.X0 - m, X1: ext.X1 + m, Y0: ext.Y0 - m, Y1: ext.Y1 + m}
	if w < side {
		c := (ext.X0 + ext.X1) / 2
		b.X0, b.X1 = c-side/2-m, c+side/2+m
	}
	if h < side {
		c := (ext.Y0 + ext.Y1) / 2
		b.Y0, b.Y1 = c-side/2-m, c+side/2+m
	}
	return b
}

// KeepEnds returns the view b widened so that it shows every finite end of
// the domain's extent ext with a margin of margin times b's width (the
// orthant's corner stays in view as the particles drift away from it).
func KeepEnds(b, ext Box, margin float64) Box {
	w, h := b.X1-b.X0, b.Y1-b.Y0
	if !math.IsInf(ext.X0, 0) {
		b.X0 = min(b.X0, ext.X0-margin*w)
	}
	if !math.IsInf(ext.X1, 0) {
		b.X1 = max(b.X1, ext.X1+margin*w)
	}
	if !math.IsInf(ext.Y0, 0) {
		b.Y0 = min(b.Y0, ext.Y0-margin*h)
	}
	if !math.IsInf(ext.Y1, 0) {
		b.Y1 = max(b.Y1, ext.Y1+margin*h)
	}
	return b
}

// Depth returns the distance to the boundary that a particle must reach to
// count as deep inside (RelativeDistance ⅓, coloured as the simplex's
// centre): 1.5 times the width of the smallest interval holding every end
// of the bounded extent ext, so that the box's and the ball's centres are
// at ⅓; 3 for an unbounded domain.
func Depth(ext Box) float64 {
	if !ext.Valid() {
		return 3
	}
	return 1.5 * (max(ext.X1, ext.Y1) - min(ext.X0, ext.Y0))
}

// RelativeDistance returns a distance to the boundary over Depth, capped at
// ⅓, so that Nearness colours it as it colours the smallest barycentric
// coordinate: ⅓ deep inside (blue), 0 on the boundary (orange).
func RelativeDistance(dist, depth float64) float64 {
	// A comparison, not min, which is a runtime call in WebAssembly (this
	// runs once per particle and frame); NaN stays NaN either way.
	if r := dist / depth; !(r > 1.0/3) {
		return r
	}
	return 1.0 / 3
}

// VertexLabel returns where the label of vertex i of the polygon verts
// goes: dist pixels beyond the vertex, away from the polygon's centre,
// and on which side of it the label hangs (−1 left, its end at the point;
// 0 centred; 1 right, its start at the point). ok is false for a
// vertex at the centre.
func VertexLabel(verts []Point, i int, dist float64) (at Point, side int, ok bool) {
	var c Point
	for _, v := range verts {
		c.X += v.X / float64(len(verts))
		c.Y += v.Y / float64(len(verts))
	}
	v := verts[i]
	dx, dy := v.X-c.X, v.Y-c.Y
	r := math.Hypot(dx, dy)
	if r == 0 {
		return v, 0, false
	}
	switch {
	case dx < -r/4:
		side = -1
	case dx > r/4:
		side = 1
	}
	return Point{v.X + dist*dx/r, v.Y + dist*dy/r}, side, true
}

// CornerSquare returns the square of side frac·p.W (whole pixels) in the
// bottom-right corner of p, pad pixels inside it.
func CornerSquare(p Rect, frac, pad float64) Rect {
	side := math.Floor(frac * p.W)
	return Rect{X: p.MaxX() - side - pad, Y: p.MaxY() - side - pad, W: side, H: side}
}

// Bar returns the rectangle of bin k of a histogram drawn through m into
// hist: the bins start at lo and are w wide, the bin's density d sets its
// height (cut at hist's top); a pixel column parts neighbouring bars, and
// a bar is at least one pixel wide.
func Bar(m Mapper, hist Rect, lo, w float64, k int, d float64) Rect {
	x0 := m.Pixel(lo+float64(k)*w, 0).X
	x1 := m.Pixel(lo+float64(k+1)*w, 0).X
	y := max(m.Pixel(0, d).Y, hist.Y)
	return Rect{X: x0 + 0.5, Y: y, W: max(x1-x0-1, 1), H: hist.MaxY() - y}
}

// LogRatios writes (log(x₁/x_last), log(x₂/x_last)), the first two dual
// coordinates of the entropic simplex map at the barycentric point x.
func LogRatios(x []float64) (y1, y2 float64) {
	last := x[len(x)-1]
	return math.Log(x[0] / last), math.Log(x[1] / last)
}
