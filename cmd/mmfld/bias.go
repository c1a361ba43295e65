package main

import (
	"fmt"
	"image/color"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mmfld/playground/engine"
	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/plot"
)

// biasExperiment measures the step-size bias of the discretised dynamics
// (Gu & Kim, arXiv 2505.02621, Theorem 4.2: the discretisation adds
// δ_η = 2ηM₂⁴M(ηM₁² + 2λd) = O(η) to the gap; docs/math.md) on Dirichlet
// targets, where the stationary law of the exact dynamics is Dirichlet(α)
// whatever λ: for each algorithm, the error of the time-averaged law of its
// particles against Dirichlet(α), over two decades of η. For α = (2, 3, 4)
// the error is that of E V, V = −λ Σᵢ (αᵢ − 1) log xᵢ (the objective F,
// exactly −λ Σᵢ (αᵢ − 1)(ψ(αᵢ) − ψ(α₀)) under Dirichlet(α)); for
// α = (1, 1, 1), where V = 0, that of the second-moment matrix E[x xᵀ]
// (stat.DirichletMoments). The one-step Euler scheme (mmfld) is known to
// fail there (docs/math.md, the one-step noise hazard).
var biasExperiment = experiment{
	ID:      "bias",
	Title:   "The step-size bias against η",
	Paper:   "Theorem 4.2: the error of the discretised dynamics shrinks with η (two decades, each algorithm, Dirichlet targets including α = (1, 1, 1), where one-step Euler breaks the O(η) law).",
	Plan:    biasPlan,
	Analyse: biasAnalyse,
}

// biasLambda is λ for every run. The Dirichlet potential is proportional to
// λ, so a step depends on λη alone (the drift and the noise variance both
// scale with it, and so do mmfld-substep's adaptive substeps): λ = 1 makes
// η that dimensionless step, and the times below are in units of 1/λ.
const biasLambda = 1.0

// biasK is the number of standard errors of the noise floor: an error above
// biasK standard errors of its own estimate is dominated by the bias.
const biasK = 3

// biasTarget is one Dirichlet target and the burn-in its runs leave out of
// the averages (the particles start uniform on Δ²: Dirichlet(1, 1, 1)).
type biasTarget struct {
	Key   string // file-safe: "a234"
	Alpha []float64
	Burn  float64
}

// biasCurve is one algorithm on one target over a ladder of η from Top
// down, averaged over Horizon after the burn-in, with N particles, or
// fewer where a run would cost more than Budget particle-steps (0: no cap;
// see biasN), and mmfld-substep's Substeps (0: adaptive).
type biasCurve struct {
	Target    biasTarget
	Algorithm string
	Top       float64
	N         int
	Horizon   float64
	Budget    float64
	Substeps  int
}

// biasN returns the particles of a curve's run at η: N, or as many as
// Budget particle-steps buy over the run's burn-in and horizon (at least
// 200). The budget spends the time where it buys resolution: a run's noise
// floor falls like 1/√(N·Horizon) and its bias like η, so at the bottom of a
// window the bias is below any affordable floor and the run, kept for the
// upper bound it gives, need not be large.
func biasN(cv biasCurve, eta float64) int {
	if cv.Budget == 0 {
		return cv.N
	}
	return min(cv.N, max(200, int(math.Round(cv.Budget*eta/(cv.Target.Burn+cv.Horizon)))))
}

// biasLadder is the η of a curve as fractions of its Top: two decades at
// half-decade steps (full), one decade (quick).
func biasLadder(quick bool) []float64 {
	if quick {
		return []float64{1, 0.1}
	}
	return []float64{1, 1. / 3, 0.1, 1. / 30, 0.01}
}

var (
	biasRegular = biasTarget{"a234", []float64{2, 3, 4}, 5}
	biasUniform = biasTarget{"a111", []float64{1, 1, 1}, 3}
)

