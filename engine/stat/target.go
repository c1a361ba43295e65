package stat

import (
	"math"
	"math/rand/v2"
	"slices"

	"github.com/mmfld/playground/engine/internal/rng"
	"github.com/mmfld/playground/engine/internal/vec"
	"github.com/mmfld/playground/engine/mirror"
)

// Reference sizes for targets known only through exact draws (truncated to a
// ball or a polygon): their mean and covariance are those of
// TargetRefSamples draws from the fixed TargetRefSeed, whose Monte Carlo
// error, about sd/√TargetRefSamples ≈ 0.007·sd per coordinate, is well below
// the O(sd/√N) error the particles themselves show at N ≤ 20000. Rejection
// sampling is used only when a pilot of TargetPilot proposals accepts at
// least TargetMinAcceptance of them; below that the target counts as
// unknown (a well centred far outside the domain), so the readout never
// costs more than about TargetRefSamples/TargetMinAcceptance proposals.
const (
	TargetRefSamples    = 20000
	TargetRefSeed       = 19700101
	TargetPilot         = 2000
	TargetMinAcceptance = 0.02
	// targetMinMass is the smallest probability of the domain under a 1-D
	// component (Z of a truncated normal) for which its closed-form moments
	// are trusted; below it the target counts as unknown.
	targetMinMass = 1e-250
)

// Target is a law the particles of a run should approach, known exactly: the
// minimiser μ* of F + λ·Ent for the runs where it is. Its coordinates are
// those a particle shows (Metrics.Mean): the d+1 barycentric coordinates on
// the simplex, the d chart coordinates elsewhere.
//
// The known targets are (docs/math.md, "Known answers"):
//
//   - dirichlet on the simplex: Dirichlet(α), closed-form moments;
//   - gaussian and doublewell on the plane, the box and the orthant: the
//     potential and the domain are products over the coordinates, so μ* is a
//     product of one-dimensional laws, each N(cⱼ, σ²) truncated to the
//     coordinate's interval, or for doublewell's x₁ the even mixture of
//     N(c₁ ± a, σ²), a = σ√(2h), truncated; closed-form moments (Johnson,
//     Kotz & Balakrishnan, Continuous Univariate Distributions 1, §10.1),
//     exact draws by the inverse CDF;
//   - gaussian and doublewell on the ball and the polygon: the same
//     untruncated law restricted to the domain, drawn exactly by rejection;
//     its moments are those of TargetRefSamples draws;
//   - interaction on the plane: N(c, s²I) with 1/s² = 1/σ² + κ/λ, the
//     minimiser of the nonlinear F + λ·Ent (see interaction).
//
// Other runs (meanmatch, interaction off the plane) have no known target.
type Target struct {
	// Mean and Cov (row major) are the target's mean and covariance.
	Mean, Cov []float64
	// Reference is true when Mean and Cov come from TargetRefSamples exact
	// draws rather than a closed form.
	Reference bool

	width int
	// draw writes one exact draw into dst (width numbers).
	draw func(dst []float64, rnd *rand.Rand)
}

// Width returns the number of coordinates of a draw.
func (t *Target) Width() int { return t.width }

// Sample writes m exact draws from t, t's width numbers each, into dst and
// returns it; they follow vec.Grow's rule.
func (t *Target) Sample(dst []float64, m int, src rand.Source) []float64 {
	dst = vec.Grow(dst, m*t.width)
	rnd := rand.New(src)
	for i := 0; i < len(dst); i += t.width {
		t.draw(dst[i:i+t.width], rnd)
	}
	return dst
}

// DirichletTarget is Dirichlet(α) on the simplex.
func DirichletTarget(alpha []float64) *Target {
	w := len(alpha)
	t := &Target{width: w}
	t.Mean, t.Cov = DirichletMoments(nil, nil, alpha)
	alpha = slices.Clone(alpha)
	t.draw = func(dst []float64, rnd *rand.Rand) { rng.Dirichlet(dst, alpha, rnd) }
	return t
}

// ProductTarget is the product over j of N(cⱼ, σ²) truncated to [loⱼ, hiⱼ]
// (nil bounds: the whole line), except that coordinate 1 is the even mixture
// of N(c₁ ± shift, σ²) truncated to [lo₁, hi₁] when shift > 0. It returns nil
// when some coordinate's interval has probability below targetMinMass.
func ProductTarget(center []float64, sigma, shift float64, lo, hi []float64) *Target {
	d := len(center)
	laws := make([]truncMixture, d)
	t := &Target{width: d, Mean: make([]float64, d), Cov: make([]float64, d*d)}
	for j := range d {
		a, b := math.Inf(-1), math.Inf(1)
		if lo != nil {
			a, b = lo[j], hi[j]
		}
		means := []float64{center[j]}
		if j == 0 && shift > 0 {
			means = []float64{center[j] - shift, center[j] + shift}
		}
		var ok bool
		if laws[j], ok = newTruncMixture(means, sigma, a, b); !ok {
			return nil
		}
		t.Mean[j], t.Cov[j*d+j] = laws[j].mean, laws[j].variance
	}
	t.draw = func(dst []float64, rnd *rand.Rand) {
		for j := range laws {
			dst[j] = laws[j].draw(rnd)
		}
	}
	return t
}

