package main

import (
	"fmt"
	"math"
	"path/filepath"
	"time"

	"github.com/mmfld/playground/engine"
	"gonum.org/v1/plot"
)

// chaosExperiment measures propagation of chaos (Gu & Kim, arXiv
// 2505.02621, Theorem 4.1: the N-particle system's gap to the mean-field
// limit is O(1/N) uniformly in time) on a problem whose N-particle
// stationary law is known exactly: the interaction objective on the plane,
//
//	F(μ) = ∫ λ‖x − c‖²/(2σ²) dμ + (κ/4) ∬ ‖x − x′‖² dμ dμ,
//
// whose minimiser is μ* = N(c, s²I), 1/s² = 1/σ² + κ/λ (docs/math.md). The
// gap measured is the covariance between two particles,
//
//	ρ_N = Σⱼ Cov(X¹ⱼ, X²ⱼ) = d(σ_η² − s_η²)/N,
//
// zero for independent draws from μ*, estimated without bias as
// ‖m_N − c‖² − tr Ĉ/(N − 1) (m_N the particles' mean, Ĉ their covariance),
// averaged over time after a burn-in and over seeds; chaosExact derives the
// right-hand side.
var chaosExperiment = experiment{
	ID:      "chaos",
	Title:   "Propagation of chaos: the gap against N",
	Paper:   "Theorem 4.1: the N-particle objective gap shrinks like 1/N (N from 16 to 65,536, replicated seeds, the interaction objective on the plane).",
	Plan:    chaosPlan,
	Analyse: chaosAnalyse,
}

// The chaos experiment's settings, all ours (the paper runs no such
// experiment): λ = 1, σ = 1 and κ = 9 make σ²/s² = 1 + κσ²/λ = 10, so the
// correlation is 90% of the centre of mass's variance; η = 0.02 keeps ηb =
// 0.2 (b = λ/s² = 10, the contraction rate of the particles about their
// mean); c = 0 and σ = 1 make the initial N(0, I) particles' mean already
// distributed as at stationarity (variance σ²/N), so a burn-in of
// chaosBurn ≫ 1/(2b) settles the rest.
const (
	chaosLambda, chaosSigma, chaosKappa = 1.0, 1.0, 9.0
	chaosEta                            = 0.02
	chaosDim                            = 2
	chaosBurn                           = 1.0 // simulated time left out of the averages
	chaosEvery                          = 25  // steps between records (Δt = 0.5, half the centre of mass's correlation time 1/a)
)

// chaosScale returns the particle counts, the seeds per count and the
// simulated time averaged over after the burn-in.
func chaosScale(quick bool) (ns []int, seeds int, horizon float64) {
	if quick {
		return []int{16, 64, 256, 1024}, 4, 16
	}
	return []int{16, 64, 256, 1024, 4096, 16384, 65536}, 8, 40
}

// chaosConfig is the run at n particles from seed: interaction on the plane
// ℝ², MMFLD (with the Euclidean map, plain MFLD: the Euler chain
// chaosExact solves).
func chaosConfig(n int, seed int64) engine.Config {
	c := engine.Default()
	c.Domain, c.Mirror, c.Objective, c.Algorithm, c.Dim = engine.DomainPlane, engine.MirrorEuclidean, engine.ObjectiveInteraction, engine.AlgorithmMMFLD, chaosDim
	c.Center = make([]float64, chaosDim)
	c.Lambda, c.Sigma, c.Kappa, c.Eta, c.N, c.Seed = chaosLambda, chaosSigma, chaosKappa, chaosEta, n, seed
	if err := c.Validate(); err != nil {
		panic(err)
	}
	return c
}

// chaosPlan returns one run per particle count and seed, each burning in
// for chaosBurn and then running the scale's horizon.
func chaosPlan(quick bool) []runSpec {
	ns, seeds, horizon := chaosScale(quick)
	steps := int(math.Round((chaosBurn + horizon) / chaosEta))
	var runs []runSpec
	for _, n := range ns {
		for s := 1; s <= seeds; s++ {
			runs = append(runs, runSpec{Name: fmt.Sprintf("n%d-seed%d", n, s), Label: fmt.Sprintf("N=%d seed %d", n, s),
				Config: chaosConfig(n, int64(s)), Steps: steps, Every: chaosEvery})
		}
	}
	return runs
}

