// Command bench measures the engine's speed and prints it as one JSON line;
// with -mode table it measures the engine beside its peers and prints the
// table `make bench` shows and the README quotes.
//
// The same program runs natively and compiled to WebAssembly under Node
// (GOOS=js GOARCH=wasm, run with $(go env GOROOT)/lib/wasm/go_js_wasm_exec):
//
//	bench -mode meanmatch [-n 100000] [-workers 1]   meanmatch on Δ², mmfld: particle-steps/s
//	bench -mode interaction [-n 4096]                 interaction on the box [0, 1]², mmfld: steps/s
//	bench -mode mmd [-n 4096]                         mmd with exact kernel sums on the box: steps/s
//	bench -mode table -wasm bench.wasm ...            the table (native only; see table.go)
//
// A run builds the System (not timed), takes -warmup steps (not timed), then
// times steps until -seconds have passed (at least 3 steps), or exactly
// -steps steps. Only System.Step is timed: no metrics are computed.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"time"

	"github.com/mmfld/playground/engine"
)

// Benchmark workloads (issue 7, "Speed").
const (
	meanMatchN = 100000 // the reference workload's particles
	quadN      = 4096   // the O(N²) objectives' particles
)

func main() {
	mode := flag.String("mode", "meanmatch", "meanmatch, interaction, mmd, or table")
	n := flag.Int("n", 0, "particles (0: 100000 for meanmatch, 4096 for interaction and mmd)")
	warmup := flag.Int("warmup", 5, "steps taken before the clock starts")
	seconds := flag.Float64("seconds", 1.5, "time steps for at least this long (at least 3 steps)")
	steps := flag.Int("steps", 0, "time exactly this many steps instead of -seconds")
	workers := flag.Int("workers", -1, "System.SetWorkers(n) before stepping, if the engine has it: 0 = all cores, -1 = do not call")
	var tf tableFlags
	tf.register()
	flag.Parse()
	if *mode == "table" {
		if err := runTable(&tf, *seconds, *warmup); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		return
	}
	r, err := measure(*mode, *n, *workers, *warmup, *steps, *seconds)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(2)
	}
	b, _ := json.Marshal(r)
	fmt.Println(string(b))
}

// config returns the Config of a workload with n particles (n ≤ 0: its default N).
func config(mode string, n int) (engine.Config, error) {
	c := engine.Default() // meanmatch on Δ², mmfld, HessianAt drift, λ = 0.1, η = 3e-3, q = (0.7, 0.2, 0.1)
	c.Beta = 0.1
	switch mode {
	case "meanmatch":
		c.N = meanMatchN
	case "interaction", "mmd":
		// The box [0, 1]² with the Fermi–Dirac map: both objectives are
		// valid there, and mmd has its minimiser (on the plane it has none).
		c.Domain, c.Mirror, c.Objective, c.N = engine.DomainBox, engine.MirrorFermiDirac, mode, quadN
		c.Low, c.High, c.Features = 0, 1, 0
		c.Center = engine.DefaultCenter(&c)
	default:
		return c, fmt.Errorf("unknown -mode %q (meanmatch, interaction, mmd, table)", mode)
	}
	if n > 0 {
		c.N = n
	}
	return c, c.Validate()
}

// workerSetter is System.SetWorkers, which the engine may or may not have yet;
// asking by interface keeps this program building either way.
type workerSetter interface{ SetWorkers(n int) }

// result is one measurement, printed as JSON.
type result struct {
	Engine     string  `json:"engine"` // GOOS/GOARCH
	Mode       string  `json:"mode"`
	N          int     `json:"n"`
	Workers    int     `json:"workers"`     // as asked (-1: SetWorkers not called)
	SetWorkers bool    `json:"set_workers"` // whether the engine has SetWorkers
	GOMAXPROCS int     `json:"gomaxprocs"`
	Steps      int     `json:"steps"`
	Seconds    float64 `json:"seconds"`
	// ParticleStepsPerS is N × steps / seconds; StepsPerS is steps / seconds.
	ParticleStepsPerS float64 `json:"particle_steps_per_s"`
	StepsPerS         float64 `json:"steps_per_s"`
}

func measure(mode string, n, workers, warmup, steps int, seconds float64) (result, error) {
	c, err := config(mode, n)
	if err != nil {
		return result{}, err
	}
	s, err := engine.New(c)
	if err != nil {
		return result{}, err
	}
	r := result{Engine: runtime.GOOS + "/" + runtime.GOARCH, Mode: mode, N: c.N, Workers: workers, GOMAXPROCS: runtime.GOMAXPROCS(0)}
	if ws, ok := any(s).(workerSetter); ok {
		r.SetWorkers = true
		if workers >= 0 {
			ws.SetWorkers(workers)
		}
	}
	s.Step(warmup)
	start := time.Now()
	var elapsed time.Duration
	for steps > 0 && r.Steps < steps || steps <= 0 && (elapsed.Seconds() < seconds || r.Steps < 3) {
		s.Step(1)
		r.Steps++
		elapsed = time.Since(start)
	}
	r.Seconds = elapsed.Seconds()
	r.StepsPerS = float64(r.Steps) / r.Seconds
	r.ParticleStepsPerS = float64(c.N) * r.StepsPerS
	return r, nil
}
