package rng

import (
	"math"
	"testing"
)

// TestNormalsAVX2MatchesGo checks that Normals draws the bits of its lanes
// (normalsLane) with the lanes in AVX2: the same numbers and the same state
// after, for lengths that are and are not multiples of 4, over 10⁵ numbers
// of which about 1.5% take normalSlow (more than missCap of them in one
// call: the vector loop stops and resumes), and calls in a row continue
// alike.
func TestNormalsAVX2MatchesGo(t *testing.T) {
	if !useAVX2 {
		t.Skip("this processor has no AVX2")
	}
	for _, n := range []int{1, 3, 4, 5, 8, 255, 768, 100_000} {
		var vec, ref Stream
		vec.Reseed(11, int64(n), 2)
		ref.Reseed(11, int64(n), 2)
		for call := range 3 {
			a, b := make([]float64, n), make([]float64, n)
			vec.Normals(a)
			q := n / Lanes
			for l := range Lanes {
				ref.normalsLane(l, b[l*q:(l+1)*q])
			}
			ref.normalsLane(0, b[Lanes*q:])
			slow := 0
			for i := range a {
				if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
					t.Fatalf("n=%d call %d: number %d is %v with AVX2, %v in Go", n, call, i, a[i], b[i])
				}
				if math.Abs(a[i]) > zigR {
					slow++
				}
			}
			if vec.s != ref.s {
				t.Fatalf("n=%d call %d: the states differ after the draws", n, call)
			}
			if n == 100_000 && slow == 0 {
				t.Errorf("n=%d: no number beyond the ziggurat's base: the tail was not drawn", n)
			}
		}
	}
}

// BenchmarkNormalsGo is BenchmarkNormals with the lanes drawn in Go, as in
// WebAssembly: the peer of the vector loop.
func BenchmarkNormalsGo(b *testing.B) {
	saved := useAVX2
	useAVX2 = false
	defer func() { useAVX2 = saved }()
	BenchmarkNormals(b)
}
