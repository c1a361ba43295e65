package stat

import (
	"math"

	"github.com/mmfld/playground/engine/internal/purefloat"
	"github.com/mmfld/playground/engine/internal/vec"
	"gonum.org/v1/gonum/mathext"
)

// EntropyK is the neighbour rank k of the entropy readout (Metrics.Entropy).
// Larger k lowers the estimator's variance and raises its bias where the
// density changes within the k-th neighbour distance, chiefly at the faces
// of a bounded domain, where the neighbour ball reaches outside the
// support. Measured over 100 samples of N = 4000 on the chart of Δ²: for
// the uniform law (all boundary) k = 1 has bias +0.010 and standard
// deviation 0.025, k = 3 bias +0.021 and sd 0.012, k = 6 +0.029 and 0.010;
// for Dirichlet(2,3,4) k = 1 has sd 0.026 and k = 3 sd 0.017, both biases
// below 0.002. k = 3 halves the frame-to-frame jitter of k = 1 at a bias
// below its own noise; the biases shrink like 1/√N.
const EntropyK = 3

// EntropyMinDist is the smallest k-th neighbour distance ε the entropy
// estimate uses. Points closer than this to their k-th neighbour (duplicates,
// or particles a few ulps apart at a vertex) count as ties: their ε is taken
// as EntropyMinDist, and they are counted in Metrics.EntropyTies. A measure
// with atoms has entropy −∞; with ties the estimate is a finite, very
// negative bound, log-linear in EntropyMinDist.
const EntropyMinDist = 1e-12

// KLEntropy is the Kozachenko–Leonenko k-nearest-neighbour estimator of the
// differential entropy H(μ) = −∫ μ log μ of the law of n points in ℝᵈ
// (Kozachenko & Leonenko 1987, "Sample estimate of the entropy of a random
// vector", Problems Inform. Transmission 23(2); with k neighbours as in
// Kraskov, Stögbauer & Grassberger 2004, "Estimating mutual information",
// Phys. Rev. E 69, 066138, §II):
//
//	Ĥ = ψ(n) − ψ(k) + log V_d + (d/n) Σᵢ log εᵢ,
//
// where εᵢ is the Euclidean distance from point i to its k-th nearest
// neighbour among the others, V_d = π^{d/2}/Γ(d/2 + 1) the volume of the
// unit ball and ψ the digamma function. (Kraskov et al. write ε for twice
// the distance and c_d = V_d/2^d for the ball; the factors 2^d cancel.)
// Distances below MinDist are taken as MinDist and counted as ties.
//
// The neighbours are found, in the plane, on a uniform grid of about n/2
// cells (O(n) to build, O(1) expected per query), and otherwise, or when the
// points clump so that the grid's cells would be crowded, with a k-d tree
// (O(n log n) to build, O(log n) expected per query in low dimension).
//
// The zero value is ready to use. Its buffers are kept, so estimating again
// at the same n and d allocates nothing. A KLEntropy is not safe for
// concurrent use.
type KLEntropy struct {
	// K is the neighbour rank k ≥ 1; 0 means EntropyK.
	K int
	// MinDist is the floor on ε; 0 means EntropyMinDist.
	MinDist float64

	grid grid2
	tree kdTree
	best []float64 // the k smallest squared distances of one query
}

// Estimate returns Ĥ for the points in x, d coordinates per point, point by
// point; x is not modified. Points with a non-finite coordinate are left
// out. ties counts the points whose ε was below MinDist. ok is false, and h
// and ties are 0, when fewer than K+1 points remain.
func (e *KLEntropy) Estimate(x []float64, d int) (h float64, ties int, ok bool) {
	if d < 1 || len(x)%d != 0 {
		panic("engine: KLEntropy.Estimate: length of x is not a multiple of d ≥ 1")
	}
	return e.EstimateStrided(x, d, d, len(x)/d)
}

