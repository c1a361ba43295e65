// Package mmd holds the squared maximum mean discrepancy to a target sample
// as an objective, with exact kernel sums or random Fourier features.
package mmd

import (
	"math"

	"github.com/mmfld/playground/engine/internal/purefloat"
	"github.com/mmfld/playground/engine/internal/rng"
	"github.com/mmfld/playground/engine/internal/simd"
	"github.com/mmfld/playground/engine/internal/vec"
	"github.com/mmfld/playground/engine/mirror"
)

// TargetPoints is the number M of points of the mmd objective's target
// sample ν_M.
const TargetPoints = 512

// TargetProposals bounds the proposals the target sample's rejection
// sampler makes (each gives two candidates, a draw and its reflection
// through c); the points still missing then are placed by the fallback rule
// (see MMDTarget), so building the target never loops long.
const TargetProposals = 32 * TargetPoints

// TargetSeed seeds the mmd objective's target sample: fixed, so that the
// problem does not change with the run's seed.
const TargetSeed = 20040601

// Streams the mmd objective draws from: the target sample from
// TargetSeed, and the random features from the run's seed.
const (
	targetStream  = 0x6d6d64 // "mmd"
	featureStream = 0x6d6d6466
)

// Objective is the squared maximum mean discrepancy to a target sample,
//
//	F(μ) = ½ MMD²_k(μ, ν) = ½ [∬k dμ dμ − 2∬k dμ dν + ∬k dν dν],
//	k(x, y) = exp(−‖x − y‖²/(2h²)),
//
// over the d chart coordinates (on the simplex x₁ … x_d), whose first
// variation is δF/δμ(x) = ∫k(x, y) dμ(y) − ∫k(x, z) dν(z) (Gretton et al.
// 2012; docs/math.md) and whose drift at a particle is
//
//	g(x) = (1/N) Σⱼ ∇ₓk(x, xⱼ) − (1/M) Σₘ ∇ₓk(x, zₘ),  ∇ₓk(x, y) = −(x − y)/h²·k(x, y).
//
// ν = ν_M is TargetPoints fixed points drawn from the doublewell mixture
// truncated to the domain (MMDTarget). F is convex in μ (a squared RKHS
// norm of the mean embedding μ − ν), so F + λ·Ent has at most one
// minimiser: exactly one on the bounded domains, none on the plane and the
// orthant, where k is bounded, δF/δμ → 0 far away and exp(−δF/δμ/λ) is not
// integrable (particles that stray a few h from the cloud diffuse away).
// Value is the V-statistic
//
//	½[(1/N²) Σᵢⱼ k(xᵢ, xⱼ) − (2/(NM)) Σᵢₘ k(xᵢ, zₘ) + (1/M²) Σₘₗ k(zₘ, zₗ)],
//
// the last term computed once; the factor (1/N)·g(xᵢ) is exactly the rate at
// which it changes when particle i moves.
//
// Exact sums: Observe computes the drift of every particle and F together,
// in one pass over the N(N − 1)/2 pairs (each kernel value serves both
// particles) and the N·M particle–target pairs, and keeps them until it
// sees other particles; Grad hands out the stored drift of particle i when
// its point is the observed particle's, bit for bit (any other point gets a
// direct O((N + M)d) sum). Value, and Observe and Value of an unchanged
// state (the metrics read while paused), cost O(Nd).
// A step thus costs (N²/2 + NM) kernel evaluations, spread over the
// System's workers (compute; BenchmarkMMDExactBoxN4096 and `make bench` time
// N = 4096), so exact sums suit N up to a few thousand at interactive speed;
// WebAssembly has one worker and is slower still.
//
// With R = Config.Features > 0 the kernel is replaced by R random Fourier
// features (Rahimi & Recht 2007): ω₁ … ω_R iid N(0, I/h²) drawn from
// Config.Seed, z(x) = √(1/R)·(cos ωᵣᵀx, sin ωᵣᵀx)_{r≤R}, and
//
//	k̃(x, y) = z(x)ᵀz(y) = (1/R) Σᵣ cos ωᵣᵀ(x − y).
//
// Since E cos ωᵀu = e^{−‖u‖²/(2h²)} = k (the Gaussian's characteristic
// function) and E cos 2ωᵀu = k⁴, k̃ is unbiased with
//
//	Var k̃(x, y) = (1 − k²)²/(2R) ≤ 1/(2R)   (sd ≤ 0.044 at R = 256).
//
// F̃(μ) = ½‖E_μ z − E_ν z‖² is then F for the kernel k̃, computed with the
// same features by Grad and Value (so Value is consistent with the drift):
// it is the mean over r of Tᵣ = ½|φ_μ(ωᵣ) − φ_ν(ωᵣ)|² ∈ [0, 2], φ the
// characteristic functions of μ_N and ν_M, so E F̃ = F and
// Var F̃ ≤ E Tᵣ²/R ≤ 2F/R; each drift coordinate has variance ≤ 4/(Rh²).
// One step costs NR sin–cos pairs (in Observe; Grad reuses them when 2NR ≤
// TrigCache, and computes them again otherwise) and 2NRd multiply–adds:
// measured, 0.03 s at N = 4000, R = 256 (BenchmarkStepMMDFeatures256N4000).
// Value costs O(R) after Observe.
type Objective struct {
	d, stride int
	inv2h2    float64 // 1/(2h²)
	target    []float64
	// targetSelf is (1/M²) Σₘₗ k(zₘ, zₗ) (exact mode).
	targetSelf float64
	// pts holds the chart coordinates of the particles last observed: a
	// step moves them one by one, and every particle must feel the same μ_N.
	pts []float64
	// observed says pts holds an observed state; fresh that grads and value
	// (exact sums) or trig (features) belong to it.
	observed, fresh bool
	grads           []float64 // N·d drifts g(xᵢ)
	rowSelf         []float64 // N: Σ_{j≠i} k(xᵢ, xⱼ)
	rowCross        []float64 // N: Σₘ k(xᵢ, zₘ)
	value           float64
	// run runs blocks on the System's workers (nil: here, one after the
	// other); computeRun, pairRun and reduceRun are computeBlock, pairRow
	// and pairReduce, made once.
	run                            func(blocks int, fn func(w, b int))
	computeRun, pairRun, reduceRun func(w, b int)
	// part holds, in the pair form of the exact sums, for every pair of
	// blocks a < b, what block a's particles add to block b's: their pulls
	// (pairBlock·d numbers) and kernel sums (pairBlock); nil for the row
	// form (see pairFloats).
	part []float64

	// Random features (r > 0): omega holds ω₁ … ω_R (R·d numbers);
	// tc, ts the target's mean cos ωᵣᵀz and sin ωᵣᵀz; dc, ds the particles'
	// means minus the target's, set by Observe.
	r              int
	omega          []float64
	tc, ts, dc, ds []float64
	// trig holds cos ωᵣᵀxᵢ, sin ωᵣᵀxᵢ of the observed particles (2NR
	// numbers) if that is at most TrigCache numbers, nil otherwise.
	trig []float64
}