// biasCurves are the curves run. Each algorithm's window is the two decades
// below the largest η at which it is still stable on the target (measured:
// mmfld and mmfld-substep put 77% and 17% of the particles within 10⁻³ of a
// face at η = 0.1 on Dirichlet(2, 3, 4), their drift being one Euler step
// of a gradient that grows like 1/xᵢ); N and the horizon are what the
// smallest η needs for its bias to stand above the noise, within the time
// budget (mmfld's and projected's errors at α = (1, 1, 1) are large, and
// need few particles).
// Projected MFLD runs on the uniform target only: with α = (2, 3, 4) its
// steps land on the faces, where the potential's gradient is infinite.
func biasCurves(quick bool) []biasCurve {
	if quick {
		return []biasCurve{
			{biasRegular, engine.AlgorithmMirrored, 0.3, 2000, 10, 0, 0},
			{biasRegular, engine.AlgorithmMMFLD, 0.03, 2000, 10, 0, 0},
			{biasRegular, engine.AlgorithmMMFLDSubstep, 0.03, 1000, 10, 0, 0},
			{biasUniform, engine.AlgorithmMirrored, 0.3, 2000, 10, 0, 0},
			{biasUniform, engine.AlgorithmMMFLD, 0.03, 1000, 5, 0, 0},
			{biasUniform, engine.AlgorithmMMFLDSubstep, 0.3, 2000, 10, 0, 1},
			{biasUniform, engine.AlgorithmProjected, 0.03, 1000, 5, 0, 0},
		}
	}
	return []biasCurve{
		{biasRegular, engine.AlgorithmMirrored, 0.3, 10000, 40, 0, 0},
		{biasRegular, engine.AlgorithmMMFLD, 0.03, 10000, 20, 3e8, 0},
		{biasRegular, engine.AlgorithmMMFLDSubstep, 0.03, 10000, 20, 3e8, 0},
		// Mirrored's bias on the uniform target is small (10⁻³ at η =
		// 0.03): up to 160,000 particles resolve it a decade down. So is
		// mmfld-substep's, here with one step of its diffusion scheme per
		// step (adaptive, it takes steps of λh ≤ 0.02 and its error stops
		// growing above η = 0.02).
		{biasUniform, engine.AlgorithmMirrored, 0.3, 160000, 40, 2e8, 0},
		{biasUniform, engine.AlgorithmMMFLD, 0.03, 2000, 10, 0, 0},
		{biasUniform, engine.AlgorithmMMFLDSubstep, 0.3, 160000, 40, 2e8, 1},
		{biasUniform, engine.AlgorithmProjected, 0.03, 2000, 10, 0, 0},
	}
}

// biasRecord is the simulated time between records.
func biasRecord(quick bool) float64 {
	if quick {
		return 0.25
	}
	return 0.5
}

// biasBatches is the number of batches of the batch-means standard errors.
func biasBatches(quick bool) int {
	if quick {
		return 5
	}
	return 8
}

// biasConfig is one run: Dirichlet(α) on Δ² with λ = biasLambda, seed 1.
func biasConfig(t biasTarget, algorithm string, eta float64, n, substeps int) engine.Config {
	c := engine.Default()
	c.Objective, c.Algorithm, c.Alpha = engine.ObjectiveDirichlet, algorithm, slices.Clone(t.Alpha)
	c.Lambda, c.Eta, c.N, c.Seed, c.Substeps = biasLambda, eta, n, 1, substeps
	if err := c.Validate(); err != nil {
		panic(err)
	}
	return c
}

// biasEtas returns the η of a curve, rounded to 3 significant digits.
func biasEtas(cv biasCurve, quick bool) []float64 {
	var out []float64
	for _, f := range biasLadder(quick) {
		out = append(out, roundSig(cv.Top*f, 3))
	}
	return out
}

// roundSig rounds x to the given number of significant digits, so that
// the η of a ladder print as 0.03, not 0.030000000000000002.
func roundSig(x float64, digits int) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', digits, 64), 64)
	return v
}

// biasPlan returns one run per curve and η (biasCurves, biasEtas), in that
// order, recording every biasRecord of simulated time.
func biasPlan(quick bool) []runSpec {
	var runs []runSpec
	for _, cv := range biasCurves(quick) {
		for _, eta := range biasEtas(cv, quick) {
			e := strconv.FormatFloat(eta, 'g', -1, 64)
			every := max(1, int(math.Round(biasRecord(quick)/eta)))
			steps := int(math.Round((cv.Target.Burn + cv.Horizon) / eta))
			runs = append(runs, runSpec{Name: cv.Target.Key + "-" + cv.Algorithm + "-eta" + e,
				Label:  fmt.Sprintf("α=%s %s η=%s", fmtVec(cv.Target.Alpha), cv.Algorithm, e),
				Config: biasConfig(cv.Target, cv.Algorithm, eta, biasN(cv, eta), cv.Substeps), Steps: steps, Every: every})
		}
	}
	return runs
}