// EstimateStrided is Estimate for the first d coordinates of n points stored with
// the given stride (so the simplex chart is read from barycentric points
// without a copy).
func (e *KLEntropy) EstimateStrided(x []float64, stride, d, n int) (h float64, ties int, ok bool) {
	k := e.K
	if k <= 0 {
		k = EntropyK
	}
	minDist := e.MinDist
	if minDist <= 0 {
		minDist = EntropyMinDist
	}
	t := &e.tree
	t.d = d
	t.pts = t.pts[:0]
	for i := range n {
		p := x[i*stride : i*stride+d]
		if vec.AllFinite(p) {
			t.pts = append(t.pts, p...)
		}
	}
	m := len(t.pts) / d
	if m < k+1 {
		return 0, 0, false
	}
	if cap(e.best) < k {
		e.best = make([]float64, k)
	}
	best := e.best[:k]
	// The squared distance from each point to its k-th neighbour.
	var kth2 []float64
	if d == 2 {
		// The tree's buffers grow with the grid's, so that a cloud
		// moving from one search to the other at the same n (a clump
		// forming or dissolving) allocates nothing.
		t.reserve(m)
	}
	if d == 2 && e.grid.build(t.pts) {
		kth2 = e.grid.allKth(best)
	} else {
		t.build(m)
		kth2 = t.allKth(best)
	}
	minDist2 := minDist * minDist
	sumLog := 0.0
	for _, eps2 := range kth2 {
		if eps2 < minDist2 {
			eps2 = minDist2
			ties++
		}
		sumLog += purefloat.Log(eps2) // the same bits natively and in WebAssembly, where math.Log also calls Frexp
	}
	h = mathext.Digamma(float64(m)) - mathext.Digamma(float64(k)) + logUnitBall(d) + float64(d)/float64(m)*(sumLog/2)
	return h, ties, true
}

// logUnitBall returns log V_d, the log-volume of the Euclidean unit ball in
// ℝᵈ: V_d = π^{d/2}/Γ(d/2 + 1).
func logUnitBall(d int) float64 {
	lg, _ := math.Lgamma(float64(d)/2 + 1)
	return float64(d)/2*math.Log(math.Pi) - lg
}

// kdLeaf is the largest index range a k-d tree node leaves unsplit: its
// points are scanned one by one.
const kdLeaf = 8

// kdTree is a k-d tree over m points in ℝᵈ, stored implicitly: the points
// are permuted so that the node of an index range [lo, hi) is the point at
// mid = (lo+hi)/2, the points of [lo, mid) lie at or below it in the split
// coordinate axis[mid] and those of (mid, hi) at or above it. Ranges of at
// most kdLeaf points are leaves. The split coordinate is the one of widest
// spread in the range (judged from a few of its points), so elongated
// clouds split where they are long.
type kdTree struct {
	d    int
	pts  []float64 // m·d coordinates in tree order
	axis []uint8   // split coordinate of the node at each index
	off  []float64 // scratch for search: d numbers
	kth2 []float64 // the result of allKth
}

// allKth returns the squared distance from every point (in tree order) to
// its k-th nearest other point, k = len(best); best is scratch.
func (t *kdTree) allKth(best []float64) []float64 {
	m := len(t.pts) / t.d
	t.kth2 = vec.Grow(t.kth2, m)
	t.off = vec.Grow(t.off, t.d)
	for i := range m {
		for j := range best {
			best[j] = math.Inf(1)
		}
		clear(t.off)
		t.search(t.pts[i*t.d:(i+1)*t.d], i, 0, m, best, t.off, 0)
		t.kth2[i] = best[len(best)-1]
	}
	return t.kth2
}

// reserve grows the buffers of a tree of m points to their size.
func (t *kdTree) reserve(m int) {
	if cap(t.axis) < m {
		t.axis = make([]uint8, m)
	}
	t.axis = t.axis[:m]
	t.kth2 = vec.Grow(t.kth2, m)
	t.off = vec.Grow(t.off, t.d)
}

// build arranges the m points in t.pts into the tree: O(m log m) expected.
func (t *kdTree) build(m int) {
	t.reserve(m)
	t.buildRange(0, m)
}

func (t *kdTree) buildRange(lo, hi int) {
	for hi-lo > kdLeaf {
		ax := t.widest(lo, hi)
		mid := int(uint(lo+hi) >> 1)
		t.selectNth(lo, hi, mid, ax)
		t.axis[mid] = uint8(ax)
		t.buildRange(lo, mid)
		lo = mid + 1
	}
}

// widest returns the coordinate with the largest spread over [lo, hi),
// judged from at most 64 evenly spaced points of the range.
func (t *kdTree) widest(lo, hi int) int {
	d, p := t.d, t.pts
	step := max(1, (hi-lo)/64)
	best, ax := -1.0, 0
	for a := range d {
		mn, mx := p[lo*d+a], p[lo*d+a]
		for i := lo + step; i < hi; i += step {
			v := p[i*d+a]
			mn, mx = min(mn, v), max(mx, v)
		}
		if mx-mn > best {
			best, ax = mx-mn, a
		}
	}
	return ax
}

