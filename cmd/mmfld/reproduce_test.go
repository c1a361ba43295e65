package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mmfld/playground/engine"
)

// quickRun is the package's one run of `mmfld reproduce -quick`, shared by
// the tests that read its report (quickReport); TestMain removes its
// directory.
var quickRun struct {
	once   sync.Once
	dir    string
	rep    *report
	stderr string
	err    error
}

// quickReport runs `mmfld reproduce -quick` the first time it is called and
// returns its output directory, its report and what it wrote on stderr.
func quickReport(t *testing.T) (dir string, r *report, stderr string) {
	t.Helper()
	quickRun.once.Do(func() {
		if quickRun.dir, quickRun.err = os.MkdirTemp("", "mmfld-reproduce-quick-"); quickRun.err != nil {
			return
		}
		var errOut bytes.Buffer
		quickRun.rep, quickRun.err = reproduce(context.Background(), reproduceOptions{Out: quickRun.dir, Quick: true}, &errOut)
		quickRun.stderr = errOut.String()
	})
	if quickRun.err != nil {
		t.Fatal(quickRun.err)
	}
	return quickRun.dir, quickRun.rep, quickRun.stderr
}

// quickNumbers returns the numbers the quick report's section id computed.
func quickNumbers(t *testing.T, id string) map[string]float64 {
	t.Helper()
	_, r, _ := quickReport(t)
	s, ok := r.Sections[id]
	if !ok {
		t.Fatalf("the quick report has no %s section", id)
	}
	return s.Numbers
}

func TestMain(m *testing.M) {
	code := m.Run()
	if quickRun.dir != "" {
		os.RemoveAll(quickRun.dir)
	}
	os.Exit(code)
}

