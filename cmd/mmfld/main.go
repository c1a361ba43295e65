// Command mmfld runs the engine headless and writes its metrics as CSV, for
// reproducing experiments from the command line:
//
//	go run ./cmd/mmfld -set objective=dirichlet -set eta=1e-3 -steps 5000 -every 100 > run.csv
//	go run ./cmd/mmfld -config run.json -steps 2000 -particles final.csv
//	go run ./cmd/mmfld -preset paper-e1 -steps 2000 > run.csv   (a comparison preset: its side a)
//
// The run is one engine.Config: the default or the -preset named, then
// -config (a JSON object, such as the one the web page exports, or a file
// holding one), then each -set field=value in order, all validated by the
// engine. -print-config writes the resolved config as JSON and exits.
//
// The subcommand reproduce regenerates the paper's figures and a report
// (see reproduce.go):
//
//	go run ./cmd/mmfld reproduce -out docs/reproduce    # or -quick: small N, few steps
//
// Long runs draw a progress bar with the time left on stderr when it is a
// terminal (or with -progress). Ctrl-C (SIGINT) stops a run cleanly: the
// rows written so far are flushed, the particles file and the report are
// written from the state reached, and the command exits with status 130.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"

	"github.com/mmfld/playground/engine"
)

// errInterrupted reports a run stopped by SIGINT after writing what it had.
var errInterrupted = errors.New("interrupted")

func main() {
	// The first Ctrl-C cancels ctx and the run stops cleanly; stop then
	// restores the default handling, so a second Ctrl-C kills at once.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	go func() { <-ctx.Done(); stop() }()
	err := runContext(ctx, os.Args[1:], os.Stdout, os.Stderr)
	switch {
	case err == nil:
	case errors.Is(err, errInterrupted):
		fmt.Fprintln(os.Stderr, "mmfld: interrupted; what was computed so far is written")
		os.Exit(130)
	case errors.Is(err, flag.ErrHelp):
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "mmfld:", err)
		os.Exit(2)
	}
}

// settings collects repeated -set flags.
type settings []string

func (s *settings) String() string     { return strings.Join(*s, " ") }
func (s *settings) Set(v string) error { *s = append(*s, v); return nil }

// run runs the command with args, without a signal to stop it.
func run(args []string, stdout, stderr io.Writer) error {
	return runContext(context.Background(), args, stdout, stderr)
}

// runContext runs the command with args; cancelling ctx stops it cleanly
// (errInterrupted, after writing what it had).
func runContext(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "reproduce" {
		return reproduceCommand(ctx, args[1:], stdout, stderr)
	}
	fs := flag.NewFlagSet("mmfld", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		sets      settings
		preset    = fs.String("preset", "", "start from the preset named (see engine.Presets) instead of the default")
		config    = fs.String("config", "", "a JSON config object (as the web page exports), or the path of a file holding one")
		showBar   = fs.Bool("progress", false, "draw a progress bar on stderr even when it is not a terminal")
		steps     = fs.Int("steps", 1000, "number of steps to run")
		every     = fs.Int("every", 100, "write a metrics row every this many steps")
		particles = fs.String("particles", "", "write the final particles (primal and dual coordinates) as CSV to this file")
		printCfg  = fs.Bool("print-config", false, "print the resolved config as JSON and exit")
	)
	fs.Var(&sets, "set", "field=value, a config field (repeatable), e.g. -set eta=1e-3 -set q=0.5,0.3,0.2")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: mmfld [flags]\n       mmfld reproduce [-quick] -out DIR   (see mmfld reproduce -h)\n\nConfig fields:")
		for _, f := range engine.OptionsList().Fields {
			fmt.Fprintf(stderr, "  %-14s %s\n", f.Name, f.Doc)
		}
		fmt.Fprintln(stderr, "\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *steps < 0 || *every < 1 {
		return fmt.Errorf("-steps must be ≥ 0 and -every ≥ 1 (got %d, %d)", *steps, *every)
	}
	cfg, err := resolve(*preset, *config, sets)
	if err != nil {
		return err
	}
	if *printCfg {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(cfg)
	}
	sys, err := engine.New(cfg)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(stdout)
	var m engine.Metrics
	header(w, len(sys.MetricsInto(&m).Mean), true)
	row(w, &m, true)
	bar := newProgress(stderr, int64(*steps)*int64(cfg.N), *showBar)
	interrupted := false
	// Steps are taken in chunks of at most chunkWork particle-steps, so a
	// Ctrl-C is seen within a fraction of a second however large -every is.
	chunk := max(1, chunkWork/cfg.N)
	for done := 0; done < *steps && !interrupted; {
		k := min(*every, *steps-done)
		for taken := 0; taken < k; {
			if ctx.Err() != nil {
				interrupted = true
				break
			}
			j := min(chunk, k-taken)
			sys.Step(j)
			taken += j
			bar.add(int64(j)*int64(cfg.N), fmt.Sprintf("step %d/%d", done+taken, *steps))
		}
		done += k
		if !interrupted {
			row(w, sys.MetricsInto(&m), true)
		} else if sys.MetricsInto(&m).Step%int64(*every) != 0 {
			row(w, &m, true) // the state reached, a row off the grid of -every
		}
	}
	bar.finish()
	if err := w.Flush(); err != nil {
		return err
	}
	if *particles != "" {
		if err := writeParticles(*particles, sys); err != nil {
			return err
		}
	}
	if interrupted {
		return errInterrupted
	}
	return nil
}