// selectNth permutes the points of [lo, hi) so that the point at nth has
// rank nth in coordinate ax, those before it are at or below it and those
// after at or above it (quickselect with a three-way partition, so that
// duplicates cost nothing extra).
func (t *kdTree) selectNth(lo, hi, nth, ax int) {
	d, p := t.d, t.pts
	for hi-lo > 1 {
		a, b, c := p[lo*d+ax], p[((lo+hi)/2)*d+ax], p[(hi-1)*d+ax]
		pivot := max(min(a, b), min(max(a, b), c)) // median of three
		lt, i, gt := lo, lo, hi
		for i < gt {
			switch v := p[i*d+ax]; {
			case v < pivot:
				t.swap(lt, i)
				lt++
				i++
			case v > pivot:
				gt--
				t.swap(i, gt)
			default:
				i++
			}
		}
		switch {
		case nth < lt:
			hi = lt
		case nth >= gt:
			lo = gt
		default:
			return
		}
	}
}

func (t *kdTree) swap(i, j int) {
	if i == j {
		return
	}
	d := t.d
	a, b := t.pts[i*d:(i+1)*d], t.pts[j*d:(j+1)*d]
	for c := range d {
		a[c], b[c] = b[c], a[c]
	}
}

// search offers every point of [lo, hi) other than the one at index self to
// best, the k smallest squared distances to q found so far in increasing
// order, skipping subtrees that cannot hold a closer point. off holds, per
// coordinate, how far q lies outside the subtree's cell along it, and rd is
// Σ off²: a lower bound on the squared distance from q to the cell (Arya &
// Mount 1993, incremental distance computation).
func (t *kdTree) search(q []float64, self, lo, hi int, best, off []float64, rd float64) {
	d, p := t.d, t.pts
	if hi-lo <= kdLeaf {
		for i := lo; i < hi; i++ {
			if i != self {
				offerKth(best, vec.SqDist(q, p[i*d:(i+1)*d]))
			}
		}
		return
	}
	mid := int(uint(lo+hi) >> 1)
	if mid != self {
		offerKth(best, vec.SqDist(q, p[mid*d:(mid+1)*d]))
	}
	ax := int(t.axis[mid])
	diff := q[ax] - p[mid*d+ax]
	// The near side first; then the far side, whose cell lies |diff| away
	// along ax, only while it could hold a point closer than the k-th best.
	nearLo, nearHi, farLo, farHi := lo, mid, mid+1, hi
	if diff >= 0 {
		nearLo, nearHi, farLo, farHi = mid+1, hi, lo, mid
	}
	t.search(q, self, nearLo, nearHi, best, off, rd)
	old := off[ax]
	rd += diff*diff - old*old
	if rd >= best[len(best)-1] {
		return
	}
	off[ax] = diff
	t.search(q, self, farLo, farHi, best, off, rd)
	off[ax] = old
}

// offerKth inserts v into best (sorted increasingly, fixed length) if it is
// smaller than the largest entry, which drops out.
func offerKth(best []float64, v float64) {
	k := len(best) - 1
	if v >= best[k] {
		return
	}
	for k > 0 && best[k-1] > v {
		best[k] = best[k-1]
		k--
	}
	best[k] = v
}

// gridCrowding bounds the work of the grid in the plane: it is used only
// when Σ_cells (points in the cell)² ≤ gridCrowding·n, which a cloud with a
// bounded density meets with a wide margin (about 3n) and one with a dense
// clump, or mostly duplicates, does not; such clouds go to the k-d tree.
const gridCrowding = 32

// grid2 is a uniform grid over the bounding box of n points in the plane,
// about two points per cell, with the points sorted by cell (a counting
// sort), for k-nearest-neighbour queries: the points of a cell search the
// 3×3 block of cells around it, and the few whose answer might lie beyond
// it search rings of cells further out.
type grid2 struct {
	xy        []float64 // the points, sorted by cell: x, y, x, y, …
	block     []float64 // scratch: the points of a 3×3 block of cells
	kth2      []float64 // the result of allKth, in grid order
	start     []int32   // points of cell c: xy[2·start[c] : 2·start[c+1]]
	cell      []int32   // scratch: the cell of each input point
	nx, ny    int
	x0, y0, h float64 // origin and side of the cells
}

