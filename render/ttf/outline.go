package ttf

import (
	"errors"

	"golang.org/x/image/math/fixed"
)

// A segment of an outline: move to, line to or quadratic curve to p[n−1]
// (through the control point p[0] for a curve), in font units, y up.
type segment struct {
	op uint8
	n  int
	p  [2]fixed.Point26_6
}

const (
	opMove = iota
	opLine
	opQuad
)

var errGlyph = errors.New("ttf: a glyph this package cannot read")

// Flags of a simple glyph's points.
const (
	flagOnCurve      = 1 << 0
	flagXShort       = 1 << 1
	flagYShort       = 1 << 2
	flagRepeat       = 1 << 3
	flagXSameOrPlus  = 1 << 4
	flagYSameOrPlus  = 1 << 5
	glyfHeaderLength = 10
)

// glyphData returns glyph g's entry of the glyf table.
func (f *Font) glyphData(g int) ([]byte, error) {
	if g < 0 || g >= f.numGlyphs {
		return nil, errGlyph
	}
	var s, e int
	if f.longLoca {
		if 4*g+8 > len(f.loca) {
			return nil, errGlyph
		}
		s, e = int(u32(f.loca[4*g:])), int(u32(f.loca[4*g+4:]))
	} else {
		if 2*g+4 > len(f.loca) {
			return nil, errGlyph
		}
		s, e = 2*int(u16(f.loca[2*g:])), 2*int(u16(f.loca[2*g+2:]))
	}
	if s > e || e > len(f.glyf) {
		return nil, errGlyph
	}
	return f.glyf[s:e], nil
}

func u32(b []byte) uint32 {
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

// point is a decoded point of a simple glyph.
type point struct {
	p  fixed.Point26_6
	on bool
}

// appendOutline appends glyph g's outline to dst: for each contour a move,
// then lines and quadratic curves, the implied on-curve points between two
// off-curve ones made explicit, as sfnt's glyfIter makes them.
func (f *Font) appendOutline(dst []segment, g int) ([]segment, error) {
	d, err := f.glyphData(g)
	if err != nil || len(d) == 0 {
		return dst, err
	}
	if len(d) < glyfHeaderLength {
		return dst, errGlyph
	}
	contours := int(i16(d))
	if contours < 0 {
		return dst, errGlyph // compound: the Go fonts have none
	}
	at := glyfHeaderLength + 2*contours
	if contours == 0 || at+2 > len(d) {
		return dst, nil
	}
	points := int(u16(d[at-2:])) + 1
	at += 2 + int(u16(d[at:])) // the instructions
	// First pass: the flags, and where the x and y coordinates start.
	flags := at
	xLen, n := 0, 0
	for n < points {
		if at >= len(d) {
			return dst, errGlyph
		}
		fl := d[at]
		at++
		k := 1
		if fl&flagRepeat != 0 {
			if at >= len(d) {
				return dst, errGlyph
			}
			k += int(d[at])
			at++
		}
		switch {
		case fl&flagXShort != 0:
			xLen += k
		case fl&flagXSameOrPlus == 0:
			xLen += 2 * k
		}
		n += k
	}
	if n != points {
		return dst, errGlyph
	}
	xs, ys := at, at+xLen
	// Second pass: each contour's points, then its segments.
	var pts []point
	var x, y int32
	var fl uint8
	repeats := 0
	end := -1
	for c := range contours {
		last := int(u16(d[glyfHeaderLength+2*c:]))
		if last <= end || last >= points {
			return dst, errGlyph
		}
		pts = pts[:0]
		for ; end < last; end++ {
			if repeats > 0 {
				repeats--
			} else {
				fl = d[flags]
				flags++
				if fl&flagRepeat != 0 {
					repeats = int(d[flags])
					flags++
				}
			}
			if fl&flagXShort != 0 {
				if xs >= len(d) {
					return dst, errGlyph
				}
				if fl&flagXSameOrPlus != 0 {
					x += int32(d[xs])
				} else {
					x -= int32(d[xs])
				}
				xs++
			} else if fl&flagXSameOrPlus == 0 {
				if xs+2 > len(d) {
					return dst, errGlyph
				}
				x += i16(d[xs:])
				xs += 2
			}
			if fl&flagYShort != 0 {
				if ys >= len(d) {
					return dst, errGlyph
				}
				if fl&flagYSameOrPlus != 0 {
					y += int32(d[ys])
				} else {
					y -= int32(d[ys])
				}
				ys++
			} else if fl&flagYSameOrPlus == 0 {
				if ys+2 > len(d) {
					return dst, errGlyph
				}
				y += i16(d[ys:])
				ys += 2
			}
			// int16 arithmetic, as the format (and sfnt) has it.
			x, y = int32(int16(x)), int32(int16(y))
			pts = append(pts, point{fixed.Point26_6{X: fixed.Int26_6(x), Y: fixed.Int26_6(y)}, fl&flagOnCurve != 0})
		}
		dst = appendContour(dst, pts)
	}
	return dst, nil
}

func mid(a, b fixed.Point26_6) fixed.Point26_6 {
	return fixed.Point26_6{X: (a.X + b.X) / 2, Y: (a.Y + b.Y) / 2}
}

// appendContour appends the segments of one closed contour, as sfnt's
// glyfIter walks it: it starts at the first on-curve point (or, when the
// contour starts with two off-curve points, at their midpoint), turns runs
// of off-curve points into quadratic curves through their midpoints, and
// closes back to the start.
func appendContour(dst []segment, pts []point) []segment {
	var first, firstOff, lastOff fixed.Point26_6
	firstValid, firstOffValid, lastOffValid := false, false, false
	for _, pt := range pts {
		p := pt.p
		switch {
		case !firstValid:
			switch {
			case pt.on:
				first, firstValid = p, true
				dst = append(dst, segment{op: opMove, n: 1, p: [2]fixed.Point26_6{p}})
			case !firstOffValid:
				firstOff, firstOffValid = p, true
			default:
				first, firstValid = mid(firstOff, p), true
				lastOff, lastOffValid = p, true
				dst = append(dst, segment{op: opMove, n: 1, p: [2]fixed.Point26_6{first}})
			}
		case !lastOffValid:
			if !pt.on {
				lastOff, lastOffValid = p, true
			} else {
				dst = append(dst, segment{op: opLine, n: 1, p: [2]fixed.Point26_6{p}})
			}
		default:
			if !pt.on {
				dst = append(dst, segment{op: opQuad, n: 2, p: [2]fixed.Point26_6{lastOff, mid(lastOff, p)}})
				lastOff = p
			} else {
				dst = append(dst, segment{op: opQuad, n: 2, p: [2]fixed.Point26_6{lastOff, p}})
				lastOffValid = false
			}
		}
	}
	// Close (sfnt's glyfIter.close, repeated while it has more to say).
	for {
		switch {
		case !firstOffValid && !lastOffValid:
			return append(dst, segment{op: opLine, n: 1, p: [2]fixed.Point26_6{first}})
		case !firstOffValid && lastOffValid:
			return append(dst, segment{op: opQuad, n: 2, p: [2]fixed.Point26_6{lastOff, first}})
		case firstOffValid && !lastOffValid:
			return append(dst, segment{op: opQuad, n: 2, p: [2]fixed.Point26_6{firstOff, first}})
		default:
			dst = append(dst, segment{op: opQuad, n: 2, p: [2]fixed.Point26_6{lastOff, mid(lastOff, firstOff)}})
			lastOffValid = false
		}
	}
}