// uniformAlpha reports whether every αᵢ is 1 (V = 0).
func uniformAlpha(alpha []float64) bool {
	for _, a := range alpha {
		if a != 1 {
			return false
		}
	}
	return true
}

// dirichletMeanV returns E V under Dirichlet(α) for V = −λ Σᵢ (αᵢ − 1) log xᵢ:
// −λ Σᵢ (αᵢ − 1)(ψ(αᵢ) − ψ(α₀)), since E log xᵢ = ψ(αᵢ) − ψ(α₀).
func dirichletMeanV(alpha []float64, lambda float64) float64 {
	a0 := 0.0
	for _, a := range alpha {
		a0 += a
	}
	v := 0.0
	for _, a := range alpha {
		v -= lambda * (a - 1) * (mathext.Digamma(a) - mathext.Digamma(a0))
	}
	return v
}

// biasPoint is one run's error against the target.
type biasPoint struct {
	r          *runResult
	eta        float64
	err, noise float64 // the error of the time averages and √Σ SE² of their components
	signed     float64 // for E V: the signed error
	bm         float64 // boundary mass, averaged like the error
	clampRate  float64 // clamped moves per particle-step
	substeps   float64 // diffusion substeps per particle-step, in the last step
}

// floor is the noise floor: biasK standard errors.
func (p *biasPoint) floor() float64 { return biasK * p.noise }

// dominated reports whether the error stands above the noise floor.
func (p *biasPoint) dominated() bool { return p.err > p.floor() }

// biasMeasure computes a run's error: the components (E V − E*V, or the
// nine entries of E[x xᵀ] − E*[x xᵀ]) are averaged over the records after
// the burn-in, each with a batch-means standard error.
func biasMeasure(r *runResult, burn float64, batches int) biasPoint {
	c := r.Spec.Config
	w := c.Dim + 1
	p := biasPoint{r: r, eta: c.Eta}
	uniform := uniformAlpha(c.Alpha)
	var ref []float64
	if uniform {
		mean, cov := engine.TargetOf(c).Mean, engine.TargetOf(c).Cov
		ref = make([]float64, w*w)
		for i := range w {
			for j := range w {
				ref[i*w+j] = cov[i*w+j] + mean[i]*mean[j]
			}
		}
	} else {
		ref = []float64{dirichletMeanV(c.Alpha, c.Lambda)}
	}
	series := make([][]float64, len(ref))
	var bms []float64
	for k := range r.Records {
		m := &r.Records[k]
		if m.Time < burn-1e-9 {
			continue
		}
		bms = append(bms, m.BoundaryMass)
		if !uniform {
			series[0] = append(series[0], m.F-ref[0])
			continue
		}
		for i := range w {
			for j := range w {
				series[i*w+j] = append(series[i*w+j], m.Cov[i*w+j]+m.Mean[i]*m.Mean[j]-ref[i*w+j])
			}
		}
	}
	var e2, n2 float64
	for _, s := range series {
		mean, se := batchMeans(s, batches)
		e2 += mean * mean
		n2 += se * se
		p.signed = mean
	}
	p.err, p.noise = math.Sqrt(e2), math.Sqrt(n2)
	p.bm, _ = meanSE(bms)
	last := r.last()
	p.clampRate = float64(last.Clamped) / float64(c.N) / float64(max(last.Step, 1))
	p.substeps = last.Substeps
	return p
}

// biasFit is a curve's fitted power law over its bias-dominated points.
type biasFit struct {
	slope, se float64
	used      int
	decades   float64
	law       string // "O(η)", "breaks", "none seen" or "undetermined"
}

// biasSqrtRate is the rate a curve's fit must exclude to keep the O(η)
// law: η^{1/2}, the weak-error rate of the projected Euler scheme of a
// reflected diffusion (Bossy, Gobet & Talay 2004, J. Appl. Probab. 41(3),
// "A symmetrized Euler scheme for an efficient approximation of reflected
// diffusions").
const biasSqrtRate = 0.5