// build sorts the points pts (x, y pairs) into the grid and reports whether
// the grid suits them; if not, the caller uses the k-d tree.
func (g *grid2) build(pts []float64) bool {
	n := len(pts) / 2
	x0, y0, x1, y1 := pts[0], pts[1], pts[0], pts[1]
	for i := 2; i < len(pts); i += 2 {
		x0, x1 = purefloat.Min(x0, pts[i]), purefloat.Max(x1, pts[i])
		y0, y1 = purefloat.Min(y0, pts[i+1]), purefloat.Max(y1, pts[i+1])
	}
	w, ht := x1-x0, y1-y0
	// About n/2 cells over the box; a thin box gets at most about 2.5n.
	h := max(math.Sqrt(2*w*ht/float64(n)), max(w, ht)/float64(n))
	if !(h > 0) || math.IsInf(h, 0) || max(w, ht)/h > 1e7 {
		return false // all points equal, or an unusable box
	}
	g.x0, g.y0, g.h = x0, y0, h
	g.nx, g.ny = int(w/h)+1, int(ht/h)+1
	cells := g.nx * g.ny
	if cap(g.start) < cells+1 {
		// Room for the most cells any box of n points gets, so that
		// another box at the same n allocates nothing.
		g.start = make([]int32, cells+1, max(cells+1, 3*n+2))
	}
	g.start = g.start[:cells+1]
	clear(g.start)
	if cap(g.cell) < n {
		g.cell = make([]int32, n)
	}
	g.cell = g.cell[:n]
	for i := range n {
		c := g.cellOf(pts[2*i], pts[2*i+1])
		g.cell[i] = int32(c)
		g.start[c+1]++
	}
	crowd := 0
	for c := 1; c <= cells; c++ {
		occ := int(g.start[c])
		crowd += occ * occ
		g.start[c] += g.start[c-1]
	}
	// Before the crowding test: a crowded cloud that spreads out later at
	// the same n then allocates nothing.
	if cap(g.xy) < len(pts) {
		g.xy = make([]float64, len(pts))
		g.block = make([]float64, 0, len(pts)) // the largest block: every point
	}
	g.kth2 = vec.Grow(g.kth2, n)
	if crowd > gridCrowding*n {
		return false
	}
	g.xy = g.xy[:len(pts)]
	// Place the points by cell, using start[c] as the next free slot of cell
	// c, then shift start back.
	for i := range n {
		c := g.cell[i]
		j := g.start[c]
		g.xy[2*j], g.xy[2*j+1] = pts[2*i], pts[2*i+1]
		g.start[c]++
	}
	copy(g.start[1:], g.start[:cells])
	g.start[0] = 0
	return true
}

// allKth returns the squared distance from every point (in grid order) to
// its k-th nearest other point, k = len(best); best is scratch. The points
// of each cell share one gathered 3×3 block of cells as their candidates;
// a point whose k-th candidate distance exceeds its distance to the block's
// edge is searched again by rings of cells (kth).
func (g *grid2) allKth(best []float64) []float64 {
	n := len(g.xy) / 2
	g.kth2 = vec.Grow(g.kth2, n)
	k := len(best)
	for cy := range g.ny {
		for cx := range g.nx {
			c := cy*g.nx + cx
			lo, hi := int(g.start[c]), int(g.start[c+1])
			if lo == hi {
				continue
			}
			// Gather the block; the cell's own points go first, so the
			// self-skip is by position.
			g.block = append(g.block[:0], g.xy[2*lo:2*hi]...)
			for y := max(cy-1, 0); y <= min(cy+1, g.ny-1); y++ {
				for x := max(cx-1, 0); x <= min(cx+1, g.nx-1); x++ {
					if x == cx && y == cy {
						continue
					}
					b := y*g.nx + x
					g.block = append(g.block, g.xy[2*g.start[b]:2*g.start[b+1]]...)
				}
			}
			// Distances to the block's edges, ∞ where it meets the grid's.
			left, right, down, up := math.Inf(1), math.Inf(1), math.Inf(1), math.Inf(1)
			if cx > 1 {
				left = g.x0 + float64(cx-1)*g.h
			}
			if cx < g.nx-2 {
				right = g.x0 + float64(cx+2)*g.h
			}
			if cy > 1 {
				down = g.y0 + float64(cy-1)*g.h
			}
			if cy < g.ny-2 {
				up = g.y0 + float64(cy+2)*g.h
			}
			blk := g.block
			for i := lo; i < hi; i++ {
				qx, qy := g.xy[2*i], g.xy[2*i+1]
				self := 2 * (i - lo)
				var kth float64
				if k == 3 {
					kth = blockThird(blk, self, qx, qy)
				} else {
					for j := range best {
						best[j] = math.Inf(1)
					}
					for j := 0; j+1 < len(blk); j += 2 {
						if j == self {
							continue
						}
						dx, dy := blk[j]-qx, blk[j+1]-qy
						offerKth(best, dx*dx+dy*dy)
					}
					kth = best[k-1]
				}
				m := purefloat.Max(purefloat.Min(purefloat.Min(qx-left, right-qx), purefloat.Min(qy-down, up-qy)), 0)
				if kth <= m*m {
					g.kth2[i] = kth
				} else {
					g.kth2[i] = g.kth(i, best)
				}
			}
		}
	}
	return g.kth2
}