// chaosExact returns the stationary variances per coordinate of the Euler
// chain MMFLD runs with the Euclidean map, X⁺ = X − η[a(X − c) + κ(X − m)] +
// √(2λη)ξ with a = λ/σ²: its centre of mass m is the AR(1) chain
// m⁺ − c = (1 − ηa)(m − c) + √(2λη/N)ξ̄, of variance σ_η²/N with
// σ_η² = λ/(a(1 − ηa/2)); each particle's deviation Xⁱ − m contracts at
// rate b = a + κ, of variance (1 − 1/N)s_η² with s_η² = λ/(b(1 − ηb/2)).
// The two are independent, so ρ_N = d(σ_η² − s_η²)/N exactly at every N; at
// η → 0, σ_η² → σ² and s_η² → s² = λ/b, μ*'s variance.
func chaosExact(c engine.Config) (sigEta2, sEta2 float64) {
	a := c.Lambda / (c.Sigma * c.Sigma)
	b := a + c.Kappa
	return c.Lambda / (a * (1 - c.Eta*a/2)), c.Lambda / (b * (1 - c.Eta*b/2))
}

// chaosRun is one run's time averages after the burn-in.
type chaosRun struct {
	rho, vm float64 // ρ̂ and N‖m − c‖²/d, the centre of mass's variance times N
}

// chaosAverages returns a run's time averages of ρ̂ = ‖m − c‖² − tr Ĉ/(N − 1)
// and of N‖m − c‖²/d over the records at t ≥ chaosBurn.
func chaosAverages(r *runResult) chaosRun {
	c := r.Spec.Config
	n, d := float64(c.N), c.Dim
	var out chaosRun
	k := 0
	for i := range r.Records {
		m := &r.Records[i]
		if m.Time < chaosBurn-1e-9 {
			continue
		}
		var mm, tr float64
		for j := range d {
			mm += (m.Mean[j] - c.Center[j]) * (m.Mean[j] - c.Center[j])
			tr += m.Cov[j*d+j]
		}
		out.rho += mm - tr/(n-1)
		out.vm += n * mm / float64(d)
		k++
	}
	out.rho /= float64(k)
	out.vm /= float64(k)
	return out
}

// chaosLevel is one particle count's runs, summarised over the seeds.
type chaosLevel struct {
	n            int
	seeds        int
	rho, rhoSE   float64 // ρ̂: mean over the seeds and its standard error
	vm, vmSE     float64
	exact, offSE float64 // ρ_N of the Euler chain; (ρ̂ − exact)/SE
	wall         time.Duration
}

