package main

import (
	"fmt"
	"image/color"
	"math"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/mmfld/playground/engine"
	"github.com/mmfld/playground/engine/mirror"
	"github.com/mmfld/playground/engine/stat"
	"gonum.org/v1/plot"
)

// e1Experiment is Gu & Kim's (arXiv 2505.02621) experiment 1, their Figure 1:
// mean matching on the simplex, MMFLD against projected MFLD on one
// objective (docs/math.md, "Paper settings").
var e1Experiment = experiment{
	ID:    "e1",
	Title: "Experiment 1 (Figure 1): mean matching on the simplex Δ³",
	Paper: "On the simplex with the entropic mirror map, λ = 0.1, η = 3·10⁻³ for both methods, N ≈ 50,000: projected MFLD piles " +
		"mass on the boundary ∂Δ, MMFLD keeps it in the interior and reaches a lower final loss; projected MFLD is faster early.",
	Plan:    e1Plan,
	Analyse: e1Analyse,
}

// e1Betas are the barrier weights run: 0 (the same objective for both
// methods without a barrier: the main comparison) and 0.1 (the same
// objective with the barrier).
var e1Betas = []float64{0, 0.1}

// e1Methods returns the two methods compared at barrier weight β: MMFLD
// against projected MFLD without a barrier, and against proximal MFLD,
// the projected method with the barrier taken in a proximal step
// (integrate.Proximal), with one: projected MFLD would evaluate the
// barrier at mirror.FaceFloor on the faces it lands on (docs/math.md,
// "proximal").
func e1Methods(beta float64) []string {
	if beta == 0 {
		return []string{engine.AlgorithmMMFLD, engine.AlgorithmProjected}
	}
	return []string{engine.AlgorithmMMFLD, engine.AlgorithmProximal}
}

// e1Sizes returns N, the steps and the recording interval.
func e1Sizes(quick bool) (n, steps, every int) {
	if quick {
		return 2000, 1000, 20
	}
	return 50000, 4000, 20
}

// e1Config is experiment 1's config for one algorithm and β: Δ³, the
// entropic map, λ = 0.1, η = 3e-3 (the paper's), q = (0.7, 0.1, 0.1, 0.1)
// and seed 1 (ours), N from e1Sizes (the paper's at full scale).
func e1Config(algorithm string, beta float64, quick bool) engine.Config {
	c, err := engine.Default().Patch([]byte(`{"dim": 3}`))
	if err != nil {
		panic(err)
	}
	c.N, _, _ = e1Sizes(quick)
	c.Algorithm, c.Beta, c.Lambda, c.Eta, c.Seed = algorithm, beta, 0.1, 3e-3, 1
	if err := c.Validate(); err != nil {
		panic(err)
	}
	return c
}

// e1Larger is how many times more particles the check runs at β = 0 have
// than the main ones (ours): enough for the entropy scan on their final
// particles to tell the two methods' L̂ apart (e1EntropyScans).
const e1Larger = 4

// e1Plan is the four main runs (each β, each of its two methods) and then
// the two check runs at β = 0 with e1Larger times the particles, recorded
// ten times.
func e1Plan(quick bool) []runSpec {
	_, steps, every := e1Sizes(quick)
	var runs []runSpec
	for _, beta := range e1Betas {
		for _, alg := range e1Methods(beta) {
			b := strconv.FormatFloat(beta, 'g', -1, 64)
			runs = append(runs, runSpec{Name: alg + "-beta" + b, Label: fmt.Sprintf("%s β=%s", alg, b),
				Config: e1Config(alg, beta, quick), Steps: steps, Every: every, Particles: true})
		}
	}
	for _, alg := range e1Methods(0) {
		c := e1Config(alg, 0, quick)
		c.N *= e1Larger
		runs = append(runs, runSpec{Name: alg + "-beta0-large", Label: fmt.Sprintf("%s β=0, N=%d", alg, c.N),
			Config: c, Steps: steps, Every: steps / 10, Particles: true})
	}
	return runs
}

