package render

import (
	"math"
	"slices"

	"github.com/mmfld/playground/engine"
)

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
		vs.Config.Domain, vs.Config.Dim, vs.Config.Radius = engine.DomainBall, 2, 1
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
	vs.Config.Domain = engine.DomainSimplex
	vs.Primal = snap.Spectrum[:cnt*n]
	v.dual = grow(v.dual, d*cnt)
	for i := range cnt {
		x := vs.Primal[i*n : i*n+n]
		last := math.Log(max(x[d], engine.FaceFloor))
		for k := range d {
			v.dual[i*d+k] = math.Log(max(x[k], engine.FaceFloor)) - last
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
		engine.SymEigen(v.mean, v.vecs, v.work)
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