// TrigCache is the largest number of float64s (16 MiB) the mmd objective
// keeps to remember, with random features, the sines and cosines Observe
// computed, so that Grad need not compute them again: 2NR numbers, up to
// N·R = 2²⁰ (N = 4096 at R = 256). They are allocated with the objective,
// that is again at every config change.
const TrigCache = 1 << 21

// Mixture is the doublewell mixture the mmd objective's target is drawn
// from: the even mixture of N(c ∓ a e₁, σ²I), a = σ√(2·depth), on a domain
// whose centre (where points that miss the domain are pulled towards) is
// DomainCentre.
type Mixture struct {
	Center, DomainCentre []float64
	Sigma, Depth         float64
}

// Params describes an mmd objective: the number N of particles, the seed of
// the run (for the random features), the kernel's bandwidth h, the number R
// of random features (0: exact sums) and the target mixture (MMDTarget).
type Params struct {
	N         int
	Seed      uint64
	Bandwidth float64
	Features  int
	Target    Mixture
}

// New returns the mmd objective p describes on the domain of the mirror
// map dom: it draws the target sample and, if p.Features > 0, the features.
func New(p Params, dom mirror.Map) *Objective {
	d := dom.Dim()
	o := &Objective{
		d: d, stride: dom.PrimalLen(),
		inv2h2: 1 / (2 * p.Bandwidth * p.Bandwidth),
		target: Target(p.Target, dom),
		pts:    make([]float64, p.N*d),
		r:      p.Features,
	}
	m := TargetPoints
	if o.r == 0 {
		o.grads = make([]float64, p.N*d)
		if blocks := (p.N + pairBlock - 1) / pairBlock; blocks*(blocks-1)/2*pairBlock*(d+1) <= pairFloats {
			o.part = make([]float64, blocks*(blocks-1)/2*pairBlock*(d+1))
		}
		o.targetSelf = (float64(m) + 2*kernelPairSum(o.target, d, o.inv2h2)) / float64(m*m)
		return o
	}
	o.omega = features(p.Seed, o.r, d, p.Bandwidth)
	o.tc, o.ts = make([]float64, o.r), make([]float64, o.r)
	o.dc, o.ds = make([]float64, o.r), make([]float64, o.r)
	o.featureMeans(o.tc, o.ts, o.target, d, nil)
	if 2*p.N*o.r <= TrigCache {
		o.trig = make([]float64, 2*p.N*o.r)
	}
	return o
}

