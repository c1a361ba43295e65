package engine

import (
	"math"
	"testing"

	"github.com/mmfld/playground/engine/integrate"
)

// TestFusedMMFLDMatchesPhases compares mirror.EntropicSimplex.MMFLDBlock,
// the fused MMFLD step on Δ², with MMFLD's phases (integrate.MMFLDPhases:
// the map's BlockMap methods and HessSqrtMul's noise), step by step from the same particles: the reference
// workload, large steps near the faces (where the cuts and clamps act) and
// dirichlet. The two draw the same normal numbers; they differ only in the
// rounding of the noise (the fused step takes 1/√X̃ᵢ from half-exponents),
// so after each step every dual coordinate must agree to 1e-12·(1 + |y|)
// (near a face the two terms ξᵢ/√X̃ᵢ and ξ₃/√X̃₃ reach thousands and cancel:
// their last bits then show in the move), every primal one to 1e-10
// relative, and the cut counts to a few cuts.
func TestFusedMMFLDMatchesPhases(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  func(*Config)
	}{
		{"reference", func(c *Config) {}},
		{"large steps", func(c *Config) { c.Eta, c.Lambda = 0.5, 1 }},
		{"dirichlet", func(c *Config) { c.Objective = ObjectiveDirichlet }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := meanMatchSimplex(3000)
			tc.cfg(&c)
			fused, err := New(c)
			if err != nil {
				t.Fatal(err)
			}
			phased, _ := New(c)
			if f, ok := fused.st.Blocks.(interface{ FusesMMFLD() bool }); !ok || !f.FusesMMFLD() {
				t.Fatal("the entropic simplex on Δ² does not fuse its MMFLD step")
			}
			phased.integ = integrate.MMFLDPhases()
			worstY := 0.0
			for k := range 30 {
				copy(phased.st.Y, fused.st.Y)
				copy(phased.st.X, fused.st.X)
				c0, p0 := fused.clamped, phased.clamped
				fused.Step(1)
				phased.Step(1)
				for i, v := range fused.st.Y {
					worstY = max(worstY, math.Abs(v-phased.st.Y[i])/(1+math.Abs(phased.st.Y[i])))
					if w := phased.st.Y[i]; !(math.Abs(v-w) <= 1e-12*(1+math.Abs(w))) {
						t.Fatalf("step %d: y[%d] = %v fused, %v phased", k+1, i, v, w)
					}
				}
				for i, v := range fused.st.X {
					if w := phased.st.X[i]; !(v > 0) || !(math.Abs(v-w) <= 1e-10*w) {
						t.Fatalf("step %d: x[%d] = %v fused, %v phased", k+1, i, v, w)
					}
				}
				if dc, dp := fused.clamped-c0, phased.clamped-p0; math.Abs(float64(dc-dp)) > 2+1e-4*float64(dp) {
					t.Fatalf("step %d: %d cuts fused, %d phased", k+1, dc, dp)
				}
			}
			if fused.rejected != phased.rejected {
				t.Errorf("rejected: %d fused, %d phased", fused.rejected, phased.rejected)
			}
			t.Logf("clamped %d fused, %d phased; worst dual difference %.2g·(1 + |y|)", fused.clamped, phased.clamped, worstY)
		})
	}
}
