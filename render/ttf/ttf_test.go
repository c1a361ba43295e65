package ttf

import (
	"image"
	"slices"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"github.com/mmfld/playground/assets/fonts"
)

// TestSameAsOpentype checks every rune of the three fonts against
// x/image's sfnt and opentype, at the picture's sizes and four subpixel
// offsets: the same glyph index, advance, ascent and cap height, and the
// same mask, pixel for pixel, in the same place.
func TestSameAsOpentype(t *testing.T) {
	for name, data := range map[string][]byte{"regular": fonts.Regular, "bold": fonts.Bold, "mono": fonts.Mono} {
		f, err := Parse(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		sf, err := sfnt.Parse(data)
		if err != nil {
			t.Fatal(err)
		}
		var buf sfnt.Buffer
		glyphs := 0
		for _, size := range []float64{13, 14, 17, 18} {
			of, err := opentype.NewFace(sf, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
			if err != nil {
				t.Fatal(err)
			}
			fc := NewFace(f, size)
			m := of.Metrics()
			if fc.Ascent() != m.Ascent || fc.CapHeight() != m.CapHeight || m.CapHeight == 0 {
				t.Fatalf("%s %v: ascent %v, cap height %v; opentype's %v, %v", name, size, fc.Ascent(), fc.CapHeight(), m.Ascent, m.CapHeight)
			}
			for r := rune(0); r <= 0xffff; r++ {
				gi, err := sf.GlyphIndex(&buf, r)
				if err != nil {
					t.Fatal(err)
				}
				if got := f.Index(r); got != int(gi) {
					t.Fatalf("%s: Index(%U) = %d, want %d", name, r, got, gi)
				}
				if gi == 0 && r != 0 {
					continue
				}
				wantAdv, _ := of.GlyphAdvance(r)
				if got := fc.Advance(r); got != wantAdv {
					t.Fatalf("%s %v: Advance(%U) = %v, want %v", name, size, r, got, wantAdv)
				}
				for sub := range 4 {
					dot := fixed.Point26_6{X: fixed.Int26_6(16 * sub)}
					wdr, wmask, _, _, wok := of.Glyph(dot, r)
					want := image.NewAlpha(wdr.Sub(wdr.Min))
					if wok {
						copy(want.Pix, wmask.(*image.Alpha).Pix)
					}
					dr, mask, ok := fc.Glyph(dot, r)
					if ok != wok || dr != wdr || (ok && !slices.Equal(mask.Pix, want.Pix)) {
						t.Fatalf("%s %v: Glyph(%v, %U) = %v, %v; opentype's %v, %v (masks equal: %v)", name, size, dot, r, dr, ok, wdr, wok, ok && slices.Equal(mask.Pix, want.Pix))
					}
				}
				glyphs++
			}
		}
		if glyphs < 4*600 {
			t.Errorf("%s: %d glyphs compared, want the font's 600 and more at each size", name, glyphs)
		}
	}
}
