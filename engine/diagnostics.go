package engine

import (
	"encoding/json"
	"math"
	"math/rand/v2"

	"github.com/mmfld/playground/engine/internal/rng"
	"github.com/mmfld/playground/engine/internal/vec"
	"gonum.org/v1/gonum/mathext"
)

// Optional is a readout that only some runs have, such as an error against
// a target known only for some objectives. The zero value is absent. JSON
// spells a present value as a number and an absent one as null; Metrics
// tags its Optional fields omitzero, so an absent one is left out.
type Optional struct {
	Value float64
	Valid bool
}

// Some returns a present Optional holding v.
func Some(v float64) Optional { return Optional{Value: v, Valid: true} }

// IsZero reports whether o is absent (for the JSON tag option omitzero).
func (o Optional) IsZero() bool { return !o.Valid }

// MarshalJSON spells o as a number, or null when it is absent.
func (o Optional) MarshalJSON() ([]byte, error) {
	if !o.Valid {
		return []byte("null"), nil
	}
	return json.Marshal(finite(o.Value))
}

// UnmarshalJSON reads a number (present) or null (absent).
func (o *Optional) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*o = Optional{}
		return nil
	}
	if err := json.Unmarshal(b, &o.Value); err != nil {
		return err
	}
	o.Valid = true
	return nil
}

// EntropyMaxPoints bounds the particles the entropy readout uses, by chart
// dimension: the first min(N, EntropyMaxPoints(d)) particles, a uniform
// subsample because the particles are exchangeable. It keeps one estimate
// to a few milliseconds: in the plane the neighbour search costs O(1) per
// point (about 0.25 µs), but in higher dimension the k-d tree visits more
// and more of the points (about 0.7 µs per point at d = 3, 1.7 µs at d = 5,
// 5 µs at d = 10). In high dimension the estimate is then rough: for a
// standard Gaussian its bias is −0.07 at d = 5 and +0.17 at d = 10, with
// standard deviations 0.05 and 0.12 (entropy_test.go), and elongated
// clouds do worse.
func EntropyMaxPoints(d int) int {
	switch {
	case d <= 2:
		return 20000
	case d == 3:
		return 3000
	case d <= 5:
		return 1200
	default:
		return 500
	}
}

// Energy distance sizes: the readout compares the first
// min(N, EnergyParticles) particles with EnergySamples exact draws from the
// target, so one evaluation costs at most
// EnergyParticles·(EnergySamples + EnergyParticles/2) distances.
const (
	EnergyParticles = 300
	EnergySamples   = 600
	// EnergySeed seeds the exact draws, so the readout does not flicker.
	EnergySeed = 20040601
)

// MeanCov writes the mean (w numbers) and the covariance (w·w numbers, row
// major) of the empirical measure of the points in x, w coordinates per
// point, into mean and cov, and returns them; they follow vec.Grow's rule. The covariance
// is that of the measure itself: Σ (xᵢ − x̄)(xᵢ − x̄)ᵀ / n, 0 for one point.
func MeanCov(mean, cov, x []float64, w int) ([]float64, []float64) {
	mean, cov = vec.Grow(mean, w), vec.Grow(cov, w*w)
	clear(mean)
	clear(cov)
	n := len(x) / w
	if n == 0 {
		return mean, cov
	}
	for i := 0; i < len(x); i += w {
		for j := range w {
			mean[j] += x[i+j]
		}
	}
	for j := range mean {
		mean[j] /= float64(n)
	}
	for i := 0; i < len(x); i += w {
		p := x[i : i+w]
		for a := range w {
			da := p[a] - mean[a]
			row := cov[a*w : a*w+w]
			for b := a; b < w; b++ {
				row[b] += da * (p[b] - mean[b])
			}
		}
	}
	for a := range w {
		for b := a; b < w; b++ {
			cov[a*w+b] /= float64(n)
			cov[b*w+a] = cov[a*w+b]
		}
	}
	return mean, cov
}

// DirichletMoments writes the exact mean and covariance of Dirichlet(α) into
// mean (len(α) numbers) and cov (len(α)² numbers, row major) and returns
// them; they follow vec.Grow's rule. With α₀ = Σα (docs/math.md, known answers):
//
//	E xᵢ = αᵢ/α₀,  Cov(xᵢ, xⱼ) = (αᵢ α₀ δᵢⱼ − αᵢ αⱼ) / (α₀² (α₀ + 1)).
func DirichletMoments(mean, cov, alpha []float64) ([]float64, []float64) {
	w := len(alpha)
	mean, cov = vec.Grow(mean, w), vec.Grow(cov, w*w)
	a0 := 0.0
	for _, a := range alpha {
		a0 += a
	}
	scale := 1 / (a0 * a0 * (a0 + 1))
	for i, ai := range alpha {
		mean[i] = ai / a0
		for j, aj := range alpha {
			v := -ai * aj
			if i == j {
				v += ai * a0
			}
			cov[i*w+j] = v * scale
		}
	}
	return mean, cov
}

// DirichletEntropy returns the differential entropy of Dirichlet(α) on the
// chart (Lebesgue measure on the first K−1 coordinates, K = len(α)):
//
//	H = log B(α) + (α₀ − K) ψ(α₀) − Σⱼ (αⱼ − 1) ψ(αⱼ),  B(α) = Πⱼ Γ(αⱼ) / Γ(α₀).
func DirichletEntropy(alpha []float64) float64 {
	a0, h := 0.0, 0.0
	for _, a := range alpha {
		lg, _ := math.Lgamma(a)
		h += lg - (a-1)*mathext.Digamma(a)
		a0 += a
	}
	lg, _ := math.Lgamma(a0)
	return h - lg + (a0-float64(len(alpha)))*mathext.Digamma(a0)
}