// chunkWork is the most particle-steps taken between two looks at the
// context (about 0.1 s on one core).
const chunkWork = 1 << 20

// resolve builds the Config: the default or the preset named, then the
// -config object, then the -set fields.
func resolve(preset, config string, sets []string) (engine.Config, error) {
	cfg := engine.Default()
	if preset != "" {
		p, ok := engine.PresetByName(preset)
		if !ok {
			var names []string
			for _, p := range engine.Presets() {
				names = append(names, p.Name)
			}
			return cfg, fmt.Errorf("-preset %q: must be one of %s", preset, strings.Join(names, ", "))
		}
		cfg = p.Config
	}
	if config != "" {
		text := []byte(config)
		if !strings.HasPrefix(strings.TrimSpace(config), "{") {
			b, err := os.ReadFile(config)
			if err != nil {
				return cfg, err
			}
			text = b
		}
		var err error
		if cfg, err = cfg.Patch(text); err != nil {
			return cfg, err
		}
	}
	return cfg.PatchStrings(sets)
}

// header writes the CSV header for particles of width coordinates (d+1
// barycentric ones on the simplex Δ^d, d elsewhere): the counters and the
// mean, then the entropy, L, the target errors and the accuracy (empty where
// the metric is absent: the entropy for N ≤ k, the errors for objectives
// without a known target, the accuracy but for xor), then the upper triangle
// of the covariance, covI_J for I ≤ J.
func header(w io.Writer, width int, cov bool) {
	fmt.Fprint(w, "step,time,F,boundaryMass,outside,clamped,rejected,floored")
	for i := range width {
		fmt.Fprintf(w, ",mean%d", i+1)
	}
	fmt.Fprint(w, ",entropy,L,entropyTies,meanError,covError,energyDistance,accuracy")
	if !cov {
		width = 0
	}
	for i := range width {
		for j := i; j < width; j++ {
			fmt.Fprintf(w, ",cov%d_%d", i+1, j+1)
		}
	}
	fmt.Fprintln(w)
}

func row(w io.Writer, m *engine.Metrics, cov bool) {
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', 10, 64) }
	opt := func(o engine.Optional) string {
		if !o.Valid {
			return ""
		}
		return g(o.Value)
	}
	fmt.Fprintf(w, "%d,%s,%s,%s,%d,%d,%d,%d", m.Step, g(m.Time), g(m.F), g(m.BoundaryMass), m.Outside, m.Clamped, m.Rejected, m.Floored)
	for _, v := range m.Mean {
		fmt.Fprintf(w, ",%s", g(v))
	}
	fmt.Fprintf(w, ",%s,%s,%d,%s,%s,%s,%s", opt(m.Entropy), opt(m.L), m.EntropyTies, opt(m.MeanError), opt(m.CovError), opt(m.EnergyDistance), opt(m.Accuracy))
	w1 := len(m.Mean)
	if !cov {
		w1 = 0
	}
	for i := range w1 {
		for j := i; j < w1; j++ {
			fmt.Fprintf(w, ",%s", g(m.Cov[i*w1+j]))
		}
	}
	fmt.Fprintln(w)
}

func writeParticles(path string, sys *engine.System) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	d := sys.Dim()
	primal, dual := sys.Primal(nil), sys.Dual(nil)
	width := len(primal) / sys.N() // d+1 barycentric coordinates on the simplex, d elsewhere
	for i := range width {
		fmt.Fprintf(w, "x%d,", i+1)
	}
	for i := range d {
		fmt.Fprintf(w, "y%d", i+1)
		if i < d-1 {
			fmt.Fprint(w, ",")
		}
	}
	fmt.Fprintln(w)
	for p := range sys.N() {
		for _, v := range primal[p*width : (p+1)*width] {
			fmt.Fprintf(w, "%s,", strconv.FormatFloat(v, 'g', 17, 64))
		}
		for i, v := range dual[p*d : (p+1)*d] {
			fmt.Fprint(w, strconv.FormatFloat(v, 'g', 17, 64))
			if i < d-1 {
				fmt.Fprint(w, ",")
			}
		}
		fmt.Fprintln(w)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