// blockThird returns the third smallest squared distance from (qx, qy) to
// the points of blk (x, y pairs) other than the one at index self: offerKth
// for k = 3 (EntropyK, the readout's rank), the three best in registers. It
// is most of the entropy readout's time, and a slice's loads, stores and
// bounds checks cost more than the comparisons (measured natively, the
// default preset's readouts at N = 10,000: 3.7 ms with offerKth, 2.8 ms).
func blockThird(blk []float64, self int, qx, qy float64) float64 {
	b0, b1, b2 := math.Inf(1), math.Inf(1), math.Inf(1)
	for j := 0; j+1 < len(blk); j += 2 {
		dx, dy := blk[j]-qx, blk[j+1]-qy
		v := dx*dx + dy*dy
		if v >= b2 || j == self {
			continue
		}
		switch {
		case v < b0:
			b0, b1, b2 = v, b0, b1
		case v < b1:
			b1, b2 = v, b1
		default:
			b2 = v
		}
	}
	return b2
}

// cellOf returns the index of the cell holding the point (x, y).
func (g *grid2) cellOf(x, y float64) int {
	cx := min(int((x-g.x0)/g.h), g.nx-1)
	cy := min(int((y-g.y0)/g.h), g.ny-1)
	return cy*g.nx + cx
}

// kth returns the squared distance from the i-th point of g.xy (in grid
// order) to its k-th nearest other point, k = len(best); best is scratch.
// It visits rings of cells around the point's cell until every point not yet
// seen lies farther than the k-th best distance found.
func (g *grid2) kth(i int, best []float64) float64 {
	for j := range best {
		best[j] = math.Inf(1)
	}
	k := len(best)
	qx, qy := g.xy[2*i], g.xy[2*i+1]
	c := g.cellOf(qx, qy)
	cx, cy := c%g.nx, c/g.nx
	for r := 0; ; r++ {
		x0, x1 := max(cx-r, 0), min(cx+r, g.nx-1)
		y0, y1 := max(cy-r, 0), min(cy+r, g.ny-1)
		for y := y0; y <= y1; y++ {
			if y == cy-r || y == cy+r { // a whole row of the ring
				for x := x0; x <= x1; x++ {
					g.visit(x, y, i, qx, qy, best)
				}
				continue
			}
			if cx-r >= 0 { // its left and right cells (r ≥ 1 here)
				g.visit(cx-r, y, i, qx, qy, best)
			}
			if cx+r < g.nx {
				g.visit(cx+r, y, i, qx, qy, best)
			}
		}
		// The cells not yet visited lie outside the square of side
		// 2r+1 cells around the point's cell: at least m away.
		m := math.Inf(1)
		if cx-r > 0 {
			m = purefloat.Min(m, qx-(g.x0+float64(cx-r)*g.h))
		}
		if cx+r < g.nx-1 {
			m = purefloat.Min(m, g.x0+float64(cx+r+1)*g.h-qx)
		}
		if cy-r > 0 {
			m = purefloat.Min(m, qy-(g.y0+float64(cy-r)*g.h))
		}
		if cy+r < g.ny-1 {
			m = purefloat.Min(m, g.y0+float64(cy+r+1)*g.h-qy)
		}
		if m = purefloat.Max(m, 0); math.IsInf(m, 1) || best[k-1] <= m*m {
			return best[k-1]
		}
	}
}

// visit offers the points of cell (x, y) other than point self to best,
// unless the whole cell lies farther from q than the k-th best distance.
func (g *grid2) visit(x, y, self int, qx, qy float64, best []float64) {
	cx0, cy0 := g.x0+float64(x)*g.h, g.y0+float64(y)*g.h
	dx := purefloat.Max(purefloat.Max(cx0-qx, qx-(cx0+g.h)), 0)
	dy := purefloat.Max(purefloat.Max(cy0-qy, qy-(cy0+g.h)), 0)
	if dx*dx+dy*dy >= best[len(best)-1] {
		return
	}
	c := y*g.nx + x
	for j := int(g.start[c]); j < int(g.start[c+1]); j++ {
		if j == self {
			continue
		}
		dx, dy := g.xy[2*j]-qx, g.xy[2*j+1]-qy
		offerKth(best, dx*dx+dy*dy)
	}
}