// DirichletSample writes m draws from Dirichlet(α), len(α) numbers each,
// into dst and returns it; dst follows vec.Grow's rule. Each draw is independent Gamma(αᵢ,
// 1) variables divided by their sum.
func DirichletSample(dst []float64, alpha []float64, m int, src rand.Source) []float64 {
	w := len(alpha)
	dst = vec.Grow(dst, m*w)
	rnd := rand.New(src)
	for p := 0; p < len(dst); p += w {
		rng.Dirichlet(dst[p:p+w], alpha, rnd)
	}
	return dst
}

// EnergyDistance returns the energy distance between the empirical measures
// of the points x and z, w coordinates per point,
//
//	E(x, z) = E‖X − Z‖ − ½ E‖X − X'‖ − ½ E‖Z − Z'‖,
//
// with X, X' independent draws from the points of x and Z, Z' from those of
// z (so the within terms include the zero distances of a point to itself).
// It is half the energy distance of Székely & Rizzo ("Energy statistics: a
// class of statistics based on distances", J. Stat. Plan. Inference 143,
// 2013), is never negative (rounding is cut at 0), and is 0 only for equal
// measures. For two
// samples of sizes n and m from one law it is not 0 but about
// ½(1/n + 1/m)·E‖X − X'‖ on average. Cost: O((n + m)² w).
func EnergyDistance(x, z []float64, w int) float64 {
	return energyOf(meanDist(x, z, w), meanDistWithin(x, w), meanDistWithin(z, w))
}

func energyOf(xz, xx, zz float64) float64 { return max(xz-xx/2-zz/2, 0) }

// meanDist returns the mean distance between the points of x and those of z.
func meanDist(x, z []float64, w int) float64 {
	if len(x) == 0 || len(z) == 0 {
		return 0
	}
	sum := 0.0
	for i := 0; i < len(x); i += w {
		p := x[i : i+w]
		for j := 0; j < len(z); j += w {
			sum += math.Sqrt(vec.SqDist(p, z[j:j+w]))
		}
	}
	return sum / float64(len(x)/w) / float64(len(z)/w)
}

// meanDistWithin returns the mean distance between two points of x drawn
// independently (pairs of a point with itself included).
func meanDistWithin(x []float64, w int) float64 {
	n := len(x) / w
	if n < 2 {
		return 0
	}
	sum := 0.0
	for i := 0; i < len(x); i += w {
		p := x[i : i+w]
		for j := i + w; j < len(x); j += w {
			sum += math.Sqrt(vec.SqDist(p, x[j:j+w]))
		}
	}
	return 2 * sum / float64(n) / float64(n)
}

// diagnostics are the readouts that cost more than a pass over the
// particles: the entropy estimate, the covariance and the comparison with a
// known target. System.MetricsInto recomputes them only when the particles
// or the config changed (System.version), so drawing and polling the same
// state many times costs one computation.
type diagnostics struct {
	version uint64 // System.version these values belong to; 0: none yet
	runs    int    // how many times they were computed (for tests)

	kl      KLEntropy
	entropy Optional
	ties    int
	mean    []float64
	cov     []float64

	// The known target, when the run has one (TargetOf).
	target      *Target
	targetCfg   Config // the config target belongs to
	targetSet   bool   // target and targetCfg are current for some config
	meanErr     float64
	covErr      float64
	energy      float64
	exact       []float64 // EnergySamples exact draws from target
	exactWithin float64   // mean distance within exact
	exactRand   *rand.PCG
	strip       []float64 // the particles without their slacks, when they have some
	targets     int       // targets made (for tests)
}

// diagnose brings s.diag up to date with the particles and config.
func (s *System) diagnose() *diagnostics {
	g := &s.diag
	if g.version == s.version {
		return g
	}
	g.version = s.version
	g.runs++
	d, w, p := s.d, s.PrimalWidth(), s.p

	h, ties, ok := g.kl.estimate(s.x, p, d, min(s.n, EntropyMaxPoints(d)))
	g.entropy, g.ties = Optional{}, ties
	if ok {
		g.entropy = Some(h)
	}
	// The moments are of the coordinates a particle shows (Primal): the
	// slacks some domains carry are left out.
	xs := s.x
	if p != w {
		g.strip = s.Primal(vec.Grow(g.strip, s.n*w))
		xs = g.strip
	}
	g.mean, g.cov = MeanCov(vec.Grow(g.mean, w), vec.Grow(g.cov, w*w), xs, w)

	if !g.targetSet || !sameTarget(&g.targetCfg, &s.cfg) {
		// A new target and new exact draws, always from the same seed: the
		// readout depends on the particles and the target only.
		g.target, g.targetCfg, g.targetSet = TargetOf(s.cfg), s.cfg.Clone(), true
		g.targets++
		if g.target != nil {
			if g.exactRand == nil {
				g.exactRand = rand.NewPCG(EnergySeed, 0)
			}
			g.exactRand.Seed(EnergySeed, 0)
			g.exact = g.target.Sample(vec.Grow(g.exact, EnergySamples*w), EnergySamples, g.exactRand)
			g.exactWithin = meanDistWithin(g.exact, w)
		}
	}
	if g.target == nil {
		return g
	}
	me := 0.0
	for j, v := range g.mean {
		me += (v - g.target.Mean[j]) * (v - g.target.Mean[j])
	}
	ce := 0.0
	for j, v := range g.cov {
		ce += (v - g.target.Cov[j]) * (v - g.target.Cov[j])
	}
	g.meanErr, g.covErr = math.Sqrt(me), math.Sqrt(ce)
	sub := xs[:min(s.n, EnergyParticles)*w]
	g.energy = energyOf(meanDist(sub, g.exact, w), meanDistWithin(sub, w), g.exactWithin)
	return g
}