// fitBias fits log err = a + b log η over the bias-dominated points,
// weighting each by its known noise (weightedLinearFit, σ = SE/err on the
// log scale), and classifies the curve. The O(η) law is an upper bound,
// error ≤ Cη (an error falling faster, like η², keeps it too), so it is
// kept when at least 3 such points span at least a decade, b + biasK·SE ≥ 1
// (not slower than η) and b − biasK·SE > biasSqrtRate (the fit is precise
// enough to tell η from √η); it is broken when the error falls slower than
// η by more than biasK standard errors, b + biasK·SE < 1, over at least 3
// points; a curve with no point above its floor has no bias to be seen
// ("none seen", which keeps the law: the error is below the floor at
// every η); undetermined otherwise.
func fitBias(pts []biasPoint) biasFit {
	var xs, ys, sig []float64
	for _, p := range pts {
		if p.dominated() {
			xs, ys, sig = append(xs, math.Log(p.eta)), append(ys, math.Log(p.err)), append(sig, p.noise/p.err)
		}
	}
	f := biasFit{used: len(xs), law: "undetermined"}
	if len(xs) == 0 {
		f.law = "none seen"
	}
	if len(xs) < 2 {
		return f
	}
	f.decades = (slices.Max(xs) - slices.Min(xs)) / math.Ln10
	_, f.slope, f.se = weightedLinearFit(xs, ys, sig)
	switch {
	case len(xs) >= 3 && f.slope+biasK*f.se < 1:
		f.law = "breaks"
	case len(xs) >= 3 && f.decades >= 0.99 && f.slope-biasK*f.se > biasSqrtRate:
		f.law = "O(η)"
	}
	return f
}

// biasColor is an algorithm's colour in the figure.
func biasColor(algorithm string) color.Color {
	switch algorithm {
	case engine.AlgorithmMMFLD:
		return palette[0]
	case engine.AlgorithmProjected:
		return palette[1]
	case engine.AlgorithmMirrored:
		return palette[2]
	default:
		return palette[3]
	}
}

