//go:build display

package render

import (
	"image"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/mmfld/playground/render/layout"
)

// xorQuadrants counts, in each quadrant of the xor inset (top-left,
// top-right, bottom-left, bottom-right), the pixels coloured like f > 0
// (blue well above red) and like f < 0 (red well above blue).
func xorQuadrants(img *image.RGBA, r layout.Rect) (plus, minus [4]int) {
	for y := int(r.Y) + 2; y < int(r.MaxY())-2; y++ {
		for x := int(r.X) + 2; x < int(r.MaxX())-2; x++ {
			q := 0
			if float64(x) >= r.X+r.W/2 {
				q++
			}
			if float64(y) >= r.Y+r.H/2 {
				q += 2
			}
			o := img.PixOffset(x, y)
			red, blue := int(img.Pix[o]), int(img.Pix[o+2])
			switch {
			case blue > red+40:
				plus[q]++
			case red > blue+40:
				minus[q]++
			}
		}
	}
	return plus, minus
}

// TestXORInset: after 100 steps of paper-e3 the inset shows the XOR sign
// pattern, f > 0 where u₁u₂ > 0 (top-right, bottom-left) and f < 0 elsewhere;
// the gaussian on the ball has no inset; the inset allocates nothing per
// frame once drawn.
func TestXORInset(t *testing.T) {
	f := layout.Screen(Width, Height, false)
	r := xorInsetRect(f)
	// paper-e3's settings.
	g := NewGame(newSession(t, `{"domain": "ball", "objective": "xor", "n": 512, "eta": 0.1, "lambda": 1e-3}`, 100))
	img := frame(t, g)
	plus, minus := xorQuadrants(img, r)
	cells := int(r.W * r.H / 4 / 2) // at least half of each quadrant
	for q, wantPlus := range []bool{false, true, true, false} {
		got, other := minus[q], plus[q]
		if wantPlus {
			got, other = plus[q], minus[q]
		}
		if got < cells || other > cells/10 {
			t.Errorf("quadrant %d: %d pixels of the expected sign (want ≥ %d), %d of the other", q, got, cells, other)
		}
	}
	if !g.sc.pics.planar.xor.present {
		t.Error("xor inset not present")
	}

	gauss := NewGame(newSession(t, `{"domain": "ball"}`, 1))
	frame(t, gauss)
	if gauss.sc.pics.planar.xor.present {
		t.Error("inset present for the gaussian")
	}

	dst := ebiten.NewImage(Width, Height)
	defer dst.Deallocate()
	g.Draw(dst)
	withInset := testing.AllocsPerRun(5, func() { g.Draw(dst) })
	gauss.Draw(dst)
	without := testing.AllocsPerRun(5, func() { gauss.Draw(dst) })
	if withInset > without+10 {
		t.Errorf("allocations per Draw: %v with the inset, %v without", withInset, without)
	}
}