// e1Run is one run's final numbers.
type e1Run struct {
	r             *runResult
	l, lsd, f, fd float64   // L̂ and F over the last 10% of the records: mean, sd
	bm, face      float64   // boundary mass; fraction exactly on a face
	minc          []float64 // each particle's smallest barycentric coordinate
}

func lOf(m *engine.Metrics) float64  { return optional(m.L) }
func fOf(m *engine.Metrics) float64  { return m.F }
func bmOf(m *engine.Metrics) float64 { return m.BoundaryMass }

func e1Analyse(a *analysis) error {
	d := a.Runs[0].Spec.Config.Dim
	w := d + 1
	runs := make([]e1Run, len(a.Runs))
	for i, r := range a.Runs {
		e := &runs[i]
		e.r = r
		e.l, e.lsd = tail(r, 0.1, lOf)
		e.f, e.fd = tail(r, 0.1, fOf)
		e.bm = r.last().BoundaryMass
		e.minc = minCoords(r.Primal, w)
		e.face = fractionBelow(e.minc, 0)
		a.Numbers[r.Spec.Name+".L"] = e.l
		a.Numbers[r.Spec.Name+".F"] = e.f
		a.Numbers[r.Spec.Name+".boundaryMass"] = e.bm
		a.Numbers[r.Spec.Name+".onFace"] = e.face
	}
	mm, pr, mmB, pxB := &runs[0], &runs[1], &runs[2], &runs[3] // e1Plan's order
	mmL, prL := &runs[4], &runs[5]
	c := mm.r.Spec.Config
	n := c.N
	horizon := mm.r.last().Time
	eps := mirror.BoundaryEps
	uniformBM := 1 - math.Pow(1-float64(w)*eps, float64(d)) // the uniform law on Δᵈ within ε of a face (docs/math.md)

	a.printf("### Settings\n\n")
	a.printf("- **The paper's:** the simplex Δ³ (the paper's most likely dimension; docs/math.md), the entropic mirror map, "+
		"λ = %g, η = %g for both methods, N = %d%s.\n", c.Lambda, c.Eta, n, map[bool]string{true: " (quick run: the paper's is about 50,000)", false: ""}[a.Quick])
	a.printf("- **Ours** (the paper does not state them): the objective F(μ) = ‖m(μ) − q‖² + β E Σᵢ log(1/xᵢ) with q = %s; "+
		"%d steps (simulated time %.3g); the initial law uniform on Δ³; seed %d, so both methods start from the same particles.\n",
		fmtVec(c.Q), mm.r.Spec.Steps, float64(mm.r.Spec.Steps)*c.Eta, c.Seed)
	a.printf("- **β.** The main comparison is **β = 0 for both methods**: one objective, without a barrier. "+
		"At β = 0 the target μ* ∝ exp(−2⟨m* − q, x⟩/λ) does not vanish at the faces, where one Euler step of MMFLD's diffusion "+
		"is known to overshoot (docs/math.md, the one-step noise hazard); the table shows how much. "+
		"With the barrier (β = %g for both, the comparison the paper's ablation means) the objective is infinite on the faces. "+
		"Projected MFLD cannot take it: its steps land exactly on the faces, where it would evaluate the barrier at xᵢ = %g "+
		"(FaceFloor) and be kicked by a gradient of order β/%g onto the opposite faces (almost every particle ends on a face: "+
		"engine tests TestFigure1BoundaryMass and TestProximalKeepsInterior), which measures the floor, not a method. "+
		"The honest projected method with a barrier is **proximal MFLD** (`proximal`; docs/math.md): the same Euclidean, primal "+
		"step with the same noise, X′ = X − η g_s(X) + √(2λη)ξ with g_s the gradient of ‖m − q‖²'s first variation alone, whose "+
		"barrier and constraint are taken together in a backward "+
		"step X⁺ = argmin_{x ∈ Δ} ηβ Σ log(1/xᵢ) + ½‖x − X′‖² (the proximal Langevin algorithm: Pereyra 2016; Durmus, Moulines & "+
		"Pereyra 2018; Salim & Richtárik 2020). Its point is strictly inside, it never evaluates the barrier, and at β = 0 it is "+
		"projected MFLD bit for bit; so MMFLD against proximal at β = %g is the barrier comparison.\n\n",
		mmB.r.Spec.Config.Beta, mirror.FaceFloor, mirror.FaceFloor, mmB.r.Spec.Config.Beta)

	a.printf("### Results\n\nFinal values: F and L̂ = F − λĤ averaged over the last 10%% of the records (± their standard deviation), "+
		"boundary mass (a barycentric coordinate below %g), the fraction of particles exactly on a face (a coordinate equal to 0), "+
		"and the engine's counters. For reference, the uniform law on Δ³ has boundary mass %.4f.\n\n", eps, uniformBM)
	a.printf("| run | F | L̂ | boundary mass | on a face | mean x₁ | clamped | floored |\n|---|---|---|---|---|---|---|---|\n")
	for _, e := range runs {
		m := e.r.last()
		a.printf("| %s | %.4f ± %.4f | %.4f ± %.4f | %.4f | %.4f | %.4f | %d | %d |\n", e.r.Spec.Label, e.f, e.fd, e.l, e.lsd, e.bm, e.face,
			m.Mean[0], m.Clamped, m.Floored)
	}
	a.printf("\n")

	// Figures.
	if err := e1Figures(a, runs[:4]); err != nil {
		return err
	}

	// Claim 1: projected MFLD piles mass on the boundary.
	se := math.Sqrt(max(pr.bm*(1-pr.bm), 1e-12) / float64(n)) // binomial SE of a fraction
	piles := fmt.Sprintf("At β = 0 projected MFLD ends with %.1f%% of its particles exactly on a face and %.1f%% within %g of one "+
		"(SE %.2g%%); MMFLD with %.2f%% on a face and %.2f%% within %g.", 100*pr.face, 100*pr.bm, eps, 100*se, 100*mm.face, 100*mm.bm, eps)
	switch {
	case pr.face >= 0.05 && pr.bm > 3*mm.bm+3*se:
		a.judge("Projected MFLD piles mass on the boundary", reproduced, "%s", piles)
	case pr.bm > mm.bm+3*se:
		a.judge("Projected MFLD piles mass on the boundary", partly, "%s More than MMFLD, but under 5%% sit exactly on a face or it is less than 3 times MMFLD's.", piles)
	default:
		a.judge("Projected MFLD piles mass on the boundary", notReproduced, "%s Not more than MMFLD's beyond 3 SE.", piles)
	}

	// Claim 2: MMFLD keeps the interior.
	tiny := fractionBelow(mm.minc, mirror.FaceFloor)
	a.Numbers["mmfld-beta0.below1e-12"] = tiny
	interior := fmt.Sprintf("At β = 0 MMFLD has %.2f%% of its particles on a face, %.2f%% within %g of one (%.2f%% within %g), against %.2f%% "+
		"within %g for the uniform law; with the barrier (β = 0.1) %.2f%% within %g.", 100*mm.face, 100*mm.bm, eps, 100*tiny, mirror.FaceFloor,
		100*uniformBM, eps, 100*mmB.bm, eps)
	switch {
	case mm.face == 0 && mm.bm <= 2*uniformBM:
		a.judge("MMFLD keeps the mass in the interior", reproduced, "%s", interior)
	case mm.face == 0:
		a.judge("MMFLD keeps the mass in the interior", partly, "%s No particle reaches a face, but more than twice the uniform law's share "+
			"is near one, some within rounding of it: the one-step noise hazard of Euler MMFLD where the target does not vanish at "+
			"the faces (docs/math.md); the barrier removes it.", interior)
	default:
		a.judge("MMFLD keeps the mass in the interior", notReproduced, "%s", interior)
	}

	// Claim 3: MMFLD reaches a lower final loss.
	scan, err := e1EntropyScans(a, mmL, prL)
	if err != nil {
		return err
	}
	noise := 3 * max(mm.lsd, pr.lsd, 1e-4)
	lower := fmt.Sprintf("At β = 0 the final L̂ is %.4f for MMFLD and %.4f for projected MFLD (F: %.4f and %.4f); "+
		"differences below %.4f (3 standard deviations of the final records) count as ties.", mm.l, pr.l, mm.f, pr.f, noise)
	caveat := ""
	if cl := mm.r.last().Clamped; cl > 0 {
		caveat = fmt.Sprintf(" MMFLD's dual moves were cut %d times (the clamped counter, %.2g per particle-step): the one-step noise "+
			"hazard at β = 0 biases its final law, so its F and L̂ need not be those of μ*.", cl, float64(cl)/float64(n)/float64(mm.r.last().Step))
	}
	if pr.face > 0 {
		caveat += fmt.Sprintf(" Caveat: %.1f%% of projected MFLD's particles sit exactly on faces, a singular part whose entropy is "+
			"−∞, so its true Ent(μ) and L(μ) are +∞; the Kozachenko–Leonenko estimate of a finite sample stays finite, so at any "+
			"fixed sample size L̂ flatters the projected method.", 100*pr.face)
	}
	switch {
	case mm.l < pr.l-noise:
		a.judge("MMFLD reaches a lower final loss", reproduced, "%s%s", lower, caveat)
	case scan.diverges && scan.lower:
		a.judge("MMFLD reaches a lower final loss", reproduced, "%s On the records' estimate (%d particles) projected MFLD looks "+
			"lower, but that estimate cannot see its singular part. %s%s", lower, engine.EntropyMaxPoints(d), scan.text, caveat)
	case scan.diverges:
		a.judge("MMFLD reaches a lower final loss", partly, "%s %s%s", lower, scan.text, caveat)
	case mm.f < pr.f-noise || math.Abs(mm.l-pr.l) <= noise:
		a.judge("MMFLD reaches a lower final loss", partly, "%s MMFLD is lower on F or level on L̂, not lower on L̂.%s", lower, caveat)
	default:
		a.judge("MMFLD reaches a lower final loss", notReproduced, "%s Projected MFLD is lower on the measured numbers.%s", lower, caveat)
	}
	// Claim 3 with the barrier: MMFLD against proximal MFLD, the projected
	// method with the barrier in its backward step.
	noiseB := 3 * max(mmB.lsd, pxB.lsd, 1e-4)
	pxM := pxB.r.last()
	a.Numbers["proximal.floored"] = float64(pxM.Floored)
	a.Numbers["proximal.rejected"] = float64(pxM.Rejected)
	withBarrier := fmt.Sprintf("With the barrier β = %g in both (one objective), the final L̂ is %.4f for MMFLD and %.4f for proximal MFLD "+
		"(F: %.4f and %.4f; ties below %.4f, 3 standard deviations of the final records); proximal MFLD, the projected method with the "+
		"barrier in a proximal step, keeps %.2f%% of its particles within %g of a face and %.2f%% on one (MMFLD %.2f%% and %.2f%%), "+
		"its barrier floored %d times and moves refused %d times.",
		mmB.r.Spec.Config.Beta, mmB.l, pxB.l, mmB.f, pxB.f, noiseB, 100*pxB.bm, eps, 100*pxB.face, 100*mmB.bm, 100*mmB.face, pxM.Floored, pxM.Rejected)
	t90mB, t90xB := timeTo(mmB.r, 0.9, mmB.l, lOf), timeTo(pxB.r, 0.9, pxB.l, lOf)
	a.Numbers["proximal.t90"], a.Numbers["mmfld-beta0.1.t90"] = t90xB, t90mB
	withBarrier += fmt.Sprintf(" Each closes 90%% of the way from its start to its own final L̂ by t = %.2g (proximal) and t = %.2g (MMFLD).", t90xB, t90mB)
	switch {
	case mmB.l < pxB.l-noiseB:
		a.judge("MMFLD reaches a lower final loss, with the barrier (against proximal MFLD)", reproduced, "%s", withBarrier)
	case math.Abs(mmB.l-pxB.l) <= noiseB:
		a.judge("MMFLD reaches a lower final loss, with the barrier (against proximal MFLD)", partly, "%s The two are level within "+
			"the noise: with the barrier taken honestly the projected method keeps the interior too, and what remains between the "+
			"two is each scheme's step-size bias.", withBarrier)
	default:
		a.judge("MMFLD reaches a lower final loss, with the barrier (against proximal MFLD)", notReproduced, "%s Proximal MFLD is lower "+
			"on the measured numbers.", withBarrier)
	}

	// Claim 4: projected MFLD is faster early.
	tEarly := horizon / 10
	lmE, lpE := at(mm.r, tEarly, lOf), at(pr.r, tEarly, lOf)
	t90m, t90p := timeTo(mm.r, 0.9, mm.l, lOf), timeTo(pr.r, 0.9, pr.l, lOf)
	a.Numbers["early.t"], a.Numbers["early.mmfld.L"], a.Numbers["early.projected.L"] = tEarly, lmE, lpE
	early := fmt.Sprintf("At β = 0, at t = %.2g (a tenth of the run) L̂ is %.4f for projected MFLD and %.4f for MMFLD; each closes 90%% "+
		"of the way from its start to its own final L̂ by t = %.2g (projected) and t = %.2g (MMFLD).", tEarly, lpE, lmE, t90p, t90m)
	switch faster, quicker := lpE < lmE-noise, t90p < t90m; {
	case faster && quicker:
		a.judge("Projected MFLD is faster early", reproduced, "%s", early)
	case faster || quicker:
		a.judge("Projected MFLD is faster early", partly, "%s Only one of the two measures favours projected MFLD.", early)
	default:
		a.judge("Projected MFLD is faster early", notReproduced, "%s", early)
	}
	return nil
}