// biasAnalyse measures each run's error (biasMeasure), fits each curve
// (fitBias), writes the tables and the figure and judges the claims.
func biasAnalyse(a *analysis) error {
	curves := biasCurves(a.Quick)
	ladder := len(biasLadder(a.Quick))
	batches := biasBatches(a.Quick)
	if len(a.Runs) != len(curves)*ladder {
		return fmt.Errorf("%d runs, want %d", len(a.Runs), len(curves)*ladder)
	}
	fits := map[string]biasFit{}
	points := map[string][]biasPoint{}
	for i, cv := range curves {
		key := cv.Target.Key + "." + cv.Algorithm
		for _, r := range a.Runs[i*ladder : (i+1)*ladder] {
			points[key] = append(points[key], biasMeasure(r, cv.Target.Burn, batches))
		}
		f := fitBias(points[key])
		fits[key] = f
		pts := points[key]
		a.Numbers[key+".slope"], a.Numbers[key+".slopeSE"] = f.slope, f.se
		a.Numbers[key+".errTop"], a.Numbers[key+".errBottom"] = pts[0].err, pts[len(pts)-1].err
		a.Numbers[key+".floorTop"], a.Numbers[key+".floorBottom"] = pts[0].floor(), pts[len(pts)-1].floor()
	}
	ev := dirichletMeanV(biasRegular.Alpha, biasLambda)
	uniform := engine.TargetOf(biasConfig(biasUniform, engine.AlgorithmMirrored, 0.1, 1, 0))
	uMean, uCov := uniform.Mean, uniform.Cov

	a.printf("### Settings\n\nAll ours (the paper runs no step-size study): Dirichlet targets on Δ² (the `dirichlet` objective, "+
		"V = −λ Σᵢ (αᵢ − 1) log xᵢ, whose Gibbs measure is Dirichlet(α) for every λ), λ = %g, seed 1, the particles starting "+
		"uniform on Δ². The potential is proportional to λ, so a step depends on λη alone: with λ = 1, η is that "+
		"dimensionless step and times are in units of 1/λ. Each algorithm runs over two decades of η below the largest η at "+
		"which it is still stable on the target (at η = 0.1 the particles of one-step mmfld and mmfld-substep crowd the faces of "+
		"Dirichlet(2, 3, 4): their drift is one Euler step of a gradient that grows like 1/xᵢ; the rows at η = 0.03 below show "+
		"the onset, in boundary mass and cut moves), with the N and "+
		"the averaging time its smallest η needs, within the time budget. Projected MFLD runs on the uniform target only: with "+
		"α = (2, 3, 4) its steps land on the faces, where the potential's gradient is infinite. mmfld-substep runs adaptive "+
		"(substeps = 0) on Dirichlet(2, 3, 4) and with one step of its diffusion scheme a step (substeps = 1) on the uniform "+
		"target: adaptive, it would take steps of λh ≤ 0.02 there and its error would stop changing above η = 0.02. "+
		"The runs burn in for t = %g "+
		"(α = (2, 3, 4)) or %g (α = (1, 1, 1), where the uniform start is the target itself), then record every Δt = %g.\n\n",
		biasLambda, biasRegular.Burn, biasUniform.Burn, biasRecord(a.Quick))
	a.printf("**The error.** The time average, over the records after the burn-in, of a statistic of the particles against its "+
		"exact value under Dirichlet(α):\n\n"+
		"- α = (2, 3, 4): E V, the objective F itself, exactly −λ Σᵢ (αᵢ − 1)(ψ(αᵢ) − ψ(α₀)) = %.5f (E log xᵢ = ψ(αᵢ) − ψ(α₀)). These "+
		"log-moments are Dirichlet(α)'s sufficient statistics, and their step-size bias stands out of the noise better than "+
		"that of second moments (in trial runs), which makes two decades affordable.\n"+
		"- α = (1, 1, 1): V = 0, so F says nothing; the error is the Frobenius norm of E[x xᵀ] − E*[x xᵀ] over the three "+
		"barycentric coordinates (its rows sum to the mean, so it holds the mean too), where the one-step hazard shows "+
		"(docs/math.md, the one-step noise hazard: at η = 10⁻², T = 4, boundary mass 0.35 against 0.006 and Var x₁ 0.077 "+
		"against 1/18). Exact: E xᵢ² = %.5f, E xᵢxⱼ = %.5f.\n\n"+
		"**The noise floor** is %d standard errors of the error's own estimate: each component's standard error by batch means "+
		"(%d batches of the post-burn-in records; the particles of a Dirichlet run do not interact, so their noise averages over N "+
		"and over time), combined as √(Σ SE²). A point above its floor is **bias-dominated**; the fitted slopes use those points only, "+
		"each weighted by its own noise (the slope's SE from those, scaled up by the Birge ratio when the points scatter more). "+
		"The O(η) law is an upper bound, error ≤ Cη (an error falling faster, like η², keeps it), so a curve **keeps** it when at "+
		"least 3 bias-dominated points span at least a decade, slope + %d SE ≥ 1 and slope − %d SE > %g (the fit tells η from the "+
		"√η of the projected Euler scheme of a reflected diffusion, Bossy, Gobet & Talay 2004); it **breaks** it "+
		"when slope + %d SE < 1 (the error falls slower than η); otherwise the rate is **undetermined**. Where a run would cost more "+
		"than its curve's budget of particle-steps it has fewer particles (the N column): at the bottom of a window the bias is "+
		"below any affordable floor, and the run gives an upper bound. Theorem 4.2 bounds the objective gap by δ_η = O(η); the weak error of a smooth "+
		"statistic of an Euler scheme's stationary law is O(η) too (Talay & Tubaro 1990; Mattingly, Stuart & Tretyakov 2010), and "+
		"is what is measured here.\n\n", ev, uCov[0]+uMean[0]*uMean[0], uCov[1]+uMean[0]*uMean[1], biasK, batches, biasK, biasK, biasSqrtRate, biasK)

	pr := newPlot("α = (2, 3, 4): |E V − E*V| against η", "η (λ = 1)", "error")
	pu := newPlot("α = (1, 1, 1): ‖E xxᵀ − E*xxᵀ‖_F against η", "η (λ = 1)", "error")
	for _, p := range []*plot.Plot{pr, pu} {
		logX(p)
		logY(p)
	}
	// Where no curve runs: bottom right (large η, small errors) on the left
	// panel; top left (small η, large errors) on the right one, whose bottom
	// right holds mmfld-substep's errors.
	pr.Legend.Top = false
	pu.Legend.Top, pu.Legend.Left = true, true
	for _, tg := range []biasTarget{biasRegular, biasUniform} {
		stat := "E V − E*V"
		if uniformAlpha(tg.Alpha) {
			stat = "‖E xxᵀ − E*xxᵀ‖_F"
		}
		a.printf("### α = %s\n\n| algorithm | N | η | error (%s) | noise floor (%d SE) | bias-dominated | boundary mass | clamped per particle-step | substeps per step | wall time |\n|---|---|---|---|---|---|---|---|---|---|\n",
			fmtVec(tg.Alpha), stat, biasK)
		for _, cv := range curves {
			if cv.Target.Key != tg.Key {
				continue
			}
			for _, p := range points[tg.Key+"."+cv.Algorithm] {
				e := fmt.Sprintf("%.3e", p.err)
				if !uniformAlpha(tg.Alpha) {
					e = fmt.Sprintf("%+.3e", p.signed)
				}
				a.printf("| %s | %d | %g | %s | %.1e | %s | %.4f | %.2g | %.1f | %s |\n", cv.Algorithm, p.r.Spec.Config.N, p.eta, e, p.floor(),
					map[bool]string{true: "yes", false: "no"}[p.dominated()], p.bm, p.clampRate, p.substeps, p.r.Wall.Round(10*time.Millisecond))
			}
		}
		a.printf("\n| algorithm | fitted slope ± SE | bias-dominated points | decades | law |\n|---|---|---|---|---|\n")
		for _, cv := range curves {
			if cv.Target.Key != tg.Key {
				continue
			}
			f := fits[tg.Key+"."+cv.Algorithm]
			slope := "—"
			if f.used >= 2 {
				slope = fmt.Sprintf("%.2f ± %.2f", f.slope, f.se)
			}
			a.printf("| %s | %s | %d of %d | %.1f | %s |\n", cv.Algorithm, slope, f.used, ladder, f.decades, f.law)
		}
		a.printf("\n")
	}
	a.printf("Boundary mass is the fraction of particles within 10⁻³ of a face, averaged like the error: %.4f for the uniform law, "+
		"about 10⁻⁵ for Dirichlet(2, 3, 4).\n\n", 1-math.Pow(1-3*1e-3, 2))

	// The figure: one panel a target, each curve with its floor dotted.
	for _, cv := range curves {
		p := pr
		if cv.Target.Key == biasUniform.Key {
			p = pu
		}
		pts := points[cv.Target.Key+"."+cv.Algorithm]
		var xs, ys, fl []float64
		for _, q := range pts {
			xs, ys, fl = append(xs, q.eta), append(ys, q.err), append(fl, q.floor())
		}
		col := biasColor(cv.Algorithm)
		if err := addLine(p, cv.Algorithm, xs, ys, col, false); err != nil {
			return err
		}
		if err := addPoints(p, "", xs, ys, col, 2.5); err != nil {
			return err
		}
		if err := addLine(p, "", xs, fl, col, true); err != nil {
			return err
		}
	}
	for _, p := range []*plot.Plot{pr, pu} {
		// A guide ∝ η through the middle of the plot's data.
		lo, hi := math.Sqrt(p.X.Min*p.X.Max)/10, math.Sqrt(p.X.Min*p.X.Max)*10
		mid := math.Sqrt(p.Y.Min * p.Y.Max)
		if err := addLine(p, "slope 1", []float64{lo, hi}, []float64{mid / 10, mid * 10}, palette[6], true); err != nil {
			return err
		}
	}
	if err := savePNG(filepath.Join(a.Dir, "bias.png"), []*plot.Plot{pr, pu}); err != nil {
		return err
	}
	a.figure("bias.png", fmt.Sprintf("The step-size bias: the error of each algorithm's time-averaged law against Dirichlet(α) over η, on log "+
		"scales (solid, with dots), and its noise floor (%d standard errors, dashed, same colour); black dashed: a line of slope 1 (error ∝ η).", biasK))

	// Verdicts.
	describe := func(key string) string {
		f, pts := fits[key], points[key]
		alg := key[strings.Index(key, ".")+1:]
		s := fmt.Sprintf("%s: error %.2e at η = %g, %.2e at η = %g (floor %.1e)", alg, pts[0].err, pts[0].eta, pts[len(pts)-1].err,
			pts[len(pts)-1].eta, pts[len(pts)-1].floor())
		if f.used >= 2 {
			s += fmt.Sprintf(", slope %.2f ± %.2f over %d bias-dominated points (%.1f decades): %s", f.slope, f.se, f.used, f.decades, f.law)
		} else {
			s += fmt.Sprintf(", %d bias-dominated points: %s", f.used, f.law)
		}
		return s
	}
	var kept, notKept []string
	for _, cv := range curves {
		if cv.Target.Key != biasRegular.Key {
			continue
		}
		key := cv.Target.Key + "." + cv.Algorithm
		if keeps(fits[key]) {
			kept = append(kept, describe(key))
		} else {
			notKept = append(notKept, describe(key))
		}
	}
	why := strings.Join(append(kept, notKept...), "; ") + "."
	switch {
	case len(notKept) == 0:
		a.judge("With α = (2, 3, 4) every algorithm's error falls like η", reproduced, "%s", why)
	case len(kept) > 0:
		a.judge("With α = (2, 3, 4) every algorithm's error falls like η", partly, "%s", why)
	default:
		a.judge("With α = (2, 3, 4) every algorithm's error falls like η", notReproduced, "%s", why)
	}

	mm, mir := uniformKey(engine.AlgorithmMMFLD), uniformKey(engine.AlgorithmMirrored)
	mmPts, mirPts := points[mm], points[mir]
	// mmfld against mirrored at the η both ran.
	var common []string
	for _, p := range mmPts {
		for _, q := range mirPts {
			if q.eta != p.eta {
				continue
			}
			rel, den := "", q.err
			if !q.dominated() {
				// mirrored's error is below its floor: the ratio to the
				// floor is a lower bound.
				rel, den = "at least ", q.floor()
			}
			common = append(common, fmt.Sprintf("at η = %g mmfld's error is %s%.0f times mirrored's (boundary mass %.3f against %.4f)",
				p.eta, rel, p.err/den, p.bm, q.bm))
			a.Numbers[fmt.Sprintf("a111.mmfldOverMirrored.%g", p.eta)] = p.err / den
		}
	}
	breaks := describe(mm) + "; " + strings.Join(common, "; ") + "."
	switch f := fits[mm]; {
	case f.law == "breaks":
		a.judge("With α = (1, 1, 1) one-step Euler (mmfld) breaks the O(η) law", reproduced, "%s", breaks)
	case f.law == "O(η)":
		a.judge("With α = (1, 1, 1) one-step Euler (mmfld) breaks the O(η) law", notReproduced, "%s Its error falls at least like η "+
			"over the window: measured, the hazard is an error far larger than mirrored's at the same η (the particles pile on "+
			"the faces as λη grows), falling at the O(η) rate or faster, not a broken rate.", breaks)
	default:
		a.judge("With α = (1, 1, 1) one-step Euler (mmfld) breaks the O(η) law", notReproduced, "%s Its fitted rate neither "+
			"breaks the law by 3 SE nor is determined.", breaks)
	}

	sub := uniformKey(engine.AlgorithmMMFLDSubstep)
	var cuts []string
	for _, p := range points[sub] {
		if p.dominated() {
			cuts = append(cuts, fmt.Sprintf("%.2g at η = %g (%.0f substeps a step)", p.clampRate, p.eta, p.substeps))
		}
	}
	keep := describe(mir) + "; " + describe(sub) + "."
	if fits[sub].law == "none seen" {
		keep += " mmfld-substep's error is below its noise floor at every η: on the simplex its diffusion is taken on the " +
			"sphere (docs/math.md, mmfld-substep), a scheme that leaves the uniform law exactly invariant, so on this target its " +
			"only error would be the drift's, and the drift is 0."
	}
	if len(cuts) > 0 {
		keep += " mmfld-substep's dual moves are cut to the trust region " + strings.Join(cuts, ", ") + " per particle-step over its " +
			"bias-dominated points: near the faces it is still far from the exact diffusion it approaches."
	}
	nKept := 0
	for _, k := range []string{mir, sub} {
		if keeps(fits[k]) {
			nKept++
		}
	}
	switch nKept {
	case 2:
		a.judge("With α = (1, 1, 1) mirrored and mmfld-substep keep the O(η) law", reproduced, "%s", keep)
	case 1:
		a.judge("With α = (1, 1, 1) mirrored and mmfld-substep keep the O(η) law", partly, "%s Only one of the two is measured to keep it.", keep)
	default:
		a.judge("With α = (1, 1, 1) mirrored and mmfld-substep keep the O(η) law", notReproduced, "%s", keep)
	}
	if pj := uniformKey(engine.AlgorithmProjected); len(points[pj]) > 0 {
		a.printf("Projected MFLD on the uniform target (not a claim of the paper): %s.\n\n", describe(pj))
	}
	return nil
}

// keeps reports whether a curve keeps the O(η) law: measured to (O(η)), or
// with no bias to be seen at any η.
func keeps(f biasFit) bool { return f.law == "O(η)" || f.law == "none seen" }

// uniformKey is the key of an algorithm's curve on the uniform target.
func uniformKey(algorithm string) string { return biasUniform.Key + "." + algorithm }
