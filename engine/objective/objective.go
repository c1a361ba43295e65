// Package objective holds the functionals F(μ) the particles minimise
// F + λ·Ent over: meanmatch (the paper's experiment 1, and experiment 2's form
// on the spectraplex), the Dirichlet target, the gaussian well, the double
// well and the quadratic interaction; mmd to a target sample and the xor
// network (experiment 3) are the packages mmd and xor below. Each observes
// the measure once per step and then gives the chart gradients of a block of
// particles in one call; optional capabilities (Classifier, Runner,
// Targeted) are small interfaces a caller asks for. The formulas are tabled
// in docs/math.md.
package objective

import (
	"math"

	"github.com/mmfld/playground/engine/internal/purefloat"
	"github.com/mmfld/playground/engine/internal/simd"
	"github.com/mmfld/playground/engine/internal/vec"
)

// Objective is a functional F(μ) on probability measures over a domain,
// seen through the particles of μ_N = (1/N) Σ δ_{Xⁱ}.
//
// A step first calls Observe once with the whole particle system, then Grad
// for blocks of particles, possibly from several goroutines at once; every
// particle thus feels the drift of the same μ_k, as the mean-field
// algorithms require (Gu & Kim, Algorithm 1).
type Objective interface {
	// Observe computes the statistics of μ_N that the first variation
	// depends on (for meanmatch, the mean m(μ_N)). x holds the N primal
	// points one after the other (see Domain for their layout).
	Observe(x []float64)
	// Grad writes the chart gradient g = ∇ₓ δF/δμ(μ_N) (d numbers a
	// particle, the derivative along the chart coordinates: on the simplex
	// along eⱼ − e_{d+1}) at the particles first, first+1, … whose primal
	// points x holds into dst. After Observe it only reads what Observe
	// computed, so calls for disjoint blocks may run concurrently.
	Grad(dst, x []float64, first int)
	// Value returns F(μ_N) for the particles x last observed, evaluating
	// log xᵢ at max(xᵢ, floor).
	Value(x []float64, floor float64) float64
	// Barrier reports whether Grad is infinite on the boundary of the
	// domain (it divides by a barycentric coordinate or an eigenvalue).
	Barrier() bool
}

// A Classifier is an objective that trains a model (xor): Accuracy returns
// the fraction of its fixed test points that the model of the particles x
// classifies correctly (Metrics.Accuracy), computed at most once per version
// of the particles.
type Classifier interface {
	Accuracy(x []float64, version uint64) float64
}

// A Runner is an objective whose Observe computes block by block (mmd's
// exact sums): SetRunner gives it the System's team to run the blocks on.
type Runner interface {
	SetRunner(run func(blocks int, fn func(w, b int)))
}

// A Targeted objective has a target sample (mmd): TargetPoints writes its
// points, d chart coordinates each, into dst and returns them (dst follows
// vec.Grow's rule).
type Targeted interface {
	TargetPoints(dst []float64) []float64
}

// A LogBarrier objective on the simplex is a smooth part plus a log barrier,
//
//	F(μ) = F_s(μ) + ∫ Σ_{i≤d+1} wᵢ log(1/xᵢ) dμ,  wᵢ ≥ 0,
//
// split so that the proximal algorithm (integrate.Proximal) can move the
// particles by F_s's gradient and take the barrier in its backward step
// (the barrier's proximal map, mirror.BarrierProxer) instead of evaluating
// 1/xᵢ at a face. BarrierWeights writes the d+1 weights wᵢ into dst and
// returns it (dst follows vec.Grow's rule); SmoothGrad is Grad for F_s
// alone: it writes the chart gradients of δF_s/δμ at the particles of x
// (after Observe; blocks may run concurrently). The two add up to
// Objective.Grad. A caller finds it by type assertion.
type LogBarrier interface {
	BarrierWeights(dst []float64) []float64
	SmoothGrad(dst, x []float64, first int)
}

var (
	_ LogBarrier = (*meanMatch)(nil)
	_ LogBarrier = (*dirichlet)(nil)
)

// stackDim is the largest dimension whose per-point scratch lives on the
// stack (the engine's dimensions are at most 10); larger ones allocate.
const stackDim = 16

