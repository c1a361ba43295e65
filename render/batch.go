package render

import (
	"image"
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/mmfld/playground/render/layout"
)

// rgba is a straight-alpha colour with components in [0, 1], as ebiten's
// vertices take them.
type rgba struct{ R, G, B, A float32 }

// hex returns the opaque colour 0xRRGGBB.
func hex(v uint32) rgba {
	return rgba{float32(v>>16&0xff) / 255, float32(v>>8&0xff) / 255, float32(v&0xff) / 255, 1}
}

// alpha returns c with opacity a.
func (c rgba) alpha(a float64) rgba { c.A = float32(a); return c }

// maxChunkVertices is the most vertices one DrawTriangles call can address
// with uint16 indices.
const maxChunkVertices = 1 << 16

// whiteSrc is the source pixel of every shape: the centre of the 3×3 white
// block in the corner of the scene's glyph atlas (glyphAtlas), whose border
// keeps linear filtering from sampling outside. Shapes and text share that
// one source image, so ebiten merges a whole frame's DrawTriangles calls
// into one draw command (per 65536 vertices).
const whiteSrc = 1.5

// batch collects coloured triangles, so that a whole layer of the picture
// (every particle of a panel, or every line) is drawn by a few
// DrawTriangles calls: one per 65536 vertices, the most that uint16
// indices reach. Its buffers are kept between frames; after the first
// frames it allocates nothing.
//
// Nothing is drawn with ebiten's AntiAlias option, which renders into a
// double-size offscreen image and copies it back (a texture and several
// draw commands a call): the slanted and curved shapes (line, arc, ring,
// disc) anti-alias themselves, their edges fading to transparent over a
// pixel; axis-aligned rectangles and particle squares need none.
type batch struct {
	vs     []ebiten.Vertex
	is     []uint16
	chunks []chunk // where each DrawTriangles call starts
	opts   ebiten.DrawTrianglesOptions
}

// chunk marks the first vertex and index of one DrawTriangles call.
type chunk struct{ v, i int }

// batchRoom is the number of vertices a batch has room for from the
// start: more than the shapes around the particles take in most pictures,
// so that their buffers seldom grow while the picture changes (a panel's
// particles, mmd's target sample and the xor inset grow theirs once).
const batchRoom = 1024

// reset empties b, keeping its buffers.
func (b *batch) reset() {
	if b.vs == nil {
		b.vs = make([]ebiten.Vertex, 0, batchRoom)
		b.is = make([]uint16, 0, batchRoom*3/2)
		b.chunks = make([]chunk, 0, 4)
	}
	b.vs, b.is, b.chunks = b.vs[:0], b.is[:0], b.chunks[:0]
}

// ensure grows b's buffers, if need be, to hold v more vertices and i
// more indices without growing again: for a layer that will grow over the
// next frames (the curves view's, as the history fills).
func (b *batch) ensure(v, i int) {
	if len(b.vs)+v > cap(b.vs) {
		b.vs = append(make([]ebiten.Vertex, 0, len(b.vs)+v), b.vs...)
	}
	if len(b.is)+i > cap(b.is) {
		b.is = append(make([]uint16, 0, len(b.is)+i), b.is...)
	}
}

// cut ends the current chunk: what follows goes to a DrawTriangles call of
// its own (merged into the same draw command by ebiten). A layer that grows
// from frame to frame (the curves) is cut into calls of bounded size, since
// ebiten keeps a buffer the size of the largest call so far and allocates
// a larger one whenever a call outgrows it.
func (b *batch) cut() {
	if len(b.chunks) > 0 && b.chunks[len(b.chunks)-1].v == len(b.vs) {
		return
	}
	b.chunks = append(b.chunks, chunk{len(b.vs), len(b.is)})
}

// reserve makes room for a primitive of n vertices in the current chunk,
// starting a new chunk if it would not fit, and returns the index of its
// first vertex relative to the chunk.
func (b *batch) reserve(n int) uint16 {
	if len(b.chunks) == 0 || len(b.vs)-b.chunks[len(b.chunks)-1].v+n > maxChunkVertices {
		b.chunks = append(b.chunks, chunk{len(b.vs), len(b.is)})
	}
	return uint16(len(b.vs) - b.chunks[len(b.chunks)-1].v)
}

