package main

import (
	"fmt"
	"math"
	"path/filepath"
	"slices"

	"github.com/mmfld/playground/engine"
	"github.com/mmfld/playground/engine/mirror"
	"github.com/mmfld/playground/engine/objective/xor"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// e3Experiment is Gu & Kim's (arXiv 2505.02621) experiment 3: a two-layer
// mean-field network trained on noisy XOR, each particle one neuron
// constrained to the unit ball by the log-barrier map, MMFLD against
// projected MFLD on one objective (docs/math.md, "Paper settings").
var e3Experiment = experiment{
	ID:      "e3",
	Title:   "Experiment 3: a mean-field network on noisy XOR in the unit ball",
	Paper:   "N = 512 neurons, log-barrier map on the ball, η = 0.1, λ = 10⁻³, 100 epochs: MMFLD trains, projected MFLD stalls with the neurons on the sphere.",
	Plan:    e3Plan,
	Analyse: e3Analyse,
}

// e3Epochs is the paper's training length, 100 epochs, read as 100
// full-batch steps (every step sees the whole training set).
const e3Epochs = 100

// e3SphereTol is how close to 1 a neuron's norm must be to count as on the
// sphere: projected MFLD's radial projection puts it at 1 within rounding.
const e3SphereTol = 1e-9

// e3Sizes returns N, the steps and the recording interval.
func e3Sizes(quick bool) (n, steps, every int) {
	if quick {
		return 256, 150, 5
	}
	return 512, 500, 5
}

// e3Config is experiment 3's config: the preset paper-e3 (the unit ball
// with the log-barrier map, N = 512, η = 0.1, λ = 10⁻³: the paper's; the
// network, its scales and the data: ours) with the algorithm and N given,
// and seed 1, so both methods start from the same neurons.
func e3Config(algorithm string, n int) engine.Config {
	p, ok := engine.PresetByName("paper-e3")
	if !ok {
		panic("no preset paper-e3")
	}
	c := p.Config.Clone()
	c.Algorithm, c.N, c.Seed = algorithm, n, 1
	if err := c.Validate(); err != nil {
		panic(err)
	}
	return c
}

// e3Plan runs MMFLD and projected MFLD on the same config.
func e3Plan(quick bool) []runSpec {
	n, steps, every := e3Sizes(quick)
	var runs []runSpec
	for _, alg := range []string{engine.AlgorithmMMFLD, engine.AlgorithmProjected} {
		runs = append(runs, runSpec{Name: alg, Label: alg, Config: e3Config(alg, n), Steps: steps, Every: every, Particles: true})
	}
	return runs
}

// e3Run is one run's final numbers.
type e3Run struct {
	r             *runResult
	f, fsd        float64 // the training loss F over the last 10% of the records: mean, sd
	l             float64 // L̂ = F − λĤ over the last 10%
	acc, accSD    float64 // the test accuracy over the last 10%
	acc100        float64 // the test accuracy after e3Epochs steps
	bm            float64 // boundary mass: ‖θ‖ within BoundaryEps of 1
	onSphere      float64 // fraction with ‖θ‖ ≥ 1 − e3SphereTol
	meanNorm, max float64 // mean and largest ‖θ‖
	norms         []float64
	lateFall      float64 // F at half the run minus F at its end
	tBayes        float64 // the first step with accuracy ≥ Bayes − 3 SE (NaN: never)
}

// accOf is the test accuracy of a record (NaN when absent).
func accOf(m *engine.Metrics) float64 { return optional(m.Accuracy) }

// e3Measure computes a run's final numbers; bar is the accuracy that
// tBayes waits for.
func e3Measure(r *runResult, bar float64) e3Run {
	c := r.Spec.Config
	e := e3Run{r: r, tBayes: math.NaN()}
	e.f, e.fsd = tail(r, 0.1, fOf)
	e.l, _ = tail(r, 0.1, lOf)
	e.acc, e.accSD = tail(r, 0.1, accOf)
	e.acc100 = at(r, e3Epochs*c.Eta, accOf)
	e.bm = r.last().BoundaryMass
	horizon := r.last().Time
	e.lateFall = at(r, horizon/2, fOf) - r.last().F
	for i := range r.Records {
		if accOf(&r.Records[i]) >= bar {
			e.tBayes = float64(r.Records[i].Step)
			break
		}
	}
	d := c.Dim
	on := 0
	for p := 0; p+d <= len(r.Primal); p += d {
		s := 0.0
		for _, v := range r.Primal[p : p+d] {
			s += v * v
		}
		norm := math.Sqrt(s) / c.Radius
		e.norms = append(e.norms, norm)
		e.meanNorm += norm
		e.max = max(e.max, norm)
		if norm >= 1-e3SphereTol {
			on++
		}
	}
	e.meanNorm /= float64(len(e.norms))
	e.onSphere = float64(on) / float64(len(e.norms))
	return e
}

// e3Analyse writes experiment 3's section: the settings (the paper's and
// ours), the Bayes accuracy, the results table, the figures and the
// verdicts.
func e3Analyse(a *analysis) error {
	bayes := xor.BayesAccuracy()
	se := math.Sqrt(bayes * (1 - bayes) / xor.Test) // a fixed classifier's test accuracy, over Test points
	bar := bayes - 3*se
	runs := make([]e3Run, len(a.Runs))
	for i, r := range a.Runs {
		runs[i] = e3Measure(r, bar)
		e := &runs[i]
		for key, v := range map[string]float64{"F": e.f, "L": e.l, "accuracy": e.acc, "accuracy100": e.acc100, "boundaryMass": e.bm,
			"onSphere": e.onSphere, "meanNorm": e.meanNorm, "maxNorm": e.max, "lateFall": e.lateFall, "stepToBayes": e.tBayes} {
			a.Numbers[r.Spec.Name+"."+key] = v
		}
	}
	a.Numbers["bayes"], a.Numbers["bayesSE"] = bayes, se
	mm, pr := &runs[0], &runs[1] // e3Plan's order
	c := mm.r.Spec.Config
	n, steps, _ := e3Sizes(a.Quick)
	k := c.Dim - 2

	a.printf("### Settings\n\n")
	a.printf("- **The paper's:** a two-layer mean-field network on noisy XOR, one particle a neuron, N = %d%s, constrained to the "+
		"ball of radius %g by the log-barrier mirror map φ = −log(R² − ‖θ‖²); η = %g and λ = %g for both methods; %d epochs, read as "+
		"%d full-batch steps (marked on the figures; we run %d, simulated time %.3g).\n", n,
		map[bool]string{true: " (quick run: the paper's is 512)", false: ""}[a.Quick], c.Radius, c.Eta, c.Lambda, e3Epochs, e3Epochs, steps,
		float64(steps)*c.Eta)
	a.printf("- **Ours** (the engine's xor objective, engine/objective/xor; the paper does not state them): a neuron θ = (w, b, a) in ℝ%s "+
		"(k = %d inputs), the network f(u) = S·E_θ[a tanh(γ(⟨w, u⟩ + b))] with γ = %g and S = %g, the logistic loss on %d fixed training "+
		"points as F; the data u = (s₁, s₂) + N(0, ν²I), ν = %g, label y = s₁s₂, s uniform on {±1}², and %d fixed test points; "+
		"the uniform initial law on the ball; seed %d, so both methods start from the same neurons.\n",
		superscript(c.Dim), k, xor.InputScale, xor.OutputScale, xor.Train, xor.Noise, xor.Test, c.Seed)
	a.printf("- **The activation is tanh, not ReLU**, which the paper's summary suggests. The mean-field Langevin theory the paper " +
		"builds on needs a first variation with a bounded, Lipschitz gradient in θ, which tanh gives and ReLU's kink does not; and the " +
		"engine's xor objective implements tanh only. γ lets a neuron inside the unit ball switch sign between the clusters, and S lets " +
		"the mean output reach the Bayes log-odds (about 7 at the cluster centres), so XOR is expressible at all.\n")
	a.printf("- **The Bayes accuracy** of the rule sign(u₁u₂) is p² + (1 − p)² with p = Φ(1/ν): %.4f (xor.BayesAccuracy). A "+
		"fixed classifier's accuracy on the %d test points has a standard error of %.4f, so accuracies above %.4f (Bayes − 3 SE) count as "+
		"the Bayes accuracy. On these %d test points the Bayes rule itself scores %.4f (BayesTestAccuracy).\n\n", bayes, xor.Test, se, bar,
		xor.Test, xor.New(c.Dim, c.Dim+1).BayesTestAccuracy())

	a.printf("### Results\n\nThe training loss F and L̂ = F − λĤ and the test accuracy averaged over the last 10%% of the records (± the "+
		"standard deviation), the test accuracy after %d steps (the paper's %d epochs), the first step with accuracy ≥ %.4f, the final "+
		"boundary mass (‖θ‖ within %g of the sphere), the fraction exactly on it (‖θ‖ ≥ 1 − %g), the mean and largest ‖θ‖, and how much F "+
		"fell over the second half of the run.\n\n", e3Epochs, e3Epochs, bar, mirror.BoundaryEps, e3SphereTol)
	a.printf("| run | F | L̂ | test accuracy | after %d steps | step to Bayes − 3 SE | boundary mass | on the sphere | mean ‖θ‖ | largest ‖θ‖ | F's fall, second half |\n"+
		"|---|---|---|---|---|---|---|---|---|---|---|\n", e3Epochs)
	for _, e := range runs {
		a.printf("| %s | %.4f ± %.4f | %.4f | %.4f ± %.4f | %.4f | %s | %.4f | %.4f | %.4f | %.6f | %s |\n", e.r.Spec.Label, e.f, e.fsd, e.l,
			e.acc, e.accSD, e.acc100, stepOrNever(e.tBayes), e.bm, e.onSphere, e.meanNorm, e.max, fmt4(e.lateFall))
	}
	a.printf("\n")

	if err := e3Figures(a, runs, bayes, se); err != nil {
		return err
	}

	// Claim 1: MMFLD trains the network.
	trains := fmt.Sprintf("MMFLD's test accuracy is %.4f after %d steps and %.4f ± %.4f at the end (step %d), against the Bayes accuracy "+
		"%.4f (SE %.4f on %d test points); its training loss fell from %.4f to %.4f.", mm.acc100, e3Epochs, mm.acc, mm.accSD,
		mm.r.last().Step, bayes, se, xor.Test, mm.r.Records[0].F, mm.f)
	switch {
	case mm.acc100 >= bar && mm.acc >= bar:
		a.judge("MMFLD trains the network (to the Bayes accuracy within 100 epochs)", reproduced, "%s", trains)
	case mm.acc >= bar:
		a.judge("MMFLD trains the network (to the Bayes accuracy within 100 epochs)", partly, "%s It gets there, but after more than %d steps.", trains, e3Epochs)
	default:
		a.judge("MMFLD trains the network (to the Bayes accuracy within 100 epochs)", notReproduced, "%s Below Bayes − 3 SE = %.4f.", trains, bar)
	}

	// Claim 2: projected MFLD's neurons end on the sphere, MMFLD's inside.
	sphere := fmt.Sprintf("Projected MFLD ends with %.1f%% of its neurons exactly on the sphere ‖θ‖ = 1 and %.1f%% within %g of it; MMFLD "+
		"with %.1f%% on it and %.1f%% within %g (mean ‖θ‖ %.3f, the largest %.6f), against %.1f%% within %g for the uniform start.",
		100*pr.onSphere, 100*pr.bm, mirror.BoundaryEps, 100*mm.onSphere, 100*mm.bm, mirror.BoundaryEps, mm.meanNorm, mm.max,
		100*mm.r.Records[0].BoundaryMass, mirror.BoundaryEps)
	switch {
	case pr.onSphere >= 0.5 && pr.bm >= 0.9 && mm.onSphere == 0 && mm.bm <= 0.05:
		a.judge("Projected MFLD puts the neurons on the sphere, MMFLD keeps them inside", reproduced, "%s", sphere)
	case pr.bm > 3*mm.bm+0.05:
		a.judge("Projected MFLD puts the neurons on the sphere, MMFLD keeps them inside", partly, "%s", sphere)
	default:
		a.judge("Projected MFLD puts the neurons on the sphere, MMFLD keeps them inside", notReproduced, "%s", sphere)
	}

	// Claim 3: projected MFLD stalls.
	stall := fmt.Sprintf("Over the second half of the run projected MFLD's training loss fell by %s (MMFLD's by %s); it ends at "+
		"F = %.4f against MMFLD's %.4f, and at a test accuracy of %.4f against MMFLD's %.4f (SE %.4f). Projected MFLD reaches Bayes − 3 SE "+
		"at step %s, MMFLD at step %s.", fmt4(pr.lateFall), fmt4(mm.lateFall), pr.f, mm.f, pr.acc, mm.acc, se, stepOrNever(pr.tBayes), stepOrNever(mm.tBayes))
	stopped := pr.lateFall < 0.2*mm.lateFall
	switch {
	case pr.acc < mm.acc-3*se || pr.f > mm.f+3*max(pr.fsd, mm.fsd, 1e-4):
		a.judge("Projected MFLD stalls", reproduced, "%s It ends worse than MMFLD.", stall)
	case stopped:
		a.judge("Projected MFLD stalls", partly, "%s Its loss stops falling once its neurons are on the sphere, as the paper says, "+
			"but at a lower loss than MMFLD's and the same accuracy: in this network (tanh, output scale S = %g) the loss rewards the largest "+
			"output weights, which sit on the sphere, so stalling there costs nothing. What MMFLD buys is neurons strictly inside the "+
			"constraint, where the mirror geometry (and the theory) holds.", stall, xor.OutputScale)
	default:
		a.judge("Projected MFLD stalls", notReproduced, "%s Its loss still falls and it classifies as well as MMFLD.", stall)
	}
	return nil
}

// stepOrNever formats a step, or "never" for NaN.
func stepOrNever(s float64) string {
	if math.IsNaN(s) {
		return "never"
	}
	return fmt.Sprintf("%.0f", s)
}

// fmt4 formats x to 4 decimals, without the sign of a value that rounds
// to zero.
func fmt4(x float64) string {
	if math.Abs(x) < 5e-5 {
		x = 0
	}
	return fmt.Sprintf("%.4f", x)
}

// superscript writes n with superscript digits (ℝ⁴).
func superscript(n int) string {
	digits := []rune("⁰¹²³⁴⁵⁶⁷⁸⁹")
	s := ""
	for _, ch := range fmt.Sprint(n) {
		s += string(digits[ch-'0'])
	}
	return s
}

// e3Figures draws experiment 3's figures: the training loss and the test
// accuracy against the step, and the boundary mass against the step beside
// the final neurons' norms.
func e3Figures(a *analysis, runs []e3Run, bayes, se float64) error {
	c := runs[0].r.Spec.Config
	pf := newPlot(fmt.Sprintf("Training loss F (N = %d)", c.N), "step (full-batch epoch)", "F")
	pa := newPlot("Test accuracy", "step (full-batch epoch)", "fraction of test points")
	pb := newPlot(fmt.Sprintf("Boundary mass: ‖θ‖ within %g of 1", mirror.BoundaryEps), "step (full-batch epoch)", "fraction of neurons")
	last := 0.0
	for i, e := range runs {
		xs, fs := stepSeries(e.r, fOf)
		if err := addLine(pf, e.r.Spec.Label, xs, fs, palette[i], false); err != nil {
			return err
		}
		xs, as := stepSeries(e.r, accOf)
		if err := addLine(pa, e.r.Spec.Label, xs, as, palette[i], false); err != nil {
			return err
		}
		xs, bs := stepSeries(e.r, bmOf)
		if err := addLine(pb, e.r.Spec.Label, xs, bs, palette[i], false); err != nil {
			return err
		}
		last = max(last, xs[len(xs)-1])
	}
	if err := addLine(pa, "Bayes", []float64{0, last}, []float64{bayes, bayes}, palette[6], true); err != nil {
		return err
	}
	if err := addLine(pa, "Bayes ± 3 SE", []float64{0, last}, []float64{bayes - 3*se, bayes - 3*se}, palette[3], true); err != nil {
		return err
	}
	if err := addLine(pa, "", []float64{0, last}, []float64{bayes + 3*se, bayes + 3*se}, palette[3], true); err != nil {
		return err
	}
	for _, p := range []*plot.Plot{pf, pa, pb} {
		p.X.Tick.Marker = plainTicks{}
		lo, hi := p.Y.Min, p.Y.Max
		if p == pa {
			lo, hi = 0.5, 1
			p.Y.Min, p.Y.Max = lo, hi
			p.Legend.Top, p.Legend.YOffs = false, vg.Points(40)
		}
		if p == pb {
			lo, hi = 0, 1
			p.Y.Min, p.Y.Max = lo, hi
			p.Legend.Top, p.Legend.YOffs = false, vg.Points(60)
		}
		if err := addLine(p, fmt.Sprintf("%d epochs", e3Epochs), []float64{e3Epochs, e3Epochs}, []float64{lo, hi}, palette[2], true); err != nil {
			return err
		}
	}
	if err := savePNG(filepath.Join(a.Dir, "e3-training.png"), []*plot.Plot{pf, pa}); err != nil {
		return err
	}
	a.figure("e3-training.png", fmt.Sprintf("Experiment 3: the training loss (left) and the test accuracy on %d fixed points (right) against the "+
		"step, MMFLD and projected MFLD from the same neurons; the Bayes accuracy with ±3 standard errors of a %d-point test set, and the "+
		"paper's %d epochs.", xor.Test, xor.Test, e3Epochs))

	// The final norms: the fraction of neurons with ‖θ‖ ≤ r.
	pn := newPlot("Final neurons: their norms", "‖θ‖/R", "fraction with ‖θ‖ ≤ r")
	pn.Legend.Left = true
	for i, e := range runs {
		sorted := slices.Clone(e.norms)
		slices.Sort(sorted)
		var xs, ys []float64
		for k := 0; k <= 500; k++ {
			x := float64(k) / 500
			m, _ := slices.BinarySearch(sorted, math.Nextafter(x, math.Inf(1)))
			xs, ys = append(xs, x), append(ys, float64(m)/float64(len(sorted)))
		}
		if err := addLine(pn, e.r.Spec.Label, xs, ys, palette[i], false); err != nil {
			return err
		}
	}
	pn.Y.Min, pn.Y.Max = 0, 1
	if err := savePNG(filepath.Join(a.Dir, "e3-sphere.png"), []*plot.Plot{pb, pn}); err != nil {
		return err
	}
	a.figure("e3-sphere.png", "Experiment 3: the boundary mass against the step (left) and the final neurons' norms (right; a jump at 1 is "+
		"neurons on the sphere).")
	return nil
}
