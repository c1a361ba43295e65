package render

import (
	"math"
	"slices"
	"strconv"

	"github.com/mmfld/playground/engine"
	"github.com/mmfld/playground/engine/mirror"
	"github.com/mmfld/playground/render/layout"
)

// spectraPicture draws the spectraplex through the pictures the other
// domains have (see spectraView): the 2×2 matrices as the disc, in the
// planar picture; larger ones by their spectra, in the simplex picture.
type spectraPicture struct {
	v   spectraView
	pic picture // the picture this frame delegates to
}

func newSpectraPicture() spectraPicture { return spectraPicture{} }

// views implements picture.
func (p *spectraPicture) views(s *scene, f layout.Frame, snap *engine.Snapshot) {
	view, disc := p.v.view(snap)
	if disc {
		p.pic = s.pics.planar.onChart(ballRegion{}, unitDisc{}, "X₁₁ − X₂₂", "2X₁₂")
	} else {
		p.pic = &s.pics.simplex
	}
	p.pic.views(s, f, view)
}

// primal implements picture.
func (p *spectraPicture) primal(s *scene, f layout.Frame) { p.pic.primal(s, f) }

// dual implements picture.
func (p *spectraPicture) dual(s *scene, f layout.Frame) int { return p.pic.dual(s, f) }

// primalText implements picture.
func (p *spectraPicture) primalText(s *scene, f layout.Frame) { p.pic.primalText(s, f) }

// dualText implements picture.
func (p *spectraPicture) dualText(s *scene, f layout.Frame) { p.pic.dualText(s, f) }

// titles implements picture.
func (p *spectraPicture) titles(t *dimTexts, c *engine.Config) {
	d := c.Dim
	if d == 1 {
		t.primalTitle = "PRIMAL   X ∈ spectraplex"
		t.primalNote = "2×2: a disc"
		t.dualNote = c.Mirror + " map  (Y₁₁ − Y₂₂, 2Y₁₂)"
		return
	}
	size := strconv.Itoa(d + 1)
	t.primalTitle = "PRIMAL   spectrum of X, " + size + "×" + size
	vertexNames(t, d)
	last := subscript(d + 1)
	t.primalNote = "x₁ ≥ … ≥ x" + last + " on Δ" + superscript(d)
	t.dualNote = "y₁ = log(x₁/x" + last + "),  y₂ = log(x₂/x" + last + ")  of the dual's eigenvalues"
}

// legend implements picture.
func (p *spectraPicture) legend(c *engine.Config) legend {
	if c.Dim == 1 {
		return legend{target: "target Σ* = diag(q)", caption: captionDistance, plate: true}
	}
	return legend{target: "target Σ* = diag(q)", caption: "colour: smallest eigenvalue"}
}

// spectraView holds the picture of a spectraplex snapshot in terms of the
// pictures the other domains already have, rebuilt every frame into reused
// buffers:
//
//   - d ≥ 2 (n = d+1 ≥ 3): each particle's spectrum, its eigenvalues
//     x₁ ≥ … ≥ xₙ, drawn on the simplex picture of Δ^d (the diagonal
//     matrices are that simplex; a sorted spectrum lies in one of its n!
//     Weyl chambers). The dual panel shows the simplex dual of the spectrum,
//     (log(x₁/xₙ), log(x₂/xₙ)) = (μ₁ − μₙ, μ₂ − μₙ), differences of the
//     eigenvalues μ of the dual matrix Y (eigenvalues below FaceFloor, where
//     the primal methods put them, taken at FaceFloor, as the engine does). The target ring is diag(q)'s
//     spectrum (q sorted), the mean cross the spectrum of the mean matrix.
//   - d = 1 (2×2 matrices): the spectraplex is a disc of radius 1, drawn as
//     the ball: each particle at (X₁₁ − X₂₂, 2X₁₂) (its eigenvalues are
//     (1 ± r)/2 at radius r); the dual panel shows both dual coordinates
//     (y₁, y₁₂) = (Y₁₁ − Y₂₂, 2Y₁₂), which are 2 artanh(r)/r times the
//     primal point.
//
// The view's Config is the run's, but for the target: the sorted q (the
// simplex picture's mean-matching target) or the disc point of diag(q)
// (Center, the planar picture's).
type spectraView struct {
	snap             engine.Snapshot // the view: the original with its slices replaced
	primal, dual, q  []float64
	mean, vecs, work []float64
	centre           []float64
}