// e1Scan is the entropy estimate of two runs' final particles on more and
// more of them (e1EntropyScans).
type e1Scan struct {
	diverges bool   // projected MFLD's L̂ rises with the sample, beyond 3 SE and faster than MMFLD's
	lower    bool   // with every particle in the estimate, MMFLD's L̂ is lower beyond 3 SE
	text     string // what was measured, in words
}

// e1EntropyScans measures what the records' L̂ cannot show (its entropy
// estimate uses the first EntropyMaxPoints particles): the final particles'
// Kozachenko–Leonenko estimate Ĥ(n) on their first n, for n doubling up to
// N, for MMFLD and projected MFLD at β = 0 (mm and pr: the check runs with
// e1Larger times the main runs' N), and L̂(n) = F − λĤ(n) with the final
// F. A law with a density has Ĥ(n) settling as n grows; projected
// MFLD's atoms on the faces (a part of dimension d − 1 or less, entropy
// −∞) make a fraction f of the points' neighbour distances shrink like
// n^{−1/(d−1)} instead of n^{−1/d}, so that Ĥ(n) falls like
// −(f/(d−1))·log n: its L̂(n) rises without bound, as its true L is +∞.
// The slopes of L̂ against log n are fitted over the doublings (linearFit);
// Ĥ(N)'s standard error is that of four disjoint quarters' estimates,
// halved (the estimate's noise falls like 1/√n).
func e1EntropyScans(a *analysis, mm, pr *e1Run) (e1Scan, error) {
	c := mm.r.Spec.Config
	d, w, n := c.Dim, c.Dim+1, c.N
	var sizes []int
	for k := n; k >= 250 && len(sizes) < 8; k /= 2 {
		sizes = append([]int{k}, sizes...)
	}
	type scanned struct {
		l, se       float64 // L̂(N) and its standard error
		slope, seSl float64 // of L̂(n) against log n
		ls          []float64
	}
	var kl stat.KLEntropy
	scan := func(e *e1Run) scanned {
		var out scanned
		f := e.r.last().F
		var logn []float64
		for _, k := range sizes {
			h, _, _ := kl.EstimateStrided(e.r.Primal, w, d, k)
			out.ls = append(out.ls, f-c.Lambda*h)
			logn = append(logn, math.Log(float64(k)))
		}
		out.l = out.ls[len(out.ls)-1]
		_, out.slope, out.seSl, _ = linearFit(logn, out.ls)
		q := n / 4
		var quarters []float64
		for i := range 4 {
			h, _, _ := kl.EstimateStrided(e.r.Primal[i*q*w:], w, d, q)
			quarters = append(quarters, f-c.Lambda*h)
		}
		// meanSE's s/√4 is a quarter's standard deviation halved: the
		// standard error of the estimate on all four.
		_, out.se = meanSE(quarters)
		return out
	}
	sm, sp := scan(mm), scan(pr)
	a.Numbers["mmfld-beta0.Lall"], a.Numbers["projected-beta0.Lall"] = sm.l, sp.l
	a.Numbers["mmfld-beta0.Lslope"], a.Numbers["projected-beta0.Lslope"] = sm.slope, sp.slope
	a.printf("**L̂ on more of the particles** (β = 0). The records' L̂ uses the entropy estimate of the first %d particles. "+
		"Here the check runs at β = 0, with %d times the main runs' N (ours; the same settings otherwise), have their final particles "+
		"estimated on their first n, n doubling up to their N = %d, with their final F "+
		"(MMFLD %.4f, projected MFLD %.4f):\n\n| n | L̂ MMFLD | L̂ projected MFLD |\n|---|---|---|\n",
		engine.EntropyMaxPoints(d), e1Larger, n, mm.r.last().F, pr.r.last().F)
	for i, k := range sizes {
		a.printf("| %d | %.4f | %.4f |\n", k, sm.ls[i], sp.ls[i])
	}
	a.printf("\nFitted against log n: MMFLD's L̂ changes by %+.4f ± %.4f per e-fold of n, projected MFLD's by %+.4f ± %.4f. "+
		"At n = N the standard errors (from four disjoint quarters) are %.4f and %.4f.\n\n", sm.slope, sm.seSl, sp.slope, sp.seSl, sm.se, sp.se)

	pn := newPlot(fmt.Sprintf("L estimated on the first n final particles (β = 0, N = %d)", n), "n", "F − λĤ(n)")
	logX(pn)
	pn.Legend.Top = false // the lines rise to the right
	ns := make([]float64, len(sizes))
	for i, k := range sizes {
		ns[i] = float64(k)
	}
	for i, sc := range []scanned{sm, sp} {
		if err := addLine(pn, []string{"mmfld", "projected"}[i], ns, sc.ls, palette[i], false); err != nil {
			return e1Scan{}, err
		}
		if err := addPoints(pn, "", ns, sc.ls, palette[i], 2.5); err != nil {
			return e1Scan{}, err
		}
	}
	if err := savePNG(filepath.Join(a.Dir, "e1-sample.png"), []*plot.Plot{pn}); err != nil {
		return e1Scan{}, err
	}
	a.figure("e1-sample.png", "Experiment 1, β = 0, the check runs: L̂ = F − λĤ(n) of each method's final particles with the entropy estimated on "+
		"their first n, against n (log scale): projected MFLD's keeps rising with n, as its particles on the faces make L infinite.")

	var out e1Scan
	gap := 3 * math.Hypot(sm.seSl, sp.seSl)
	out.diverges = sp.slope > 3*sp.seSl && sp.slope-sm.slope > gap
	out.lower = sm.l < sp.l-3*math.Hypot(sm.se, sp.se)
	out.text = fmt.Sprintf("Estimated on all N = %d final particles of the check runs, L̂ is %.4f for MMFLD and %.4f for projected MFLD "+
		"(SE %.4f and %.4f), and projected MFLD's L̂ rises by %.4f ± %.4f per e-fold of the sample (MMFLD's by %+.4f ± %.4f), "+
		"as the %.1f%% of its particles on the faces predict (λf/(d − 1) = %.4f): its L̂ grows without bound with the sample, "+
		"the finite-sample trace of L(μ) = +∞.",
		n, sm.l, sp.l, sm.se, sp.se, sp.slope, sp.seSl, sm.slope, sm.seSl, 100*pr.face, c.Lambda*pr.face/float64(d-1))
	if !out.lower && out.diverges {
		// Where the two meet, extrapolated from n = N with the fitted slopes.
		cross := math.Exp(math.Log(float64(n)) + (sm.l-sp.l)/(sp.slope-sm.slope))
		if sp.l > sm.l {
			out.text += fmt.Sprintf(" At N projected MFLD's L̂ is already the higher, but not beyond 3 standard errors "+
				"(extrapolated from N with the fitted slopes, the two met near n = %.2g).", cross)
		} else {
			out.text += fmt.Sprintf(" At N it is not yet the higher; extrapolated from N with the fitted slopes, the two "+
				"meet near n = %.2g.", cross)
		}
	}
	return out, nil
}

