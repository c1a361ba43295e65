package main

import (
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/mmfld/playground/engine"
)

// TestReproduceQuickChaos checks the propagation-of-chaos section of the
// quick report (N = 16, 64, 256, 1024, 4 seeds each, t = 16 after the
// burn-in): the covariance between two particles falls with N like 1/N,
// and matches the exact stationary law of the Euler chain. The measured
// values, the same on every machine at these seeds, are in the comments;
// the thresholds are far from them.
func TestReproduceQuickChaos(t *testing.T) {
	dir, r, _ := quickReport(t)
	ch := quickNumbers(t, "chaos")
	// The gap falls with N: measured ρ̂(16)/ρ̂(1024) = 56 (exact 64).
	if ratio := ch["ratio"]; !(ratio > 10) {
		t.Errorf("ρ̂(16)/ρ̂(1024) = %.3g, want > 10: the gap does not fall with N", ratio)
	}
	// Like 1/N: measured slope −0.950 ± 0.044.
	if b := ch["slope"]; !(b > -1.3 && b < -0.7) {
		t.Errorf("log-log slope %.3f ± %.3f, want within (−1.3, −0.7)", b, ch["slopeSE"])
	}
	// Every N within a few SE of the exact d(σ_η² − s_η²)/N: measured at
	// most 1.7 SE (4 seeds: a t law with 3 degrees of freedom, whence 6).
	if off := ch["maxOffSE"]; !(off <= 6) {
		t.Errorf("a point is %.1f SE from the exact law, want ≤ 6", off)
	}
	// N·ρ̂ stays near the exact 1.798: measured 1.54 to 2.12.
	c := chaosConfig(16, 1)
	sig, s2 := chaosExact(c)
	exact := float64(c.Dim) * (sig - s2)
	for _, n := range []int{16, 64, 256, 1024} {
		if nr := float64(n) * ch["rho."+strconv.Itoa(n)]; !(nr > exact/2 && nr < 2*exact) {
			t.Errorf("N = %d: N·ρ̂ = %.3f, want within a factor 2 of the exact %.3f", n, nr, exact)
		}
	}
	if v := verdictsOf(r)["chaos: The gap falls like 1/N"]; v == notReproduced {
		t.Errorf("verdict on the 1/N law: %v", v)
	}
	if st, err := os.Stat(filepath.Join(dir, "chaos.png")); err != nil || st.Size() == 0 {
		t.Errorf("chaos.png: %v", err)
	}
}

// TestReproduceQuickBias checks the step-size section of the quick report
// (one decade of η per algorithm, N ≤ 2000, λ = 1, seed 1): the bias falls
// with η for every algorithm on Dirichlet(2, 3, 4) and for mirrored and
// mmfld-substep on the uniform target, and one-step mmfld's error on the
// uniform target is far above mirrored's at the same η. Measured values in
// the comments.
func TestReproduceQuickBias(t *testing.T) {
	b := quickNumbers(t, "bias")
	// |E V − E*V| at η = top and top/10 on Dirichlet(2, 3, 4): measured
	// mirrored 0.239 → 0.0102 (η = 0.3 → 0.03), mmfld 0.280 → 0.0130 and
	// mmfld-substep 0.128 → 0.0097 (η = 0.03 → 0.003).
	for _, alg := range []string{engine.AlgorithmMirrored, engine.AlgorithmMMFLD, engine.AlgorithmMMFLDSubstep} {
		top, bottom := b["a234."+alg+".errTop"], b["a234."+alg+".errBottom"]
		if !(top > 4*bottom) {
			t.Errorf("α = (2, 3, 4), %s: error %.3g at the largest η, %.3g at a tenth of it; want a fall by more than 4×", alg, top, bottom)
		}
	}
	// The uniform target: mmfld-substep's sphere scheme leaves it invariant,
	// so its error is below its noise floor at η = 0.3 and 0.03 (measured
	// 0.00092 and 0.0025 under floors of 0.0042 and 0.0073); the Euler
	// substeps it replaced had 0.095 at η = 0.3.
	for _, end := range []string{"Top", "Bottom"} {
		if e, f := b["a111.mmfld-substep.err"+end], b["a111.mmfld-substep.floor"+end]; !(e <= f && f < 0.03) {
			t.Errorf("α = (1, 1, 1), mmfld-substep: error %.3g at the %s η, floor %.3g; want the error below the floor, and the floor below 0.03", e, strings.ToLower(end), f)
		}
	}
	// At η = 0.03 one-step mmfld's error (0.138) is 24 times mirrored's
	// (0.0058, itself below its noise floor 0.0082).
	if mm, mir := b["a111.mmfld.errTop"], b["a111.mirrored.errBottom"]; !(mm > 5*mir && mm > 0.05) {
		t.Errorf("α = (1, 1, 1) at η = 0.03: mmfld %.3g, mirrored %.3g; want mmfld above 0.05 and 5× mirrored's", mm, mir)
	}
	// Every error and floor is finite and positive.
	for k, v := range b {
		if strings.Contains(k, ".err") || strings.Contains(k, ".floor") {
			if !(v > 0) || math.IsInf(v, 0) {
				t.Errorf("%s = %v", k, v)
			}
		}
	}
}

// TestWeightedLinearFit: an exact line comes back exactly with the slope's
// SE from the known deviations; points that scatter more than their
// deviations allow get the Birge-scaled SE, which with equal deviations is
// the unweighted fit's (Draper & Smith §1.4: 0.07 for this case).
func TestWeightedLinearFit(t *testing.T) {
	ones := []float64{1, 1, 1, 1}
	a, b, se := weightedLinearFit([]float64{0, 1, 2, 3}, []float64{1, 3, 5, 7}, ones)
	if math.Abs(a-1) > 1e-12 || math.Abs(b-2) > 1e-12 || math.Abs(se-1/math.Sqrt(5)) > 1e-12 {
		t.Errorf("exact line: a %v, b %v, SE %v; want 1, 2, 1/√5", a, b, se)
	}
	tenth := []float64{0.1, 0.1, 0.1, 0.1}
	_, b, se = weightedLinearFit([]float64{0, 1, 2, 3}, []float64{0, 1, 1, 3}, tenth)
	if math.Abs(b-0.9) > 1e-12 || math.Abs(se*se-0.07) > 1e-12 {
		t.Errorf("scattered points: b %v, SE² %v; want 0.9, 0.07", b, se*se)
	}
}

// TestBatchMeans: 1, …, 10 in 5 batches has batch means 1.5, 3.5, …, 9.5,
// whose mean is 5.5 and standard error √(10/5) = √2.
func TestBatchMeans(t *testing.T) {
	xs := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	m, se := batchMeans(xs, 5)
	if math.Abs(m-5.5) > 1e-12 || math.Abs(se-math.Sqrt2) > 1e-12 {
		t.Errorf("batch means: %v ± %v, want 5.5 ± √2", m, se)
	}
}
