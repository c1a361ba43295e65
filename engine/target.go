package engine

import (
	"math"
	"slices"

	"github.com/mmfld/playground/engine/stat"
)

// TargetOf returns the target of the run c describes, or nil when it is not
// known exactly (see Target). c must be valid.
func TargetOf(c Config) *stat.Target {
	switch {
	case c.Domain == DomainSimplex && c.Objective == ObjectiveDirichlet:
		return stat.DirichletTarget(c.Alpha)
	case c.Objective == ObjectiveInteraction && c.Domain == DomainPlane:
		s := 1 / math.Sqrt(1/(c.Sigma*c.Sigma)+c.Kappa/c.Lambda)
		return stat.ProductTarget(c.Center, s, 0, nil, nil)
	case c.Objective != ObjectiveGaussian && c.Objective != ObjectiveDoubleWell:
		return nil
	}
	shift := 0.0
	if c.Objective == ObjectiveDoubleWell {
		shift = c.Sigma * math.Sqrt(2*c.Depth)
	}
	lo, hi := make([]float64, c.Dim), make([]float64, c.Dim)
	switch c.Domain {
	case DomainBox:
		for j := range lo {
			lo[j], hi[j] = c.Low, c.High
		}
		return stat.ProductTarget(c.Center, c.Sigma, shift, lo, hi)
	case DomainOrthant:
		for j := range lo {
			lo[j], hi[j] = 0, math.Inf(1)
		}
		return stat.ProductTarget(c.Center, c.Sigma, shift, lo, hi)
	case DomainPlane:
		return stat.ProductTarget(c.Center, c.Sigma, shift, nil, nil)
	case DomainBall, DomainPolygon:
		return stat.RejectionTarget(newMirror(&c), c.Center, c.Sigma, shift)
	}
	return nil
}

// sameTarget reports whether a and b have the same target (the fields
// TargetOf reads), so the exact draws can be kept.
func sameTarget(a, b *Config) bool {
	return a.Domain == b.Domain && a.Objective == b.Objective && a.Dim == b.Dim &&
		a.Low == b.Low && a.High == b.High && a.Radius == b.Radius && a.Sigma == b.Sigma && a.Depth == b.Depth &&
		(a.Objective != ObjectiveInteraction || a.Kappa == b.Kappa && a.Lambda == b.Lambda) &&
		slices.Equal(a.Alpha, b.Alpha) && slices.Equal(a.Center, b.Center) && slices.Equal(a.Vertices, b.Vertices)
}
