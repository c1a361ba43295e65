package engine

import (
	"math"
	"math/rand/v2"

	"github.com/mmfld/playground/engine/internal/vec"
	"github.com/mmfld/playground/engine/stat"
)

// EntropyMaxPoints bounds the particles the entropy readout uses, by chart
// dimension: the first min(N, EntropyMaxPoints(d)) particles, a uniform
// subsample because the particles are exchangeable. It keeps one estimate
// to a few milliseconds: in the plane the neighbour search costs O(1) per
// point (about 0.25 µs), but in higher dimension the k-d tree visits more
// and more of the points (about 0.7 µs per point at d = 3, 1.7 µs at d = 5,
// 5 µs at d = 10). In high dimension the estimate is then rough: for a
// standard Gaussian its bias is −0.07 at d = 5 and +0.17 at d = 10, with
// standard deviations 0.05 and 0.12 (stat/entropy_test.go), and elongated
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

// diagnostics are the readouts that cost more than a pass over the
// particles: the entropy estimate, the covariance and the comparison with a
// known target. System.MetricsInto recomputes them only when the particles
// or the config changed (System.version), so drawing and polling the same
// state many times costs one computation.
type diagnostics struct {
	version uint64 // System.version these values belong to; 0: none yet
	runs    int    // how many times they were computed (for tests)

	kl      stat.KLEntropy
	entropy Optional
	ties    int
	mean    []float64
	cov     []float64

	// The known target, when the run has one (TargetOf).
	target      *stat.Target
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
	d, w, p := s.st.D, s.PrimalWidth(), s.st.P

	h, ties, ok := g.kl.EstimateStrided(s.st.X, p, d, min(s.st.N, EntropyMaxPoints(d)))
	g.entropy, g.ties = Optional{}, ties
	if ok {
		g.entropy = Some(h)
	}
	// The moments are of the coordinates a particle shows (Primal): the
	// slacks some domains carry are left out.
	xs := s.st.X
	if p != w {
		g.strip = s.Primal(vec.Grow(g.strip, s.st.N*w))
		xs = g.strip
	}
	g.mean, g.cov = stat.MeanCov(vec.Grow(g.mean, w), vec.Grow(g.cov, w*w), xs, w)

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
			g.exactWithin = stat.MeanDistWithin(g.exact, w)
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
	sub := xs[:min(s.st.N, EnergyParticles)*w]
	g.energy = stat.EnergyOf(stat.MeanDist(sub, g.exact, w), stat.MeanDistWithin(sub, w), g.exactWithin)
	return g
}