// Well is a gaussian well V(x) = λ‖x − c‖²/(2σ²) in the chart coordinates,
// on a domain whose primal points are Stride numbers each; its dimension is
// len(Center).
type Well struct {
	Center        []float64
	Sigma, Lambda float64
	Stride        int
}

// NewMeanMatch returns meanmatch on the simplex Δ^d (see meanMatch): the
// target mean q (d+1 numbers) and the barrier weight β.
func NewMeanMatch(d int, beta float64, q []float64) Objective {
	return &meanMatch{d: d, beta: beta, q: q, m: make([]float64, d+1)}
}

// NewDirichlet returns the potential whose Gibbs measure at temperature λ
// is Dirichlet(α) on Δ^d (see dirichlet).
func NewDirichlet(d int, lambda float64, alpha []float64) Objective {
	return &dirichlet{d: d, lambda: lambda, alpha: alpha}
}

// NewGaussian returns the gaussian well w (see gaussian).
func NewGaussian(w Well) Objective { return newGaussian(w) }

// NewDoubleWell returns the double well of the given depth about w's
// centre (see doubleWell).
func NewDoubleWell(w Well, depth float64) Objective {
	return &doubleWell{gaussian: *newGaussian(w), depth: depth}
}

// NewInteraction returns the well w plus the pairwise attraction of
// strength κ (see interaction).
func NewInteraction(w Well, kappa float64) Objective {
	return &interaction{gaussian: *newGaussian(w), kappa: kappa, m: make([]float64, len(w.Center))}
}

// EachPoint writes the chart gradients of the points of x (stride numbers
// each) into dst, d numbers each, with grad1, the gradient at one point: the
// block form of Objective.Grad for objectives whose gradient at a point
// costs far more than the call.
func EachPoint(dst, x []float64, d, stride int, grad1 func(g, x []float64)) {
	for i, k := 0, 0; i+stride <= len(x); i, k = i+stride, k+d {
		grad1(dst[k:k+d], x[i:i+stride])
	}
}

// meanMatch is the paper's experiment 1 (Gu & Kim, §6.1):
//
//	F(μ) = ‖m(μ) − q‖² + β ∫ Σ_{i≤d+1} log(1/xᵢ) dμ,  m(μ) = E_μ x,
//
// over all d+1 barycentric coordinates. Its first variation is
// δF/δμ(x) = 2⟨m − q, x⟩ − β Σᵢ log xᵢ, with gradient 2(mᵢ − qᵢ) − β/xᵢ; the
// chart gradient is
//
//	gⱼ = 2[(mⱼ − qⱼ) − (m_{d+1} − q_{d+1})] − β[1/xⱼ − 1/x_{d+1}],
//
// and its minimiser is μ* ∝ exp(−2⟨m* − q, x⟩/λ) Π xᵢ^{β/λ} (docs/math.md).
type meanMatch struct {
	d    int
	beta float64
	q    []float64
	m    []float64 // m(μ_N), d+1 entries
}

func (o *meanMatch) Observe(x []float64) {
	w := o.d + 1
	m := o.m[:w]
	clear(m)
	if w == 3 {
		// Δ², the reference workload: twelve sums at once (four lanes of
		// three vectors on amd64).
		m[0], m[1], m[2] = simd.Sum3(x)
	}
	for xs := x; w != 3 && len(xs) >= w; xs = xs[w:] { // reslicing: no index checks
		p := xs[:w]
		for j := range m {
			m[j] += p[j]
		}
	}
	n := float64(len(x) / w)
	for j := range m {
		m[j] /= n
	}
}

// meanPart writes the mean-field part of meanmatch's chart gradient,
// 2[(mⱼ − qⱼ) − (m_{d+1} − q_{d+1})] for j ≤ d, the same for every particle,
// into buf (grown to d as vec.Grow does) and returns it.
func (o *meanMatch) meanPart(buf []float64) []float64 {
	d := o.d
	c := vec.Grow(buf, d)
	last := o.m[d] - o.q[d]
	for j := range c {
		c[j] = 2 * ((o.m[j] - o.q[j]) - last)
	}
	return c
}

