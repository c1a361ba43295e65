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

// peerK is the number of standard errors within which the engine and a
// peer must agree. With 6 statistics (not independent) and normal z-scores,
// a false alarm has probability at most 6 · P(|Z| > 5) ≈ 3.4e-6 per peer.
const peerK = 5

// peerCheck is one peer the test runs: the command that runs its script,
// or why it cannot run here.
type peerCheck struct {
	name    string
	argv    []string // interpreter and script
	missing string   // non-empty: skip, saying this
}

// peersToCheck returns the JavaScript peer under node and the NumPy peer
// under a Python 3 that has NumPy (Debian's python3-numpy is installed by
// make bench, not by the test dependencies, so it may be absent).
func peersToCheck() []peerCheck {
	dir := filepath.Join("..", "..", "bench", "peer")
	js := peerCheck{name: "js"}
	if node, err := exec.LookPath("node"); err == nil {
		js.argv = []string{node, filepath.Join(dir, "mmfld_simplex.js")}
	} else {
		js.missing = "node is not installed (make deps-test installs nodejs): cannot run bench/peer/mmfld_simplex.js"
	}
	np := peerCheck{name: "numpy", missing: "no python3 with NumPy (make bench installs python3-numpy): cannot run bench/peer/mmfld_simplex.py"}
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		if exec.Command(py, "-c", "import numpy").Run() == nil {
			np.argv, np.missing = []string{py, filepath.Join(dir, "mmfld_simplex.py")}, ""
			break
		}
	}
	return []peerCheck{js, np}
}

// TestPeersAreTheEngineAlgorithm runs each peer (bench/peer/mmfld_simplex.js
// and .py) and the engine from the same initial particles, uniform on Δ²,
// for the same number of steps of the reference workload (meanmatch, mmfld,
// the engine's default λ, η, q, β = 0.1), and requires the particle clouds
// to have the same means and variances of x₁, x₂, x₃ within peerK standard
// errors: the peers the benchmark quotes run the engine's algorithm. They
// draw different random numbers, so they agree in law, not bit for bit, at
// every step (all start from the same particles); 1000 steps (time 3) take
// the cloud most of the way to its stationary law (mean x₁ ≈ 0.51 of about
// 0.52). A control run of each peer with λ 30% larger, everything else
// equal, must be told apart (some |z| > peerK), so the test can see a
// difference of that size.
func TestPeersAreTheEngineAlgorithm(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the peers and the engine for 1000 steps of 20000 particles each")
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
	type run struct {
		cmd *exec.Cmd
		out string
	}
	start := func(p peerCheck, name string, lambda float64) run {
		out := filepath.Join(dir, p.name+"-"+name+".bin")
		cmd := exec.Command(p.argv[0], append(p.argv[1:],
			"--n", fmt.Sprint(n), "--steps", fmt.Sprint(steps), "--warmup", "0", "--seed", "7",
			"--lambda", fmt.Sprint(lambda), "--eta", fmt.Sprint(c.Eta), "--beta", fmt.Sprint(c.Beta),
			"--q", joinFloats(c.Q, ","), "--init", initPath, "--out", out)...)
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return run{cmd, out}
	}
	peers := peersToCheck()
	runs := map[string][2]run{} // the peer at λ, and the control at 1.3λ
	for _, p := range peers {
		if p.missing == "" {
			runs[p.name] = [2]run{start(p, "same", c.Lambda), start(p, "control", 1.3*c.Lambda)}
		}
	}
	// The engine steps while the peers run.
	s.Step(steps)
	eng := momentsOf(s.Primal(nil))
	for _, p := range peers {
		t.Run(p.name, func(t *testing.T) {
			if p.missing != "" {
				t.Skip(p.missing)
			}
			var got [2]peerMoments
			for k, r := range runs[p.name] {
				if err := r.cmd.Wait(); err != nil {
					t.Fatalf("%v: %v", r.cmd.Args, err)
				}
				x, err := readFloat64sLE(r.out, 3*n)
				if err != nil {
					t.Fatal(err)
				}
				got[k] = momentsOf(x)
			}
			names := [6]string{"mean x₁", "mean x₂", "mean x₃", "var x₁", "var x₂", "var x₃"}
			for i, z := range zScores(eng, got[0]) {
				t.Logf("%s: engine %.5f, %s peer %.5f, z = %+.2f", names[i], stat(eng, i), p.name, stat(got[0], i), z)
				if math.Abs(z) > peerK || math.IsNaN(z) {
					t.Errorf("%s: the engine (%.5f) and the %s peer (%.5f) differ by %.1f standard errors (> %d)",
						names[i], stat(eng, i), p.name, stat(got[0], i), z, peerK)
				}
			}
			worst := 0.0
			for _, z := range zScores(eng, got[1]) {
				worst = max(worst, math.Abs(z))
			}
			t.Logf("control (%s peer with λ × 1.3): largest |z| = %.1f", p.name, worst)
			if !(worst > peerK) {
				t.Errorf("the test cannot tell the engine from the %s peer run with λ 30%% larger (largest |z| %.1f ≤ %d): it has too little power",
					p.name, worst, peerK)
			}
		})
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
