package mmd

import (
	"math"
	"testing"

	"github.com/mmfld/playground/engine/internal/rng"
)

// TestKernelTile2 compares kernelTile's d = 2 loops (simd.KernelTile2: four
// lanes, in AVX2 on amd64) with the sums written plainly, for the three
// ways the exact mmd sums call it: a block against the target (no partial
// sums), a block against a later block (partial sums), and a block with
// itself (diag).
func TestKernelTile2(t *testing.T) {
	var r rng.Stream
	r.Reseed(7, 0, 0)
	pts := func(n int) []float64 {
		p := make([]float64, 2*n)
		for i := range p {
			p[i] = r.Uniform()
		}
		return p
	}
	const inv2h2 = 3.7
	k := func(x, y []float64) float64 {
		u0, u1 := x[0]-y[0], x[1]-y[1]
		return math.Exp(-(u0*u0 + u1*u1) * inv2h2)
	}
	near := func(what string, got, want float64) {
		t.Helper()
		if !(math.Abs(got-want) <= 1e-12*(1+math.Abs(want))) {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}
	a, b := pts(37), pts(53)
	for _, mode := range []string{"target", "partial", "diag"} {
		bb := b
		if mode == "diag" {
			bb = a
		}
		ga, sa := make([]float64, len(a)), make([]float64, len(a)/2)
		gb, sb := make([]float64, len(bb)), make([]float64, len(bb)/2)
		switch mode {
		case "target":
			kernelTile(ga, sa, nil, nil, a, bb, 2, inv2h2, false)
		case "partial":
			kernelTile(ga, sa, gb, sb, a, bb, 2, inv2h2, false)
		case "diag":
			kernelTile(ga, sa, ga, sa, a, a, 2, inv2h2, true)
		}
		wa, wsa := make([]float64, len(a)), make([]float64, len(a)/2)
		wb, wsb := make([]float64, len(bb)), make([]float64, len(bb)/2)
		for i := range len(a) / 2 {
			for j := range len(bb) / 2 {
				if mode == "diag" && j <= i {
					continue
				}
				x, y := a[2*i:2*i+2], bb[2*j:2*j+2]
				kv := k(x, y)
				for c := range 2 {
					wa[2*i+c] += kv * (x[c] - y[c])
					wb[2*j+c] -= kv * (x[c] - y[c])
				}
				wsa[i] += kv
				wsb[j] += kv
			}
		}
		if mode == "diag" { // both halves land in ga and sa
			for i := range wa {
				wa[i] += wb[i]
			}
			for i := range wsa {
				wsa[i] += wsb[i]
			}
		}
		for i := range wa {
			near(mode+": pull on a", ga[i], wa[i])
		}
		for i := range wsa {
			near(mode+": sum on a", sa[i], wsa[i])
		}
		if mode == "partial" {
			for i := range wb {
				near(mode+": pull on b", gb[i], wb[i])
			}
			for i := range wsb {
				near(mode+": sum on b", sb[i], wsb[i])
			}
		}
	}
}