// chaosAnalyse averages ρ̂ over time and seeds at each N, compares it with
// chaosExact, fits the log-log slope (linearFit) and judges the 1/N law.
func chaosAnalyse(a *analysis) error {
	c0 := a.Runs[0].Spec.Config
	d := float64(c0.Dim)
	sigEta2, sEta2 := chaosExact(c0)
	t := engine.TargetOf(c0)
	if t == nil {
		return fmt.Errorf("interaction on the plane has no known target")
	}
	s2, sig2 := t.Cov[0], c0.Sigma*c0.Sigma
	var levels []*chaosLevel
	var rhos, vms []float64
	flush := func(n int, wall time.Duration) {
		l := &chaosLevel{n: n, seeds: len(rhos), wall: wall}
		l.rho, l.rhoSE = meanSE(rhos)
		l.vm, l.vmSE = meanSE(vms)
		l.exact = d * (sigEta2 - sEta2) / float64(n)
		l.offSE = (l.rho - l.exact) / l.rhoSE
		levels = append(levels, l)
		rhos, vms = nil, nil
	}
	var wall time.Duration
	for i, r := range a.Runs {
		v := chaosAverages(r)
		rhos, vms = append(rhos, v.rho), append(vms, v.vm)
		wall += r.Wall
		if i == len(a.Runs)-1 || a.Runs[i+1].Spec.Config.N != r.Spec.Config.N {
			flush(r.Spec.Config.N, wall)
			wall = 0
		}
	}
	_, seeds, horizon := chaosScale(a.Quick)

	a.printf("### Settings\n\nAll ours (the paper measures no N-dependence): the interaction objective on the plane ℝ², "+
		"F(μ) = ∫ λ‖x − c‖²/(2σ²) dμ + (κ/4)∬‖x − x′‖² dμ dμ with c = 0, σ = %g, κ = %g, λ = %g; MMFLD (with the Euclidean mirror map "+
		"of the plane, plain MFLD), η = %g; N from %d to %d; %d seeds (1 to %d) at each N; each run burns in for t = %g (%d steps) and "+
		"then averages over t = %g (%d steps), recording every %d steps (Δt = %g). The minimiser is μ* = N(c, s²I) with "+
		"1/s² = 1/σ² + κ/λ: s² = %.4g.\n\n",
		c0.Sigma, c0.Kappa, c0.Lambda, c0.Eta, levels[0].n, levels[len(levels)-1].n, seeds, seeds, chaosBurn, int(math.Round(chaosBurn/c0.Eta)),
		horizon, int(math.Round(horizon/c0.Eta)), chaosEvery, chaosEvery*c0.Eta, s2)

	a.printf("### What is measured, and why it is the theorem's gap\n\n"+
		"Propagation of chaos says that the N particles become independent draws from μ* as N grows; Theorem 4.1 bounds the "+
		"N-particle system's gap to the mean-field limit by O(1/N), uniformly in time (docs/math.md). Here the N-particle law is "+
		"Gaussian and known exactly, and its whole departure from μ*^⊗N is one number, **the covariance between two particles**\n\n"+
		"ρ_N = Σⱼ Cov(X¹ⱼ, X²ⱼ) = d(σ² − s²)/N,\n\n"+
		"which is 0 for independent draws. The attraction between the particles cancels in their centre of mass m_N, which feels "+
		"the well alone and so wanders with variance σ²/N per coordinate, where N independent draws from μ* would give s²/N: "+
		"the excess is the correlation. The theorem's N-particle objective gap at the stationary law is carried by the same "+
		"structure: at the N-particle Gibbs law, the stationary law of the continuous dynamics and the minimiser of "+
		"L^N(μ^(N)) = N∫F(μ_x)dμ^(N) + λEnt(μ^(N)), it is exactly (1/N)L^N(μ^(N)) − L(μ*) = −(λd/2N)·log(σ²/s²) (%.3f/N here; "+
		"negative because the N-particle objective counts no particle's attraction to itself). It needs the N-particle entropy, "+
		"which a sample of particles cannot estimate; here it is a function of the same two variances as ρ_N (the centre of "+
		"mass's σ² and the particles' s² about it), so we measure ρ_N.\n\n"+
		"**The estimator** ρ̂ = ‖m_N − c‖² − tr Ĉ/(N − 1), Ĉ the particles' covariance (divided by N), is unbiased for ρ_N: for "+
		"independent draws E‖m_N − c‖² = E tr Ĉ/(N − 1) = tr C/N, so the 1/N of the variance of an empirical mean — Monte Carlo "+
		"noise, present without any interaction — is subtracted, and what is left is the correlation, a bias of the two-particle "+
		"marginal (μ^(N)₂ ≠ μ*⊗μ*). Its noise is relative: about √(2/(d·n)) of σ²/N for n independent centre-of-mass samples, "+
		"the same at every N, so every N gets the same seeds and time. ρ̂ is averaged over the records after the burn-in, then "+
		"over the seeds; the error bars are standard errors across the seeds.\n\n"+
		"**The exact value** (chaosExact): with the Euclidean map MMFLD is the Euler chain X⁺ = X − η[a(X − c) + κ(X − m)] + "+
		"√(2λη)ξ, a = λ/σ². Its centre of mass is the AR(1) chain m⁺ − c = (1 − ηa)(m − c) + √(2λη/N)ξ̄, of variance σ_η²/N with "+
		"σ_η² = λ/(a(1 − ηa/2)) = %.5f; the deviations Xⁱ − m contract at rate b = a + κ, of variance (1 − 1/N)s_η² with "+
		"s_η² = λ/(b(1 − ηb/2)) = %.5f. So ρ_N = d(σ_η² − s_η²)/N = %.4f/N exactly, at every N (continuous time: d(σ² − s²)/N = %.4f/N).\n\n",
		-c0.Lambda*d/2*math.Log(sig2/s2), sigEta2, sEta2, d*(sigEta2-sEta2), d*(sig2-s2))

	a.printf("### Results\n\n| N | seeds | ρ̂ ± SE | exact ρ_N (Euler chain) | ρ̂ − exact | N·ρ̂ ± SE | N·Var(m_N) per coordinate ± SE | wall time |\n|---|---|---|---|---|---|---|---|\n")
	var xs, ys []float64
	maxOff := 0.0
	for _, l := range levels {
		a.printf("| %d | %d | %.3e ± %.1e | %.3e | %+.1f SE | %.4f ± %.4f | %.4f ± %.4f | %s |\n", l.n, l.seeds, l.rho, l.rhoSE, l.exact,
			l.offSE, float64(l.n)*l.rho, float64(l.n)*l.rhoSE, l.vm, l.vmSE, l.wall.Round(10*time.Millisecond))
		a.Numbers[fmt.Sprintf("rho.%d", l.n)], a.Numbers[fmt.Sprintf("rhoSE.%d", l.n)] = l.rho, l.rhoSE
		maxOff = max(maxOff, math.Abs(l.offSE))
		if l.rho > 0 {
			xs, ys = append(xs, math.Log(float64(l.n))), append(ys, math.Log(l.rho))
		}
	}
	a.printf("\nFor comparison: independent draws from μ* would give ρ = 0 and N·Var(m_N) = s² = %.4f; the interacting particles' "+
		"centre of mass has N·Var(m_N) = σ_η² = %.4f at every N.\n\n", s2, sigEta2)
	first, last := levels[0], levels[len(levels)-1]
	a.Numbers["ratio"] = first.rho / last.rho
	a.Numbers["maxOffSE"] = maxOff

	var slope, slopeSE, r2, a0 float64
	if len(xs) >= 3 {
		a0, slope, slopeSE, r2 = linearFit(xs, ys)
	}
	a.Numbers["slope"], a.Numbers["slopeSE"], a.Numbers["R2"] = slope, slopeSE, r2

	p := newPlot(fmt.Sprintf("ρ_N against N (%d seeds a point)", seeds), "N", "ρ_N, the covariance of two particles")
	logX(p)
	logY(p)
	q := newPlot("N·ρ_N: flat if ρ_N falls like 1/N", "N", "N·ρ_N")
	logX(q)
	var ns, rho, se, nrho, nse []float64
	for _, l := range levels {
		n := float64(l.n)
		ns, rho, se, nrho, nse = append(ns, n), append(rho, l.rho), append(se, l.rhoSE), append(nrho, n*l.rho), append(nse, n*l.rhoSE)
	}
	nEnds := []float64{ns[0], ns[len(ns)-1]}
	exact := d * (sigEta2 - sEta2)
	if err := addLine(p, fmt.Sprintf("exact: %.3f/N", exact), nEnds, []float64{exact / nEnds[0], exact / nEnds[1]}, palette[6], true); err != nil {
		return err
	}
	if len(xs) >= 3 {
		if err := addLine(p, fmt.Sprintf("fit: slope %.3f", slope), nEnds, []float64{math.Exp(a0) * math.Pow(nEnds[0], slope), math.Exp(a0) * math.Pow(nEnds[1], slope)}, palette[5], true); err != nil {
			return err
		}
	}
	if err := addErrorBars(p, "measured ± SE", ns, rho, se, palette[0]); err != nil {
		return err
	}
	if err := addLine(q, "exact (Euler chain)", nEnds, []float64{exact, exact}, palette[6], true); err != nil {
		return err
	}
	if err := addLine(q, "continuous time", nEnds, []float64{d * (sig2 - s2), d * (sig2 - s2)}, palette[2], true); err != nil {
		return err
	}
	if err := addErrorBars(q, "measured ± SE", ns, nrho, nse, palette[0]); err != nil {
		return err
	}
	q.Y.Min = 0
	q.Legend.Top = false // below the points, which lie near the exact constant
	if err := savePNG(filepath.Join(a.Dir, "chaos.png"), []*plot.Plot{p, q}); err != nil {
		return err
	}
	a.figure("chaos.png", "Propagation of chaos: the covariance between two particles ρ_N against N on log scales (left; error bars ± one "+
		"standard error across the seeds, the exact value d(σ_η² − s_η²)/N dashed, the fitted power law), and N·ρ_N (right), which is flat when ρ_N ∝ 1/N.")

	if len(xs) < 3 {
		a.judge("The gap falls like 1/N", notReproduced, "Fewer than 3 particle counts gave a positive ρ̂: nothing to fit.")
		return nil
	}
	a.printf("**The fit** over N = %d … %d: log ρ̂ = %.3f %+.4f·log N, slope %.4f ± %.4f (standard error of the fit), R² = %.5f; Theorem 4.1's rate "+
		"is slope −1. ρ̂ falls by a factor %.0f from N = %d to N = %d (the exact factor is %d). The largest distance of a point from its exact value "+
		"is %.1f standard errors.\n\n", first.n, last.n, a0, slope, slope, slopeSE, r2, a.Numbers["ratio"], first.n, last.n, last.n/first.n, maxOff)
	why := fmt.Sprintf("ρ̂ falls from %.3e ± %.1e at N = %d to %.3e ± %.1e at N = %d; fitted log-log slope %.3f ± %.3f (R² = %.4f) against the "+
		"theorem's −1; every N within %.1f SE of the exact d(σ_η² − s_η²)/N.", first.rho, first.rhoSE, first.n, last.rho, last.rhoSE, last.n,
		slope, slopeSE, r2, maxOff)
	switch {
	case math.Abs(slope+1) <= 3*slopeSE && maxOff <= 4:
		a.judge("The gap falls like 1/N", reproduced, "%s The slope is within 3 SE of −1 and every point within 4 SE of the exact law.", why)
	case slope < -0.5 && first.rho > last.rho+3*math.Hypot(first.rhoSE, last.rhoSE):
		a.judge("The gap falls like 1/N", partly, "%s It falls, but the slope is more than 3 SE from −1 or a point is more than 4 SE from the exact law.", why)
	default:
		a.judge("The gap falls like 1/N", notReproduced, "%s", why)
	}
	return nil
}
