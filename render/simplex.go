package render

import (
	"strconv"

	"github.com/mmfld/playground/engine"
	"github.com/mmfld/playground/render/layout"
)

// simplexPicture draws Δ^d for d ≥ 2: the triangle with a ternary grid,
// or for d > 2 the projection that puts the vertices on a regular polygon
// (layout.Triangle.Vertices); each particle at its barycentric place,
// coloured by its smallest coordinate; in the dual panel (y₁, y₂).
type simplexPicture struct {
	scatter
	snap  *engine.Snapshot
	d     int
	verts []layout.Point // the drawn vertices of Δ^d

	target  []float64 // the target mean, d+1 entries, if hasTarget
	hasTgt  bool
	zbary   []float64 // one target sample point's barycentric coordinates
	centreB []float64 // the barycentre (1/k, …, 1/k)
}

func newSimplexPicture() simplexPicture { return simplexPicture{scatter: newScatter()} }

// views implements picture.
func (p *simplexPicture) views(s *scene, f layout.Frame, snap *engine.Snapshot) {
	d := max(snap.Config.Dim, 1)
	n := len(snap.Dual) / d
	if d < 2 || len(snap.Primal) != (d+1)*n {
		n = 0 // a snapshot of another shape draws no particles
	}
	p.snap, p.d = snap, d
	p.verts = f.Triangle.Vertices(p.verts, d)
	p.scatter.views(f, snap.Dual, d, n, s.restarted(snap.Metrics.Step, n))
	if p.hasTgt = p.targetOf(&snap.Config); p.hasTgt {
		y1, y2 := layout.LogRatios(p.target)
		p.marks[0] = dualMark{y1, y2, true}
	}
	if mean := snap.Metrics.Mean; len(mean) == len(p.verts) {
		y1, y2 := layout.LogRatios(mean)
		p.marks[1] = dualMark{y1, y2, true}
	}
}

// primal implements picture: the simplex, the particles (plain MFLD's
// escapes at the panel's edge), mmd's target sample and the markers.
func (p *simplexPicture) primal(s *scene, f layout.Frame) {
	p.frame(s)
	ramp, half := s.alphaRamp(p.n)
	inPanel := f.Primal.Inset(half, half, half, half)
	w := p.d + 1
	near := s.nearBuf(p.n)
	for i := range p.n {
		xi := p.snap.Primal[i*w : (i+1)*w]
		near[i] = layout.NearnessFast(layout.Smallest(xi))
		s.primal.square(inPanel.Clamp(layout.Place(p.verts, xi)), half, ramp[rampIndex(near[i])])
	}
	p.targetSample(s)
	if p.hasTgt {
		s.targetMark(layout.Place(p.verts, p.target))
	}
	if mean := p.snap.Metrics.Mean; len(mean) == len(p.verts) {
		s.meanMark(layout.Place(p.verts, mean))
	}
}

// primalText implements picture.
func (p *simplexPicture) primalText(s *scene, f layout.Frame) { s.vertexText(p.verts) }

// dualText implements picture.
func (p *simplexPicture) dualText(s *scene, f layout.Frame) { p.scatter.text(s, f) }

// frame adds the simplex: its surface, a ternary grid and its edges; for
// d > 2 the polygon with every edge of Δ^d drawn as a chord.
func (p *simplexPicture) frame(s *scene) {
	v := p.verts
	k := len(v)
	if k == 3 {
		s.under.quad(v[0], v[1], v[2], v[2], colSurface, colSurface, colSurface, colSurface)
		t := layout.Triangle{V: [3]layout.Point{v[0], v[1], v[2]}}
		for i := range 3 {
			for _, x := range [...]float64{0.2, 0.4, 0.6, 0.8} {
				a, b := t.IsoLine(i, x)
				s.under.line(a, b, 1, 0, colGrid)
			}
		}
	} else {
		c := layout.Place(v, p.centre(k))
		for i := range k {
			s.under.quad(c, v[i], v[(i+1)%k], v[(i+1)%k], colSurface, colSurface, colSurface, colSurface)
		}
		for i := range k {
			for j := i + 2; j < k && !(i == 0 && j == k-1); j++ {
				s.under.line(v[i], v[j], 1, 0, colGrid)
			}
		}
	}
	for i := range k {
		s.under.line(v[i], v[(i+1)%k], 1.5, 0.75, colEdge)
	}
}

