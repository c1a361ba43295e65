// Package stat holds the statistics the engine's readouts and tests use:
// the Kozachenko–Leonenko entropy estimate, the energy distance, empirical
// moments, the Dirichlet law's moments, entropy and draws, and the exactly
// known targets a run approaches, with their moments and exact draws.
package stat

import (
	"math"

	"github.com/mmfld/playground/engine/internal/vec"
)

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
	return EnergyOf(MeanDist(x, z, w), MeanDistWithin(x, w), MeanDistWithin(z, w))
}

// EnergyOf returns the energy distance from its three mean distances:
// E‖X−Z‖ − ½E‖X−X′‖ − ½E‖Z−Z′‖ (MeanDist, MeanDistWithin), cut at 0.
func EnergyOf(xz, xx, zz float64) float64 { return max(xz-xx/2-zz/2, 0) }

// MeanDist returns the mean distance between the points of x and those of z.
func MeanDist(x, z []float64, w int) float64 {
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

// MeanDistWithin returns the mean distance between two points of x drawn
// independently (pairs of a point with itself included).
func MeanDistWithin(x []float64, w int) float64 {
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
