package rng

// The few laws the engine draws from or evaluates outside its steps (the
// Dirichlet target, the truncated normals of the known targets), in pure Go.
// They replace gonum's stat/distuv, which brought gonum/mat, lapack and blas
// into the WebAssembly build (about +3.6 MB raw, +0.5 MB brotli) for one
// sampler and one density.

import (
	"math"
	"math/rand/v2"

	"github.com/mmfld/playground/engine/internal/purefloat"
	"gonum.org/v1/gonum/mathext"
)

// Gamma returns one draw from Gamma(α, 1) (density x^{α−1} e^{−x} / Γ(α)
// on x > 0), α > 0, by the method of Marsaglia and Tsang ("A simple method
// for generating gamma variables", ACM Trans. Math. Softw. 26(3), 2000,
// 363–372):
//
//	d = α − 1/3, c = 1/√(9d); repeat: x ~ N(0, 1), v = (1 + c·x)³ (again if
//	v ≤ 0), u ~ U(0, 1); accept d·v when u < 1 − 0.0331·x⁴ (the squeeze) or
//	log u < x²/2 + d·(1 − v + log v).
//
// It is exact for α ≥ 1. For α < 1 it uses the boost of the same paper
// (§6): Gamma(α) = Gamma(α + 1)·U^{1/α} with U ~ U(0, 1) independent,
// computed as exp(log G + log U / α). U is drawn in [2⁻⁵³, 1], so
// U^{1/α} ≥ 2^{−53/α}: at the engine's smallest Dirichlet α, 0.1, that is
// 2⁻⁵³⁰, far from underflow; for tiny α a draw may underflow to 0.
//
// The logarithms and the exponential are the engine's pure-Go purefloat.Log and
// purefloat.Exp, so native and WebAssembly builds draw the same bits from the
// same Stream (the normal draws are rng.NormFloat64, as in the steps).
func Gamma(rng *rand.Rand, alpha float64) float64 {
	boost := alpha < 1
	if boost {
		alpha++
	}
	d := alpha - 1.0/3
	c := 1 / math.Sqrt(9*d)
	var g float64
	for {
		x := rng.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := rng.Float64()
		x2 := x * x
		if u < 1-0.0331*x2*x2 || purefloat.Log(u) < x2/2+d*(1-v+purefloat.Log(v)) {
			g = d * v
			break
		}
	}
	if !boost {
		return g
	}
	// U in (0, 1]: 1 − Float64() is never 0, so log U is finite.
	u := 1 - rng.Float64()
	return purefloat.Exp(purefloat.Log(g) + purefloat.Log(u)/(alpha-1))
}

// Dirichlet writes one draw from Dirichlet(α) into dst (len(α)
// numbers): independent Gᵢ ~ Gamma(αᵢ, 1) divided by their sum (Devroye,
// Non-Uniform Random Variate Generation, 1986, §XI.4.1).
func Dirichlet(dst, alpha []float64, rng *rand.Rand) {
	sum := 0.0
	for i, a := range alpha {
		dst[i] = Gamma(rng, a)
		sum += dst[i]
	}
	for i := range alpha {
		dst[i] /= sum
	}
}

// NormalCDF returns Φ(x) = ½ erfc(−x/√2), exact in the lower tail.
func NormalCDF(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }

// NormalPDF returns the standard normal density
//
//	φ(x) = e^{−x²/2} / √(2π) = exp(−x²/2 − ½ log 2π),
//
// computed in the second form (as gonum's distuv.Normal.Prob) with the
// pure-Go purefloat.Exp; 0 at ±∞ and for |x| > 38.6, where it underflows.
func NormalPDF(x float64) float64 {
	const halfLog2Pi = 0.91893853320467274178032973640561763986139747363778 // ½ log 2π
	return purefloat.Exp(-halfLog2Pi - x*x/2)
}

// NormalQuantile returns Φ⁻¹(p), the standard normal quantile, for p in
// [0, 1] (−∞ at 0, +∞ at 1): gonum's mathext.NormalQuantile, Wichura's
// algorithm AS 241 (Appl. Statist. 37(3), 1988, 477–484), relative error
// about 1e-16. mathext is pure Go and does not bring in gonum/mat.
func NormalQuantile(p float64) float64 { return mathext.NormalQuantile(p) }