// vertex appends one vertex at (x, y) of colour c.
func (b *batch) vertex(x, y float64, c rgba) {
	b.vs = append(b.vs, ebiten.Vertex{
		DstX: float32(x), DstY: float32(y), SrcX: whiteSrc, SrcY: whiteSrc,
		ColorR: c.R, ColorG: c.G, ColorB: c.B, ColorA: c.A,
	})
}

// quadIndices appends the two triangles of the quadrilateral of the
// vertices o+i, o+j, o+k, o+l (in order around it).
func (b *batch) quadIndices(o, i, j, k, l uint16) {
	b.is = append(b.is, o+i, o+j, o+k, o+i, o+k, o+l)
}

// quad appends the convex quadrilateral p0 p1 p2 p3 (in order around it),
// each corner with its own colour.
func (b *batch) quad(p0, p1, p2, p3 layout.Point, c0, c1, c2, c3 rgba) {
	o := b.reserve(4)
	b.vertex(p0.X, p0.Y, c0)
	b.vertex(p1.X, p1.Y, c1)
	b.vertex(p2.X, p2.Y, c2)
	b.vertex(p3.X, p3.Y, c3)
	b.quadIndices(o, 0, 1, 2, 3)
}

// square appends an axis-aligned square of side 2·half centred on p. It is
// the one shape per particle: the four vertices go in with one append.
func (b *batch) square(p layout.Point, half float64, c rgba) {
	o := b.reserve(4)
	x0, y0 := float32(p.X-half), float32(p.Y-half)
	x1, y1 := float32(p.X+half), float32(p.Y+half)
	b.vs = append(b.vs,
		ebiten.Vertex{DstX: x0, DstY: y0, SrcX: whiteSrc, SrcY: whiteSrc, ColorR: c.R, ColorG: c.G, ColorB: c.B, ColorA: c.A},
		ebiten.Vertex{DstX: x1, DstY: y0, SrcX: whiteSrc, SrcY: whiteSrc, ColorR: c.R, ColorG: c.G, ColorB: c.B, ColorA: c.A},
		ebiten.Vertex{DstX: x1, DstY: y1, SrcX: whiteSrc, SrcY: whiteSrc, ColorR: c.R, ColorG: c.G, ColorB: c.B, ColorA: c.A},
		ebiten.Vertex{DstX: x0, DstY: y1, SrcX: whiteSrc, SrcY: whiteSrc, ColorR: c.R, ColorG: c.G, ColorB: c.B, ColorA: c.A},
	)
	b.is = append(b.is, o, o+1, o+2, o, o+2, o+3)
}

// rect appends the filled rectangle r.
func (b *batch) rect(r layout.Rect, c rgba) {
	b.quad(layout.Point{X: r.X, Y: r.Y}, layout.Point{X: r.MaxX(), Y: r.Y},
		layout.Point{X: r.MaxX(), Y: r.MaxY()}, layout.Point{X: r.X, Y: r.MaxY()}, c, c, c, c)
}

// frame appends the outline of r, width w, drawn inside r.
func (b *batch) frame(r layout.Rect, w float64, c rgba) {
	b.rect(layout.Rect{X: r.X, Y: r.Y, W: r.W, H: w}, c)
	b.rect(layout.Rect{X: r.X, Y: r.MaxY() - w, W: r.W, H: w}, c)
	b.rect(layout.Rect{X: r.X, Y: r.Y + w, W: w, H: r.H - 2*w}, c)
	b.rect(layout.Rect{X: r.MaxX() - w, Y: r.Y + w, W: w, H: r.H - 2*w}, c)
}

