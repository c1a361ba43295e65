// Package xor holds the paper's experiment 3 as an objective: a two-layer
// mean-field network trained on noisy XOR, one particle a neuron.
package xor

import (
	"math"

	"github.com/mmfld/playground/engine/internal/purefloat"
	"github.com/mmfld/playground/engine/internal/rng"
	"github.com/mmfld/playground/engine/internal/vec"
	"github.com/mmfld/playground/engine/objective"
)

// The xor objective's model and data (the paper's experiment 3, Gu & Kim,
// arXiv 2505.02621: a two-layer mean-field network on noisy XOR, each
// particle one neuron, constrained to a ball by the log-barrier map).
const (
	// MinDim is the smallest dim xor allows: a neuron θ = (w, b, a) needs
	// k = dim − 2 ≥ 2 input weights, a bias and an output weight.
	MinDim = 4
	// Train and Test are the sizes of the fixed training set, whose
	// logistic loss is F, and of the fixed test set the accuracy readout
	// uses.
	Train = 400
	Test  = 1000
	// Noise is the standard deviation ν of the Gaussian noise added to
	// every input coordinate. The Bayes classifier sign(u₁u₂) is then right
	// with probability p² + (1 − p)², p = Φ(1/ν): 0.9555 for ν = 0.5. The
	// four clusters at (±1, ±1) overlap visibly, so accuracy has something
	// to measure, yet a few per cent of error stay the data's own.
	Noise = 0.5
	// InputScale is γ, the factor inside the activation tanh(γ(⟨w, u⟩ + b)).
	// Inside the unit ball ‖w‖ < 1 and |b| < 1, and the inputs are of size 1,
	// so without it a neuron would only see the nearly linear part of tanh,
	// whose correlation with the label u₁u₂ is a third-order effect: γ = 3
	// lets a neuron with ‖w‖ ≈ 0.6 and b ≈ −0.4 switch from −1 to +1 between
	// the clusters, so XOR is expressible, and its gradient at small θ is
	// not negligible.
	InputScale = 3.0
	// OutputScale is S, the factor of the network's output. A mean over
	// neurons with |a| < 1 is at most 1 in size; the Bayes log-odds at the
	// cluster centres are 2/ν² − log 2 ≈ 7.3, so S = 10 lets the network reach
	// margins of that size. (The loss still rewards larger ones: MMFLD's
	// neurons settle near, not on, the sphere, mean ‖θ‖ ≈ 0.97.)
	OutputScale = 10.0
	// DataSeed seeds the data: every run (whatever its seed) sees the
	// same training and test points for a given dim.
	DataSeed = 20250505
)

// Objective is the paper's experiment 3: a two-layer mean-field network on noisy
// XOR data. A particle θ ∈ ℝ^d inside the ball is one neuron θ = (w, b, a),
// w ∈ ℝᵏ its input weights (k = d − 2), b its bias, a its output weight; the
// network's output on an input u ∈ ℝᵏ is the mean over the neurons,
//
//	f(u) = S · E_{θ~μ}[a tanh(γ(⟨w, u⟩ + b))],
//
// with S = OutputScale and γ = InputScale, and F is the logistic loss
// on the n = Train training points (uᵢ, yᵢ),
//
//	F(μ) = (1/n) Σᵢ ℓ(yᵢ f(uᵢ)),  ℓ(z) = log(1 + e^{−z}),
//
// computed as max(−z, 0) + log1p(e^{−|z|}), which neither overflows nor
// loses the small values of large margins. Its first variation is
//
//	δF/δμ(θ) = Σᵢ cᵢ a tanh(γ(⟨w, uᵢ⟩ + b)),  cᵢ = (1/n) ℓ'(yᵢ fᵢ) yᵢ S,  ℓ'(z) = −1/(1 + e^z),
//
// and its gradient, with tᵢ = tanh(γ(⟨w, uᵢ⟩ + b)), is
//
//	∂/∂w = Σᵢ cᵢ a γ (1 − tᵢ²) uᵢ,  ∂/∂b = Σᵢ cᵢ a γ (1 − tᵢ²),  ∂/∂a = Σᵢ cᵢ tᵢ.
//
// The data (DataSeed, fixed): a sign pair s ∈ {±1}² uniform, the label
// y = s₁s₂, the input u = (s₁, s₂, 0, …, 0) + N(0, ν²Iₖ), ν = Noise; for
// k > 2 the extra inputs are pure noise. Observe costs O(N n k), Grad O(n k)
// per particle, and neither allocates.
type Objective struct {
	d, k, stride int
	u, y         []float64 // training inputs (n·k) and labels
	uTest, yTest []float64 // test inputs and labels
	f            []float64 // f(uᵢ) of the particles last observed
	c            []float64 // cᵢ = ℓ'(yᵢ fᵢ) yᵢ S / n
	fTest        []float64 // scratch: f on the test inputs

	// The accuracy of the particles of System.version accVersion (0: none).
	accVersion uint64
	acc        float64
}

