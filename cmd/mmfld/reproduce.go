package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/mmfld/playground/engine"
)

// The reproduce subcommand regenerates the paper's figures and a report:
//
//	mmfld reproduce -out DIR [-quick] [-progress] [-only e1,rate]
//
// writes DIR/REPORT.md, its PNG figures and DIR/data/*.csv (every run's
// metrics, the CSV mode's columns). Each experiment is one value in
// experiments (one file each: e1.go, rate.go), made of
//
//   - plan: the runs it needs (configs, steps, recording interval), at the
//     full or the quick scale;
//   - analyse: from the recorded runs, the report's text, tables and
//     figures, and a verdict on each of the paper's claims it checks,
//     computed from the measured numbers.
//
// The runner executes every planned run first (so the progress bar knows the
// total), recording the metrics every few steps, the wall time, the config,
// the seed and the git revision; then each experiment analyses its runs.
// An experiment without a plan is listed in the report as not yet run.

// experiment is one section of the report.
type experiment struct {
	// ID names the section and prefixes its files ("e1" → e1-*.png,
	// data/e1-*.csv).
	ID    string
	Title string
	// Paper says what the paper claims or proves that this checks.
	Paper string
	// Plan lists the runs at the full scale (quick false) or the quick one.
	// nil: not yet implemented.
	Plan func(quick bool) []runSpec
	// Analyse writes the section from the runs, in Plan's order.
	Analyse func(a *analysis) error
}

// experiments are the report's sections, in order. To add one: a file with
// its plan and analysis, and one entry here.
var experiments = []experiment{
	e1Experiment,
	rateExperiment,
	e2Experiment,
	e3Experiment,
	chaosExperiment,
	biasExperiment,
}

// runSpec is one planned run.
type runSpec struct {
	// Name is file-safe and unique within the experiment ("mmfld-beta0").
	Name string
	// Label names the run in legends and tables.
	Label  string
	Config engine.Config
	Steps  int
	// Every is the recording interval in steps.
	Every int
	// Particles keeps the final particles' primal coordinates.
	Particles bool
}

// runResult is one executed run.
type runResult struct {
	Spec    runSpec
	Records []engine.Metrics // at step 0, Every, 2·Every, …, and the last step reached
	Primal  []float64        // the final particles, if Spec.Particles
	Wall    time.Duration
	Rev     string
	Workers int
	// Interrupted: the run stopped at Records' last step, before Spec.Steps.
	Interrupted bool
}

// last returns the final record.
func (r *runResult) last() *engine.Metrics { return &r.Records[len(r.Records)-1] }

// verdict grades a claim.
type verdict int

const (
	reproduced verdict = iota
	partly
	notReproduced
)

func (v verdict) String() string {
	return [...]string{"reproduced", "partly reproduced", "not reproduced"}[v]
}

// claim is one of the paper's statements and what the measurements say.
type claim struct {
	Experiment string
	Claim      string
	Verdict    verdict
	Why        string
}

// analysis is what an experiment's Analyse reads and writes.
type analysis struct {
	Dir   string
	Quick bool
	Runs  []*runResult
	// Body is the section's markdown (after its title and the claim).
	Body   strings.Builder
	Claims []claim
	// Numbers are the key measured values, by name, for tests and readers.
	Numbers map[string]float64
	exp     *experiment
}

// printf appends to the section's markdown.
func (a *analysis) printf(format string, args ...any) { fmt.Fprintf(&a.Body, format, args...) }

// judge records a claim's verdict.
func (a *analysis) judge(statement string, v verdict, why string, args ...any) {
	a.Claims = append(a.Claims, claim{a.exp.ID, statement, v, fmt.Sprintf(why, args...)})
}

// figure saves nothing itself: it links a saved PNG into the section.
func (a *analysis) figure(file, caption string) {
	a.printf("![%s](%s)\n\n*%s*\n\n", caption, file, caption)
}