// feather returns the cross-section of an anti-aliased stroke w pixels
// wide: its edges fade from the opacity a·c.A at the inner half width to 0
// at the outer one, a pixel further out, so that each pixel is covered
// about as much as the stroke covers it (a stroke thinner than a pixel is
// drawn a pixel wide at opacity w).
func feather(w float64, c rgba) (inner, outer float64, core, edge rgba) {
	h := w / 2
	inner, outer = max(h-0.5, 0), h+0.5
	core, edge = c, c
	core.A *= float32(min(w, 1))
	edge.A = 0
	return inner, outer, core, edge
}

// line appends the segment from a to e, w pixels wide, with square ends
// extended by ext pixels; its long sides are anti-aliased (see feather).
func (b *batch) line(a, e layout.Point, w, ext float64, c rgba) {
	dx, dy := e.X-a.X, e.Y-a.Y
	l := math.Hypot(dx, dy)
	if !(l > 0) {
		return
	}
	ux, uy := dx/l, dy/l
	nx, ny := -uy, ux
	a.X, a.Y = a.X-ux*ext, a.Y-uy*ext
	e.X, e.Y = e.X+ux*ext, e.Y+uy*ext
	in, out, core, edge := feather(w, c)
	o := b.reserve(8)
	for k, d := range [4]float64{-out, -in, in, out} {
		col := core
		if k == 0 || k == 3 {
			col = edge
		}
		b.vertex(a.X+nx*d, a.Y+ny*d, col)
		b.vertex(e.X+nx*d, e.Y+ny*d, col)
	}
	for k := range uint16(3) {
		b.quadIndices(o, 2*k, 2*k+1, 2*k+3, 2*k+2)
	}
}

// polyline appends the path through pts, w pixels wide, its sides
// anti-aliased (see feather): one strip of four vertices a point, each
// point's offsets along the mean of its two segments' normals (lengthened
// at a bend, at most twice). A path of fewer than two points adds nothing.
func (b *batch) polyline(pts []layout.Point, w float64, c rgba) {
	n := len(pts)
	if n < 2 {
		return
	}
	if 4*n > maxChunkVertices {
		// Longer than a chunk: in pieces that share their end points.
		m := maxChunkVertices / 4
		b.polyline(pts[:m], w, c)
		b.polyline(pts[m-1:], w, c)
		return
	}
	in, out, core, edge := feather(w, c)
	o := b.reserve(4 * n)
	for i := range n {
		nx, ny := segmentNormal(pts, max(i-1, 0))
		if i > 0 && i < n-1 {
			mx, my := segmentNormal(pts, i)
			sx, sy := nx+mx, ny+my
			l := math.Hypot(sx, sy)
			if l > 1e-9 {
				// The offset that keeps the strip w wide on both
				// segments: 1/cos of half the bend, at most 2.
				k := min(2/l, 2.0)
				nx, ny = sx/l*k, sy/l*k
			}
		}
		p := pts[i]
		for j, d := range [4]float64{-out, -in, in, out} {
			col := core
			if j == 0 || j == 3 {
				col = edge
			}
			b.vertex(p.X+nx*d, p.Y+ny*d, col)
		}
	}
	for i := range uint16(n - 1) {
		v := 4 * i
		for j := range uint16(3) {
			b.quadIndices(o, v+j, v+4+j, v+5+j, v+1+j)
		}
	}
}

// segmentNormal returns the unit normal of the segment from pts[i] to
// pts[i+1], or (0, 1) if they coincide.
func segmentNormal(pts []layout.Point, i int) (nx, ny float64) {
	dx, dy := pts[i+1].X-pts[i].X, pts[i+1].Y-pts[i].Y
	l := math.Hypot(dx, dy)
	if !(l > 0) {
		return 0, 1
	}
	return -dy / l, dx / l
}

// arc appends the arc of the circle about p with radius r from angle a0 to
// a1 (radians, y down), w pixels wide, in segs pieces, anti-aliased on
// both sides (see feather).
func (b *batch) arc(p layout.Point, r, a0, a1, w float64, segs int, c rgba) {
	in, out, core, edge := feather(w, c)
	radii := [4]float64{r - out, r - in, r + in, r + out}
	radii[0] = max(radii[0], 0)
	o := b.reserve(4 * (segs + 1))
	for k := range segs + 1 {
		s, co := math.Sincos(a0 + (a1-a0)*float64(k)/float64(segs))
		for j, rr := range radii {
			col := core
			if j == 0 || j == 3 {
				col = edge
			}
			b.vertex(p.X+rr*co, p.Y+rr*s, col)
		}
	}
	for k := range uint16(segs) {
		v := 4 * k
		for j := range uint16(3) {
			b.quadIndices(o, v+j, v+4+j, v+5+j, v+1+j)
		}
	}
}

