package main

import (
	"math"
	"strings"
	"testing"
)

// TestReproduceQuickE1Proximal checks experiment 1's barrier pair in the
// quick report, MMFLD against proximal MFLD at β = 0.1 (the projected
// method with the barrier in a proximal step; docs/math.md, "proximal"):
// proximal MFLD keeps every particle off the faces, never floors the
// barrier and refuses no move, and both methods end near the same
// objective value, since they minimise the same one. Measured (N = 2000,
// 1000 steps, seed 1): boundary mass 0 and 0.0005, L̂ 1.0117 and 1.0124,
// F 0.7617 and 0.7607; the thresholds are far from them (projected MFLD on
// this objective, with the barrier floored on the faces, ends at L̂ ≈ 10.5).
func TestReproduceQuickE1Proximal(t *testing.T) {
	e1 := quickNumbers(t, "e1")
	if f, bm := e1["proximal-beta0.1.onFace"], e1["proximal-beta0.1.boundaryMass"]; f != 0 || bm > 0.01 {
		t.Errorf("proximal β=0.1: %.4f on a face, boundary mass %.4f; want 0 and ≤ 0.01", f, bm)
	}
	if fl, rej := e1["proximal.floored"], e1["proximal.rejected"]; fl != 0 || rej != 0 {
		t.Errorf("proximal β=0.1: the barrier floored %v times, %v moves refused; want 0", fl, rej)
	}
	lm, lp := e1["mmfld-beta0.1.L"], e1["proximal-beta0.1.L"]
	fm, fp := e1["mmfld-beta0.1.F"], e1["proximal-beta0.1.F"]
	if !(math.Abs(lm-lp) < 0.1) || !(math.Abs(fm-fp) < 0.1) {
		t.Errorf("β=0.1: L̂ %.4f (mmfld) and %.4f (proximal), F %.4f and %.4f; want each pair within 0.1", lm, lp, fm, fp)
	}
	_, r, _ := quickReport(t)
	found := false
	for _, c := range r.Claims {
		if c.Experiment == "e1" && strings.Contains(c.Claim, "against proximal MFLD") {
			found = true
			if !strings.Contains(c.Why, "proximal MFLD") || !strings.Contains(c.Why, "floored 0 times") {
				t.Errorf("the barrier verdict's reason does not give proximal MFLD's numbers: %s", c.Why)
			}
		}
	}
	if !found {
		t.Error("no e1 verdict on MMFLD against proximal MFLD with the barrier")
	}
}
