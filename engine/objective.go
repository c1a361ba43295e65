package engine

// Objective is a functional F(μ) on probability measures over the simplex,
// seen through the particles of μ_N = (1/N) Σ δ_{Xⁱ}.
//
// A step first calls Observe once with the whole particle system, then Grad
// once per particle; every particle thus feels the drift of the same μ_k, as
// the mean-field algorithms require (Gu & Kim, Algorithm 1).
type Objective interface {
	// Observe computes the statistics of μ_N that the first variation
	// depends on (for meanmatch, the mean m(μ_N)). x holds N·(d+1)
	// barycentric coordinates and logx their logarithms, floored at FaceFloor.
	Observe(x, logx []float64)
	// Grad writes g(x) = ∇ₓ δF/δμ(μ_N)(x), in the d chart coordinates, into
	// dst for one particle with barycentric coordinates x and inv = 1/x.
	Grad(dst, x, inv []float64)
	// Value returns F(μ_N) for the particles last observed.
	Value() float64
	// Barrier reports whether Grad depends on inv, that is, whether it is
	// infinite on the faces of the simplex.
	Barrier() bool
}

// newObjective returns the objective named in c; c has been validated.
func newObjective(c *Config) Objective {
	switch c.Objective {
	case ObjectiveDirichlet:
		return &dirichlet{d: c.Dim, lambda: c.Lambda, alpha: c.Alpha}
	default:
		return &meanMatch{d: c.Dim, beta: c.Beta, q: c.Q, m: make([]float64, c.Dim+1)}
	}
}

// meanMatch is the paper's experiment 1 (Gu & Kim, §6.1):
//
//	F(μ) = ‖m(μ) − q‖² + β ∫ Σ_{i≤d+1} log(1/xᵢ) dμ,  m(μ) = E_μ x,
//
// over all d+1 barycentric coordinates. Its chart gradient is
//
//	gⱼ = 2[(mⱼ − qⱼ) − (m_{d+1} − q_{d+1})] − β[1/xⱼ − 1/x_{d+1}],
//
// and its minimiser is μ* ∝ exp(−2⟨m* − q, x⟩/λ) Π xᵢ^{β/λ} (docs/math.md).
type meanMatch struct {
	d       int
	beta    float64
	q       []float64
	m       []float64 // m(μ_N), d+1 entries
	barrier float64   // E Σ log(1/xᵢ)
}

func (o *meanMatch) Observe(x, logx []float64) {
	w := o.d + 1
	n := len(x) / w
	clear(o.m)
	b := 0.0
	for i := 0; i < len(x); i += w {
		for j := range w {
			o.m[j] += x[i+j]
			b -= logx[i+j]
		}
	}
	for j := range o.m {
		o.m[j] /= float64(n)
	}
	o.barrier = b / float64(n)
}

func (o *meanMatch) Grad(dst, x, inv []float64) {
	d := o.d
	last := o.m[d] - o.q[d]
	for j := range d {
		dst[j] = 2*((o.m[j]-o.q[j])-last) - o.beta*(inv[j]-inv[d])
	}
}

func (o *meanMatch) Value() float64 {
	f := 0.0
	for j, m := range o.m {
		f += (m - o.q[j]) * (m - o.q[j])
	}
	return f + o.beta*o.barrier
}

func (o *meanMatch) Barrier() bool { return o.beta != 0 }

// dirichlet is the linear functional F(μ) = ∫ V dμ with the potential
//
//	V(x) = −λ Σ_{i≤d+1} (αᵢ − 1) log xᵢ,
//
// whose target μ* ∝ exp(−V/λ) is Dirichlet(α) for every λ. Its chart
// gradient is gⱼ = −λ[(αⱼ − 1)/xⱼ − (α_{d+1} − 1)/x_{d+1}] (docs/math.md).
type dirichlet struct {
	d      int
	lambda float64
	alpha  []float64
	value  float64
}

func (o *dirichlet) Observe(x, logx []float64) {
	w := o.d + 1
	n := len(x) / w
	v := 0.0
	for i := 0; i < len(x); i += w {
		for j := range w {
			v -= (o.alpha[j] - 1) * logx[i+j]
		}
	}
	o.value = o.lambda * v / float64(n)
}

func (o *dirichlet) Grad(dst, x, inv []float64) {
	d := o.d
	last := (o.alpha[d] - 1) * inv[d]
	for j := range d {
		dst[j] = -o.lambda * ((o.alpha[j]-1)*inv[j] - last)
	}
}

func (o *dirichlet) Value() float64 { return o.value }

func (o *dirichlet) Barrier() bool {
	for _, a := range o.alpha {
		if a != 1 {
			return true
		}
	}
	return false
}
