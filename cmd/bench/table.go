package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/mmfld/playground/engine"
)

// tableFlags are the flags of -mode table.
type tableFlags struct {
	runs                 int
	wasm, wasmExec       string
	node, python, peers  string
	commit, out          string
	quadTarget           float64
	nativeTarget         float64
	nativeRatio, wasmMin float64
	wasmRatio            float64
}

func (t *tableFlags) register() {
	flag.IntVar(&t.runs, "runs", 3, "table: runs of each program, taken interleaved; the table quotes medians")
	flag.StringVar(&t.wasm, "wasm", "", "table: this program built with GOOS=js GOARCH=wasm")
	flag.StringVar(&t.wasmExec, "wasmexec", "", "table: the runner of js/wasm programs (default $(go env GOROOT)/lib/wasm/go_js_wasm_exec)")
	flag.StringVar(&t.node, "node", "node", "table: the Node that runs the JavaScript peer (the same one go_js_wasm_exec finds on PATH)")
	flag.StringVar(&t.python, "python", "python3", "table: a Python 3 with NumPy, for the NumPy peer")
	flag.StringVar(&t.peers, "peers", "bench/peer", "table: the directory of the peers mmfld_simplex.js and mmfld_simplex.py")
	flag.StringVar(&t.commit, "commit", "", "table: the commit measured, to print")
	flag.StringVar(&t.out, "out", "", "table: also write the table to this file")
	// Issue 7's targets, printed beside the figures.
	t.nativeTarget, t.nativeRatio = 40e6, 5
	t.wasmMin, t.wasmRatio = 8e6, 2
	t.quadTarget = 30
}

// program is one command the table runs -runs times.
type program struct {
	label string
	argv  []string
	unit  string // the JSON field quoted: particle_steps_per_s or steps_per_s
	got   []float64
}

func (p *program) median() float64 {
	s := slices.Clone(p.got)
	slices.Sort(s)
	return s[len(s)/2]
}

// row is one line of the table: an engine figure and what it is compared with.
type row struct {
	figure         string
	engine, peer   *program // peer nil: compared with target alone
	peerLabel      string
	target         float64 // the peer's column when peer is nil
	asks, unitWord string
}