// e1Figures draws experiment 1's figures: F and L̂ over time, the boundary
// mass over time, the final particles' smallest coordinate, and the final
// particles in a projection.
func e1Figures(a *analysis, runs []e1Run) error {
	mm, pr := &runs[0], &runs[1]
	c := mm.r.Spec.Config
	pl := newPlot(fmt.Sprintf("L = F − λĤ (estimated), β = 0 (Δ³, N = %d)", c.N), "t", "L")
	pf := newPlot("F = ‖m − q‖², β = 0", "t", "F")
	for i, e := range []*e1Run{mm, pr} {
		ts, ls := series(e.r, lOf)
		if err := addLine(pl, e.r.Spec.Config.Algorithm, ts, ls, palette[i], false); err != nil {
			return err
		}
		ts, fs := series(e.r, fOf)
		if err := addLine(pf, e.r.Spec.Config.Algorithm, ts, fs, palette[i], false); err != nil {
			return err
		}
	}
	if err := savePNG(filepath.Join(a.Dir, "e1-objective.png"), []*plot.Plot{pl, pf}); err != nil {
		return err
	}
	a.figure("e1-objective.png", "Experiment 1, β = 0: the objective L̂ = F − λĤ (left) and F (right) against time, MMFLD and projected MFLD from the same particles.")

	pb := newPlot(fmt.Sprintf("Boundary mass: a coordinate below %g (Δ³, N = %d)", mirror.BoundaryEps, c.N), "t", "fraction of particles")
	for i, e := range runs {
		ts, bs := series(e.r, bmOf)
		if err := addLine(pb, e.r.Spec.Label, ts, bs, e1Colour(i), i >= 2); err != nil {
			return err
		}
	}
	if err := savePNG(filepath.Join(a.Dir, "e1-boundary.png"), []*plot.Plot{pb}); err != nil {
		return err
	}
	a.figure("e1-boundary.png", "Experiment 1: boundary mass against time, β = 0 (solid: MMFLD, projected MFLD) and β = 0.1 (dashed: MMFLD, proximal MFLD).")

	// The distribution of the distance to the faces: the fraction of
	// particles whose smallest barycentric coordinate is ≤ v, against log₁₀ v,
	// beside the uniform law's 1 − (1 − (d+1)v)^d (docs/math.md, "The uniform
	// law near the faces"); particles exactly on a face at faceAt.
	const lo, faceAt = -20.0, -22.0
	ph := newPlot("Final particles: the distance to the faces", "log10 v (\"face\": v = 0)", "fraction with min xᵢ ≤ v")
	logY(ph)
	grid := []float64{faceAt}
	for v := lo; v <= 0; v += 0.25 {
		grid = append(grid, v)
	}
	for i, e := range runs {
		sorted := slices.Clone(e.minc)
		slices.Sort(sorted)
		ys := make([]float64, len(grid))
		for k, g := range grid {
			v := 0.0
			if g > faceAt {
				v = math.Pow(10, g)
			}
			n, _ := slices.BinarySearch(sorted, math.Nextafter(v, math.Inf(1)))
			ys[k] = float64(n) / float64(len(sorted))
		}
		if err := addLine(ph, e.r.Spec.Label, grid, ys, e1Colour(i), i >= 2); err != nil {
			return err
		}
	}
	w := float64(c.Dim + 1)
	var ux, uy []float64
	for v := lo; v <= math.Log10(1/w); v += 0.25 {
		if u := 1 - math.Pow(1-w*math.Pow(10, v), float64(c.Dim)); u >= 0.1/float64(c.N) { // within the particles' resolution
			ux, uy = append(ux, v), append(uy, u)
		}
	}
	if err := addLine(ph, "uniform law (exact)", ux, uy, palette[6], true); err != nil {
		return err
	}
	ph.X.Tick.Marker = plot.ConstantTicks([]plot.Tick{{Value: faceAt, Label: "face"}, {Value: -20, Label: "−20"}, {Value: -15, Label: "−15"},
		{Value: -10, Label: "−10"}, {Value: -5, Label: "−5"}, {Value: -3, Label: "−3"}, {Value: 0, Label: "0"}})
	ph.Legend.Top, ph.Legend.Left = true, true
	if err := savePNG(filepath.Join(a.Dir, "e1-faces.png"), []*plot.Plot{ph}); err != nil {
		return err
	}
	a.figure("e1-faces.png", "Experiment 1: the final particles' distance to the faces — the fraction whose smallest barycentric coordinate is at most v, "+
		"log scales; at \"face\" the fraction exactly on a face, at v = 10⁻³ the boundary mass.")

	var tiles []*plot.Plot
	for _, e := range []*e1Run{mm, pr} {
		p, err := simplexScatter(e, color.RGBA{150, 150, 150, 255})
		if err != nil {
			return err
		}
		tiles = append(tiles, p)
	}
	if err := savePNG(filepath.Join(a.Dir, "e1-particles.png"), tiles); err != nil {
		return err
	}
	a.figure("e1-particles.png", fmt.Sprintf("Experiment 1, β = 0: the first %d final particles of each method, Δ³ projected on a square "+
		"(vertex eᵢ at a corner, a particle at Σ xᵢ eᵢ); red: exactly on a face, black: within %g of one, grey: inside.", scatterMax, mirror.BoundaryEps))
	return nil
}

