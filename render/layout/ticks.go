package layout

import (
	"math"
	"strconv"
)

// NiceStep returns the smallest number of the form 1, 2 or 5 × 10ᵏ that is
// at least raw, or 0 when raw is not a positive finite number.
func NiceStep(raw float64) float64 {
	if !(raw > 0) || math.IsInf(raw, 0) {
		return 0
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	// The tolerance keeps raw = 2·10ᵏ, whose quotient may round to 2.0000000000000004, on 2.
	for _, m := range [...]float64{1, 2, 5} {
		if m*p >= raw*(1-1e-12) {
			return m * p
		}
	}
	return 10 * p
}

// Ticks returns the ticks of an axis showing [lo, hi]: the multiples of a
// nice step (NiceStep of (hi−lo)/maxTicks) within [lo, hi], appended to
// dst[:0], and the step. There are at most maxTicks+1 ticks. An empty or
// non-finite interval, or maxTicks < 1, gives no ticks and step 0.
// A tick within a millionth of a step of 0 is exactly 0.
func Ticks(dst []float64, lo, hi float64, maxTicks int) ([]float64, float64) {
	dst = dst[:0]
	if maxTicks < 1 || !(hi > lo) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return dst, 0
	}
	step := NiceStep((hi - lo) / float64(maxTicks))
	if step == 0 || math.IsInf(hi/step, 0) {
		return dst, 0
	}
	first := math.Ceil(lo/step - 1e-9)
	for k := first; k <= hi/step+1e-9 && len(dst) <= maxTicks; k++ {
		v := k * step
		if math.Abs(v) < step*1e-6 {
			v = 0
		}
		dst = append(dst, v)
	}
	return dst, step
}

// TickDecimals returns the number of decimals that write every multiple of
// step exactly: 0 for steps of 1 or more, 1 for 0.5, 0.2 and 0.1, and so on.
func TickDecimals(step float64) int {
	if !(step > 0) || math.IsInf(step, 0) {
		return 0
	}
	return max(0, int(math.Ceil(-math.Log10(step)-1e-9)))
}

// AppendTickLabel appends the label of tick v on an axis with the given
// step to dst and returns it: TickDecimals(step) decimals and a true minus
// sign (U+2212) for negative values, so −1.5, 0, 2.5.
func AppendTickLabel(dst []byte, v, step float64) []byte {
	dec := TickDecimals(step)
	if math.IsNaN(v) {
		return append(dst, "NaN"...)
	}
	// A value that rounds to zero is written without a sign.
	if v < 0 && math.Abs(v) >= 0.5*math.Pow(10, -float64(dec)) {
		dst = append(dst, "−"...)
	}
	return strconv.AppendFloat(dst, math.Abs(v), 'f', dec, 64)
}

// ParticleStyle returns the side in pixels and the opacity of the square
// drawn for each of n particles: large and nearly opaque for a few hundred
// particles, small and faint for hundreds of thousands, so that a dense
// cloud shows its density instead of a solid blot. The side goes as
// 6·n^(−0.1) within [1.5, 4] and the opacity as 0.9·√(2000/n) within
// [0.12, 0.9].
func ParticleStyle(n int) (size, alpha float64) {
	if n < 1 {
		n = 1
	}
	size = min(max(6*math.Pow(float64(n), -0.1), 1.5), 4)
	alpha = min(max(0.9*math.Sqrt(2000/float64(n)), 0.12), 0.9)
	return size, alpha
}