// runTable runs every program t.runs times, interleaved, each run timing
// steps for the given seconds after warmup untimed steps, and prints the table.
func runTable(t *tableFlags, seconds float64, warmup int) error {
	if t.runs < 1 || t.runs%2 == 0 {
		return errors.New("-runs must be odd (the table quotes medians)")
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	if t.wasmExec == "" {
		goroot, err := exec.Command("go", "env", "GOROOT").Output()
		if err != nil {
			return fmt.Errorf("-wasmexec not given and go env GOROOT failed: %v", err)
		}
		t.wasmExec = filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "go_js_wasm_exec")
	}
	if t.wasm == "" {
		return errors.New("-wasm: build this program with GOOS=js GOARCH=wasm and pass it (make bench does)")
	}
	def := engine.Default()
	common := []string{"-seconds", fmt.Sprint(seconds), "-warmup", fmt.Sprint(warmup)}
	peerArgs := []string{"--n", fmt.Sprint(meanMatchN), "--lambda", fmt.Sprint(def.Lambda), "--eta", fmt.Sprint(def.Eta),
		"--beta", "0.1", "--q", joinFloats(def.Q, ","), "--seconds", fmt.Sprint(seconds), "--warmup", fmt.Sprint(warmup)}
	eng := func(label, mode string, workers int, unit string) *program {
		return &program{label: label, unit: unit,
			argv: append([]string{self, "-mode", mode, "-workers", fmt.Sprint(workers)}, common...)}
	}
	const ps, sps = "particle_steps_per_s", "steps_per_s"
	numpy := &program{label: "NumPy peer", unit: ps,
		argv: append([]string{t.python, filepath.Join(t.peers, "mmfld_simplex.py")}, peerArgs...)}
	js := &program{label: "JS peer", unit: ps,
		argv: append([]string{t.node, filepath.Join(t.peers, "mmfld_simplex.js")}, peerArgs...)}
	wasm := &program{label: "engine wasm", unit: ps,
		argv: append([]string{t.wasmExec, t.wasm, "-mode", "meanmatch"}, common...)}

	cores := runtime.NumCPU()
	probe, _ := engine.New(engine.Default())
	_, parallel := any(probe).(workerSetter)
	var groups [][]*program
	var rows []row
	nativeAll := t.nativeTarget
	if parallel {
		one := eng("engine native, 1 worker", "meanmatch", 1, ps)
		all := eng("engine native, all workers", "meanmatch", 0, ps)
		groups = append(groups, []*program{one, all, numpy})
		rows = append(rows,
			row{figure: "native, 1 worker", engine: one, peer: numpy, peerLabel: "NumPy, vectorised (one core)", unitWord: "particle-steps/s"},
			row{figure: fmt.Sprintf("native, %d workers (all cores)", cores), engine: all, peer: numpy, peerLabel: "NumPy, vectorised (one core)",
				asks: fmt.Sprintf("≥ %s and ≥ %g× NumPy", mega(nativeAll), t.nativeRatio), unitWord: "particle-steps/s"})
	} else {
		native := eng("engine native", "meanmatch", -1, ps)
		groups = append(groups, []*program{native, numpy})
		rows = append(rows, row{figure: "native (engine's default workers)", engine: native, peer: numpy, peerLabel: "NumPy, vectorised (one core)",
			asks: fmt.Sprintf("both cores: ≥ %s and ≥ %g× NumPy", mega(nativeAll), t.nativeRatio), unitWord: "particle-steps/s"})
	}
	groups = append(groups, []*program{wasm, js})
	rows = append(rows, row{figure: "WebAssembly in Node, one thread", engine: wasm, peer: js, peerLabel: "plain JS loop, same Node",
		asks: fmt.Sprintf("≥ %s and ≥ %g× JS", mega(t.wasmMin), t.wasmRatio), unitWord: "particle-steps/s"})
	for _, q := range []struct{ mode, figure string }{
		{"interaction", fmt.Sprintf("interaction, N = %d, box [0, 1]², native (O(N) in the engine)", quadN)},
		{"mmd", fmt.Sprintf("mmd, exact sums, N = %d, box [0, 1]², native", quadN)},
	} {
		p := eng("engine "+q.mode+" N=4096", q.mode, -1, sps)
		if parallel {
			p = eng("engine "+q.mode+" N=4096, all workers", q.mode, 0, sps)
		}
		groups = append(groups, []*program{p})
		rows = append(rows, row{figure: q.figure, engine: p, peerLabel: "issue 7's target", target: t.quadTarget,
			asks: fmt.Sprintf("≥ %g steps/s", t.quadTarget), unitWord: "steps/s"})
	}

	start := time.Now()
	load := strings.Fields(readFirst("/proc/loadavg") + " ? ? ?")[:3]
	// Interleave: within a group, one run of each program in turn, runs times.
	for _, g := range groups {
		for r := range t.runs {
			for _, p := range g {
				v, err := runOnce(p)
				if err != nil {
					return fmt.Errorf("%s: %v", p.label, err)
				}
				p.got = append(p.got, v)
				fmt.Fprintf(os.Stderr, "run %d/%d  %-40s %s\n", r+1, t.runs, p.label, human(v, p.unit))
			}
		}
	}

	var b bytes.Buffer
	fmt.Fprintf(&b, "Measured %s on %d cores (%s), %s/%s, %s, %s, %s%s; load average %s when it began.\n",
		start.Format("2006-01-02 15:04 MST"), cores, cpuModel(), runtime.GOOS, runtime.GOARCH, runtime.Version(),
		versionOf(t.node, "--version", "Node "), numpyVersion(t.python), commitNote(t.commit), strings.Join(load, " "))
	fmt.Fprintf(&b, "meanmatch on Δ² with mmfld (Hessian at the drift point), β = 0.1, λ = %g, η = %g, q = (%s), N = %d, unless said.\n",
		def.Lambda, def.Eta, joinFloats(def.Q, ", "), meanMatchN)
	fmt.Fprintf(&b, "Each figure is the median of %d runs taken interleaved with its peer's (engine, peer, engine, peer, …), each run a fresh process timing only the steps.\n\n", t.runs)
	fmt.Fprintln(&b, "| figure | engine | compared with | its figure | engine ÷ it | issue 7 asks |")
	fmt.Fprintln(&b, "|---|---:|---|---:|---:|---|")
	for _, r := range rows {
		e := r.engine.median()
		other := r.target
		if r.peer != nil {
			other = r.peer.median()
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %.2f× | %s |\n", r.figure, human(e, r.engine.unit), r.peerLabel, human(other, r.engine.unit), e/other, r.asks)
	}
	fmt.Fprintln(&b, "\nEach program's runs, in the order taken (M = million; interleaved with the other programs of its row):")
	for _, g := range groups {
		for _, p := range g {
			v := make([]string, len(p.got))
			for i, e := range p.got {
				v[i] = strings.TrimSuffix(strings.TrimSuffix(human(e, p.unit), " particle-steps/s"), " steps/s")
			}
			fmt.Fprintf(&b, "- %s: %s\n", p.label, strings.Join(v, ", "))
		}
	}
	if !parallel {
		fmt.Fprintln(&b, "\nThe engine has no System.SetWorkers yet: the native rows run Step as the engine does by default.")
	}
	os.Stdout.Write(b.Bytes())
	if t.out != "" {
		return os.WriteFile(t.out, b.Bytes(), 0o644)
	}
	return nil
}

// runOnce runs p once and returns the figure it printed as JSON on its last line.
func runOnce(p *program) (float64, error) {
	cmd := exec.Command(p.argv[0], p.argv[1:]...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return 0, fmt.Errorf("%v: %v\n%s", strings.Join(p.argv, " "), err, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	var res map[string]any
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &res); err != nil {
		return 0, fmt.Errorf("%v: output %q: %v", strings.Join(p.argv, " "), out, err)
	}
	v, ok := res[p.unit].(float64)
	if !ok || !(v > 0) {
		return 0, fmt.Errorf("%v: no positive %s in %q", strings.Join(p.argv, " "), p.unit, out)
	}
	return v, nil
}

// human writes v as "12.3 M particle-steps/s" or "45.6 steps/s".
func human(v float64, unit string) string {
	if unit == "steps_per_s" {
		return number(v) + " steps/s"
	}
	return mega(v) + " particle-steps/s"
}

// number writes v with 3 significant digits, without an exponent.
func number(v float64) string {
	if v >= 100 {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.3g", v)
}

func mega(v float64) string { return number(v/1e6) + " M" }

func joinFloats(v []float64, sep string) string {
	s := make([]string, len(v))
	for i, e := range v {
		s[i] = fmt.Sprint(e)
	}
	return strings.Join(s, sep)
}

func readFirst(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return "?"
	}
	defer f.Close()
	b, _ := io.ReadAll(io.LimitReader(f, 1<<16))
	return string(b)
}

func cpuModel() string {
	for _, l := range strings.Split(readFirst("/proc/cpuinfo"), "\n") {
		if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}

func versionOf(cmd, arg, prefix string) string {
	out, err := exec.Command(cmd, arg).Output()
	if err != nil {
		return prefix + "?"
	}
	return prefix + strings.TrimSpace(string(out))
}

func numpyVersion(python string) string {
	out, err := exec.Command(python, "-c", "import sys, numpy; print(sys.version.split()[0], numpy.__version__)").Output()
	f := strings.Fields(string(out))
	if err != nil || len(f) != 2 {
		return "NumPy ?"
	}
	return "Python " + f[0] + " with NumPy " + f[1]
}

func commitNote(c string) string {
	if c == "" {
		return ""
	}
	return ", commit " + c
}
