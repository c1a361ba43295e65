package main

import (
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/mmfld/playground/engine"
)

// peerMoments are the means and variances, over the particles, of the three
// barycentric coordinates, with the fourth central moments for the standard
// errors of the variances.
type peerMoments struct {
	n              int
	mean, vr, m4th [3]float64
}

func momentsOf(x []float64) peerMoments {
	m := peerMoments{n: len(x) / 3}
	nf := float64(m.n)
	for i := 0; i < len(x); i += 3 {
		for j := range 3 {
			m.mean[j] += x[i+j] / nf
		}
	}
	for i := 0; i < len(x); i += 3 {
		for j := range 3 {
			d := x[i+j] - m.mean[j]
			m.vr[j] += d * d / nf
			m.m4th[j] += d * d * d * d / nf
		}
	}
	return m
}

// zScores returns, for each coordinate's mean and variance, the difference
// between a and b in units of its standard error: SE(mean) = √(σ²/N),
// SE(variance) = √((μ₄ − σ⁴)/N) (the sample variance's asymptotic variance,
// e.g. Casella & Berger, Statistical Inference, ex. 5.8), the two runs' SEs
// added in quadrature. The particles are treated as independent: in the
// mean-field limit they are (propagation of chaos; their O(1/N) correlations
// here are through the mean m, which meanmatch pulls towards q, damping
// rather than amplifying the fluctuation of the particle mean), and the two
// runs share their initial particles, which makes their difference smaller
// than independent runs would give. Both make the test conservative.
func zScores(a, b peerMoments) (z [6]float64) {
	for j := range 3 {
		se := math.Sqrt(a.vr[j]/float64(a.n) + b.vr[j]/float64(b.n))
		z[j] = (a.mean[j] - b.mean[j]) / se
		sev := math.Sqrt((a.m4th[j]-a.vr[j]*a.vr[j])/float64(a.n) + (b.m4th[j]-b.vr[j]*b.vr[j])/float64(b.n))
		z[3+j] = (a.vr[j] - b.vr[j]) / sev
	}
	return z
}

// peerK is the number of standard errors within which the engine and the
// JavaScript peer must agree. With 6 statistics (not independent) and
// normal z-scores, a false alarm has probability at most 6 · P(|Z| > 5) ≈ 3.4e-6.
const peerK = 5

// TestJSPeerIsTheEngineAlgorithm runs the JavaScript peer
// (bench/peer/mmfld_simplex.js) and the engine from the same initial
// particles, uniform on Δ², for the same number of steps of the reference
// workload (meanmatch, mmfld, the engine's default λ, η, q, β = 0.1), and
// requires the two particle clouds to have the same means and variances of
// x₁, x₂, x₃ within peerK standard errors: the peer the benchmark quotes is
// the engine's algorithm. The two draw different random numbers, so they
// agree in law, not bit for bit, at every step (they start from the same
// particles); 1000 steps (time 3) take the cloud most of the way to its
// stationary law (mean x₁ ≈ 0.51 of about 0.52). A control run of the peer with λ 30% larger,
// everything else equal, must be told apart (some |z| > peerK), so the test
// can see a difference of that size.
func TestJSPeerIsTheEngineAlgorithm(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the JavaScript peer and the engine for 1000 steps of 20000 particles each")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed (make deps-test installs nodejs): cannot run bench/peer/mmfld_simplex.js")
	}
	const n, steps = 20000, 1000
	c, err := config("meanmatch", n)
	if err != nil {
		t.Fatal(err)
	}
	s, err := engine.New(c)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	initPath := filepath.Join(dir, "y.bin")
	if err := os.WriteFile(initPath, float64sLE(s.Dual(nil)), 0o644); err != nil {
		t.Fatal(err)
	}
	peer := func(name string, lambda float64) (*exec.Cmd, string) {
		out := filepath.Join(dir, name+".bin")
		cmd := exec.Command(node, filepath.Join("..", "..", "bench", "peer", "mmfld_simplex.js"),
			"--n", fmt.Sprint(n), "--steps", fmt.Sprint(steps), "--warmup", "0", "--seed", "7",
			"--lambda", fmt.Sprint(lambda), "--eta", fmt.Sprint(c.Eta), "--beta", fmt.Sprint(c.Beta),
			"--q", joinFloats(c.Q, ","), "--init", initPath, "--out", out)
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd, out
	}
	same, sameOut := peer("same", c.Lambda)
	control, controlOut := peer("control", 1.3*c.Lambda)
	s.Step(steps)
	eng := momentsOf(s.Primal(nil))
	read := func(cmd *exec.Cmd, path string) peerMoments {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("%v: %v", cmd.Args, err)
		}
		x, err := readFloat64sLE(path, 3*n)
		if err != nil {
			t.Fatal(err)
		}
		return momentsOf(x)
	}
	js, ctl := read(same, sameOut), read(control, controlOut)
	names := [6]string{"mean x₁", "mean x₂", "mean x₃", "var x₁", "var x₂", "var x₃"}
	for i, z := range zScores(eng, js) {
		t.Logf("%s: engine %.5f, JS peer %.5f, z = %+.2f", names[i], stat(eng, i), stat(js, i), z)
		if math.Abs(z) > peerK || math.IsNaN(z) {
			t.Errorf("%s: the engine (%.5f) and the JS peer (%.5f) differ by %.1f standard errors (> %d)", names[i], stat(eng, i), stat(js, i), z, peerK)
		}
	}
	worst := 0.0
	for _, z := range zScores(eng, ctl) {
		worst = max(worst, math.Abs(z))
	}
	t.Logf("control (peer with λ × 1.3): largest |z| = %.1f", worst)
	if !(worst > peerK) {
		t.Errorf("the test cannot tell the engine from the peer run with λ 30%% larger (largest |z| %.1f ≤ %d): it has too little power", worst, peerK)
	}
}

func stat(m peerMoments, i int) float64 {
	if i < 3 {
		return m.mean[i]
	}
	return m.vr[i-3]
}

func float64sLE(v []float64) []byte {
	b := make([]byte, 8*len(v))
	for i, e := range v {
		binary.LittleEndian.PutUint64(b[8*i:], math.Float64bits(e))
	}
	return b
}

func readFloat64sLE(path string, want int) ([]float64, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if len(b) != 8*want {
		return nil, fmt.Errorf("%s: %d bytes, want %d float64", path, len(b), want)
	}
	v := make([]float64, want)
	for i := range v {
		v[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
	}
	return v, nil
}