// features returns R frequencies ω ~ N(0, I/h²), R·d numbers, drawn from
// the seed; the first R′ < R of them are those drawn for R′.
func features(seed uint64, r, d int, h float64) []float64 {
	var src rng.Stream // the same bits natively and in WebAssembly (see rng.Stream)
	src.Reseed(seed, featureStream, 0)
	omega := make([]float64, r*d)
	src.Normals(omega)
	for i := range omega {
		omega[i] /= h
	}
	return omega
}

// featureMeans writes the means over the points of x (w numbers each, the
// first d of them coordinates) of cos ωᵣᵀx and sin ωᵣᵀx into mc and ms, and,
// if trig is not nil, each point's cos ωᵣᵀx, sin ωᵣᵀx (2R numbers a point).
func (o *Objective) featureMeans(mc, ms, x []float64, w int, trig []float64) {
	clear(mc)
	clear(ms)
	d := o.d
	for i := 0; i < len(x); i += w {
		p := x[i : i+d]
		var t []float64
		if trig != nil {
			t = trig[i/w*2*o.r : (i/w+1)*2*o.r]
		}
		for r := range o.r {
			s, c := math.Sincos(vec.Dot(o.omega[r*d:(r+1)*d], p))
			mc[r] += c
			ms[r] += s
			if t != nil {
				t[2*r], t[2*r+1] = c, s
			}
		}
	}
	n := float64(len(x) / w)
	for r := range o.r {
		mc[r] /= n
		ms[r] /= n
	}
}

// Observe records the chart coordinates of the particles; if they are the
// ones already recorded, bit for bit, what was computed from them is kept.
func (o *Objective) Observe(x []float64) {
	d, w := o.d, o.stride
	n := len(x) / w
	if o.observed && len(o.pts) == n*d {
		same := true
		for i := 0; i < n && same; i++ {
			for j := range d {
				if x[i*w+j] != o.pts[i*d+j] {
					same = false
					break
				}
			}
		}
		if same {
			return
		}
	}
	if cap(o.pts) < n*d {
		o.pts = make([]float64, n*d)
	}
	o.pts = o.pts[:n*d]
	for i := range n {
		copy(o.pts[i*d:(i+1)*d], x[i*w:i*w+d])
	}
	o.observed, o.fresh = true, false
	if o.r == 0 {
		o.compute()
	}
	if o.r > 0 {
		var trig []float64
		if len(o.trig) == 2*n*o.r {
			trig = o.trig
		}
		o.featureMeans(o.dc, o.ds, o.pts, d, trig)
		o.fresh = trig != nil // the drifts' sines and cosines are stored
		for r := range o.r {
			o.dc[r] -= o.tc[r]
			o.ds[r] -= o.ts[r]
		}
	}
}

