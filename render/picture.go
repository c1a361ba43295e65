package render

import (
	"github.com/mmfld/playground/engine"
	"github.com/mmfld/playground/engine/mirror"
	"github.com/mmfld/playground/render/layout"
)

// A picture draws the runs of one kind of domain into the two panels. The
// scene calls its methods in this order each frame: views, primal, dual
// (queuing shapes; dual not while the curves view takes its place), then
// primalText and dualText; titles when the config changes, legend every
// frame. Around it the scene draws the legend's marks, the status strip and
// the notes.
type picture interface {
	// views readies a frame of snap laid out as f: the particles it draws
	// and the data boxes both panels show.
	views(s *scene, f layout.Frame, snap *engine.Snapshot)
	// primal queues the primal panel: the domain, the particles (setting
	// s.near, each particle's nearness to the boundary) and the markers.
	primal(s *scene, f layout.Frame)
	// dual queues the dual panel and returns how many particles lie beyond
	// its view (drawn at its edge).
	dual(s *scene, f layout.Frame) (outside int)
	// primalText writes the primal panel's tick labels, axis and vertex
	// names; dualText the dual panel's (not called when the curves view
	// takes the dual panel's place).
	primalText(s *scene, f layout.Frame)
	dualText(s *scene, f layout.Frame)
	// titles writes the panels' titles and notes for a run of c into t.
	titles(t *dimTexts, c *engine.Config)
	// legend returns what the legend says for a run of c.
	legend(c *engine.Config) legend
}

// pictures holds one of each picture, so that each keeps its views and
// buffers from frame to frame.
type pictures struct {
	simplex     simplexPicture
	planar      planarPicture
	interval    intervalPicture
	spectraplex spectraPicture
}

func newPictures() pictures {
	return pictures{
		simplex:     newSimplexPicture(),
		planar:      newPlanarPicture(),
		interval:    newIntervalPicture(),
		spectraplex: newSpectraPicture(),
	}
}

// pictureFor returns the picture that draws a run of c, from pictureTable;
// a domain missing from it is drawn as the plane.
func (p *pictures) pictureFor(c *engine.Config) picture {
	pick, ok := pictureTable[c.Domain]
	if !ok {
		pick = unknownDomain
	}
	return pick(p, c.Dim)
}

// pictureTable is the one place that says which domain is drawn how: the
// picture that draws it in dimension dim. A new domain adds its line here
// (a planar one its region, in planar.go).
var pictureTable = map[string]func(p *pictures, dim int) picture{
	engine.DomainSimplex:     simplexPictures,
	engine.DomainBox:         planar(boxRegion{}),
	engine.DomainBall:        planar(ballRegion{}),
	engine.DomainPolygon:     planar(polygonRegion{}),
	engine.DomainOrthant:     planar(orthantRegion{}),
	engine.DomainPlane:       planar(planeRegion{}),
	engine.DomainSpectraplex: func(p *pictures, _ int) picture { return &p.spectraplex },
}

// unknownDomain draws a domain missing from pictureTable as the plane.
var unknownDomain = planar(planeRegion{})

// simplexPictures draws Δ¹ as a segment, Δ^d for d ≥ 2 as the simplex.
func simplexPictures(p *pictures, dim int) picture {
	if dim == 1 {
		return p.interval.on(segment{})
	}
	return &p.simplex
}

// planar draws the region r in the planar picture, and on the line (dim 1)
// in the interval picture.
func planar(r region) func(p *pictures, dim int) picture {
	return func(p *pictures, dim int) picture {
		if dim == 1 {
			return p.interval.on(r)
		}
		return p.planar.on(r)
	}
}

// A chart is the domain that the planar and interval pictures draw, as far
// as they ask: the run's mirror map (engine.NewMirror), or the
// spectraplex's disc.
type chart interface {
	// Dim, Shown, PrimalLen, Lift, Project, Inside, Distance and Grad
	// are mirror.Map's.
	Dim() int
	Shown() (offset, width int)
	PrimalLen() int
	Lift(dst, v []float64) []float64
	Project(dst, v []float64) []float64
	Inside(x []float64) bool
	Distance(x []float64) float64
	Grad(dst, x []float64) []float64
}

var _ chart = mirror.Map(nil)