// ring appends a circle about p with radius r, w pixels wide.
func (b *batch) ring(p layout.Point, r, w float64, c rgba) {
	b.arc(p, r, 0, 2*math.Pi, w, 32, c)
}

// disc appends a filled disc about p with radius r, a fan of segs
// triangles with an anti-aliased rim a pixel wide.
func (b *batch) disc(p layout.Point, r float64, segs int, c rgba) {
	edge := c
	edge.A = 0
	o := b.reserve(2*segs + 1)
	b.vertex(p.X, p.Y, c)
	ri, ro := max(r-0.5, 0), r+0.5
	for k := range segs {
		s, co := math.Sincos(2 * math.Pi * float64(k) / float64(segs))
		b.vertex(p.X+ri*co, p.Y+ri*s, c)
		b.vertex(p.X+ro*co, p.Y+ro*s, edge)
	}
	n := uint16(segs)
	for k := range n {
		i, j := 1+2*k, 1+2*((k+1)%n)
		b.is = append(b.is, o, o+i, o+j)
		b.quadIndices(o, i, i+1, j+1, j)
	}
}

// cross appends a + of arm length r, w pixels wide, centred on p.
func (b *batch) cross(p layout.Point, r, w float64, c rgba) {
	b.line(layout.Point{X: p.X - r, Y: p.Y}, layout.Point{X: p.X + r, Y: p.Y}, w, 0, c)
	b.line(layout.Point{X: p.X, Y: p.Y - r}, layout.Point{X: p.X, Y: p.Y + r}, w, 0, c)
}

// image appends the axis-aligned rectangle of src's size with its top
// left at (x, y), showing the pixels src of the source image tinted by c.
func (b *batch) image(x, y float64, src image.Rectangle, c rgba) {
	o := b.reserve(4)
	x1, y1 := x+float64(src.Dx()), y+float64(src.Dy())
	sx0, sy0, sx1, sy1 := float32(src.Min.X), float32(src.Min.Y), float32(src.Max.X), float32(src.Max.Y)
	b.vs = append(b.vs,
		ebiten.Vertex{DstX: float32(x), DstY: float32(y), SrcX: sx0, SrcY: sy0, ColorR: c.R, ColorG: c.G, ColorB: c.B, ColorA: c.A},
		ebiten.Vertex{DstX: float32(x1), DstY: float32(y), SrcX: sx1, SrcY: sy0, ColorR: c.R, ColorG: c.G, ColorB: c.B, ColorA: c.A},
		ebiten.Vertex{DstX: float32(x1), DstY: float32(y1), SrcX: sx1, SrcY: sy1, ColorR: c.R, ColorG: c.G, ColorB: c.B, ColorA: c.A},
		ebiten.Vertex{DstX: float32(x), DstY: float32(y1), SrcX: sx0, SrcY: sy1, ColorR: c.R, ColorG: c.G, ColorB: c.B, ColorA: c.A},
	)
	b.quadIndices(o, 0, 1, 2, 3)
}

// draw draws the collected triangles onto dst with src as their source
// image (the glyph atlas, whose white block the shapes sample).
func (b *batch) draw(dst, src *ebiten.Image) {
	for k, c := range b.chunks {
		vEnd, iEnd := len(b.vs), len(b.is)
		if k+1 < len(b.chunks) {
			vEnd, iEnd = b.chunks[k+1].v, b.chunks[k+1].i
		}
		if iEnd > c.i {
			dst.DrawTriangles(b.vs[c.v:vEnd], b.is[c.i:iEnd], src, &b.opts)
		}
	}
}