func (o *Objective) Grad(dst, x []float64, first int) {
	d, w := o.d, o.stride
	for i, k := 0, 0; i+w <= len(x); i, k = i+w, k+1 {
		o.grad1(dst[k*d:(k+1)*d], x[i:i+w], first+k)
	}
}

// grad1 writes the drift at the point x, particle i of the observed ones if
// its coordinates are those observed.
func (o *Objective) grad1(g, x []float64, i int) {
	d := o.d
	if o.r > 0 {
		// g = (1/R) Σᵣ ωᵣ (−sin ωᵣᵀx · dcᵣ + cos ωᵣᵀx · dsᵣ).
		clear(g)
		var t []float64
		if o.fresh && o.isObserved(i, x) {
			t = o.trig[i*2*o.r : (i+1)*2*o.r]
		}
		for r := range o.r {
			om := o.omega[r*d : (r+1)*d]
			var s, c float64
			if t != nil {
				c, s = t[2*r], t[2*r+1]
			} else {
				s, c = math.Sincos(vec.Dot(om, x))
			}
			a := (c*o.ds[r] - s*o.dc[r]) / float64(o.r)
			for j, e := range om {
				g[j] += a * e
			}
		}
		return
	}
	if o.fresh && o.isObserved(i, x) {
		copy(g, o.grads[i*d:(i+1)*d])
		return
	}
	clear(g)
	n, m := len(o.pts)/d, len(o.target)/d
	kernelPull(g, x, o.pts, d, o.inv2h2, 1/float64(n))
	kernelPull(g, x, o.target, d, o.inv2h2, -1/float64(m))
	h2 := 1 / (2 * o.inv2h2)
	for j := range g {
		g[j] /= -h2 // ∇ₓk(x, y) = −(x − y)/h²·k
	}
}

// isObserved reports whether the chart coordinates of x are those of the
// observed particle i, bit for bit.
func (o *Objective) isObserved(i int, x []float64) bool {
	d := o.d
	if i < 0 || i >= len(o.pts)/d {
		return false
	}
	for j, e := range o.pts[i*d : (i+1)*d] {
		if x[j] != e {
			return false
		}
	}
	return true
}

// stackDim is the largest dimension whose per-point scratch lives on the
// stack (the engine's dimensions are at most 10); larger ones allocate.
const stackDim = 16

// pairBlock is the number of particles in a block of the exact sums' pair
// form: 256 points of the plane's chart are 4 KB, so a pair of blocks stays
// in the first-level cache while its kernel tile is computed.
const pairBlock = 256

// pairFloats bounds the partial sums the pair form of the exact sums
// keeps (16 MiB): C(C − 1)/2·pairBlock·(d + 1) numbers for C blocks of
// particles, N up to about 16,000 in the plane. Beyond it the exact sums
// take the row form, twice the kernel values and no partial sums.
const pairFloats = 1 << 21