// reproduceOptions are the subcommand's flags.
type reproduceOptions struct {
	Out      string
	Quick    bool
	Progress bool
	Only     []string
}

// reproduceCommand parses the subcommand's flags and runs it.
func reproduceCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("mmfld reproduce", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o reproduceOptions
	only := fs.String("only", "", "comma-separated experiment ids to run (default: all): "+experimentIDs())
	fs.StringVar(&o.Out, "out", "", "the directory to write REPORT.md, the figures and data/ into (required)")
	fs.BoolVar(&o.Quick, "quick", false, "small N and few steps: the same report and figures in seconds")
	fs.BoolVar(&o.Progress, "progress", false, "draw a progress bar on stderr even when it is not a terminal")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: mmfld reproduce -out DIR [-quick] [-progress] [-only ids]\n\n"+
			"Regenerates the paper's figures and DIR/REPORT.md. Flags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.Out == "" || fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("reproduce: -out DIR is required and takes no other arguments")
	}
	if *only != "" {
		o.Only = strings.Split(*only, ",")
		for _, id := range o.Only {
			if !strings.Contains(","+experimentIDs()+",", ","+id+",") {
				return fmt.Errorf("reproduce: -only %q: no such experiment (have %s)", id, experimentIDs())
			}
		}
	}
	rep, err := reproduce(ctx, o, stderr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s\n", filepath.Join(o.Out, "REPORT.md"))
	if rep.Interrupted {
		return errInterrupted
	}
	return nil
}

func experimentIDs() string {
	var ids []string
	for _, e := range experiments {
		ids = append(ids, e.ID)
	}
	return strings.Join(ids, ",")
}

// report is the outcome of reproduce.
type report struct {
	Sections    map[string]*analysis
	Claims      []claim
	Interrupted bool
}

