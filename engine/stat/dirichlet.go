package stat

import (
	"math"
	"math/rand/v2"

	"github.com/mmfld/playground/engine/internal/rng"
	"github.com/mmfld/playground/engine/internal/vec"
	"gonum.org/v1/gonum/mathext"
)

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
