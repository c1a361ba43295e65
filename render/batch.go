package render

import (
	"image"
	"image/color"
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

// color returns c as a color.Color for ebiten.ColorScale.
func (c rgba) color() color.Color { return c.nrgba() }

// nrgba returns c in 8 bits a channel, not premultiplied.
func (c rgba) nrgba() color.NRGBA {
	return color.NRGBA{uint8(c.R*255 + 0.5), uint8(c.G*255 + 0.5), uint8(c.B*255 + 0.5), uint8(c.A*255 + 0.5)}
}

// maxChunkVertices is the most vertices one DrawTriangles call can address
// with uint16 indices.
const maxChunkVertices = 1 << 16

// batch collects coloured triangles cut from one white pixel, so that a
// whole layer of the picture (every particle of a panel, or every line) is
// drawn by a few DrawTriangles calls: one per 65536 vertices, the most that
// uint16 indices reach. Its buffers are kept between frames; after the
// first frames it allocates nothing.
type batch struct {
	vs     []ebiten.Vertex
	is     []uint16
	chunks []chunk // where each DrawTriangles call starts
	opts   ebiten.DrawTrianglesOptions
}

// chunk marks the first vertex and index of one DrawTriangles call.
type chunk struct{ v, i int }

// reset empties b, keeping its buffers.
func (b *batch) reset() {
	b.vs, b.is, b.chunks = b.vs[:0], b.is[:0], b.chunks[:0]
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
		DstX: float32(x), DstY: float32(y), SrcX: 1.5, SrcY: 1.5,
		ColorR: c.R, ColorG: c.G, ColorB: c.B, ColorA: c.A,
	})
}

// quad appends the convex quadrilateral p0 p1 p2 p3 (in order around it),
// each corner with its own colour.
func (b *batch) quad(p0, p1, p2, p3 layout.Point, c0, c1, c2, c3 rgba) {
	o := b.reserve(4)
	b.vertex(p0.X, p0.Y, c0)
	b.vertex(p1.X, p1.Y, c1)
	b.vertex(p2.X, p2.Y, c2)
	b.vertex(p3.X, p3.Y, c3)
	b.is = append(b.is, o, o+1, o+2, o, o+2, o+3)
}

// square appends an axis-aligned square of side 2·half centred on p.
func (b *batch) square(p layout.Point, half float64, c rgba) {
	o := b.reserve(4)
	b.vertex(p.X-half, p.Y-half, c)
	b.vertex(p.X+half, p.Y-half, c)
	b.vertex(p.X+half, p.Y+half, c)
	b.vertex(p.X-half, p.Y+half, c)
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

// line appends the segment from a to b, w pixels wide, with square ends
// extended by ext pixels.
func (b *batch) line(a, e layout.Point, w, ext float64, c rgba) {
	dx, dy := e.X-a.X, e.Y-a.Y
	l := math.Hypot(dx, dy)
	if !(l > 0) {
		return
	}
	ux, uy := dx/l, dy/l
	nx, ny := -uy*w/2, ux*w/2
	a.X, a.Y = a.X-ux*ext, a.Y-uy*ext
	e.X, e.Y = e.X+ux*ext, e.Y+uy*ext
	b.quad(layout.Point{X: a.X + nx, Y: a.Y + ny}, layout.Point{X: e.X + nx, Y: e.Y + ny},
		layout.Point{X: e.X - nx, Y: e.Y - ny}, layout.Point{X: a.X - nx, Y: a.Y - ny}, c, c, c, c)
}

// arc appends the arc of the circle about p with radius r from angle a0 to
// a1 (radians, y down), w pixels wide, in segs pieces.
func (b *batch) arc(p layout.Point, r, a0, a1, w float64, segs int, c rgba) {
	ri, ro := r-w/2, r+w/2
	for k := range segs {
		t0 := a0 + (a1-a0)*float64(k)/float64(segs)
		t1 := a0 + (a1-a0)*float64(k+1)/float64(segs)
		s0, c0 := math.Sincos(t0)
		s1, c1 := math.Sincos(t1)
		b.quad(layout.Point{X: p.X + ro*c0, Y: p.Y + ro*s0}, layout.Point{X: p.X + ro*c1, Y: p.Y + ro*s1},
			layout.Point{X: p.X + ri*c1, Y: p.Y + ri*s1}, layout.Point{X: p.X + ri*c0, Y: p.Y + ri*s0}, c, c, c, c)
	}
}

// ring appends a circle about p with radius r, w pixels wide.
func (b *batch) ring(p layout.Point, r, w float64, c rgba) {
	b.arc(p, r, 0, 2*math.Pi, w, 32, c)
}

// disc appends a filled disc about p with radius r, a fan of segs triangles.
func (b *batch) disc(p layout.Point, r float64, segs int, c rgba) {
	o := b.reserve(segs + 1)
	b.vertex(p.X, p.Y, c)
	for k := range segs {
		s, co := math.Sincos(2 * math.Pi * float64(k) / float64(segs))
		b.vertex(p.X+r*co, p.Y+r*s, c)
	}
	n := uint16(segs)
	for k := range n {
		b.is = append(b.is, o, o+1+k, o+1+(k+1)%n)
	}
}

// cross appends a + of arm length r, w pixels wide, centred on p.
func (b *batch) cross(p layout.Point, r, w float64, c rgba) {
	b.line(layout.Point{X: p.X - r, Y: p.Y}, layout.Point{X: p.X + r, Y: p.Y}, w, 0, c)
	b.line(layout.Point{X: p.X, Y: p.Y - r}, layout.Point{X: p.X, Y: p.Y + r}, w, 0, c)
}

// draw draws the collected triangles onto dst, anti-aliased if aa.
func (b *batch) draw(dst *ebiten.Image, aa bool) {
	src := whitePixel()
	b.opts.AntiAlias = aa
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

// white is a 3×3 white image; its centre pixel is the source of every
// batch triangle (the border keeps linear filtering from sampling outside).
var white struct {
	img, sub *ebiten.Image
}

// whitePixel returns the white 1×1 source image, making it on first use.
func whitePixel() *ebiten.Image {
	if white.sub == nil {
		white.img = ebiten.NewImage(3, 3)
		white.img.Fill(color.White)
		white.sub = white.img.SubImage(image.Rect(1, 1, 2, 2)).(*ebiten.Image)
	}
	return white.sub
}