// reproduce runs the planned experiments and writes the report into o.Out.
func reproduce(ctx context.Context, o reproduceOptions, stderr io.Writer) (*report, error) {
	if err := os.MkdirAll(filepath.Join(o.Out, "data"), 0o755); err != nil {
		return nil, err
	}
	start := time.Now()
	rev := gitRevision()
	type planned struct {
		exp  *experiment
		runs []runSpec
	}
	var plans []planned
	var total int64
	for i := range experiments {
		e := &experiments[i]
		if e.Plan == nil || (len(o.Only) > 0 && !contains(o.Only, e.ID)) {
			plans = append(plans, planned{exp: e})
			continue
		}
		runs := e.Plan(o.Quick)
		for _, r := range runs {
			total += int64(r.Steps) * int64(r.Config.N)
		}
		plans = append(plans, planned{e, runs})
	}
	bar := newProgress(stderr, total, o.Progress)
	rep := &report{Sections: map[string]*analysis{}}
	results := map[string][]*runResult{}
	for _, p := range plans {
		for _, spec := range p.runs {
			if ctx.Err() != nil {
				rep.Interrupted = true
				break
			}
			res, err := execute(ctx, p.exp.ID, spec, rev, bar)
			if err != nil {
				return nil, fmt.Errorf("%s %s: %w", p.exp.ID, spec.Name, err)
			}
			if err := writeRunCSV(filepath.Join(o.Out, "data", p.exp.ID+"-"+spec.Name+".csv"), res); err != nil {
				return nil, err
			}
			results[p.exp.ID] = append(results[p.exp.ID], res)
			rep.Interrupted = rep.Interrupted || res.Interrupted
		}
	}
	bar.finish()

	var md strings.Builder
	writeHeader(&md, o, rev, start, rep.Interrupted)
	var sections strings.Builder
	for _, p := range plans {
		e := p.exp
		fmt.Fprintf(&sections, "## %s\n\n**The paper:** %s\n\n", e.Title, e.Paper)
		switch {
		case p.runs == nil && e.Plan == nil:
			fmt.Fprintf(&sections, "**Not yet run**: this experiment is not implemented in `mmfld reproduce` yet (issue 9).\n\n")
			continue
		case p.runs == nil:
			fmt.Fprintf(&sections, "**Not run** this time (`-only` left it out).\n\n")
			continue
		case len(results[e.ID]) < len(p.runs):
			fmt.Fprintf(&sections, "**Interrupted** before all its runs were made (%d of %d done; their data are in data/).\n\n",
				len(results[e.ID]), len(p.runs))
			continue
		}
		a := &analysis{Dir: o.Out, Quick: o.Quick, Runs: results[e.ID], Numbers: map[string]float64{}, exp: e}
		if err := e.Analyse(a); err != nil {
			return nil, fmt.Errorf("%s: %w", e.ID, err)
		}
		rep.Sections[e.ID] = a
		rep.Claims = append(rep.Claims, a.Claims...)
		if results[e.ID][len(results[e.ID])-1].Interrupted {
			fmt.Fprintf(&sections, "**The last run was interrupted**: the analysis below uses what it had reached.\n\n")
		}
		sections.WriteString(a.Body.String())
		if len(a.Claims) > 0 {
			fmt.Fprintf(&sections, "### Verdicts\n\n")
			for _, c := range a.Claims {
				fmt.Fprintf(&sections, "- **%s — %s.** %s\n", c.Claim, c.Verdict, c.Why)
			}
			sections.WriteString("\n")
		}
		writeRunTable(&sections, results[e.ID])
	}
	writeSummary(&md, rep.Claims)
	md.WriteString(sections.String())
	fmt.Fprintf(&md, "---\n\nTotal wall time %s.\n", time.Since(start).Round(time.Second))
	if err := os.WriteFile(filepath.Join(o.Out, "REPORT.md"), []byte(md.String()), 0o644); err != nil {
		return nil, err
	}
	return rep, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// execute makes one run, recording the metrics every spec.Every steps, and
// stops early (Interrupted) when ctx is cancelled.
func execute(ctx context.Context, expID string, spec runSpec, rev string, bar *progress) (*runResult, error) {
	sys, err := engine.New(spec.Config)
	if err != nil {
		return nil, err
	}
	res := &runResult{Spec: spec, Rev: rev, Workers: sys.Workers()}
	t0 := time.Now()
	res.Records = append(res.Records, sys.Metrics())
	n := int64(spec.Config.N)
	chunk := max(1, chunkWork/spec.Config.N)
	what := fmt.Sprintf("%s %s", expID, spec.Label)
	for done := 0; done < spec.Steps; {
		k := min(spec.Every-done%spec.Every, spec.Steps-done, chunk) // up to the next record at most
		if ctx.Err() != nil {
			res.Interrupted = true
			break
		}
		sys.Step(k)
		done += k
		bar.add(int64(k)*n, fmt.Sprintf("%s  step %d/%d", what, done, spec.Steps))
		if done%spec.Every == 0 || done == spec.Steps {
			res.Records = append(res.Records, sys.Metrics())
		}
	}
	if res.Interrupted && res.last().Step != sys.Metrics().Step {
		res.Records = append(res.Records, sys.Metrics())
	}
	if spec.Particles {
		res.Primal = sys.Primal(nil)
	}
	res.Wall = time.Since(t0)
	return res, nil
}

// reportCovWidth is the widest mean whose covariance the report's data
// keep: the simplex's, the box's and the ball's, not the spectraplex's
// (10×10 matrices: 5050 covariance columns, 5 MB a run).
const reportCovWidth = 16

// writeRunCSV writes a run's records with the CSV mode's columns, without
// the covariance columns where the mean is wider than reportCovWidth.
func writeRunCSV(path string, r *runResult) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	cov := len(r.Records[0].Mean) <= reportCovWidth
	header(w, len(r.Records[0].Mean), cov)
	for i := range r.Records {
		row(w, &r.Records[i], cov)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// gitRevision returns the checkout's commit (git rev-parse HEAD) with
// "+uncommitted" when tracked files differ from it, or "unknown" without git.
func gitRevision() string {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "git", "rev-parse", "HEAD").Output()
	if err != nil {
		return "unknown"
	}
	rev := strings.TrimSpace(string(out))
	if st, err := exec.CommandContext(ctx, "git", "status", "--porcelain", "--untracked-files=no").Output(); err == nil && len(strings.TrimSpace(string(st))) > 0 {
		rev += "+uncommitted"
	}
	return rev
}

// writeHeader writes the report's title and provenance.
func writeHeader(md *strings.Builder, o reproduceOptions, rev string, start time.Time, interrupted bool) {
	scale := "full"
	cmd := "mmfld reproduce -out " + o.Out
	if o.Quick {
		scale = "quick (small N, few steps: a smoke test of the pipeline, not the paper's scale)"
		cmd = "mmfld reproduce -quick -out " + o.Out
	}
	fmt.Fprintf(md, "# Reproducing Gu & Kim, *Mirror Mean-Field Langevin Dynamics* (arXiv 2505.02621)\n\n")
	fmt.Fprintf(md, "Generated by `%s` (`make reproduce`), not written by hand: every number and verdict below is computed from the runs. ", cmd)
	fmt.Fprintf(md, "Scale: %s. Started %s; git revision `%s`; %s, %s/%s, %d CPUs.\n\n",
		scale, start.UTC().Format("2006-01-02 15:04 UTC"), rev, runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU())
	if interrupted {
		fmt.Fprintf(md, "> **This run was interrupted (Ctrl-C).** The sections below hold what had been computed; verdicts from an interrupted run are provisional.\n\n")
	}
	fmt.Fprintf(md, "Each run's data (the CSV mode's columns, every few steps; without the covariance where the mean has more than %d entries) are in `data/`; each run's full engine config is in its section, so any run can be repeated with `mmfld -config '<the JSON>' -steps <steps>` or in the browser.\n\n", reportCovWidth)
}

// writeSummary writes the table of verdicts.
func writeSummary(md *strings.Builder, claims []claim) {
	fmt.Fprintf(md, "## Summary\n\n| experiment | claim | verdict |\n|---|---|---|\n")
	for _, c := range claims {
		fmt.Fprintf(md, "| %s | %s | %s |\n", c.Experiment, c.Claim, c.Verdict)
	}
	for _, e := range experiments {
		if e.Plan == nil {
			fmt.Fprintf(md, "| %s | %s | not yet run |\n", e.ID, e.Title)
		}
	}
	md.WriteString("\n")
}

// writeRunTable lists the runs with their seeds, steps, wall times,
// revisions and full configs.
func writeRunTable(md *strings.Builder, runs []*runResult) {
	fmt.Fprintf(md, "### Runs\n\n| run | algorithm | N | seed | steps | simulated time | wall time | workers | git revision |\n|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range runs {
		c := r.Spec.Config
		steps := fmt.Sprintf("%d", r.last().Step)
		if r.Interrupted {
			steps += fmt.Sprintf(" of %d (interrupted)", r.Spec.Steps)
		}
		fmt.Fprintf(md, "| %s | %s | %d | %d | %s | %.3g | %s | %d | `%s` |\n", r.Spec.Label, c.Algorithm, c.N, c.Seed, steps,
			r.last().Time, r.Wall.Round(10*time.Millisecond), r.Workers, r.Rev)
	}
	md.WriteString("\nThe configs (engine.Config JSON, as the web page exports and `mmfld -config` reads):\n\n")
	for _, r := range runs {
		b, _ := json.Marshal(r.Spec.Config)
		fmt.Fprintf(md, "- %s: `%s`\n", r.Spec.Label, b)
	}
	md.WriteString("\n")
}
