package engine

import (
	"encoding/json"
	"flag"
	"math"
	"os"
	"runtime"
	"testing"
)

// The trajectory-agreement test compares builds of the engine: `make test`
// runs it natively with -trajectory.write, then compiled to WebAssembly under
// Node with -trajectory.compare, so the browser provably computes what the
// desktop and the command line compute.
var (
	trajectoryWrite   = flag.String("trajectory.write", "", "write reference trajectories to this JSON file")
	trajectoryCompare = flag.String("trajectory.compare", "", "compare trajectories with this JSON file")
)

// The builds must agree bit for bit: the engine computes e^x, log x and
// hypot with its own pure-Go functions (purefloat.go) and draws every random
// number from its own streams (stream.go), never from package math's
// assembly (amd64) or math/rand's tails, which call it; the compiler does not
// fuse multiply–adds on amd64 (GOAMD64=v1) or in WebAssembly; and a step's
// blocks, whichever worker runs them, write only their own particles. A
// mean-field system amplifies any last-bit difference (measured before:
// 6e-13 after 50 steps, 4e-10 after 150, Fermi–Dirac with adaptive
// substeps), so equality is the only claim worth testing.

// trajectories runs every algorithm on every objective from a fixed seed and
// returns the final primal and dual coordinates and the metrics of each run.
func trajectories(t *testing.T) map[string][]float64 {
	out := map[string][]float64{}
	for _, c := range variants() {
		c.N = 64
		s := mustNew(t, c)
		s.Step(50)
		m := s.Metrics()
		key := describe(c)
		out[key] = append(append(s.Primal(nil), s.Dual(nil)...), m.F, m.BoundaryMass, m.Time, float64(m.Clamped), float64(m.Rejected))
	}
	return out
}

func TestTrajectoryAgreement(t *testing.T) {
	if *trajectoryWrite == "" && *trajectoryCompare == "" {
		// Before computing the runs (seconds of work), not after.
		t.Skip("compares builds: run with -trajectory.write natively, then -trajectory.compare under GOOS=js GOARCH=wasm (make test does)")
	}
	t.Parallel() // the flags are only read
	got := trajectories(t)
	if *trajectoryWrite != "" {
		b, err := json.Marshal(got)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(*trajectoryWrite, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if *trajectoryCompare == "" {
		return
	}
	b, err := os.ReadFile(*trajectoryCompare)
	if err != nil {
		t.Fatal(err)
	}
	var want map[string][]float64
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	if len(want) != len(got) {
		t.Fatalf("%d reference runs, %d here", len(want), len(got))
	}
	for key, w := range want {
		g, ok := got[key]
		if !ok || len(g) != len(w) {
			t.Errorf("%s: run missing or of another length here (%s/%s)", key, runtime.GOOS, runtime.GOARCH)
			continue
		}
		for i := range w {
			if math.Float64bits(g[i]) != math.Float64bits(w[i]) {
				t.Errorf("%s: %s/%s differs from the reference build at entry %d of %d: %v, want %v (the same bits)", key, runtime.GOOS, runtime.GOARCH, i, len(w), g[i], w[i])
				break
			}
		}
	}
	t.Logf("%d runs agree with the reference build bit for bit", len(want))
}
