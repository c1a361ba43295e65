package main

import (
	"math"
	"strconv"
	"strings"

	"github.com/mmfld/playground/engine"
)

// tail returns the mean and standard deviation of f over the last frac of a
// run's records (at least 3 of them, or all there are): the final value of
// a run that has settled, and how much it still fluctuates. The records are
// autocorrelated, so sd is a scale of the fluctuation, not a standard error
// of the mean.
func tail(r *runResult, frac float64, f func(m *engine.Metrics) float64) (mean, sd float64) {
	n := len(r.Records)
	k := min(n, max(3, int(math.Ceil(frac*float64(n)))))
	var s, s2 float64
	for _, m := range r.Records[n-k:] {
		v := f(&m)
		s += v
		s2 += v * v
	}
	mean = s / float64(k)
	return mean, math.Sqrt(max(s2/float64(k)-mean*mean, 0))
}

// at returns f at the record whose time is nearest t.
func at(r *runResult, t float64, f func(m *engine.Metrics) float64) float64 {
	best := 0
	for i := range r.Records {
		if math.Abs(r.Records[i].Time-t) < math.Abs(r.Records[best].Time-t) {
			best = i
		}
	}
	return f(&r.Records[best])
}

// timeTo returns the first recorded time at which f has closed frac of the
// way from its first value to final, or NaN if it never does.
func timeTo(r *runResult, frac, final float64, f func(m *engine.Metrics) float64) float64 {
	start := f(&r.Records[0])
	goal := start + frac*(final-start)
	for i := range r.Records {
		v := f(&r.Records[i])
		if (final <= start && v <= goal) || (final > start && v >= goal) {
			return r.Records[i].Time
		}
	}
	return math.NaN()
}

// minCoords returns each particle's smallest barycentric coordinate, the
// distance (in these coordinates) to the nearest face of the simplex; w is
// the number of coordinates per particle (d+1).
func minCoords(primal []float64, w int) []float64 {
	out := make([]float64, 0, len(primal)/w)
	for i := 0; i+w <= len(primal); i += w {
		m := math.Inf(1)
		for _, v := range primal[i : i+w] {
			m = min(m, v)
		}
		out = append(out, m)
	}
	return out
}

// fractionBelow returns the fraction of xs that are ≤ v.
func fractionBelow(xs []float64, v float64) float64 {
	n := 0
	for _, x := range xs {
		if x <= v {
			n++
		}
	}
	return float64(n) / float64(len(xs))
}

// linearFit fits y = a + b·x by least squares and returns a, b, the
// standard error of b and R² (Draper & Smith, Applied Regression Analysis,
// §1.4: SE(b)² = Σ residual² / ((n − 2) Σ (x − x̄)²)).
func linearFit(xs, ys []float64) (a, b, seB, r2 float64) {
	n := float64(len(xs))
	var mx, my float64
	for i := range xs {
		mx += xs[i]
		my += ys[i]
	}
	mx, my = mx/n, my/n
	var sxx, sxy, syy float64
	for i := range xs {
		sxx += (xs[i] - mx) * (xs[i] - mx)
		sxy += (xs[i] - mx) * (ys[i] - my)
		syy += (ys[i] - my) * (ys[i] - my)
	}
	b = sxy / sxx
	a = my - b*mx
	var rss float64
	for i := range xs {
		e := ys[i] - a - b*xs[i]
		rss += e * e
	}
	if n > 2 {
		seB = math.Sqrt(rss / (n - 2) / sxx)
	}
	return a, b, seB, 1 - rss/syy
}

// fmtVec formats v as (v₁, v₂, …) with the shortest spelling of each to 4
// significant digits.
func fmtVec(v []float64) string {
	parts := make([]string, len(v))
	for i, x := range v {
		parts[i] = strconv.FormatFloat(x, 'g', 4, 64)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// meanSE returns the mean of xs and its standard error, s/√n with s² the
// unbiased sample variance (0 for fewer than two values).
func meanSE(xs []float64) (mean, se float64) {
	n := float64(len(xs))
	for _, x := range xs {
		mean += x
	}
	mean /= n
	if len(xs) < 2 {
		return mean, 0
	}
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(ss / (n - 1) / n)
}

// batchMeans returns the mean of an autocorrelated series and its standard
// error by the method of batch means: the series is cut into b batches of
// equal length (the last len(xs) mod b values are left out), and the batch
// means, nearly independent when a batch is much longer than the
// autocorrelation time, give meanSE's standard error (Flegal & Jones 2010,
// Ann. Statist. 38(2), "Batch means and spectral variance estimators in
// Markov chain Monte Carlo").
func batchMeans(xs []float64, b int) (mean, se float64) {
	k := len(xs) / b
	if k == 0 {
		return meanSE(xs)
	}
	means := make([]float64, b)
	for i := range means {
		for _, x := range xs[i*k : (i+1)*k] {
			means[i] += x / float64(k)
		}
	}
	return meanSE(means)
}

// weightedLinearFit fits y = a + b·x by weighted least squares, each y
// known to standard deviation sigma (weights 1/sigma²), and returns a, b
// and the standard error of b: 1/√Σw(x − x̄_w)² from the known deviations,
// scaled by the Birge ratio √(χ²/(n − 2)) when the points scatter about the
// line more than their deviations allow (Bevington & Robinson, Data
// Reduction and Error Analysis, §6.4; Birge 1932).
func weightedLinearFit(xs, ys, sigma []float64) (a, b, seB float64) {
	var sw, sx, sy float64
	for i := range xs {
		w := 1 / (sigma[i] * sigma[i])
		sw += w
		sx += w * xs[i]
		sy += w * ys[i]
	}
	mx, my := sx/sw, sy/sw
	var sxx, sxy float64
	for i := range xs {
		w := 1 / (sigma[i] * sigma[i])
		sxx += w * (xs[i] - mx) * (xs[i] - mx)
		sxy += w * (xs[i] - mx) * (ys[i] - my)
	}
	b = sxy / sxx
	a = my - b*mx
	seB = 1 / math.Sqrt(sxx)
	if n := len(xs); n > 2 {
		var chi2 float64
		for i := range xs {
			e := (ys[i] - a - b*xs[i]) / sigma[i]
			chi2 += e * e
		}
		seB *= max(1, math.Sqrt(chi2/float64(n-2)))
	}
	return a, b, seB
}