// compute fills o.grads and o.value for the observed particles, if they
// are not fresh, block by block on the System's workers (setRunner), then
// the value from the rows of kernel sums in order.
//
// The pair form evaluates each of the N(N − 1)/2 kernel values once: block
// a's task takes the pairs within block a and between block a and every
// later block, adds what they pull on its own particles, and keeps what they
// pull on block b's in the partial sums of (a, b); then block b's task adds
// those partial sums, from a = 0 up. Each task writes only its own numbers
// and every sum is taken in the same order, so the drifts are the same bits
// whatever the number of workers. The row form (when the partial sums would
// not fit) has every particle sum over every other instead.
func (o *Objective) compute() {
	if o.fresh {
		return
	}
	d := o.d
	n := len(o.pts) / d
	o.grads = vec.Grow(o.grads, n*d)
	o.rowSelf, o.rowCross = vec.Grow(o.rowSelf, n), vec.Grow(o.rowCross, n)
	blocks := (n + pairBlock - 1) / pairBlock
	run := o.run
	if run == nil {
		run = func(blocks int, fn func(w, b int)) {
			for b := range blocks {
				fn(0, b)
			}
		}
	}
	pairRun, reduceRun, computeRun := o.pairRun, o.reduceRun, o.computeRun
	if o.run == nil { // not on a System: method values made here
		pairRun, reduceRun, computeRun = o.pairRow, o.pairReduce, o.computeBlock
	}
	if o.part != nil && len(o.part) >= blocks*(blocks-1)/2*pairBlock*(d+1) {
		run(blocks, pairRun)
		run(blocks, reduceRun)
	} else {
		run(blocks, computeRun)
	}
	self, cross := 0.0, 0.0
	for i := range n {
		self += o.rowSelf[i]
		cross += o.rowCross[i]
	}
	m := len(o.target) / d
	v := 0.5 * ((float64(n)+self)/float64(n*n) - 2*cross/float64(n*m) + o.targetSelf)
	o.value = max(v, 0) // a squared norm; rounding may leave −1e-17
	o.fresh = true
}

// computeBlock fills the drifts and the rows of kernel sums of the
// particles of block b (the row form): rowSelf Σ_{j≠i} k(xᵢ, xⱼ), rowCross
// Σₘ k(xᵢ, zₘ).
func (o *Objective) computeBlock(_, b int) {
	d := o.d
	n, m := len(o.pts)/d, len(o.target)/d
	h2 := 1 / (2 * o.inv2h2)
	for i := b * pairBlock; i < min((b+1)*pairBlock, n); i++ {
		gi, xi := o.grads[i*d:(i+1)*d], o.pts[i*d:(i+1)*d]
		clear(gi)
		// The sum over the particles includes xᵢ itself: k = 1, no pull.
		o.rowSelf[i] = kernelPull(gi, xi, o.pts, d, o.inv2h2, 1/float64(n)) - 1
		o.rowCross[i] = kernelPull(gi, xi, o.target, d, o.inv2h2, -1/float64(m))
		for j := range gi {
			gi[j] /= -h2 // ∇ₓk(x, y) = −(x − y)/h²·k
		}
	}
}

// pairPart returns the partial sums of the block pair a < b of c blocks:
// the pulls on block b's particles and their kernel sums.
func (o *Objective) pairPart(a, b, c int) (pull, sum []float64) {
	t := a*c - a*(a+1)/2 + b - a - 1 // the pairs (a, b), a < b, row by row
	p := o.part[t*pairBlock*(o.d+1) : (t+1)*pairBlock*(o.d+1)]
	return p[:pairBlock*o.d], p[pairBlock*o.d:]
}

// pairRow is block a's task of the pair form: the pairs within block a and
// with every later block (their pulls on a's particles into o.grads, on the
// later blocks' into the partial sums), and the pulls of the target sample,
// weighted n/m so that the drift is (Σⱼ k(xᵢ − xⱼ) − (n/m) Σₘ k(xᵢ − zₘ))
// / (−n h²) once pairReduce has added the earlier blocks' pulls.
func (o *Objective) pairRow(_, a int) {
	d := o.d
	n, m := len(o.pts)/d, len(o.target)/d
	c := (n + pairBlock - 1) / pairBlock
	lo, hi := a*pairBlock, min((a+1)*pairBlock, n)
	g, self, xa := o.grads[lo*d:hi*d], o.rowSelf[lo:hi], o.pts[lo*d:hi*d]
	clear(g)
	clear(self)
	kernelTile(g, self, g, self, xa, xa, d, o.inv2h2, true)
	for b := a + 1; b < c; b++ {
		blo, bhi := b*pairBlock, min((b+1)*pairBlock, n)
		pull, sum := o.pairPart(a, b, c)
		pull, sum = pull[:(bhi-blo)*d], sum[:bhi-blo]
		clear(pull)
		clear(sum)
		kernelTile(g, self, pull, sum, xa, o.pts[blo*d:bhi*d], d, o.inv2h2, false)
	}
	w := -float64(n) / float64(m)
	for i := lo; i < hi; i++ {
		o.rowCross[i] = kernelPull(o.grads[i*d:(i+1)*d], o.pts[i*d:(i+1)*d], o.target, d, o.inv2h2, w)
	}
}

