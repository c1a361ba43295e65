// Package ttf reads the TrueType fonts the picture is drawn with (the Go
// fonts of assets/fonts) and rasterises their glyphs: the cmap (format 4,
// the Basic Multilingual Plane), the advances, the ascent and cap height,
// and simple glyphs' quadratic outlines, filled with x/image/vector.
//
// It is what render needs of golang.org/x/image/font/sfnt and opentype and
// nothing more (no CFF, no compound glyphs, no kerning, no hinting, none of
// which the Go fonts need unhinted): about 200 KB less code in the
// WebAssembly bundle. Its outlines and glyph masks are sfnt's and
// opentype's, bit for bit (ttf_test.go compares every glyph of the three
// fonts); the outline walk follows sfnt's glyfIter.
package ttf

import (
	"encoding/binary"
	"errors"
	"image"
	"image/draw"

	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// Font is a parsed TrueType font. It is safe for concurrent use.
type Font struct {
	unitsPerEm            int32
	ascent, capHeight     int32 // hhea's ascender, OS/2's sCapHeight (0 if it has none)
	numGlyphs, numHMetric int
	longLoca              bool
	cmap, hmtx, loca      []byte
	glyf                  []byte
}

var errFormat = errors.New("ttf: not a TrueType font this package reads")

func u16(b []byte) int32 { return int32(binary.BigEndian.Uint16(b)) }
func i16(b []byte) int32 { return int32(int16(binary.BigEndian.Uint16(b))) }

// Parse reads the font in data, which it keeps and must not change.
func Parse(data []byte) (*Font, error) {
	if len(data) < 12 {
		return nil, errFormat
	}
	tables := map[string][]byte{}
	n := int(u16(data[4:]))
	for i := range n {
		r := data[12+16*i:]
		if len(r) < 16 {
			return nil, errFormat
		}
		off, l := binary.BigEndian.Uint32(r[8:]), binary.BigEndian.Uint32(r[12:])
		if uint64(off)+uint64(l) > uint64(len(data)) {
			return nil, errFormat
		}
		tables[string(r[:4])] = data[off : off+l]
	}
	head, hhea, maxp, os2 := tables["head"], tables["hhea"], tables["maxp"], tables["OS/2"]
	f := &Font{hmtx: tables["hmtx"], loca: tables["loca"], glyf: tables["glyf"]}
	if len(head) < 54 || len(hhea) < 36 || len(maxp) < 6 || f.loca == nil || f.glyf == nil {
		return nil, errFormat
	}
	f.unitsPerEm = u16(head[18:])
	f.longLoca = u16(head[50:]) == 1
	f.ascent = i16(hhea[4:])
	f.numHMetric = int(u16(hhea[34:]))
	f.numGlyphs = int(u16(maxp[4:]))
	if len(os2) >= 90 && u16(os2) >= 2 {
		f.capHeight = i16(os2[88:])
	}
	if f.unitsPerEm == 0 || f.numHMetric == 0 || len(f.hmtx) < 4*f.numHMetric {
		return nil, errFormat
	}
	// The cmap subtable of format 4 for Unicode (Windows, Unicode BMP; or
	// the Unicode platform).
	cmap := tables["cmap"]
	if len(cmap) < 4 {
		return nil, errFormat
	}
	for i := range int(u16(cmap[2:])) {
		e := cmap[4+8*i:]
		if len(e) < 8 {
			break
		}
		platform, enc, off := u16(e), u16(e[2:]), int(binary.BigEndian.Uint32(e[4:]))
		if (platform == 3 && enc == 1 || platform == 0) && off+14 <= len(cmap) && u16(cmap[off:]) == 4 {
			f.cmap = cmap[off:]
			break
		}
	}
	if f.cmap == nil {
		return nil, errFormat
	}
	return f, nil
}

// Index returns the glyph of r, 0 (.notdef) if the font has none.
func (f *Font) Index(r rune) int {
	if r < 0 || r > 0xffff {
		return 0
	}
	c := uint16(r)
	t := f.cmap
	segs := int(u16(t[6:])) / 2
	ends, starts := 14, 16+2*segs
	deltas, ranges := starts+2*segs, starts+4*segs
	if len(t) < ranges+2*segs {
		return 0
	}
	lo, hi := 0, segs
	for lo < hi {
		mid := (lo + hi) / 2
		if uint16(u16(t[ends+2*mid:])) < c {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo == segs || uint16(u16(t[starts+2*lo:])) > c {
		return 0
	}
	delta, ro := uint16(u16(t[deltas+2*lo:])), int(u16(t[ranges+2*lo:]))
	if ro == 0 {
		return int(c + delta)
	}
	at := ranges + 2*lo + ro + 2*int(c-uint16(u16(t[starts+2*lo:])))
	if at+2 > len(t) {
		return 0
	}
	if g := uint16(u16(t[at:])); g != 0 {
		return int(g + delta)
	}
	return 0
}

// scale converts x in font units times ppem to ppem's unit, rounding half
// away from zero, as sfnt does.
func (f *Font) scale(x fixed.Int26_6) fixed.Int26_6 {
	u := fixed.Int26_6(f.unitsPerEm)
	if x >= 0 {
		x += u / 2
	} else {
		x -= u / 2
	}
	return x / u
}

// Face is a Font at one size, with its rasteriser and mask reused from
// glyph to glyph. It is not safe for concurrent use.
type Face struct {
	f    *Font
	ppem fixed.Int26_6
	segs []segment
	rast vector.Rasterizer
	mask image.Alpha
}

// NewFace returns f at size pixels per em (at 72 dpi, points), rounded to
// 1/64 pixel as opentype.NewFace does.
func NewFace(f *Font, size float64) *Face {
	return &Face{f: f, ppem: fixed.Int26_6(0.5 + size*64)}
}

// Ascent returns the distance from the top of a line to its baseline, and
// CapHeight the height of a capital letter, in 1/64 pixels.
func (fc *Face) Ascent() fixed.Int26_6 { return fc.f.scale(fixed.Int26_6(fc.f.ascent) * fc.ppem) }

// CapHeight is the height of a capital letter, in 1/64 pixels.
func (fc *Face) CapHeight() fixed.Int26_6 {
	return fc.f.scale(fixed.Int26_6(fc.f.capHeight) * fc.ppem)
}

// Advance returns the advance width of r, in 1/64 pixels.
func (fc *Face) Advance(r rune) fixed.Int26_6 {
	f := fc.f
	g := min(f.Index(r), f.numHMetric-1)
	return f.scale(fixed.Int26_6(u16(f.hmtx[4*g:])) * fc.ppem)
}

// Glyph rasterises r with its origin at dot and returns where its mask goes
// (dr, in pixels about dot's pixel grid) and the mask, which is valid until
// the next call; ok is false for a glyph the font does not have (the mask
// then is .notdef's) or cannot read (a compound glyph: no mask).
func (fc *Face) Glyph(dot fixed.Point26_6, r rune) (dr image.Rectangle, mask *image.Alpha, ok bool) {
	g := fc.f.Index(r)
	var err error
	fc.segs, err = fc.f.appendOutline(fc.segs[:0], g)
	if err != nil {
		return image.Rectangle{}, nil, false
	}
	// Scale to pixels, y down; then opentype's quantisation and bias.
	var b fixed.Rectangle26_6
	for i := range fc.segs {
		s := &fc.segs[i]
		for j := range s.n {
			p := &s.p[j]
			p.X = fc.f.scale(p.X * fc.ppem)
			p.Y = -fc.f.scale(p.Y * fc.ppem)
			if i == 0 && j == 0 {
				b = fixed.Rectangle26_6{Min: *p, Max: *p}
			}
			b.Min.X, b.Min.Y = min(b.Min.X, p.X), min(b.Min.Y, p.Y)
			b.Max.X, b.Max.Y = max(b.Max.X, p.X), max(b.Max.Y, p.Y)
		}
	}
	b = b.Add(dot)
	dr = image.Rect(b.Min.X.Floor(), b.Min.Y.Floor(), b.Max.X.Ceil(), b.Max.Y.Ceil())
	w, h := dr.Dx(), dr.Dy()
	if cap(fc.mask.Pix) < w*h {
		fc.mask.Pix = make([]uint8, 2*w*h)
	}
	fc.mask.Pix, fc.mask.Stride, fc.mask.Rect = fc.mask.Pix[:w*h], w, image.Rect(0, 0, w, h)
	bx, by := dot.X-fixed.Int26_6(dr.Min.X<<6), dot.Y-fixed.Int26_6(dr.Min.Y<<6)
	pt := func(p fixed.Point26_6) (float32, float32) { return float32(p.X+bx) / 64, float32(p.Y+by) / 64 }
	fc.rast.Reset(w, h)
	fc.rast.DrawOp = draw.Src
	for _, s := range fc.segs {
		x0, y0 := pt(s.p[0])
		switch s.op {
		case opMove:
			fc.rast.MoveTo(x0, y0)
		case opLine:
			fc.rast.LineTo(x0, y0)
		case opQuad:
			x1, y1 := pt(s.p[1])
			fc.rast.QuadTo(x0, y0, x1, y1)
		}
	}
	fc.rast.Draw(&fc.mask, fc.mask.Bounds(), image.Opaque, image.Point{})
	return dr, &fc.mask, g != 0
}
