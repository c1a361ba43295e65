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

// trajectoryTol is the agreement required between builds. The two builds
// differ only in the last bits of math.Exp, Log and Sqrt (assembly on amd64,
// pure Go on wasm). Most dynamics contract such differences, but a particle
// next to a face under a map whose noise explodes there (Fermi–Dirac with
// adaptive substeps) amplifies them: measured, 6e-13 after 50 steps, 4e-10
// after 150. The runs are 50 steps long.
const trajectoryTol = 1e-12

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
	overall := 0.0
	for key, w := range want {
		g, ok := got[key]
		if !ok || len(g) != len(w) {
			t.Errorf("%s: run missing or of another length here (%s/%s)", key, runtime.GOOS, runtime.GOARCH)
			continue
		}
		worst, at := 0.0, 0
		for i := range w {
			if e := math.Abs(g[i]-w[i]) / (1 + math.Abs(w[i])); e > worst {
				worst, at = e, i
			}
		}
		overall = max(overall, worst)
		if worst > trajectoryTol {
			t.Errorf("%s: %s/%s differs from the reference build by %.3g (relative) at entry %d of %d, more than %g", key, runtime.GOOS, runtime.GOARCH, worst, at, len(w), trajectoryTol)
		}
	}
	t.Logf("%d runs agree with the reference build to %.3g (relative)", len(want), overall)
}