// pairReduce is block b's second task of the pair form: it adds the pulls
// and kernel sums of the earlier blocks, a = 0 up, and turns the sums into
// drifts.
func (o *Objective) pairReduce(_, b int) {
	d := o.d
	n := len(o.pts) / d
	c := (n + pairBlock - 1) / pairBlock
	lo, hi := b*pairBlock, min((b+1)*pairBlock, n)
	g, self := o.grads[lo*d:hi*d], o.rowSelf[lo:hi]
	for a := range b {
		pull, sum := o.pairPart(a, b, c)
		for k := range g {
			g[k] += pull[k]
		}
		for k := range self {
			self[k] += sum[k]
		}
	}
	scale := -2 * o.inv2h2 / float64(n) // 1/(−n h²)
	for k := range g {
		g[k] *= scale
	}
}

// SetRunner gives the objective the System's way to run blocks on its
// workers (integrate.Team.Run), for the exact sums.
func (o *Objective) SetRunner(run func(blocks int, fn func(w, b int))) {
	o.run = run
	o.computeRun, o.pairRun, o.reduceRun = o.computeBlock, o.pairRow, o.pairReduce
}

func (o *Objective) Value(x []float64, floor float64) float64 {
	if o.r > 0 {
		s := 0.0
		for r := range o.r {
			s += o.dc[r]*o.dc[r] + o.ds[r]*o.ds[r]
		}
		return s / (2 * float64(o.r))
	}
	o.compute()
	return o.value
}

func (o *Objective) Barrier() bool { return false }

// kernelPull adds w Σₚ k(x, p)(x − p) over the points p of pts (d numbers
// each) to g and returns Σₚ k(x, p).
func kernelPull(g, x, pts []float64, d int, inv2h2, w float64) float64 {
	var buf [stackDim]float64
	var sum [1]float64
	pull := vec.Grow(buf[:], d)
	kernelTile(pull, sum[:], nil, nil, x[:d], pts, d, inv2h2, false)
	for j, v := range pull {
		g[j] += w * v
	}
	return sum[0]
}

// kernelTile evaluates k(xᵢ, xⱼ) for the points xᵢ of a and xⱼ of b (d
// numbers each; with diag, b is a and only the pairs j > i), and adds
// k·(xᵢ − xⱼ) to gaᵢ and k to saᵢ, and, if gb is not nil, −k·(xᵢ − xⱼ) to
// gbⱼ and k to sbⱼ (with diag, gb and sb are ga and sa). It is the inner loop
// of the exact sums, N(N − 1)/2 + NM kernel values a step: the plane's d = 2
// runs in simd.KernelTile2 (four pairs at a time in AVX2 on amd64, its sums
// in four lanes), other dimensions in the loop below.
func kernelTile(ga, sa, gb, sb, a, b []float64, d int, inv2h2 float64, diag bool) {
	if d == 2 {
		simd.KernelTile2(ga, sa, gb, sb, a, b, inv2h2, diag)
		return
	}
	na, nb := len(a)/d, len(b)/d
	for i := range na {
		j0 := 0
		if diag {
			j0 = i + 1
		}
		xi, gi := a[i*d:(i+1)*d], ga[i*d:(i+1)*d]
		for j := j0; j < nb; j++ {
			xj := b[j*d : (j+1)*d]
			k := purefloat.Exp(-vec.SqDist(xi, xj) * inv2h2)
			if k == 0 {
				continue
			}
			sa[i] += k
			for c, e := range xi {
				u := k * (e - xj[c])
				gi[c] += u
				if gb != nil {
					gb[j*d+c] -= u
				}
			}
			if gb != nil {
				sb[j] += k
			}
		}
	}
}

