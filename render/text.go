package render

import (
	"image"
	"math"
	"sync"
	"unicode/utf8"
	"unsafe"

	"github.com/hajimehoshi/ebiten/v2"
	"golang.org/x/image/math/fixed"

	"github.com/mmfld/playground/assets/fonts"
	"github.com/mmfld/playground/render/layout"
	"github.com/mmfld/playground/render/ttf"
)

// The Go fonts (golang.org/x/image/font/gofont, unhinted: assets/fonts)
// cover Latin, Greek, sub- and superscript digits and most arithmetic
// signs; they lack ∇ and ∈, which drawMath draws as strokes. They are read
// with render/ttf, which does what x/image/font/opentype would for them in
// a fraction of its code (and of a shaping engine's), and no work before
// the first frame but the table directory. The picture's strings need no
// shaping: no ligatures, no combining marks, left to right, and the Go
// fonts have no kerning (neither a kern nor a GPOS table; assets/fonts
// checks), so a line is its runes' advances end to end.
var fontSources struct {
	once                sync.Once
	regular, bold, mono *ttf.Font
}

func loadFonts() {
	fontSources.once.Do(func() {
		parse := func(data []byte) *ttf.Font {
			f, err := ttf.Parse(data)
			if err != nil {
				panic("render: parsing an embedded Go font: " + err.Error())
			}
			return f
		}
		fontSources.regular = parse(fonts.Regular)
		fontSources.bold = parse(fonts.Bold)
		fontSources.mono = parse(fonts.Mono)
	})
}

// faces are the type sizes of the picture, chosen for the 1200×600 logical
// screen.
type faces struct {
	title, label, small, help, mono *face
}

func newFaces() faces {
	loadFonts()
	return faces{
		title: newFace(fontSources.bold, 18),
		label: newFace(fontSources.regular, 17),
		small: newFace(fontSources.regular, 13),
		help:  newFace(fontSources.regular, 14),
		mono:  newFace(fontSources.mono, 14),
	}
}

// subpixels is the number of horizontal positions within a pixel at which
// a glyph is rasterised: a pen position is rounded to the nearest quarter
// pixel (vertically to the pixel).
const subpixels = 4

// A face is one size of one font, with the metrics and glyph placements
// the writer has used so far. It is not safe for concurrent use.
type face struct {
	xf        *ttf.Face
	size      float64 // the em, in pixels
	ascent    float64 // from the top of a line to its baseline
	capHeight float64

	runes  map[rune]runeInfo
	glyphs map[glyphKey]glyph

	// The ASCII runes' advances and glyphs, most of what is drawn, kept
	// in arrays as well: no map lookup (hashing, in WebAssembly) for them.
	asciiAdv    [asciiRunes]float64 // NaN until measured
	asciiGlyphs [asciiRunes][subpixels]glyph
	asciiPlaced [asciiRunes][subpixels]bool
}

// asciiRunes is the number of runes a face keeps in arrays.
const asciiRunes = 128

// runeInfo is a rune's advance in a face.
type runeInfo struct {
	advance float64
}

// glyphKey names a glyph image: a rune at one of the subpixel offsets.
type glyphKey struct {
	r   rune
	sub uint8
}

// glyph is where a glyph image lies in the atlas (src, empty for a blank
// glyph such as the space) and its offset from the pen's whole pixel on
// the baseline.
type glyph struct {
	src image.Rectangle
	off image.Point
}

func newFace(src *ttf.Font, size float64) *face {
	xf := ttf.NewFace(src, size)
	f := &face{
		xf:        xf,
		size:      size,
		ascent:    fixedFloat(xf.Ascent()),
		capHeight: fixedFloat(xf.CapHeight()),
		runes:     map[rune]runeInfo{},
		glyphs:    map[glyphKey]glyph{},
	}
	for i := range f.asciiAdv {
		f.asciiAdv[i] = math.NaN()
	}
	return f
}

func fixedFloat(v fixed.Int26_6) float64 { return float64(v) / 64 }

// info returns r's advance, measured on first use.
func (f *face) info(r rune) runeInfo {
	if r >= 0 && r < asciiRunes {
		if a := f.asciiAdv[r]; a == a {
			return runeInfo{advance: a}
		}
	} else if ri, ok := f.runes[r]; ok {
		return ri
	}
	ri := runeInfo{advance: fixedFloat(f.xf.Advance(r))}
	if r >= 0 && r < asciiRunes {
		f.asciiAdv[r] = ri.advance
	} else {
		f.runes[r] = ri
	}
	return ri
}

// glyphAtlasSize is the side of the glyph atlas: room for several thousand
// glyphs of the picture's sizes, more than its texts use.
const glyphAtlasSize = 1024