// view returns the snapshot the pictures draw for the spectraplex snapshot
// snap, and whether it is the disc (d = 1).
func (v *spectraView) view(snap *engine.Snapshot) (*engine.Snapshot, bool) {
	c := snap.Config
	d := c.Dim
	n := d + 1
	v.snap = *snap
	vs := &v.snap
	cnt := 0
	if len(snap.Spectrum) >= n {
		cnt = len(snap.Spectrum) / n
	}
	if len(snap.Primal) != cnt*n*n {
		cnt = 0
	}
	// The mean matrix's spectrum, or the disc point.
	mean := snap.Metrics.Mean
	if d == 1 {
		v.primal = grow(v.primal, 2*cnt)
		for i := range cnt {
			x := snap.Primal[i*4 : i*4+4]
			v.primal[2*i], v.primal[2*i+1] = x[0]-x[3], 2*x[1]
		}
		vs.Primal = v.primal
		vs.Dual = snap.Dual[:2*cnt]
		v.centre = v.centre[:0]
		if len(c.Q) == 2 {
			v.centre = append(v.centre, c.Q[0]-c.Q[1], 0)
		}
		vs.Config.Center = v.centre
		v.mean = v.mean[:0]
		if len(mean) == 4 {
			v.mean = append(v.mean, mean[0]-mean[3], 2*mean[1])
		}
		vs.Metrics.Mean = v.mean
		return vs, true
	}
	vs.Primal = snap.Spectrum[:cnt*n]
	v.dual = grow(v.dual, d*cnt)
	for i := range cnt {
		x := vs.Primal[i*n : i*n+n]
		last := math.Log(max(x[d], mirror.FaceFloor))
		for k := range d {
			v.dual[i*d+k] = math.Log(max(x[k], mirror.FaceFloor)) - last
		}
	}
	vs.Dual = v.dual
	v.q = append(v.q[:0], c.Q...)
	slices.Sort(v.q)
	slices.Reverse(v.q)
	vs.Config.Q = v.q
	v.mean = v.mean[:0]
	if len(mean) == n*n {
		v.mean, v.vecs, v.work = grow(v.mean, n), grow(v.vecs, n*n), grow(v.work, n*n)
		copy(v.work, mean)
		mirror.SymEigen(v.mean, v.vecs, v.work)
	}
	vs.Metrics.Mean = v.mean
	return vs, false
}

// discDual returns the dual point (y₁, y₁₂) of the disc point (a, b) =
// (X₁₁ − X₂₂, 2X₁₂) of a 2×2 spectraplex matrix: log X has the traceless
// part ½ log(x₊/x₋)·R with x± = (1 ± r)/2 and R the unit reflection along
// (a, b), so y = log((1 + r)/(1 − r))·(a, b)/r = 2 artanh(r)·(a, b)/r. ok is
// false outside the open disc.
func discDual(a, b float64) (y1, y2 float64, ok bool) {
	r := math.Hypot(a, b)
	if !(r < 1) {
		return 0, 0, false
	}
	if r == 0 {
		return 0, 0, true
	}
	f := 2 * math.Atanh(r) / r
	return f * a, f * b, true
}

// unitDisc is the 2×2 spectraplex seen as the unit disc of the points
// (X₁₁ − X₂₂, 2X₁₂): the chart the planar picture draws it with. Its
// primal point is (a, b, 1 − a² − b²).
type unitDisc struct{}

var _ chart = unitDisc{}

func (unitDisc) Dim() int                   { return 2 }
func (unitDisc) Shown() (offset, width int) { return 0, 2 }
func (unitDisc) PrimalLen() int             { return 3 }

func (unitDisc) Lift(dst, v []float64) []float64 {
	dst = grow(dst, 3)
	dst[0], dst[1], dst[2] = v[0], v[1], 1-v[0]*v[0]-v[1]*v[1]
	return dst
}

func (d unitDisc) Project(dst, v []float64) []float64 {
	r := math.Hypot(v[0], v[1])
	if r <= 1 {
		return d.Lift(dst, v)
	}
	dst = grow(dst, 3)
	dst[0], dst[1], dst[2] = v[0]/r, v[1]/r, 0
	return dst
}

func (unitDisc) Inside(x []float64) bool { return math.Hypot(x[0], x[1]) < 1 }

// Distance returns 1 − r, the distance to the unit circle.
func (unitDisc) Distance(x []float64) float64 { return 1 - math.Sqrt(x[0]*x[0]+x[1]*x[1]) }

// Grad returns discDual of the point.
func (unitDisc) Grad(dst, x []float64) []float64 {
	dst = grow(dst, 2)
	dst[0], dst[1], _ = discDual(x[0], x[1])
	return dst
}