// kernelPairSum returns Σ_{i<j} k(pᵢ, pⱼ) over the points of pts.
func kernelPairSum(pts []float64, d int, inv2h2 float64) float64 {
	s := 0.0
	for i := 0; i < len(pts); i += d {
		for j := i + d; j < len(pts); j += d {
			s += purefloat.ExpNeg(vec.SqDist(pts[i:i+d], pts[j:j+d]) * inv2h2)
		}
	}
	return s
}

// Target returns the mmd objective's target sample ν_M: TargetPoints
// points (d chart coordinates each) of the doublewell mixture, the even
// mixture of N(c − a e₁, σ²I) and N(c + a e₁, σ²I), a = σ√(2·depth),
// truncated to the open domain. The draws come from the fixed seed
// TargetSeed (stream targetStream), so the target depends on the problem
// (domain, c, σ, depth, dim) and not on the run's seed.
//
// Rejection, antithetic: each proposal u (a fair choice of mode, then
// u = c ± a e₁ + σξ) gives two candidates, u and its reflection 2c − u
// through c, which has the same law; each is kept if it lies inside the
// domain. On a domain symmetric about c (the plane, a box or ball centred
// at c) both or neither are kept, so the sample is exactly symmetric about c.
// Every kept point is an exact draw of the truncated mixture.
//
// Fallback: if TargetProposals proposals have not given M points (c far
// outside a small domain), each missing point is a candidate of a further
// proposal projected onto the closed domain and moved a relative FaceFloor
// towards the domain's centre (DefaultCenter), as integrate.State.DualOfChart does,
// and the centre itself in the unlikely case that this is still not inside.
// The sample is then a projection of the mixture onto the boundary nearest
// c, not the truncated mixture (which the domain barely meets), but every
// point is strictly inside.
func Target(t Mixture, dom mirror.Domain) []float64 {
	d, m := dom.Dim(), TargetPoints
	var r rng.Stream // the same bits natively and in WebAssembly (see rng.Stream)
	r.Reseed(TargetSeed, targetStream, 0)
	a := t.Sigma * math.Sqrt(2*t.Depth)
	pts := make([]float64, 0, m*d)
	u, refl := make([]float64, d), make([]float64, d)
	xt := make([]float64, dom.PrimalLen())
	propose := func() {
		for j := range u {
			u[j] = t.Center[j] + t.Sigma*r.Normal()
		}
		if r.Next()>>63 == 0 {
			u[0] -= a
		} else {
			u[0] += a
		}
		for j := range u {
			refl[j] = 2*t.Center[j] - u[j]
		}
	}
	inside := func(v []float64) bool { return vec.AllFinite(v) && dom.Inside(dom.Lift(xt, v)) }
	for k := 0; k < TargetProposals && len(pts) < m*d; k++ {
		propose()
		if inside(u) {
			pts = append(pts, u...)
		}
		if len(pts) < m*d && inside(refl) {
			pts = append(pts, refl...)
		}
	}
	if len(pts) == m*d {
		return pts
	}
	centre := t.DomainCentre
	moved := make([]float64, d)
	pull := func(v []float64) []float64 {
		x := dom.Project(xt, v)
		for j := range moved {
			moved[j] = centre[j] + (1-mirror.FaceFloor)*(x[j]-centre[j])
		}
		if !inside(moved) {
			copy(moved, centre)
		}
		return moved
	}
	for len(pts) < m*d {
		propose()
		pts = append(pts, pull(u)...)
		if len(pts) < m*d {
			pts = append(pts, pull(refl)...)
		}
	}
	return pts
}

// TargetPoints writes the target sample ν_M into dst and returns it:
// TargetPoints points of d chart coordinates each (dst follows
// vec.Grow's rule).
func (o *Objective) TargetPoints(dst []float64) []float64 {
	dst = vec.Grow(dst, len(o.target))
	copy(dst, o.target)
	return dst
}