// glyphAtlas is one image holding a 3×3 white block in its corner (the
// source of every shape, whiteSrc) and every glyph image drawn so far,
// placed in shelves (rows of the height of their tallest glyph) with a
// pixel of space around each.
type glyphAtlas struct {
	img        *ebiten.Image
	size       int
	x, y, rowH int
	pix        []byte // scratch for one glyph's RGBA pixels
}

// whiteBlock is the side of the white block in the atlas's corner.
const whiteBlock = 3

// init makes the atlas image with its white block, or empties it.
func (a *glyphAtlas) init() {
	if a.size == 0 {
		a.size = glyphAtlasSize
	}
	if a.img == nil {
		a.img = ebiten.NewImageWithOptions(image.Rect(0, 0, a.size, a.size), &ebiten.NewImageOptions{Unmanaged: true})
	} else {
		a.img.Clear()
	}
	white := make([]byte, 4*whiteBlock*whiteBlock)
	for i := range white {
		white[i] = 0xff
	}
	a.img.SubImage(image.Rect(0, 0, whiteBlock, whiteBlock)).(*ebiten.Image).WritePixels(white)
	a.x, a.y, a.rowH = whiteBlock, 0, whiteBlock
}

// place returns room for a w×h image, or false when the atlas is full.
func (a *glyphAtlas) place(w, h int) (image.Point, bool) {
	if a.x+w+1 > a.size {
		a.x, a.y, a.rowH = 0, a.y+a.rowH+1, 0
	}
	if a.y+h+1 > a.size || w+1 > a.size {
		return image.Point{}, false
	}
	at := image.Point{X: a.x + 1, Y: a.y + 1}
	a.x += w + 1
	a.rowH = max(a.rowH, h+1)
	return at, true
}

// writer queues text as quads cut from the glyph atlas, in one batch that
// flush draws; after its first frames it allocates nothing (each face keeps
// what it measured and placed). A full atlas is emptied, after drawing what
// is queued, and filled again as glyphs are asked for.
type writer struct {
	atlas glyphAtlas
	quads batch
	dst   *ebiten.Image // where flush draws: the frame begin named
	faces []*face       // every face that placed a glyph in the atlas

	// rasterised counts the glyph images made, for the tests to tell the
	// frames that met a new glyph (or subpixel offset) from the others.
	rasterised int
}

// source returns the atlas image: the source of the text and the shapes.
func (w *writer) source() *ebiten.Image {
	if w.atlas.img == nil {
		w.atlas.init()
	}
	return w.atlas.img
}

// textQuads is the room the writer's queue starts with: more glyphs than
// a frame shows, so that it does not grow while the readouts change.
const textQuads = 1024

// begin empties the queue and makes dst the image flush draws onto.
func (w *writer) begin(dst *ebiten.Image) {
	w.dst = dst
	if w.quads.vs == nil {
		w.quads.vs = make([]ebiten.Vertex, 0, 4*textQuads)
		w.quads.is = make([]uint16, 0, 6*textQuads)
		w.quads.chunks = make([]chunk, 0, 4)
	}
	w.quads.reset()
}

// flush draws the queued text onto the frame's image and empties the queue.
func (w *writer) flush() {
	if w.dst != nil {
		w.quads.draw(w.dst, w.source())
	}
	w.quads.reset()
}

// glyph returns the glyph image of r in f at the subpixel offset sub,
// rasterising it into the atlas on first use.
func (w *writer) glyph(f *face, r rune, sub uint8) glyph {
	ascii := r >= 0 && r < asciiRunes
	k := glyphKey{r, sub}
	if ascii {
		if f.asciiPlaced[r][sub] {
			return f.asciiGlyphs[r][sub]
		}
	} else if g, ok := f.glyphs[k]; ok {
		return g
	}
	w.source()
	dot := fixed.Point26_6{X: fixed.Int26_6(int(sub) * 64 / subpixels)}
	dr, mask, ok := f.xf.Glyph(dot, r)
	w.rasterised++
	var g glyph
	if ok && !dr.Empty() { // a rune the font lacks is left out (ttf gives .notdef's mask)
		at, fits := w.atlas.place(dr.Dx(), dr.Dy())
		if !fits {
			w.emptyAtlas()
			at, fits = w.atlas.place(dr.Dx(), dr.Dy())
		}
		if fits {
			g = glyph{src: image.Rectangle{Min: at, Max: at.Add(dr.Size())}, off: dr.Min}
			w.upload(g.src, mask)
		}
	}
	if !f.placed() {
		w.faces = append(w.faces, f)
	}
	if ascii {
		f.asciiGlyphs[r][sub], f.asciiPlaced[r][sub] = g, true
	} else {
		f.glyphs[k] = g
	}
	return g
}

// placed reports whether f has a glyph in the atlas.
func (f *face) placed() bool {
	if len(f.glyphs) > 0 {
		return true
	}
	for _, p := range f.asciiPlaced {
		if p != [subpixels]bool{} {
			return true
		}
	}
	return false
}

