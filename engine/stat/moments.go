package stat

import "github.com/mmfld/playground/engine/internal/vec"

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
