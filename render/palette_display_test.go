//go:build display

package render

import (
	"math"
	"testing"
)

// colourVision are the dichromacies a palette must survive: the linear-RGB
// matrices of Machado, Oliveira and Fernandes, "A Physiologically-based
// Model for Simulation of Color Vision Deficiency" (IEEE TVCG 15(6), 2009),
// Table 1, at severity 1.0.
var colourVision = []struct {
	name string
	m    [3][3]float64
}{
	{"normal", [3][3]float64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}},
	{"protanopia", [3][3]float64{{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216}, {-0.003882, -0.048116, 1.051998}}},
	{"deuteranopia", [3][3]float64{{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}}},
	{"tritanopia", [3][3]float64{{1.255528, -0.076749, -0.178779}, {-0.078411, 0.930809, 0.147602}, {0.004733, 0.691367, 0.303900}}},
}

// seenLab returns the CIELAB coordinates (D65 white) of the sRGB colour c as
// seen through the colour-vision matrix m: sRGB decoded to linear light,
// m applied and clipped to [0, 1], then XYZ (IEC 61966-2-1) and L*a*b*.
func seenLab(c rgba, m [3][3]float64) [3]float64 {
	decode := func(v float32) float64 {
		if v <= 0.04045 {
			return float64(v) / 12.92
		}
		return math.Pow((float64(v)+0.055)/1.055, 2.4)
	}
	in := [3]float64{decode(c.R), decode(c.G), decode(c.B)}
	var l [3]float64
	for i := range l {
		l[i] = min(max(m[i][0]*in[0]+m[i][1]*in[1]+m[i][2]*in[2], 0), 1)
	}
	x := (0.4124*l[0] + 0.3576*l[1] + 0.1805*l[2]) / 0.95047
	y := 0.2126*l[0] + 0.7152*l[1] + 0.0722*l[2]
	z := (0.0193*l[0] + 0.1192*l[1] + 0.9505*l[2]) / 1.08883
	f := func(t float64) float64 {
		if t > 216.0/24389 {
			return math.Cbrt(t)
		}
		return (24389.0/27*t + 16) / 116
	}
	fx, fy, fz := f(x), f(y), f(z)
	return [3]float64{116*fy - 16, 500 * (fx - fy), 200 * (fy - fz)}
}

// TestPaletteForColourBlindness checks that the colours which carry meaning
// stay apart for viewers with each dichromacy (and normal vision): the two
// sides of a comparison, a particle in the interior and one at the
// boundary, the xor classes, each of those against the background, and the
// mean and target markers against the particles. The distance is CIE76 ΔE
// (Euclidean in L*a*b*): about 2.3 is a just-noticeable difference; the
// bounds ask for far more. Measured minima (2026-11-30): 87 for the sides
// (tritanopia), 89 interior against boundary (protanopia), 60 against the
// background, 27 for a marker (the mean against the boundary colour,
// deuteranopia).
func TestPaletteForColourBlindness(t *testing.T) {
	for _, c := range []struct {
		what  string
		x, y  rgba
		least float64
	}{
		{"side a against side b", colSideA, colSideB, 40},
		{"an interior particle against a boundary one", rampStops[0], rampStops[2], 40},
		{"xor's class +1 against −1", colXORPlus, colXORMinus, 40},
		{"side a against the background", colSideA, colBackground, 40},
		{"side b against the background", colSideB, colBackground, 40},
		{"an interior particle against the background", rampStops[0], colBackground, 40},
		{"a half-way particle against the background", rampStops[1], colBackground, 40},
		{"a boundary particle against the background", rampStops[2], colBackground, 40},
		{"the mean marker against an interior particle", colMean, rampStops[0], 20},
		{"the mean marker against a boundary particle", colMean, rampStops[2], 20},
		{"the target marker against an interior particle", colTarget, rampStops[0], 20},
		{"the target marker against a boundary particle", colTarget, rampStops[2], 20},
	} {
		for _, v := range colourVision {
			a, b := seenLab(c.x, v.m), seenLab(c.y, v.m)
			if d := math.Hypot(math.Hypot(a[0]-b[0], a[1]-b[1]), a[2]-b[2]); d < c.least {
				t.Errorf("%s, %s: ΔE %.1f, want at least %.0f", c.what, v.name, d, c.least)
			}
		}
	}
}
