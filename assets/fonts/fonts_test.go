package fonts

import (
	"bytes"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"os"
	"slices"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

var update = flag.Bool("update", false, "rewrite the unhinted font files from golang.org/x/image/font/gofont")

// sources are the embedded files and the gofont fonts they are made from.
var sources = []struct {
	file     string
	embedded []byte
	original []byte
}{
	{"go-regular.ttf", Regular, goregular.TTF},
	{"go-bold.ttf", Bold, gobold.TTF},
	{"go-mono.ttf", Mono, gomono.TTF},
}

// TestUpToDate checks that each embedded file is unhinted(its gofont
// original), or with -update writes it so.
func TestUpToDate(t *testing.T) {
	for _, s := range sources {
		want, err := unhinted(s.original)
		if err != nil {
			t.Fatalf("%s: %v", s.file, err)
		}
		if *update {
			if err := os.WriteFile(s.file, want, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: %d bytes (gofont's %d)", s.file, len(want), len(s.original))
			continue
		}
		if !bytes.Equal(s.embedded, want) {
			t.Errorf("%s is not unhinted(gofont's): run go test ./assets/fonts -update", s.file)
		}
	}
}

// TestSameGlyphs checks that every rune of each original font maps to the
// same glyph in the embedded file, with the same advance and the same
// unhinted outline, at two sizes; and that the files parse with no hinting
// tables left.
func TestSameGlyphs(t *testing.T) {
	for _, s := range sources {
		orig, err := sfnt.Parse(s.original)
		if err != nil {
			t.Fatal(err)
		}
		got, err := sfnt.Parse(s.embedded)
		if err != nil {
			t.Fatalf("%s: %v", s.file, err)
		}
		if len(s.embedded) > len(s.original)*3/5 {
			t.Errorf("%s: %d bytes, gofont's %d: want at most 3/5 of it", s.file, len(s.embedded), len(s.original))
		}
		for _, tag := range dropped {
			if _, ok := tables(s.embedded)[tag]; ok {
				t.Errorf("%s: still has a %q table", s.file, tag)
			}
		}
		// render lays text out rune by rune with no kerning, right for
		// fonts that have none.
		for _, tag := range []string{"kern", "GPOS", "GSUB"} {
			if _, ok := tables(s.original)[tag]; ok {
				t.Errorf("%s: gofont's font has a %q table: render's text ignores it", s.file, tag)
			}
		}
		var bo, bg sfnt.Buffer
		runes := 0
		for r := rune(0); r <= 0xffff; r++ {
			gi, err := orig.GlyphIndex(&bo, r)
			if err != nil || gi == 0 {
				continue
			}
			runes++
			if g2, err := got.GlyphIndex(&bg, r); err != nil || g2 != gi {
				t.Fatalf("%s: %U is glyph %d, was %d (%v)", s.file, r, g2, gi, err)
			}
			for _, ppem := range []fixed.Int26_6{13 * 64, 18 * 64} {
				a1, err1 := orig.GlyphAdvance(&bo, gi, ppem, font.HintingNone)
				a2, err2 := got.GlyphAdvance(&bg, gi, ppem, font.HintingNone)
				if a1 != a2 || err1 != nil || err2 != nil {
					t.Fatalf("%s: %U advance %v (%v), was %v (%v)", s.file, r, a2, err2, a1, err1)
				}
				o1, err1 := orig.LoadGlyph(&bo, gi, ppem, nil)
				o1 = slices.Clone(o1)
				o2, err2 := got.LoadGlyph(&bg, gi, ppem, nil)
				if !slices.Equal(o1, o2) || err1 != nil || err2 != nil {
					t.Fatalf("%s: %U outline differs (%v, %v)", s.file, r, err1, err2)
				}
			}
		}
		if runes < 600 {
			t.Errorf("%s: %d runes compared, want the font's 600 and more", s.file, runes)
		}
		t.Logf("%s: %d runes, same glyphs; %d bytes, gofont's %d", s.file, runes, len(s.embedded), len(s.original))
	}
}

// tables returns the table records of the font ttf: where each table lies.
func tables(ttf []byte) map[string][]byte {
	m := map[string][]byte{}
	if len(ttf) < 12 {
		return m
	}
	n := int(binary.BigEndian.Uint16(ttf[4:]))
	for i := range n {
		r := ttf[12+16*i:]
		if len(r) < 16 {
			break
		}
		off, l := int(binary.BigEndian.Uint32(r[8:])), int(binary.BigEndian.Uint32(r[12:]))
		if off+l <= len(ttf) {
			m[string(r[:4])] = ttf[off : off+l]
		}
	}
	return m
}

// dropped are the tables that only TrueType hinting reads.
var dropped = []string{"fpgm", "prep", "cvt ", "gasp", "hdmx", "LTSH", "VDMX"}

// unhinted returns the TrueType font ttf without its hinting: every
// glyph's instructions removed (simple and composite glyphs), the tables
// only hinting reads dropped, maxp's maxSizeOfInstructions 0, and the post
// table cut to version 3.0 (no glyph names). The glyph indices, metrics,
// outlines, cmap and name tables are unchanged. loca is written in the long
// format, tables 4-byte aligned with their checksums and head's
// checkSumAdjustment recomputed.
func unhinted(ttf []byte) ([]byte, error) {
	tabs := tables(ttf)
	head, loca, glyf, maxp, post := tabs["head"], tabs["loca"], tabs["glyf"], tabs["maxp"], tabs["post"]
	if len(head) < 54 || glyf == nil || loca == nil || len(maxp) < 32 || len(post) < 32 {
		return nil, errors.New("unhinted: not a TrueType font with head, loca, glyf, maxp 1.0 and post")
	}
	if _, ok := tabs["CFF "]; ok {
		return nil, errors.New("unhinted: a CFF font")
	}
	var offs []int
	if binary.BigEndian.Uint16(head[50:]) == 1 {
		for i := 0; i+4 <= len(loca); i += 4 {
			offs = append(offs, int(binary.BigEndian.Uint32(loca[i:])))
		}
	} else {
		for i := 0; i+2 <= len(loca); i += 2 {
			offs = append(offs, 2*int(binary.BigEndian.Uint16(loca[i:])))
		}
	}
	var newGlyf []byte
	newLoca := make([]byte, 0, 4*len(offs))
	for g := 0; g+1 < len(offs); g++ {
		newLoca = binary.BigEndian.AppendUint32(newLoca, uint32(len(newGlyf)))
		s, e := offs[g], offs[g+1]
		if e < s || e > len(glyf) {
			return nil, fmt.Errorf("unhinted: glyph %d: bad loca", g)
		}
		d, err := stripGlyph(glyf[s:e])
		if err != nil {
			return nil, fmt.Errorf("unhinted: glyph %d: %v", g, err)
		}
		newGlyf = append(newGlyf, d...)
		for len(newGlyf)%4 != 0 {
			newGlyf = append(newGlyf, 0)
		}
	}
	newLoca = binary.BigEndian.AppendUint32(newLoca, uint32(len(newGlyf)))

	newHead := slices.Clone(head)
	binary.BigEndian.PutUint32(newHead[8:], 0) // checkSumAdjustment, set below
	binary.BigEndian.PutUint16(newHead[50:], 1)
	newMaxp := slices.Clone(maxp)
	binary.BigEndian.PutUint16(newMaxp[26:], 0) // maxSizeOfInstructions
	newPost := slices.Clone(post[:32])
	binary.BigEndian.PutUint32(newPost[0:], 0x00030000)

	replaced := map[string][]byte{"head": newHead, "loca": newLoca, "glyf": newGlyf, "maxp": newMaxp, "post": newPost}
	var tags []string
	for tag := range tabs {
		if !slices.Contains(dropped, tag) {
			tags = append(tags, tag)
		}
	}
	slices.Sort(tags)

	n := len(tags)
	out := slices.Clone(ttf[:4]) // sfntVersion
	es := 0
	for 1<<(es+1) <= n {
		es++
	}
	out = binary.BigEndian.AppendUint16(out, uint16(n))
	out = binary.BigEndian.AppendUint16(out, uint16(16<<es))
	out = binary.BigEndian.AppendUint16(out, uint16(es))
	out = binary.BigEndian.AppendUint16(out, uint16(16*n-16<<es))
	dir := len(out)
	out = append(out, make([]byte, 16*n)...)
	headAt := 0
	for i, tag := range tags {
		data, ok := replaced[tag]
		if !ok {
			data = tabs[tag]
		}
		at := len(out)
		if tag == "head" {
			headAt = at
		}
		out = append(out, data...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
		r := out[dir+16*i:]
		copy(r, tag)
		binary.BigEndian.PutUint32(r[4:], checksum(out[at:len(out)]))
		binary.BigEndian.PutUint32(r[8:], uint32(at))
		binary.BigEndian.PutUint32(r[12:], uint32(len(data)))
	}
	binary.BigEndian.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	return out, nil
}

// stripGlyph returns the glyf entry d without its instructions.
func stripGlyph(d []byte) ([]byte, error) {
	if len(d) == 0 {
		return nil, nil
	}
	if len(d) < 10 {
		return nil, errors.New("short glyph")
	}
	nc := int(int16(binary.BigEndian.Uint16(d)))
	if nc >= 0 { // simple: header, endPtsOfContours, instructionLength, instructions, the rest
		at := 10 + 2*nc
		if len(d) < at+2 {
			return nil, errors.New("short simple glyph")
		}
		il := int(binary.BigEndian.Uint16(d[at:]))
		if len(d) < at+2+il {
			return nil, errors.New("short instructions")
		}
		out := slices.Clone(d[:at])
		out = append(out, 0, 0)
		return append(out, d[at+2+il:]...), nil
	}
	// Composite: components, then instructions if the last says so.
	const (
		argsAreWords   = 0x0001
		haveScale      = 0x0008
		moreComponents = 0x0020
		haveXYScale    = 0x0040
		have2x2        = 0x0080
		haveInstr      = 0x0100
	)
	out := slices.Clone(d[:10])
	at := 10
	for {
		if len(d) < at+4 {
			return nil, errors.New("short component")
		}
		flags := binary.BigEndian.Uint16(d[at:])
		size := 4 + 4
		if flags&argsAreWords == 0 {
			size = 4 + 2
		}
		switch {
		case flags&haveScale != 0:
			size += 2
		case flags&haveXYScale != 0:
			size += 4
		case flags&have2x2 != 0:
			size += 8
		}
		if len(d) < at+size {
			return nil, errors.New("short component")
		}
		c := slices.Clone(d[at : at+size])
		binary.BigEndian.PutUint16(c, flags&^haveInstr)
		out = append(out, c...)
		at += size
		if flags&moreComponents == 0 {
			return out, nil
		}
	}
}

// checksum is the TrueType table checksum: the sum of the big-endian
// uint32s of d, zero-padded to a multiple of 4.
func checksum(d []byte) uint32 {
	var s uint32
	for i := 0; i < len(d); i += 4 {
		var w [4]byte
		copy(w[:], d[i:])
		s += binary.BigEndian.Uint32(w[:])
	}
	return s
}
