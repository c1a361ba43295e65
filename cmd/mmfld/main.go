// Command mmfld runs the engine headless and writes its metrics as CSV, for
// reproducing experiments from the command line:
//
//	go run ./cmd/mmfld -set objective=dirichlet -set eta=1e-3 -steps 5000 -every 100 > run.csv
//	go run ./cmd/mmfld -config run.json -steps 2000 -particles final.csv
//	go run ./cmd/mmfld -preset paper-e1 -steps 2000 > run.csv   (a comparison preset: both sides)
//
// The run is one engine.Config: the default or the -preset named, then
// -config (a JSON object, such as the one the web page exports, or a file
// holding one), then each -set field=value in order, all validated by the
// engine. -print-config writes the resolved config as JSON and exits.
//
// A comparison runs two configs in lock-step, as the page does (app.Session:
// the same initial particles and random increments): a -config pair
// {"a": {…}, "b": {…}} (what the page exports while comparing), or a
// comparison preset, whose side b is side a patched by the preset's
// comparison. -set b.field=value then sets a field of side b (a plain -set,
// of side a; b is a patched after a's -set fields, as in a link). Each CSV
// row then starts with its side, a or b, and -particles FILE writes side b
// to FILE with "-b" before its extension.
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
	"path/filepath"
	"strconv"
	"strings"

	"github.com/mmfld/playground/app"
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
		preset    = fs.String("preset", "", "start from the preset named (see engine.Presets) instead of the default; a comparison preset runs both its sides")
		config    = fs.String("config", "", `a JSON config object (as the web page exports), or the path of a file holding one; a pair {"a": …, "b": …} runs a comparison`)
		showBar   = fs.Bool("progress", false, "draw a progress bar on stderr even when it is not a terminal")
		steps     = fs.Int("steps", 1000, "number of steps to run")
		every     = fs.Int("every", 100, "write a metrics row every this many steps")
		particles = fs.String("particles", "", "write the final particles (primal and dual coordinates) as CSV to this file")
		printCfg  = fs.Bool("print-config", false, "print the resolved config as JSON and exit")
	)
	fs.Var(&sets, "set", "field=value, a config field (repeatable), e.g. -set eta=1e-3 -set q=0.5,0.3,0.2; b.field=value sets side b's in a comparison")
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
	cfg, cfgB, err := resolve(*preset, *config, sets)
	if err != nil {
		return err
	}
	if *printCfg {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if cfgB != nil {
			return enc.Encode(map[string]engine.Config{"a": cfg, "b": *cfgB})
		}
		return enc.Encode(cfg)
	}
	r, err := newRunner(cfg, cfgB)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(stdout)
	var m engine.Metrics
	rows := func() error {
		for _, side := range r.sides {
			if err := r.metrics(side, &m); err != nil {
				return err
			}
			if side != "" {
				fmt.Fprintf(w, "%s,", side)
			}
			row(w, &m, true)
		}
		return nil
	}
	if err := r.metrics(r.sides[0], &m); err != nil {
		return err
	}
	if cfgB != nil {
		fmt.Fprint(w, "side,")
	}
	header(w, len(m.Mean), true)
	if err := rows(); err != nil {
		return err
	}
	bar := newProgress(stderr, int64(*steps)*int64(r.work), *showBar)
	interrupted := false
	// Steps are taken in chunks of at most chunkWork particle-steps, so a
	// Ctrl-C is seen within a fraction of a second however large -every is.
	chunk := max(1, chunkWork/r.work)
	for done := 0; done < *steps && !interrupted; {
		k := min(*every, *steps-done)
		for taken := 0; taken < k; {
			if ctx.Err() != nil {
				interrupted = true
				break
			}
			j := min(chunk, k-taken)
			r.step(j)
			taken += j
			bar.add(int64(j)*int64(r.work), fmt.Sprintf("step %d/%d", done+taken, *steps))
		}
		done += k
		if err := r.metrics(r.sides[0], &m); err != nil {
			return err
		}
		if !interrupted || m.Step%int64(*every) != 0 {
			// After an interruption, the state reached: a row off the grid
			// of -every.
			if err := rows(); err != nil {
				return err
			}
		}
	}
	bar.finish()
	if err := w.Flush(); err != nil {
		return err
	}
	if *particles != "" {
		for _, side := range r.sides {
			path := *particles
			if side == "b" {
				ext := filepath.Ext(path)
				path = strings.TrimSuffix(path, ext) + "-b" + ext
			}
			primal, dual, n, d, err := r.particles(side)
			if err != nil {
				return err
			}
			if err := writeParticles(path, primal, dual, n, d); err != nil {
				return err
			}
		}
	}
	if interrupted {
		return errInterrupted
	}
	return nil
}