// TestReproduceQuick runs `mmfld reproduce -quick` (a few seconds: N = 2000
// for 1000 steps four times, N = 4000 for 2000 steps, and the other
// experiments' quick runs) and checks the report, the figures, the data and
// the paper's qualitative claims at fixed seeds. Every threshold is far from
// the measured value (in the comments), which at a fixed seed is the same on
// every machine.
func TestReproduceQuick(t *testing.T) {
	dir, r, errOut := quickReport(t)
	if errOut != "" {
		t.Errorf("stderr is not a terminal and -progress is off, yet it got %q", errOut)
	}
	rep, err := os.ReadFile(filepath.Join(dir, "REPORT.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(rep)
	wants := []string{"## Summary", "## Experiment 1", "## The rate", "L\\* by quadrature", "**The noise floor**",
		"git revision", "### Runs", `"algorithm":"projected"`}
	for _, e := range experiments {
		if e.Plan == nil { // listed as not yet run, in the summary and its section
			wants = append(wants, fmt.Sprintf("| %s | %s | not yet run |", e.ID, e.Title), "Not yet run")
		}
	}
	for _, want := range wants {
		if !strings.Contains(text, want) {
			t.Errorf("REPORT.md lacks %q", want)
		}
	}
	if strings.Contains(text, "interrupted (Ctrl-C)") {
		t.Error("REPORT.md says interrupted")
	}
	// Every figure the report links exists, is a PNG of figW×figH pixels;
	// each experiment links its figures (named after its ID: e1-*.png,
	// rate.png).
	wantFigures := map[string]int{"e1": 5, "rate": 1, "e2": 3, "e3": 2, "chaos": 1, "bias": 1}
	links := map[string]int{}
	for _, line := range strings.Split(text, "\n") {
		if !strings.HasPrefix(line, "![") {
			continue
		}
		name := line[strings.LastIndex(line, "(")+1 : len(line)-1]
		links[name[:strings.IndexAny(name, "-.")]]++
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("figure %s: %v", name, err)
			continue
		}
		cfg, err := png.DecodeConfig(f)
		f.Close()
		if err != nil || cfg.Width != figW || cfg.Height != figH {
			t.Errorf("figure %s: %dx%d, %v; want a %dx%d PNG", name, cfg.Width, cfg.Height, err, figW, figH)
		}
	}
	if !reflect.DeepEqual(links, wantFigures) {
		t.Errorf("figures linked, by experiment: %v; want %v", links, wantFigures)
	}
	// The data: one CSV per run, the CSV mode's columns, 1000/20 + 1 rows.
	f, err := os.Open(filepath.Join(dir, "data", "e1-projected-beta0.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(rows) != 52 || rows[0][0] != "step" || rows[51][0] != "1000" {
		t.Errorf("data/e1-projected-beta0.csv: %d rows, %v", len(rows), err)
	}

	e1, rate := r.Sections["e1"].Numbers, r.Sections["rate"].Numbers
	// Projected MFLD piles mass on the faces: measured 28% of the particles
	// exactly on a face (binomial SE at N = 2000: 1%), 29% within 1e-3.
	if e1["projected-beta0.onFace"] < 0.15 || e1["projected-beta0.boundaryMass"] < 0.15 {
		t.Errorf("projected β=0: %.3f on a face, boundary mass %.3f; want both ≥ 0.15", e1["projected-beta0.onFace"], e1["projected-beta0.boundaryMass"])
	}
	// MMFLD puts no particle on a face (its coordinates are a softmax of
	// finite duals); near them 2.5% at β = 0 (the one-step hazard) and
	// 0.05% with the barrier.
	if e1["mmfld-beta0.onFace"] != 0 || e1["mmfld-beta0.1.onFace"] != 0 {
		t.Errorf("mmfld on a face: %v (β=0), %v (β=0.1); want 0", e1["mmfld-beta0.onFace"], e1["mmfld-beta0.1.onFace"])
	}
	if bm := e1["mmfld-beta0.1.boundaryMass"]; bm > 0.01 {
		t.Errorf("mmfld β=0.1 boundary mass %.4f, want ≤ 0.01", bm)
	}
	if p, m := e1["projected-beta0.boundaryMass"], e1["mmfld-beta0.boundaryMass"]; p < 3*m {
		t.Errorf("boundary mass at β=0: projected %.4f, mmfld %.4f; want projected ≥ 3× mmfld", p, m)
	}
	// Projected MFLD's L̂ rises with the sample its entropy is estimated on
	// (the check runs' final particles): its atoms on the faces predict
	// λf/(d − 1) = 0.0143 per e-fold of n (f = 0.287); measured 0.0161 ±
	// 0.0014 (quick check runs, N = 8000). The threshold is the prediction
	// less 3 of those SE.
	if sl := e1["projected-beta0.Lslope"]; !(sl > 0.0143-3*0.0014) {
		t.Errorf("projected β=0: L̂ against log n has slope %.4f; want > %.4f", sl, 0.0143-3*0.0014)
	}
	// L − L* falls: measured from 0.145 at t = 0 to a settled +7e-4 ± 1.3e-3
	// (N = 4000); the fit over the records above the floor has R² = 0.996 and
	// rate 2.2.
	if g0, g := rate["gap0"], rate["plateauMean"]; g0 < 0.05 || g > g0/10 {
		t.Errorf("L − L*: %.3g at t = 0, settled at %.3g; want a fall by 10×", g0, g)
	}
	if rate["rate"] <= 0.5 || rate["R2"] < 0.9 {
		t.Errorf("fitted rate %.3g, R² %.3g; want > 0.5 and ≥ 0.9", rate["rate"], rate["R2"])
	}
	if rate["meanOffSE"] > 5 {
		t.Errorf("the mean is %.1f SE from m*", rate["meanOffSE"])
	}
	verdicts := map[string]verdict{}
	for _, c := range r.Claims {
		verdicts[c.Experiment+": "+c.Claim] = c.Verdict
		if c.Why == "" {
			t.Errorf("%s: %s has no reason", c.Experiment, c.Claim)
		}
	}
	if v := verdicts["e1: Projected MFLD piles mass on the boundary"]; v != reproduced {
		t.Errorf("verdict on the boundary mass: %v", v)
	}
}

// countdown is a context whose Err reports cancellation after n calls: a
// Ctrl-C arriving at a fixed point of a run.
type countdown struct {
	context.Context
	n atomic.Int64
}

func (c *countdown) Err() error {
	if c.n.Add(-1) < 0 {
		return context.Canceled
	}
	return nil
}

// TestReproduceInterrupted: a Ctrl-C during the first run keeps the rows
// recorded so far, writes the report saying it was interrupted, and returns
// errInterrupted.
func TestReproduceInterrupted(t *testing.T) {
	dir := t.TempDir()
	ctx := &countdown{Context: context.Background()}
	ctx.n.Store(11) // the check before the first run, then 10 chunks of 20 steps
	var out, errOut bytes.Buffer
	err := runContext(ctx, []string{"reproduce", "-quick", "-out", dir}, &out, &errOut)
	if !errors.Is(err, errInterrupted) {
		t.Fatalf("error %v, want errInterrupted", err)
	}
	rep, err := os.ReadFile(filepath.Join(dir, "REPORT.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"This run was interrupted", "**Interrupted** before all its runs were made (1 of 6 done"} {
		if !strings.Contains(string(rep), want) {
			t.Errorf("REPORT.md lacks %q", want)
		}
	}
	f, err := os.Open(filepath.Join(dir, "data", "e1-mmfld-beta0.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(rows) != 12 || rows[11][0] != "200" {
		t.Errorf("interrupted run's data: %d rows (last %v), %v; want the header and steps 0, 20, …, 200", len(rows), rows[len(rows)-1][:1], err)
	}
}

// TestRunInterrupted: the CSV mode stopped by a Ctrl-C flushes its rows,
// adds the state reached, writes the particles file and returns
// errInterrupted.
func TestRunInterrupted(t *testing.T) {
	parts := filepath.Join(t.TempDir(), "p.csv")
	ctx := &countdown{Context: context.Background()}
	ctx.n.Store(3)
	var out, errOut bytes.Buffer
	// n = 200000: chunks of chunkWork/n = 5 steps, so the checks come at
	// steps 0, 5 and 7 (a row), and the fourth, at 12, sees the Ctrl-C.
	err := runContext(ctx, []string{"-set", "n=200000", "-steps", "100", "-every", "7", "-particles", parts}, &out, &errOut)
	if !errors.Is(err, errInterrupted) {
		t.Fatalf("error %v, want errInterrupted", err)
	}
	rows, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var steps []string
	for _, r := range rows[1:] {
		steps = append(steps, r[0])
	}
	if strings.Join(steps, ",") != "0,7,12" {
		t.Errorf("rows at steps %v, want 0, 7 and the state reached, 12", steps)
	}
	if st, err := os.Stat(parts); err != nil || st.Size() == 0 {
		t.Errorf("particles file: %v", err)
	}
}

// TestRunPresetAndPageConfig: -preset starts from a preset; -config takes the
// full engine.Config JSON the web page exports and reproduces it exactly;
// -set comes last.
func TestRunPresetAndPageConfig(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"-preset", "uniform-hazard", "-set", "n=123", "-print-config"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	// uniform-hazard is a comparison preset: both sides, b being a
	// (with -set's n) patched by the preset's comparison.
	var pair map[string]engine.Config
	if err := json.Unmarshal(out.Bytes(), &pair); err != nil {
		t.Fatal(err)
	}
	p, _ := engine.PresetByName("uniform-hazard")
	want := p.Config
	want.N = 123
	wantB, err := want.Patch(p.Compare)
	if err != nil || len(p.Compare) == 0 {
		t.Fatalf("uniform-hazard's comparison %s: %v", p.Compare, err)
	}
	if !reflect.DeepEqual(pair["a"], want) || !reflect.DeepEqual(pair["b"], wantB) || len(pair) != 2 {
		t.Errorf("-preset uniform-hazard -set n=123: %+v, want a %+v and b %+v", pair, want, wantB)
	}
	var c engine.Config
	// A config as the page exports it: every field, not the default's.
	page, _ := engine.PresetByName("paper-e3")
	page.Config.Seed, page.Config.Eta = 42, 0.05
	b, _ := json.Marshal(page.Config)
	out.Reset()
	if err := run([]string{"-preset", "dirichlet", "-config", string(b), "-print-config"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	c = engine.Config{}
	if err := json.Unmarshal(out.Bytes(), &c); err != nil || !reflect.DeepEqual(c, page.Config) {
		t.Errorf("the page's config %s came back as %+v (%v)", b, c, err)
	}
	err = run([]string{"-preset", "no-such"}, &out, &out)
	if err == nil || !strings.Contains(err.Error(), "paper-e1") {
		t.Errorf("-preset no-such: error %v, want one listing the presets", err)
	}
}

// TestRunComparison runs a comparison as the page exports it, a pair
// {"a": …, "b": …}: each record has a row a side, in lock-step, and each
// side's rows are the same bits as a run of that side's config alone (the
// page's comparison starts both from their own seeds); -particles writes
// side b beside side a, "-b" before the extension; -set b.field sets side b
// only, and is refused outside a comparison.
func TestRunComparison(t *testing.T) {
	a := `{"n": 300, "eta": 0.01, "seed": 3}`
	b := `{"n": 200, "eta": 0.01, "seed": 5, "algorithm": "projected"}`
	dir := t.TempDir()
	var out bytes.Buffer
	if err := run([]string{"-config", `{"a": ` + a + `, "b": ` + b + `}`, "-steps", "30", "-every", "10",
		"-particles", filepath.Join(dir, "final.csv")}, &out, &out); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	alone := func(config string) []string {
		var o bytes.Buffer
		if err := run([]string{"-config", config, "-steps", "30", "-every", "10"}, &o, &o); err != nil {
			t.Fatal(err)
		}
		return strings.Split(strings.TrimSpace(o.String()), "\n")
	}
	wantA, wantB := alone(a), alone(b)
	if len(lines) != 1+2*4 || lines[0] != "side,"+wantA[0] {
		t.Fatalf("comparison CSV: %d lines, header %q; want 9 and side,%s", len(lines), lines[0], wantA[0])
	}
	for k := range 4 {
		if ra, rb := lines[1+2*k], lines[2+2*k]; ra != "a,"+wantA[1+k] || rb != "b,"+wantB[1+k] {
			t.Errorf("record %d: %q and %q; want side a's %q and side b's %q run alone", k, ra, rb, wantA[1+k], wantB[1+k])
		}
	}
	for name, n := range map[string]int{"final.csv": 300, "final-b.csv": 200} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if got := strings.Count(string(data), "\n"); err != nil || got != n+1 {
			t.Errorf("%s: %d lines (%v), want a header and %d particles", name, got, err, n)
		}
	}
	out.Reset()
	if err := run([]string{"-config", `{"a": ` + a + `, "b": ` + b + `}`, "-set", "b.eta=0.02", "-set", "lambda=0.5", "-print-config"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	var pair map[string]engine.Config
	if err := json.Unmarshal(out.Bytes(), &pair); err != nil || pair["a"].Eta != 0.01 || pair["b"].Eta != 0.02 || pair["a"].Lambda != 0.5 || pair["b"].Lambda != 0.5 {
		t.Errorf("-set b.eta=0.02 -set lambda=0.5: %+v (%v); want b's η 0.02, a's 0.01, λ 0.5 on both (b is a patched)", pair, err)
	}
	if err := run([]string{"-set", "b.eta=0.02", "-print-config"}, &out, &out); err == nil || !strings.Contains(err.Error(), "comparison") {
		t.Errorf("-set b.eta outside a comparison: %v, want an error saying side b needs a comparison", err)
	}
}

// TestRunProgress: -progress draws the bar on a non-terminal stderr; without
// it nothing is drawn there.
func TestRunProgress(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run([]string{"-set", "n=20", "-steps", "40", "-every", "10", "-progress"}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if s := errOut.String(); !strings.Contains(s, "100%") || !strings.Contains(s, "left") || !strings.Contains(s, "step 40/40") {
		t.Errorf("progress output %q", s)
	}
	errOut.Reset()
	if err := run([]string{"-set", "n=20", "-steps", "40"}, &out, &errOut); err != nil || errOut.Len() != 0 {
		t.Errorf("without -progress: stderr %q, %v", errOut.String(), err)
	}
}

// TestProgressTimeLeft: at half the work after 10 s the bar says 0:10 left.
func TestProgressTimeLeft(t *testing.T) {
	var w bytes.Buffer
	now := time.Unix(0, 0)
	p := newProgress(&w, 100, true)
	p.now, p.start = func() time.Time { return now }, now
	now = now.Add(10 * time.Second)
	p.add(50, "x")
	if s := w.String(); !strings.Contains(s, " 50%") || !strings.Contains(s, "0:10 elapsed, 0:10 left") || !strings.Contains(s, "[############............]") {
		t.Errorf("bar %q", s)
	}
	if got := clock(3725 * time.Second); got != "1:02:05" {
		t.Errorf("clock(3725 s) = %s", got)
	}
	if newProgress(&w, 1, false) != nil {
		t.Error("a bar on a non-terminal without -progress")
	}
}

// TestLinearFit: an exact line comes back exactly, and the slope's standard
// error matches the textbook formula on a small case (Draper & Smith §1.4).
func TestLinearFit(t *testing.T) {
	a, b, se, r2 := linearFit([]float64{0, 1, 2, 3}, []float64{1, 3, 5, 7})
	if a != 1 || b != 2 || se != 0 || r2 != 1 {
		t.Errorf("exact line: %v %v %v %v", a, b, se, r2)
	}
	// y = 0, 1, 1, 3 at x = 0…3: b = 0.9, residuals 0.1, 0.2, −0.7, 0.4,
	// RSS = 0.7, SE(b)² = 0.7/2/5 = 0.07.
	_, b, se, _ = linearFit([]float64{0, 1, 2, 3}, []float64{0, 1, 1, 3})
	if d := b - 0.9; d*d > 1e-24 || strconv.FormatFloat(se*se, 'f', 10, 64) != "0.0700000000" {
		t.Errorf("b = %v, SE² = %v; want 0.9, 0.07", b, se*se)
	}
}

// TestExecuteRecordsEvery: when a chunk of steps (chunkWork/N = 5 at
// N = 200000) is shorter than the recording interval and does not divide it,
// the records still fall on its multiples.
func TestExecuteRecordsEvery(t *testing.T) {
	c := engine.Default()
	c.N = 200000
	r, err := execute(context.Background(), "t", runSpec{Name: "x", Label: "x", Config: c, Steps: 14, Every: 7}, "rev", nil)
	if err != nil {
		t.Fatal(err)
	}
	var steps []int64
	for _, m := range r.Records {
		steps = append(steps, m.Step)
	}
	if len(steps) != 3 || steps[0] != 0 || steps[1] != 7 || steps[2] != 14 || r.Interrupted {
		t.Errorf("records at steps %v (interrupted %v), want 0, 7, 14", steps, r.Interrupted)
	}
}