// New returns the xor objective in dimension d ≥ MinDim for primal
// points of stride numbers each, drawing its data from DataSeed.
func New(d, stride int) *Objective {
	k := d - 2
	o := &Objective{d: d, k: k, stride: stride}
	// The engine's own stream, not math/rand's NormFloat64 (whose rare
	// tail draws call math.Log and math.Exp, assembly on amd64): the data
	// are the same bits natively and in WebAssembly.
	var r rng.Stream
	r.Reseed(DataSeed, int64(k), 0)
	o.u, o.y = data(&r, Train, k)
	o.uTest, o.yTest = data(&r, Test, k)
	o.f, o.c = make([]float64, Train), make([]float64, Train)
	o.fTest = make([]float64, Test)
	return o
}

// data draws n noisy XOR points in ℝᵏ: s ∈ {±1}² uniform, y = s₁s₂,
// u = (s₁, s₂, 0, …) + N(0, XORNoise² Iₖ).
func data(r *rng.Stream, n, k int) (u, y []float64) {
	u, y = make([]float64, n*k), make([]float64, n)
	for i := range n {
		bits := r.Next()
		s1, s2 := float64(int(bits>>63)*2-1), float64(int(bits>>62&1)*2-1)
		y[i] = s1 * s2
		ui := u[i*k : (i+1)*k]
		r.Normals(ui)
		for j := range ui {
			ui[j] *= Noise
		}
		ui[0] += s1
		ui[1] += s2
	}
	return u, y
}

// outputs writes f(u) = S·(1/N) Σⱼ aⱼ tanh(γ(⟨wⱼ, u⟩ + bⱼ)) for each input
// of u (k numbers each) into dst, over the particles in x.
func (o *Objective) outputs(dst, u, x []float64) {
	k := o.k
	clear(dst)
	for p := 0; p+o.stride <= len(x); p += o.stride {
		w, b, a := x[p:p+k], x[p+k], x[p+k+1]
		for i := range dst {
			ui := u[i*k : (i+1)*k]
			z := b
			for j, wj := range w {
				z += wj * ui[j]
			}
			dst[i] += a * tanh(InputScale*z)
		}
	}
	scale := OutputScale / float64(len(x)/o.stride)
	for i := range dst {
		dst[i] *= scale
	}
}

func (o *Objective) Observe(x []float64) {
	o.outputs(o.f, o.u, x)
	n := float64(len(o.f))
	for i, fi := range o.f {
		o.c[i] = -o.y[i] * OutputScale / n * logisticTail(o.y[i]*fi)
	}
}

func (o *Objective) Grad(dst, x []float64, first int) {
	objective.EachPoint(dst, x, o.d, o.stride, o.grad1)
}

func (o *Objective) grad1(dst, x []float64) {
	k := o.k
	w, b, a := x[:k], x[k], x[k+1]
	dst = dst[:o.d]
	clear(dst)
	gb, ga := 0.0, 0.0
	for i, ci := range o.c {
		ui := o.u[i*k : (i+1)*k]
		z := b
		for j, wj := range w {
			z += wj * ui[j]
		}
		t := tanh(InputScale * z)
		ga += ci * t
		h := ci * (1 - t*t)
		gb += h
		for j, uj := range ui {
			dst[j] += h * uj
		}
	}
	f := a * InputScale
	for j := range k {
		dst[j] *= f
	}
	dst[k], dst[k+1] = f*gb, ga
}