// targetSample adds the mmd objective's target points, small white dots
// over the particles.
func (p *simplexPicture) targetSample(s *scene) {
	z, d := p.snap.Target, p.d
	if len(z) == 0 || len(z)%d != 0 || len(p.verts) != d+1 {
		return
	}
	col := colTarget.alpha(0.7)
	for k := 0; k < len(z); k += d {
		zk := z[k : k+d]
		last := 1.0
		for _, v := range zk {
			last -= v
		}
		p.zbary = append(append(p.zbary[:0], zk...), last)
		s.over.square(layout.Place(p.verts, p.zbary), 1.2, col)
	}
}

// targetOf writes the target mean of the run into p.target: q for
// meanmatch, the mean α/α₀ of Dirichlet(α) for dirichlet, the centre c of
// the target mixture (barycentric) for mmd. ok is false if the config has
// none, or mmd's c is not inside the simplex.
func (p *simplexPicture) targetOf(c *engine.Config) (ok bool) {
	switch c.Objective {
	case engine.ObjectiveMeanMatch:
		p.target = append(p.target[:0], c.Q...)
	case engine.ObjectiveDirichlet:
		a0 := 0.0
		for _, a := range c.Alpha {
			a0 += a
		}
		p.target = p.target[:0]
		for _, a := range c.Alpha {
			p.target = append(p.target, a/a0)
		}
	case engine.ObjectiveMMD:
		// The centre c of the target mixture, if inside the simplex.
		p.target = append(p.target[:0], c.Center...)
		last := 1.0
		for _, v := range c.Center {
			if v <= 0 {
				return false
			}
			last -= v
		}
		if last <= 0 {
			return false
		}
		p.target = append(p.target, last)
	default:
		return false
	}
	return len(p.target) == len(p.verts)
}

// centre returns the barycentre (1/k, …, 1/k) of Δ^{k−1}.
func (p *simplexPicture) centre(k int) []float64 {
	p.centreB = p.centreB[:0]
	for range k {
		p.centreB = append(p.centreB, 1/float64(k))
	}
	return p.centreB
}

// titles implements picture.
func (p *simplexPicture) titles(t *dimTexts, c *engine.Config) {
	d := c.Dim
	t.primalTitle = "PRIMAL   x ∈ Δ" + superscript(d)
	vertexNames(t, d)
	if d == 2 {
		t.primalNote = "x = x₁e₁ + x₂e₂ + x₃e₃"
		t.dualNote = "y₁ = log(x₁/x₃),  y₂ = log(x₂/x₃)"
		return
	}
	last := subscript(d + 1)
	t.primalNote = "x = x₁e₁ + … + x" + last + "e" + last + " (projected)"
	t.dualNote = "y₁ = log(x₁/x" + last + "),  y₂ = log(x₂/x" + last + ")  of " + strconv.Itoa(d) + " dual coordinates"
}

// vertexNames sets t's vertex names e₁ … e_{d+1}.
func vertexNames(t *dimTexts, d int) {
	for i := 1; i <= d+1; i++ {
		t.vertex = append(t.vertex, "e"+subscript(i))
	}
}

// legend implements picture.
func (p *simplexPicture) legend(c *engine.Config) legend {
	return legend{target: targetLine(c), caption: captionCoordinate}
}

// targetLine returns the legend's line for the target ring: what the
// run's objective marks with it.
func targetLine(c *engine.Config) string {
	switch c.Objective {
	case engine.ObjectiveDirichlet:
		return "target mean α/α₀ (Dirichlet)"
	case engine.ObjectiveGaussian, engine.ObjectiveDoubleWell, engine.ObjectiveInteraction:
		return "centre c of the well"
	case engine.ObjectiveXOR:
		return "neurons at (w₁, w₂)"
	case engine.ObjectiveMMD:
		return "centre c; dots: the target sample"
	}
	return "target mean q"
}
