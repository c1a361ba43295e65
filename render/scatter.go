package render

import (
	"github.com/mmfld/playground/render/layout"
)

// scatter is the dual panel of the two-dimensional pictures (the simplex's
// and the planar domains'): every particle at (y₁, y₂), the first two of
// its dual coordinates, in a view that follows them, with the markers at
// their dual images.
type scatter struct {
	view  *layout.ViewTracker
	pairs []float64 // (y₁, y₂) of every particle
	n     int
	box   layout.Box
	m     layout.Mapper
	ax    axes
	marks [2]dualMark // the target's and the mean's dual images
}

// dualMark is a marker's place in the dual plane, if it has one.
type dualMark struct {
	y1, y2 float64
	ok     bool
}

func newScatter() scatter { return scatter{view: layout.NewViewTracker()} }

// views takes the first two of the d dual coordinates of each of n
// particles in dual and moves the view towards them (jumping to them if
// fresh); the markers are cleared.
func (c *scatter) views(f layout.Frame, dual []float64, d, n int, fresh bool) {
	c.pairs = c.pairs[:0]
	for i := range n {
		c.pairs = append(c.pairs, dual[i*d], dual[i*d+1])
	}
	c.n = n
	if fresh {
		c.view.Reset()
	}
	c.box = c.view.Update(c.pairs)
	c.m = c.box.Map(f.Plot)
	c.marks = [2]dualMark{}
}

// dual queues the dual axes, the particles in the colours the primal panel
// chose (s.near) and the markers; it returns how many particles lie beyond
// the view.
func (c *scatter) dual(s *scene, f layout.Frame) (outside int) {
	s.axesFrame(&c.ax, f.Plot, c.box, c.m, true)
	ramp, half := s.alphaRamp(c.n)
	for i := range c.n {
		p, out := c.m.Clamped(c.pairs[2*i], c.pairs[2*i+1], half)
		if out {
			outside++
		}
		s.dual.square(p, half, ramp[rampIndex(s.near[i])])
	}
	for k, mk := range c.marks {
		if mk.ok {
			p, _ := c.m.Clamped(mk.y1, mk.y2, markerInset)
			s.mark(p, k == 0)
		}
	}
	return outside
}

// text writes the dual axes' labels.
func (c *scatter) text(s *scene, f layout.Frame) {
	s.axesText(&c.ax, f.Plot, c.box, c.m, "y₁", "y₂")
}

// nearBuf returns s.near with room for n particles.
func (s *scene) nearBuf(n int) []float64 {
	s.near = grow(s.near, n)
	return s.near
}