// Value returns the training loss (1/n) Σᵢ ℓ(yᵢ fᵢ) of the particles last
// observed.
func (o *Objective) Value(x []float64, floor float64) float64 {
	sum := 0.0
	for i, fi := range o.f {
		sum += logistic(o.y[i] * fi)
	}
	return sum / float64(len(o.f))
}

func (o *Objective) Barrier() bool { return false }

// tanh returns tanh z = (1 − e)/(1 + e), e = e^{−2|z|}, with the sign of
// z: one exponential (expNeg), about 1.5 times faster than math.Tanh, which
// the network evaluates N·n times per step, and the same bits in every build.
// Its absolute error is a few ulps of 1 (the relative error near z = 0 is
// larger, which nothing here needs).
func tanh(z float64) float64 {
	e := purefloat.ExpNeg(2 * math.Abs(z))
	return math.Copysign((1-e)/(1+e), z)
}

// logisticTail returns 1/(1 + e^z) = −ℓ′(z), from e^{−|z|} so that nothing
// overflows.
func logisticTail(z float64) float64 {
	e := purefloat.ExpNeg(math.Abs(z))
	if z >= 0 {
		return e / (1 + e)
	}
	return 1 / (1 + e)
}

// logistic returns ℓ(z) = log(1 + e^{−z}) as max(−z, 0) + log1p(e^{−|z|}):
// finite for every finite z, and accurate both for large margins (where it
// is e^{−z}) and large errors (where it is −z).
func logistic(z float64) float64 {
	return max(-z, 0) + math.Log1p(purefloat.ExpNeg(math.Abs(z)))
}

// Accuracy returns the fraction of the Test test points that the network
// of the particles x classifies correctly, yᵢ f(uᵢ) > 0 (f = 0 counts as
// wrong). It is computed once per version of the particles (O(N·Test·k))
// and then remembered.
func (o *Objective) Accuracy(x []float64, version uint64) float64 {
	if version == o.accVersion && version != 0 {
		return o.acc
	}
	o.outputs(o.fTest, o.uTest, x)
	right := 0
	for i, fi := range o.fTest {
		if o.yTest[i]*fi > 0 {
			right++
		}
	}
	o.acc, o.accVersion = float64(right)/float64(len(o.fTest)), version
	return o.acc
}

// Outputs writes the network's outputs f(u) (see xor) on the inputs u,
// dim − 2 numbers each, into dst and returns it, for the neurons given as
// N·dim chart coordinates θ = (w, b, a) one after the other (the form of
// Snapshot.Primal off the simplex); dst follows vec.Grow's rule. It costs O(N·len(u)).
func Outputs(dst, neurons []float64, dim int, u []float64) []float64 {
	o := Objective{k: dim - 2, stride: dim}
	dst = vec.Grow(dst, len(u)/o.k)
	if len(neurons) < dim {
		clear(dst)
		return dst
	}
	o.outputs(dst, u, neurons)
	return dst
}

// BayesTestAccuracy returns the fraction of the Test test points that the
// Bayes classifier sign(u₁u₂) classifies correctly: the best any network
// can score on this test set, on average over networks as good as the
// Bayes rule (which BayesAccuracy gives in expectation).
func (o *Objective) BayesTestAccuracy() float64 {
	right := 0
	for i, y := range o.yTest {
		if o.uTest[i*o.k]*o.uTest[i*o.k+1]*y > 0 {
			right++
		}
	}
	return float64(right) / float64(len(o.yTest))
}

// BayesAccuracy returns the accuracy of the Bayes classifier sign(u₁u₂)
// on the xor objective's data: p² + (1 − p)² with p = Φ(1/ν), ν = Noise,
// the probability that the noise leaves both signs of s unchanged or flips
// both.
func BayesAccuracy() float64 {
	p := 0.5 * math.Erfc(-1/(Noise*math.Sqrt2))
	return p*p + (1-p)*(1-p)
}