// Grad is the loop of the reference workload (meanmatch on Δ², `make
// bench`): the mean-field part of the chart gradient, 2[(mⱼ − qⱼ) −
// (m_{d+1} − q_{d+1})], is the same for every particle and is taken out of
// the loop; what is left per particle is the barrier, β(1/x_{d+1} − 1/xⱼ).
func (o *meanMatch) Grad(dst, x []float64, first int) {
	d := o.d
	var buf [stackDim]float64
	c := o.meanPart(buf[:])
	if d == 2 && o.beta != 0 {
		// Δ², the reference workload, written out (four points at a time
		// on amd64): the loop over two coordinates costs more than its
		// arithmetic (the same bits).
		simd.BarrierGrad(dst, x, c[0], c[1], o.beta)
		return
	}
	for len(x) > d && len(dst) >= d { // reslicing: no index checks
		xi, g := x[:d+1], dst[:d]
		if o.beta == 0 {
			copy(g, c)
		} else {
			b := o.beta / xi[d]
			for j := range g {
				g[j] = c[j] - (o.beta/xi[j] - b)
			}
		}
		x, dst = x[d+1:], dst[d:]
	}
}

// BarrierWeights writes wᵢ = β for each of the d+1 coordinates
// (LogBarrier): meanmatch's barrier is β Σᵢ log(1/xᵢ).
func (o *meanMatch) BarrierWeights(dst []float64) []float64 {
	dst = vec.Grow(dst, o.d+1)
	for i := range dst[:o.d+1] {
		dst[i] = o.beta
	}
	return dst
}

// SmoothGrad writes the chart gradient of ‖m(μ) − q‖²'s first variation,
// 2[(mⱼ − qⱼ) − (m_{d+1} − q_{d+1})], the same at every particle
// (LogBarrier).
func (o *meanMatch) SmoothGrad(dst, x []float64, first int) {
	d := o.d
	var buf [stackDim]float64
	c := o.meanPart(buf[:])
	for len(x) > d && len(dst) >= d {
		copy(dst[:d], c)
		x, dst = x[d+1:], dst[d:]
	}
}

func (o *meanMatch) Value(x []float64, floor float64) float64 {
	f := 0.0
	for j, m := range o.m {
		f += (m - o.q[j]) * (m - o.q[j])
	}
	if o.beta == 0 {
		return f
	}
	return f - o.beta*meanLogProduct(x, o.d+1, floor)
}

// meanLogSum returns (1/N) Σ_particles Σᵢ wᵢ log max(xᵢ, floor) over the
// particles of x, each of width w. The weights are read once, and the floor
// is purefloat.Max: no closure call, nor Go's float max (a runtime call in
// WebAssembly), for each coordinate.
func meanLogSum(x []float64, w int, weight func(i int) float64, floor float64) float64 {
	var buf [stackDim]float64
	ws := buf[:0]
	for j := range w {
		ws = append(ws, weight(j))
	}
	sum := 0.0
	for i := 0; i+w <= len(x); i += w {
		for j, wj := range ws {
			sum += wj * purefloat.Log(purefloat.Max(x[i+j], floor))
		}
	}
	return sum / float64(len(x)/w)
}

// meanLogProduct is meanLogSum with every weight 1: (1/N) Σ_particles
// log Πᵢ max(xᵢ, floor), one Log a particle, of the product of its
// coordinates, while that product is a normal number (at least 2⁻¹⁰²²:
// only particles very near the faces fall below), and the sum of the
// coordinates' Logs otherwise (TestMeanLogProduct). A Log is a call in WebAssembly: with a
// third as many, a step and its readouts at N = 10,000 take 5.7 ms in Node
// instead of 6.2.
func meanLogProduct(x []float64, w int, floor float64) float64 {
	sum := 0.0
	for i := 0; i+w <= len(x); i += w {
		p := x[i : i+w]
		prod := 1.0
		for _, v := range p {
			prod *= purefloat.Max(v, floor)
		}
		if prod >= 0x1p-1022 && prod <= math.MaxFloat64 {
			sum += purefloat.Log(prod)
			continue
		}
		for _, v := range p { // underflow, overflow or NaN
			sum += purefloat.Log(purefloat.Max(v, floor))
		}
	}
	return sum / float64(len(x)/w)
}