// upload writes the glyph mask into the atlas at src, as white
// premultiplied by the mask's coverage.
func (w *writer) upload(src image.Rectangle, mask *image.Alpha) {
	n := len(mask.Pix) * 4
	if cap(w.atlas.pix) < n {
		w.atlas.pix = make([]byte, n)
	}
	pix := w.atlas.pix[:n]
	for i, a := range mask.Pix {
		pix[4*i], pix[4*i+1], pix[4*i+2], pix[4*i+3] = a, a, a, a
	}
	w.source().SubImage(src).(*ebiten.Image).WritePixels(pix)
}

// emptyAtlas draws the queued text (it uses the atlas as it is), then
// forgets every glyph placed, for the atlas to be filled again.
func (w *writer) emptyAtlas() {
	w.flush()
	w.atlas.init()
	for _, f := range w.faces {
		clear(f.glyphs)
		f.asciiPlaced = [asciiRunes][subpixels]bool{}
	}
	w.faces = w.faces[:0]
}

// advance returns the width of s in f: its runes' advances.
func (w *writer) advance(s string, f *face) float64 {
	x := 0.0
	for _, r := range s {
		x += f.info(r).advance
	}
	return x
}

// advanceBytes is advance for text in a byte slice, which it does not keep.
func (w *writer) advanceBytes(b []byte, f *face) float64 {
	return w.advance(unsafe.String(unsafe.SliceData(b), len(b)), f)
}

// align says where a line of text sits about its x: from it, centred on it,
// or ending at it.
type align uint8

const (
	alignStart align = iota
	alignCenter
	alignEnd
)

// draw queues s with its top at y; al says whether x is the start, the
// centre or the end of the line. It returns the x just after the text.
func (w *writer) draw(s string, f *face, x, y float64, al align, c rgba) float64 {
	adv := 0.0
	if al != alignStart {
		adv = w.advance(s, f)
	}
	switch al {
	case alignCenter:
		x -= adv / 2
	case alignEnd:
		x -= adv
	}
	base := math.Round(y + f.ascent)
	for _, r := range s {
		px := math.Floor(x)
		sub := int(math.Round((x - px) * subpixels))
		if sub == subpixels {
			px, sub = px+1, 0
		}
		if g := w.glyph(f, r, uint8(sub)); !g.src.Empty() {
			x0, y0 := px+float64(g.off.X), base+float64(g.off.Y)
			w.quads.image(x0, y0, g.src, c)
		}
		x += f.info(r).advance
	}
	switch al {
	case alignCenter:
		return x - adv/2
	case alignEnd:
		return x - adv
	}
	return x
}

// drawBytes is draw for text in a byte slice, which it does not keep: the
// readouts are formatted into reused buffers and drawn from them.
func (w *writer) drawBytes(b []byte, f *face, x, y float64, al align, c rgba) float64 {
	return w.draw(unsafe.String(unsafe.SliceData(b), len(b)), f, x, y, al, c)
}

// drawMath draws s like draw (start-aligned) but draws the symbols ∇ and ∈,
// which the Go fonts lack, as strokes into strokes, which the caller draws.
func (w *writer) drawMath(strokes *batch, s string, f *face, x, y float64, c rgba) float64 {
	base := y + f.ascent
	em := f.size
	lw := max(1.2, em*0.1)
	start := 0
	for i, r := range s {
		if r != '∇' && r != '∈' {
			continue
		}
		x = w.draw(s[start:i], f, x, y, alignStart, c)
		start = i + utf8.RuneLen(r)
		switch r {
		case '∇': // an inverted triangle as tall as a capital
			top := base - f.capHeight
			a := layout.Point{X: x + 0.08*em, Y: top}
			b := layout.Point{X: x + 0.72*em, Y: top}
			v := layout.Point{X: x + 0.40*em, Y: base}
			strokes.line(a, b, lw, lw/2, c)
			strokes.line(b, v, lw, lw/2, c)
			strokes.line(v, a, lw, lw/2, c)
			x += 0.82 * em
		case '∈': // a half circle open to the right, with its middle bar
			r := 0.28 * em
			p := layout.Point{X: x + 0.14*em + r, Y: base - 0.36*em}
			strokes.arc(p, r, 0.5*math.Pi, 1.5*math.Pi, lw, 12, c)
			strokes.line(layout.Point{X: p.X, Y: p.Y - r}, layout.Point{X: p.X + 0.8*r, Y: p.Y - r}, lw, 0, c)
			strokes.line(layout.Point{X: p.X, Y: p.Y + r}, layout.Point{X: p.X + 0.8*r, Y: p.Y + r}, lw, 0, c)
			strokes.line(layout.Point{X: p.X - r, Y: p.Y}, layout.Point{X: p.X + 0.8*r, Y: p.Y}, lw, 0, c)
			x += 0.14*em + 1.8*r + 0.14*em
		}
	}
	return w.draw(s[start:], f, x, y, alignStart, c)
}