// runner steps one run (an engine.System) or a comparison (an
// app.Session running both sides in lock-step, as the page does).
type runner struct {
	sys   *engine.System // one run
	sess  *app.Session   // a comparison
	sides []string       // "" for one run; "a", "b" for a comparison
	work  int            // particles moved by one step, over the sides
}

func newRunner(a engine.Config, b *engine.Config) (*runner, error) {
	if b == nil {
		sys, err := engine.New(a)
		return &runner{sys: sys, sides: []string{""}, work: a.N}, err
	}
	sess, err := app.NewSession(a)
	if err != nil {
		return nil, err
	}
	pair, err := json.Marshal(map[string]engine.Config{"a": a, "b": *b})
	if err != nil {
		return nil, err
	}
	if err := sess.Load(pair); err != nil {
		return nil, err
	}
	return &runner{sess: sess, sides: []string{"a", "b"}, work: a.N + b.N}, nil
}

func (r *runner) step(k int) {
	if r.sys != nil {
		r.sys.Step(k)
		return
	}
	r.sess.Step(k)
}

// metrics writes side's metrics into m.
func (r *runner) metrics(side string, m *engine.Metrics) error {
	if r.sys != nil {
		r.sys.MetricsInto(m)
		return nil
	}
	sd, err := app.ParseSide(side)
	if err != nil {
		return err
	}
	got, err := r.sess.MetricsOf(sd)
	*m = got
	if err == nil && r.sess.Stopped() != "" {
		err = errors.New(r.sess.Stopped())
	}
	return err
}

// particles returns side's primal and dual coordinates, N and the chart
// dimension d.
func (r *runner) particles(side string) (primal, dual []float64, n, d int, err error) {
	if r.sys != nil {
		return r.sys.Primal(nil), r.sys.Dual(nil), r.sys.N(), r.sys.Dim(), nil
	}
	sd, err := app.ParseSide(side)
	if err != nil {
		return nil, nil, 0, 0, err
	}
	cfg, err := r.sess.ConfigOf(sd)
	if err != nil {
		return nil, nil, 0, 0, err
	}
	primal, dual, err = r.sess.ParticlesOf(sd, nil, nil)
	return primal, dual, cfg.N, len(dual) / cfg.N, err
}

// chunkWork is the most particle-steps taken between two looks at the
// context (about 0.1 s on one core).
const chunkWork = 1 << 20

// resolve builds the Config: the default or the preset named, then the
// -config object, then the -set fields; and side b's when the run is a
// comparison (a -config pair {"a": …, "b": …}, or a comparison preset): a
// patched by the pair's "b" or the preset's comparison, then by the -set
// b.field fields.
func resolve(preset, config string, sets []string) (a engine.Config, b *engine.Config, err error) {
	a = engine.Default()
	var bPatch json.RawMessage
	if preset != "" {
		p, ok := engine.PresetByName(preset)
		if !ok {
			var names []string
			for _, p := range engine.Presets() {
				names = append(names, p.Name)
			}
			return a, nil, fmt.Errorf("-preset %q: must be one of %s", preset, strings.Join(names, ", "))
		}
		a, bPatch = p.Config, p.Compare
	}
	if config != "" {
		text := []byte(config)
		if !strings.HasPrefix(strings.TrimSpace(config), "{") {
			if text, err = os.ReadFile(config); err != nil {
				return a, nil, err
			}
		}
		pa, pb, isPair, err := app.SplitPair(text)
		if err != nil {
			return a, nil, fmt.Errorf("-config: %w", err)
		}
		if isPair {
			text, bPatch = pa, pb
		}
		if a, err = a.Patch(text); err != nil {
			return a, nil, err
		}
	}
	var aSets, bSets []string
	for _, s := range sets {
		if rest, ok := strings.CutPrefix(s, "b."); ok {
			bSets = append(bSets, rest)
		} else {
			aSets = append(aSets, s)
		}
	}
	if a, err = a.PatchStrings(aSets); err != nil {
		return a, nil, err
	}
	if bPatch == nil {
		if len(bSets) > 0 {
			return a, nil, fmt.Errorf("-set b.%s: side b exists only in a comparison (a -config pair {\"a\": …, \"b\": …} or a comparison preset)", bSets[0])
		}
		return a, nil, nil
	}
	c, err := a.Patch(bPatch)
	if err != nil {
		return a, nil, fmt.Errorf("side b: %w", err)
	}
	if c, err = c.PatchStrings(bSets); err != nil {
		return a, nil, fmt.Errorf("side b: %w", err)
	}
	return a, &c, nil
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

// writeParticles writes n particles' primal and dual coordinates (d of
// these a particle) as CSV to path.
func writeParticles(path string, primal, dual []float64, n, d int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	width := len(primal) / n // d+1 barycentric coordinates on the simplex, d elsewhere
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
	for p := range n {
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
