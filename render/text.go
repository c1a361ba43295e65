package render

import (
	"bytes"
	"math"
	"sync"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"

	"github.com/mmfld/playground/render/layout"
)

// The Go fonts (golang.org/x/image/font/gofont) cover Latin, Greek, sub- and
// superscript digits and most arithmetic signs; they lack ∇ and ∈, which
// drawMath draws as strokes.
var fontSources struct {
	once                sync.Once
	regular, bold, mono *text.GoTextFaceSource
}

func loadFonts() {
	fontSources.once.Do(func() {
		parse := func(ttf []byte) *text.GoTextFaceSource {
			s, err := text.NewGoTextFaceSource(bytes.NewReader(ttf))
			if err != nil {
				panic("render: parsing an embedded Go font: " + err.Error())
			}
			return s
		}
		fontSources.regular = parse(goregular.TTF)
		fontSources.bold = parse(gobold.TTF)
		fontSources.mono = parse(gomono.TTF)
	})
}

// faces are the type sizes of the picture, chosen for the 1200×600 logical
// screen.
type faces struct {
	title, label, small, help, mono *text.GoTextFace
}

func newFaces() faces {
	loadFonts()
	return faces{
		title: &text.GoTextFace{Source: fontSources.bold, Size: 18},
		label: &text.GoTextFace{Source: fontSources.regular, Size: 17},
		small: &text.GoTextFace{Source: fontSources.regular, Size: 13},
		help:  &text.GoTextFace{Source: fontSources.regular, Size: 14},
		mono:  &text.GoTextFace{Source: fontSources.mono, Size: 14},
	}
}

// writer draws text with one reused DrawOptions.
type writer struct {
	opts text.DrawOptions
}

// draw draws s with its top at y; align says whether x is the start, the
// centre or the end of the line. It returns the x just after the text.
func (w *writer) draw(dst *ebiten.Image, s string, face *text.GoTextFace, x, y float64, align text.Align, c rgba) float64 {
	w.opts.GeoM.Reset()
	w.opts.GeoM.Translate(x, y)
	w.opts.ColorScale.Reset()
	// ScaleWithColor(c.color()) would box the colour in an interface, an
	// allocation per text a frame; its premultiplied 16-bit channels are
	// the same numbers.
	r, g, b, a := c.nrgba().RGBA()
	w.opts.ColorScale.Scale(float32(r)/0xffff, float32(g)/0xffff, float32(b)/0xffff, float32(a)/0xffff)
	w.opts.PrimaryAlign = align
	w.opts.SecondaryAlign = text.AlignStart
	text.Draw(dst, s, face, &w.opts)
	adv := text.Advance(s, face)
	switch align {
	case text.AlignCenter:
		return x + adv/2
	case text.AlignEnd:
		return x
	}
	return x + adv
}

// drawMath draws s like draw (start-aligned) but draws the symbols ∇ and ∈,
// which the Go fonts lack, as strokes into strokes, which the caller draws.
func (w *writer) drawMath(dst *ebiten.Image, strokes *batch, s string, face *text.GoTextFace, x, y float64, c rgba) float64 {
	m := face.Metrics()
	base := y + m.HAscent
	em := face.Size
	lw := max(1.2, em*0.1)
	start := 0
	for i, r := range s {
		if r != '∇' && r != '∈' {
			continue
		}
		x = w.draw(dst, s[start:i], face, x, y, text.AlignStart, c)
		start = i + len(string(r))
		switch r {
		case '∇': // an inverted triangle as tall as a capital
			top := base - m.CapHeight
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
	return w.draw(dst, s[start:], face, x, y, text.AlignStart, c)
}