func (o *meanMatch) Barrier() bool { return o.beta != 0 }

// dirichlet is the linear functional F(μ) = ∫ V dμ with the potential
//
//	V(x) = −λ Σ_{i≤d+1} (αᵢ − 1) log xᵢ,
//
// whose target μ* ∝ exp(−V/λ) is Dirichlet(α) for every λ. Its gradient is
// −λ(αᵢ − 1)/xᵢ, its chart gradient gⱼ = −λ[(αⱼ − 1)/xⱼ − (α_{d+1} − 1)/x_{d+1}]
// (docs/math.md).
type dirichlet struct {
	d      int
	lambda float64
	alpha  []float64
}

func (o *dirichlet) Observe(x []float64) {}

func (o *dirichlet) Grad(dst, x []float64, first int) {
	d := o.d
	for i, k := 0, 0; i+d < len(x); i, k = i+d+1, k+d {
		xi, g := x[i:i+d+1], dst[k:k+d]
		last := (o.alpha[d] - 1) / xi[d]
		for j := range g {
			g[j] = -o.lambda * ((o.alpha[j]-1)/xi[j] - last)
		}
	}
}

// BarrierWeights writes wᵢ = λ(αᵢ − 1) (LogBarrier): the whole potential
// V = −λ Σᵢ (αᵢ − 1) log xᵢ is the barrier, a convex one where every
// αᵢ ≥ 1 (the engine runs the proximal algorithm only then).
func (o *dirichlet) BarrierWeights(dst []float64) []float64 {
	dst = vec.Grow(dst, o.d+1)
	for i := range dst[:o.d+1] {
		dst[i] = o.lambda * (o.alpha[i] - 1)
	}
	return dst
}

// SmoothGrad writes 0 (LogBarrier): dirichlet has no smooth part.
func (o *dirichlet) SmoothGrad(dst, x []float64, first int) {
	clear(dst[:len(x)/(o.d+1)*o.d])
}

func (o *dirichlet) Value(x []float64, floor float64) float64 {
	return -o.lambda * meanLogSum(x, o.d+1, func(i int) float64 { return o.alpha[i] - 1 }, floor)
}

func (o *dirichlet) Barrier() bool {
	for _, a := range o.alpha {
		if a != 1 {
			return true
		}
	}
	return false
}

// gaussian is the linear functional F(μ) = ∫ V dμ with the Gaussian well
//
//	V(x) = λ‖x − c‖²/(2σ²),
//
// over the d chart coordinates, whose target μ* ∝ exp(−V/λ) is N(c, σ²I)
// truncated to the domain, for every λ. Its gradient is λ(x − c)/σ².
type gaussian struct {
	d, stride     int
	lambda, sigma float64
	c             []float64
}

func newGaussian(w Well) *gaussian {
	return &gaussian{d: len(w.Center), stride: w.Stride, lambda: w.Lambda, sigma: w.Sigma, c: w.Center}
}

func (o *gaussian) Observe(x []float64) {}

func (o *gaussian) Grad(dst, x []float64, first int) { EachPoint(dst, x, o.d, o.stride, o.grad1) }

func (o *gaussian) grad1(dst, x []float64) {
	k := o.lambda / (o.sigma * o.sigma)
	for i := range o.d {
		dst[i] = k * (x[i] - o.c[i])
	}
}

func (o *gaussian) Value(x []float64, floor float64) float64 {
	sum := 0.0
	for i := 0; i < len(x); i += o.stride {
		for j := range o.d {
			sum += (x[i+j] - o.c[j]) * (x[i+j] - o.c[j])
		}
	}
	return o.lambda * sum / (2 * o.sigma * o.sigma * float64(len(x)/o.stride))
}

func (o *gaussian) Barrier() bool { return false }