// RejectionTarget is the law of ProductTarget(center, sigma, shift) on the
// whole space restricted to the open domain of dom, drawn by rejection. It
// returns nil when a pilot accepts less than TargetMinAcceptance.
func RejectionTarget(dom mirror.Domain, center []float64, sigma, shift float64) *Target {
	free := ProductTarget(center, sigma, shift, nil, nil)
	d := len(center)
	buf := make([]float64, dom.PrimalLen())
	inside := func(v []float64) bool { return dom.Inside(dom.Lift(buf, v)) }
	rnd := rand.New(rand.NewPCG(TargetRefSeed, 1))
	v := make([]float64, d)
	accepted := 0
	for range TargetPilot {
		free.draw(v, rnd)
		if inside(v) {
			accepted++
		}
	}
	if float64(accepted) < TargetMinAcceptance*TargetPilot {
		return nil
	}
	t := &Target{width: d, Reference: true}
	t.draw = func(dst []float64, rnd *rand.Rand) {
		for {
			free.draw(dst, rnd)
			if inside(dst) {
				return
			}
		}
	}
	ref := t.Sample(nil, TargetRefSamples, rand.NewPCG(TargetRefSeed, 2))
	t.Mean, t.Cov = MeanCov(nil, nil, ref, d)
	return t
}

// truncMixture is the even mixture of N(mₖ, σ²) over its components k,
// truncated to [a, b]: component k keeps the weight Zₖ/ΣZ, Zₖ its
// probability of [a, b].
type truncMixture struct {
	parts          []truncNormal
	weights        []float64 // cumulative, the last 1
	mean, variance float64
}

func newTruncMixture(means []float64, sigma, a, b float64) (truncMixture, bool) {
	m := truncMixture{parts: make([]truncNormal, len(means)), weights: make([]float64, len(means))}
	total := 0.0
	for k, mu := range means {
		m.parts[k] = newTruncNormal(mu, sigma, a, b)
		total += m.parts[k].z
	}
	if !(total >= targetMinMass) {
		return m, false
	}
	cum, second := 0.0, 0.0
	for k, p := range m.parts {
		w := p.z / total
		cum += w
		m.weights[k] = cum
		m.mean += w * p.mean
		second += w * (p.variance + p.mean*p.mean)
	}
	m.weights[len(m.weights)-1] = 1
	m.variance = max(second-m.mean*m.mean, 0)
	if len(m.parts) == 1 {
		m.variance = m.parts[0].variance
	}
	return m, true
}

func (m *truncMixture) draw(rnd *rand.Rand) float64 {
	u := rnd.Float64()
	for k, w := range m.weights {
		if u < w {
			return m.parts[k].draw(rnd)
		}
	}
	return m.parts[len(m.parts)-1].draw(rnd)
}

// truncNormal is N(mu, σ²) truncated to [a, b] (a may be −∞, b +∞), in the
// standard coordinates α = (a − mu)/σ, β = (b − mu)/σ. Its probability
// Z = Φ(β) − Φ(α) is computed from the nearer tail, Z = Q(α) − Q(β) with
// Q(x) = Φ(−x) when α ≥ 0, so it keeps full relative precision however far
// out the interval lies.
type truncNormal struct {
	mu, sigma, alpha, beta float64
	z                      float64 // the probability of [a, b]
	upper                  bool    // α ≥ 0: draw from the upper tail
	mean, variance         float64
}

// xPhi returns x·φ(x), 0 at ±∞.
func xPhi(x float64) float64 {
	if math.IsInf(x, 0) {
		return 0
	}
	return x * rng.NormalPDF(x)
}

func newTruncNormal(mu, sigma, a, b float64) truncNormal {
	t := truncNormal{mu: mu, sigma: sigma, alpha: (a - mu) / sigma, beta: (b - mu) / sigma}
	t.upper = t.alpha >= 0
	if t.upper {
		t.z = rng.NormalCDF(-t.alpha) - rng.NormalCDF(-t.beta)
	} else {
		t.z = rng.NormalCDF(t.beta) - rng.NormalCDF(t.alpha)
	}
	if !(t.z > 0) {
		return t
	}
	pa, pb := rng.NormalPDF(t.alpha), rng.NormalPDF(t.beta)
	r := (pa - pb) / t.z
	t.mean = mu + sigma*r
	t.variance = max(sigma*sigma*(1+(xPhi(t.alpha)-xPhi(t.beta))/t.z-r*r), 0)
	return t
}

// draw returns one exact draw by the inverse CDF, from the upper tail's
// complement when the interval lies right of the mode.
func (t *truncNormal) draw(rnd *rand.Rand) float64 {
	for {
		u := rnd.Float64()
		var s float64
		if t.upper {
			s = -rng.NormalQuantile(rng.NormalCDF(-t.alpha) - u*t.z)
		} else {
			s = rng.NormalQuantile(rng.NormalCDF(t.alpha) + u*t.z)
		}
		// Rounding may step just outside the interval; u = 0 on an
		// unbounded side gives ±∞, drawn again.
		s = min(max(s, t.alpha), t.beta)
		if !math.IsInf(s, 0) {
			return t.mu + t.sigma*s
		}
	}
}