// e1Colour is run i's colour (e1Plan's order): MMFLD blue, projected MFLD
// orange, proximal MFLD green.
func e1Colour(i int) color.Color {
	if i == 3 {
		return palette[2]
	}
	return palette[i%2]
}

// scatterMax is how many particles the projection figure draws.
const scatterMax = 4000

// simplexScatter draws the first scatterMax particles of a run on Δᵈ
// projected on the plane with the d+1 vertices on a regular polygon (the
// playground's picture for d > 2), coloured by their distance to the faces.
func simplexScatter(e *e1Run, c color.Color) (*plot.Plot, error) {
	w := e.r.Spec.Config.Dim + 1
	vx, vy := make([]float64, w), make([]float64, w)
	for i := range w {
		th := math.Pi/2 + 2*math.Pi*float64(i)/float64(w) + math.Pi/float64(w)
		vx[i], vy[i] = math.Cos(th), math.Sin(th)
	}
	var in, near, face [2][]float64
	for p := 0; p < min(scatterMax, len(e.minc)); p++ {
		x, y := 0.0, 0.0
		for i := range w {
			x += e.r.Primal[p*w+i] * vx[i]
			y += e.r.Primal[p*w+i] * vy[i]
		}
		dst := &in
		switch m := e.minc[p]; {
		case m <= 0:
			dst = &face
		case m < mirror.BoundaryEps:
			dst = &near
		}
		dst[0], dst[1] = append(dst[0], x), append(dst[1], y)
	}
	p := newPlot(fmt.Sprintf("%s: %.1f%% on a face", e.r.Spec.Label, 100*e.face), "", "")
	p.HideAxes()
	outline := append(append([]float64{}, vx...), vx[0])
	outlineY := append(append([]float64{}, vy...), vy[0])
	if err := addLine(p, "", outline, outlineY, palette[6], false); err != nil {
		return nil, err
	}
	for _, s := range []struct {
		pts [2][]float64
		col color.Color
		r   float64
	}{{in, c, 0.8}, {near, palette[6], 1.1}, {face, color.RGBA{220, 0, 0, 255}, 1.1}} {
		if len(s.pts[0]) == 0 {
			continue
		}
		if err := addPoints(p, "", s.pts[0], s.pts[1], s.col, s.r); err != nil {
			return nil, err
		}
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = -1.05, 1.05, -1.05, 1.05
	return p, nil
}