// interaction adds to the gaussian well a quadratic pairwise attraction:
//
//	F(μ) = ∫ V dμ + (κ/4) ∬ ‖x − x'‖² dμ(x) dμ(x'),  V = λ‖x − c‖²/(2σ²),
//
// a mean-field energy computed in O(N) through the mean m(μ):
// δF/δμ(x) = V(x) + (κ/2)‖x − m‖² + const, with gradient
// λ(x − c)/σ² + κ(x − m). On the plane the minimiser of F + λ·Ent is
// N(c, s²I) with 1/s² = 1/σ² + κ/λ (the attraction narrows the cloud; its
// centre stays c).
type interaction struct {
	gaussian
	kappa float64
	m     []float64 // m(μ_N)
	pair  float64   // (1/N) Σ ‖xᵢ − m‖², so (κ/4)∬… = (κ/2)·pair
}

func (o *interaction) Observe(x []float64) {
	n := float64(len(x) / o.stride)
	clear(o.m)
	for i := 0; i < len(x); i += o.stride {
		for j := range o.d {
			o.m[j] += x[i+j]
		}
	}
	for j := range o.m {
		o.m[j] /= n
	}
	o.pair = 0
	for i := 0; i < len(x); i += o.stride {
		for j := range o.d {
			o.pair += (x[i+j] - o.m[j]) * (x[i+j] - o.m[j])
		}
	}
	o.pair /= n
}

func (o *interaction) Grad(dst, x []float64, first int) { EachPoint(dst, x, o.d, o.stride, o.grad1) }

func (o *interaction) grad1(dst, x []float64) {
	o.gaussian.grad1(dst, x)
	for i := range o.d {
		dst[i] += o.kappa * (x[i] - o.m[i])
	}
}

func (o *interaction) Value(x []float64, floor float64) float64 {
	return o.gaussian.Value(x, floor) + o.kappa/2*o.pair
}

// doubleWell is the linear functional F(μ) = ∫ V dμ whose target
// μ* ∝ exp(−V/λ) is, for every λ, the even mixture of N(c − a e₁, σ²I) and
// N(c + a e₁, σ²I) (truncated to the domain), with a = σ√(2h):
//
//	V(x)/λ = ((x₁ − c₁)² + a²)/(2σ²) − log(2 cosh(a(x₁ − c₁)/σ²)) + Σ_{i≥2} (xᵢ − cᵢ)²/(2σ²).
//
// The barrier between the two modes, −log of the density at c over that at a
// mode, is h − log 2 + log(1 + e^{−4h}) ≈ h. Its gradient,
// λ(x₁ − c₁ − a tanh(a(x₁ − c₁)/σ²))/σ² along e₁, is Lipschitz with constant
// λ/σ² (unlike a quartic double well's, which makes an Euler step blow up
// far out), so every algorithm is as stable on it as on the gaussian well.
// On the plane E(x₁ − c₁)² = σ² + a² exactly.
type doubleWell struct {
	gaussian
	depth float64
}

// shift returns a = σ√(2h), the distance of each mode from c along e₁.
func (o *doubleWell) shift() float64 { return o.sigma * math.Sqrt(2*o.depth) }

func (o *doubleWell) Grad(dst, x []float64, first int) { EachPoint(dst, x, o.d, o.stride, o.grad1) }

func (o *doubleWell) grad1(dst, x []float64) {
	o.gaussian.grad1(dst, x)
	s2, a := o.sigma*o.sigma, o.shift()
	u := x[0] - o.c[0]
	dst[0] = o.lambda * (u - a*purefloat.Tanh(a*u/s2)) / s2
}

func (o *doubleWell) Value(x []float64, floor float64) float64 {
	s2, a := o.sigma*o.sigma, o.shift()
	sum := 0.0
	for i := 0; i < len(x); i += o.stride {
		u := x[i] - o.c[0]
		z := math.Abs(a * u / s2)
		// log(2 cosh z) = z + log1p(e^{−2z}), without overflow.
		sum += (u*u+a*a)/(2*s2) - (z + math.Log1p(purefloat.ExpNeg(2*z)))
		for j := 1; j < o.d; j++ {
			sum += (x[i+j] - o.c[j]) * (x[i+j] - o.c[j]) / (2 * s2)
		}
	}
	return o.lambda * sum / float64(len(x)/o.stride)
}
