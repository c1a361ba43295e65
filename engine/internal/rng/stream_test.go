package rng

import (
	"math"
	"slices"
	"sort"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// TestStreamNormals checks the ziggurat normals of Stream against N(0, 1):
// the first four moments within 5 standard errors and a Kolmogorov–Smirnov
// test, on 10⁶ draws from a fixed key, and that the tail and wedge paths
// (normalSlow, about 1.5% of draws) are taken.
func TestStreamNormals(t *testing.T) {
	const n = 1_000_000
	var r Stream
	r.Reseed(7, 3, 11)
	v := make([]float64, n)
	r.Normals(v)
	var m1, m2, m3, m4 float64
	beyond := 0
	for _, x := range v {
		m1 += x
		m2 += x * x
		m3 += x * x * x
		m4 += x * x * x * x
		if math.Abs(x) > zigR {
			beyond++
		}
	}
	m1, m2, m3, m4 = m1/n, m2/n, m3/n, m4/n
	// Standard errors of the sample moments of N(0, 1): √(Var Xᵏ/n), with
	// E X² = 1, E X⁴ = 3, E X⁶ = 15, E X⁸ = 105: Var X = 1, Var X² = 2,
	// Var X³ = 15, Var X⁴ = 96.
	for _, c := range []struct {
		name      string
		got, want float64
		variance  float64
	}{{"E X", m1, 0, 1}, {"E X²", m2, 1, 2}, {"E X³", m3, 0, 15}, {"E X⁴", m4, 3, 96}} {
		if se := math.Sqrt(c.variance / n); math.Abs(c.got-c.want) > 5*se {
			t.Errorf("%s = %.5f, want %g ± 5·%.2g", c.name, c.got, c.want, se)
		}
	}
	// P(|X| > zigR) = 2Φ(−3.6542) = 2.58e-4: the tail is drawn.
	tail := 2 * distuv.UnitNormal.CDF(-zigR)
	if se := math.Sqrt(tail * (1 - tail) / n); math.Abs(float64(beyond)/n-tail) > 5*se {
		t.Errorf("fraction beyond the ziggurat's base %.3g, want %.3g ± 5·%.2g", float64(beyond)/n, tail, se)
	}
	// Kolmogorov–Smirnov: D·√n < 1.95 at the 0.001 level (the asymptotic
	// Kolmogorov distribution).
	sort.Float64s(v)
	dmax := 0.0
	for i, x := range v {
		f := distuv.UnitNormal.CDF(x)
		dmax = max(dmax, math.Abs(f-float64(i)/n), math.Abs(f-float64(i+1)/n))
	}
	if dmax*math.Sqrt(n) > 1.95 {
		t.Errorf("Kolmogorov–Smirnov D·√n = %.3f, want < 1.95 (p = 0.001)", dmax*math.Sqrt(n))
	}
}

// TestStreamKeys checks that the streams of neighbouring keys differ and
// that a key gives the same numbers every time.
func TestStreamKeys(t *testing.T) {
	draw := func(seed uint64, k int64, b int) []uint64 {
		var r Stream
		r.Reseed(seed, k, b)
		out := make([]uint64, 8)
		for i := range out {
			out[i] = r.Next()
		}
		return out
	}
	base := draw(1, 5, 9)
	if !slices.Equal(base, draw(1, 5, 9)) {
		t.Fatal("the same key gave two streams")
	}
	for _, other := range [][]uint64{draw(2, 5, 9), draw(1, 6, 9), draw(1, 5, 10), draw(1, 9, 5), draw(0, 0, 0)} {
		for i := range base {
			if base[i] == other[i] {
				t.Errorf("streams of different keys share output %d: %x", i, base[i])
			}
		}
	}
}

// BenchmarkNormals draws a block's normals (768, three a particle of 256).
func BenchmarkNormals(b *testing.B) {
	var r Stream
	r.Reseed(1, 2, 3)
	dst := make([]float64, 768)
	b.ReportAllocs()
	for b.Loop() {
		r.Normals(dst)
	}
	b.ReportMetric(float64(len(dst))*float64(b.N)/b.Elapsed().Seconds(), "normals/s")
}

// TestZigguratMisses checks the share of draws that leave the ziggurat's
// common case, as the tables give it: Σ_l (1 − zigK[l]/2⁵¹)/256, the chance
// that a uniform layer and j fall outside the layer's core, is the 1.5% the
// docs quote (the top layer, whose core is empty, is 1/256 of it); and that
// a draw of 10⁶ misses as often, within 5 standard errors.
func TestZigguratMisses(t *testing.T) {
	p := 0.0
	for l := range zigLayers {
		p += (1 - zigK[l]/zigScale) / zigLayers
	}
	if p < 0.0145 || p > 0.0155 {
		t.Errorf("the tables leave the common case with probability %.4f, want 1.5%%", p)
	}
	if zigK[1] != 0 {
		t.Errorf("zigK[1] = %v, want 0 (the top layer has no core)", zigK[1])
	}
	var r Stream
	r.Reseed(3, 1, 4)
	const n = 1_000_000
	misses := 0
	for range n {
		if _, ok := zigFast(r.Next()); !ok {
			misses++
		}
	}
	if se := math.Sqrt(p * (1 - p) / n); math.Abs(float64(misses)/n-p) > 5*se {
		t.Errorf("%d of %d draws missed, want %.4f ± 5·%.2g", misses, n, p, se)
	}
}
