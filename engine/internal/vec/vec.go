// Package vec holds the engine's small helpers on float64 slices: the one
// rule for destination buffers (Grow) and the few vector operations every
// part of the engine needs.
package vec

import "math"

// Destination buffers: one rule across the engine.
//
// Every function or method that writes a slice of results takes a dst
// argument and returns the result:
//
//   - if len(dst) is at least the length n of the result, the result is
//     written into dst[:n] in place and dst[:n] is returned;
//   - otherwise (dst nil or too short) a new slice of length n is allocated,
//     written and returned; dst is left unchanged.
//
// No length of dst panics, so a caller that keeps buffers across a change of
// N, of the dimension or of the domain (a snapshot, the metrics, the browser
// bridge) cannot crash; it passes the buffer it has and keeps what comes
// back. Hot loops pass buffers of the right length, sized once per
// configuration, so they write in place and allocate nothing.
//
// Grow implements the rule; every dst in the engine goes through it.

// Grow returns dst[:n] if dst has at least n entries, and a new slice of
// length n otherwise (see the rule above).
func Grow(dst []float64, n int) []float64 {
	if len(dst) >= n {
		return dst[:n]
	}
	return make([]float64, n)
}

// ClampEach cuts every entry of v to [−b, b] and returns the number of cuts;
// NaN passes through.
func ClampEach(v []float64, b float64) int {
	n := 0
	for i, e := range v {
		if e > b {
			v[i] = b
			n++
		} else if e < -b {
			v[i] = -b
			n++
		}
	}
	return n
}

// Dot returns Σ aᵢbᵢ over the length of a.
func Dot(a, b []float64) float64 {
	s := 0.0
	for i, e := range a {
		s += e * b[i]
	}
	return s
}

// ScaledNorm returns z and a power of two sc with ‖v‖ = z/sc, where z is
// finite for every finite v: when max|vᵢ| is outside [2⁻⁵⁰⁰, 2⁵⁰⁰] the sum of
// squares is taken of v·sc (exact scaling), so it neither overflows nor
// underflows. NaN in v gives NaN; ±Inf gives z = +Inf, sc = 1.
func ScaledNorm(v []float64) (z, sc float64) {
	m := 0.0
	for _, e := range v {
		m = max(m, math.Abs(e))
	}
	if m == 0 || math.IsInf(m, 0) || math.IsNaN(m) {
		return m, 1
	}
	sc = 1.0
	if m < 0x1p-500 || m > 0x1p500 {
		_, e := math.Frexp(m)
		sc = math.Ldexp(1, -e)
	}
	s := 0.0
	for _, e := range v {
		e *= sc
		s += e * e
	}
	return math.Sqrt(s), sc
}

// SqDist returns the squared Euclidean distance between a and b.
func SqDist(a, b []float64) float64 {
	s := 0.0
	for i, v := range a {
		e := v - b[i]
		s += e * e
	}
	return s
}

// AllFinite reports whether no entry of v is NaN or ±Inf.
func AllFinite(v []float64) bool {
	for _, e := range v {
		if math.IsNaN(e) || math.IsInf(e, 0) {
			return false
		}
	}
	return true
}
