package render

import (
	"math"

	"github.com/mmfld/playground/engine"
	"github.com/mmfld/playground/engine/objective/xor"
	"github.com/mmfld/playground/render/layout"
)

// The xor inset: the sign of the network's output f(u₁, u₂, 0, …, 0) over
// the input square [−xorInsetSpan, xorInsetSpan]², in the primal panel's
// bottom-right corner, which the ball leaves empty.
const (
	xorInsetCells = 16  // cells per side
	xorInsetSpan  = 2.0 // the square shows u₁, u₂ ∈ [−2, 2]: the clusters at ±1 and their noise
	xorInsetSide  = 0.15
)

var (
	colXORPlus  = hex(0x4cc2ff) // f > 0: the label y = +1 (u₁u₂ > 0)
	colXORMinus = hex(0xff8a3d) // f < 0: the label y = −1
)

// xorInset is the inset's cached grid: f is recomputed only when the
// snapshot's particles change (a new step, F or N), at O(N·xorInsetCells²).
type xorInset struct {
	u, f    []float64
	step    int64
	loss    float64
	n, dim  int
	present bool
}

// xorInsetRect returns where the inset goes: a square of xorInsetSide of the
// primal plot's side in its bottom-right corner, outside the drawn ball
// (whose radius is 1/1.06 of the half side: the corner square fits while its
// side is below a third of the half side).
func xorInsetRect(f layout.Frame) layout.Rect {
	return layout.CornerSquare(f.PrimalPlot(), xorInsetSide, 4)
}

// marks adds the inset for an xor snapshot of n particles to the over
// layer: each cell coloured by the sign of f at its centre, stronger where
// |f| is larger, a frame, and dots at the four cluster centres (±1, ±1).
func (g *xorInset) marks(s *scene, f layout.Frame, snap *engine.Snapshot, n int) {
	c := &snap.Config
	g.present = c.Objective == engine.ObjectiveXOR && c.Dim >= xor.MinDim && n > 0
	if !g.present {
		return
	}
	m := &snap.Metrics
	if g.step != m.Step || g.loss != m.F || g.n != n || g.dim != c.Dim || len(g.f) == 0 {
		g.step, g.loss, g.n, g.dim = m.Step, m.F, n, c.Dim
		k := c.Dim - 2
		g.u = grow(g.u, xorInsetCells*xorInsetCells*k)
		clear(g.u)
		for i := range xorInsetCells {
			for j := range xorInsetCells {
				p := (i*xorInsetCells + j) * k
				g.u[p] = xorInsetSpan * (2*(float64(j)+0.5)/xorInsetCells - 1)   // u₁, left to right
				g.u[p+1] = xorInsetSpan * (1 - 2*(float64(i)+0.5)/xorInsetCells) // u₂, top to bottom
			}
		}
		g.f = xor.Outputs(g.f, snap.Primal[:n*c.Dim], c.Dim, g.u)
	}
	r := xorInsetRect(f)
	s.over.rect(r, colBackground)
	cell := r.W / xorInsetCells
	for i := range xorInsetCells {
		for j := range xorInsetCells {
			v := g.f[i*xorInsetCells+j]
			col := colXORPlus
			if v < 0 {
				col = colXORMinus
			}
			s.over.rect(layout.Rect{X: r.X + float64(j)*cell, Y: r.Y + float64(i)*cell, W: cell, H: cell},
				col.alpha(0.15+0.6*math.Tanh(math.Abs(v)/2)))
		}
	}
	for _, u := range [4][2]float64{{1, 1}, {1, -1}, {-1, 1}, {-1, -1}} {
		p := layout.Point{X: r.X + r.W*(u[0]/xorInsetSpan+1)/2, Y: r.Y + r.H*(1-u[1]/xorInsetSpan)/2}
		s.over.disc(p, 2, 8, colText)
	}
	s.over.frame(r, 1, colEdge)
}

// text writes the inset's caption above it.
func (g *xorInset) text(s *scene, f layout.Frame) {
	if !g.present {
		return
	}
	r := xorInsetRect(f)
	s.txt.draw("sign f(u₁, u₂)", s.fc.small, r.MaxX(), r.Y-16, alignEnd, colDim)
}
