// Command mmfld runs the engine headless and writes its metrics as CSV, for
// reproducing experiments from the command line:
//
//	go run ./cmd/mmfld -set objective=dirichlet -set eta=1e-3 -steps 5000 -every 100 > run.csv
//	go run ./cmd/mmfld -config run.json -steps 2000 -particles final.csv
//
// The run is one engine.Config: the default, then -config (a JSON object or
// a file holding one), then each -set field=value in order, all validated by
// the engine. -print-config writes the resolved config as JSON and exits.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/mmfld/playground/engine"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "mmfld:", err)
		}
		os.Exit(2)
	}
}

// settings collects repeated -set flags.
type settings []string

func (s *settings) String() string     { return strings.Join(*s, " ") }
func (s *settings) Set(v string) error { *s = append(*s, v); return nil }

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("mmfld", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		sets      settings
		config    = fs.String("config", "", "a JSON config object, or the path of a file holding one")
		steps     = fs.Int("steps", 1000, "number of steps to run")
		every     = fs.Int("every", 100, "write a metrics row every this many steps")
		particles = fs.String("particles", "", "write the final particles (primal and dual coordinates) as CSV to this file")
		printCfg  = fs.Bool("print-config", false, "print the resolved config as JSON and exit")
	)
	fs.Var(&sets, "set", "field=value, a config field (repeatable), e.g. -set eta=1e-3 -set q=0.5,0.3,0.2")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: mmfld [flags]\n\nConfig fields:")
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
	cfg, err := resolve(*config, sets)
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
	header(w, sys.PrimalWidth()-1)
	var m engine.Metrics
	row(w, sys.MetricsInto(&m))
	for done := 0; done < *steps; {
		k := min(*every, *steps-done)
		sys.Step(k)
		done += k
		row(w, sys.MetricsInto(&m))
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if *particles != "" {
		return writeParticles(*particles, sys)
	}
	return nil
}

// resolve builds the Config: the default, then the -config object, then the
// -set fields.
func resolve(config string, sets []string) (engine.Config, error) {
	cfg := engine.Default()
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

// header writes the CSV header for particles that show d+1 coordinates
// (System.PrimalWidth): the counters and the mean, then the entropy, L and the target errors (empty where the metric is
// absent: the entropy for N ≤ k, the errors for objectives without a known
// target), then the upper triangle of the covariance, covI_J for I ≤ J.
func header(w io.Writer, d int) {
	fmt.Fprint(w, "step,time,F,boundaryMass,outside,clamped,rejected,floored")
	for i := range d + 1 {
		fmt.Fprintf(w, ",mean%d", i+1)
	}
	fmt.Fprint(w, ",entropy,L,entropyTies,meanError,covError,energyDistance")
	for i := range d + 1 {
		for j := i; j <= d; j++ {
			fmt.Fprintf(w, ",cov%d_%d", i+1, j+1)
		}
	}
	fmt.Fprintln(w)
}

func row(w io.Writer, m *engine.Metrics) {
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
	fmt.Fprintf(w, ",%s,%s,%d,%s,%s,%s", opt(m.Entropy), opt(m.L), m.EntropyTies, opt(m.MeanError), opt(m.CovError), opt(m.EnergyDistance))
	w1 := len(m.Mean)
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
	d, pw := sys.Dim(), sys.PrimalWidth()
	for i := range pw {
		fmt.Fprintf(w, "x%d,", i+1)
	}
	for i := range d {
		fmt.Fprintf(w, "y%d", i+1)
		if i < d-1 {
			fmt.Fprint(w, ",")
		}
	}
	fmt.Fprintln(w)
	primal, dual := sys.Primal(nil), sys.Dual(nil)
	for p := range sys.N() {
		for _, v := range primal[p*pw : (p+1)*pw] {
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
