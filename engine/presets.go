package engine

import "encoding/json"

// Preset is a named, documented Config: a starting point a menu, a key, a
// link (?preset=name) or a course page can ask for by name. A preset that
// compares two runs has Compare, the JSON patch that makes side B from
// Config (side A); see PatchLink.
type Preset struct {
	Name    string          `json:"name"`
	Title   string          `json:"title"`
	Doc     string          `json:"doc"`
	Config  Config          `json:"config"`
	Compare json.RawMessage `json:"compare,omitempty"`
}

// Presets returns the presets, the default first. Each call returns fresh
// copies. A preset named after the paper (Gu & Kim, arXiv 2505.02621) uses
// the paper's settings where the paper gives them, and its text says which
// are ours; docs/presets.md tables both, and TestPaperPresetsMatchTheTable
// checks the presets against that table. A comparison compares two methods
// on one objective.
func Presets() []Preset {
	meanMatch := Default()

	// Experiment 1: Δ³, λ = 0.1, η = 3e-3, N ≈ 50,000 are the paper's;
	// q, β = 0 (one objective for both methods: a barrier would be
	// evaluated on the faces projected MFLD lands on), the uniform start
	// and the seed are ours (docs/reproduce/REPORT.md runs the same).
	e1, _ := Default().Patch([]byte(`{"dim": 3, "beta": 0, "n": 50000, "stepsPerFrame": 1}`))

	dirichlet := Default()
	dirichlet.Objective, dirichlet.Lambda = ObjectiveDirichlet, 1
	uniform := dirichlet.Clone()
	uniform.Alpha, uniform.Eta = []float64{1, 1, 1}, 1e-2
	box, _ := Default().Patch([]byte(`{"domain": "box", "mirror": "log-barrier", "center": [0.15, 0.6], "sigma": 0.3, "lambda": 1}`))
	ball, _ := Default().Patch([]byte(`{"domain": "ball", "center": [0.5, 0.2], "sigma": 0.5, "lambda": 1}`))
	betaSegment, _ := Default().Patch([]byte(`{"dim": 1, "objective": "dirichlet", "alpha": [2, 5], "lambda": 1}`))
	// Experiment 3: N, η, λ and the unit ball are the paper's; the
	// network (tanh, its scales) and the data are ours (xor.Objective).
	// One step of 512 neurons on 400 points costs about 10 ms, so one step
	// per frame.
	e3, _ := Default().Patch([]byte(`{"domain": "ball", "radius": 1, "objective": "xor", "n": 512, "eta": 0.1, "lambda": 1e-3, "stepsPerFrame": 1}`))
	mmdMixture, _ := Default().Patch([]byte(`{"domain": "box", "mirror": "fermi-dirac", "objective": "mmd", "center": [0.5, 0.5], "sigma": 0.1, "depth": 2,
		"bandwidth": 0.2, "lambda": 0.003, "eta": 0.1, "n": 1000, "stepsPerFrame": 2}`))
	// Experiment 2: S¹⁰ (dim 9), γ = 0.02, η = 0.3, λ = 0.1, N = 2048 are
	// the paper's; β = 0 and q are ours.
	e2, _ := Default().Patch([]byte(`{"domain": "spectraplex", "dim": 9, "gamma": 0.02, "eta": 0.3, "lambda": 0.1, "n": 2048, "beta": 0, "stepsPerFrame": 1}`))
	e2Small, _ := e2.Patch([]byte(`{"dim": 4, "eta": 0.03, "stepsPerFrame": 2}`))
	projected := json.RawMessage(`{"algorithm": "projected"}`)

	return []Preset{
		{"meanmatch", "Mean matching on the simplex",
			"The default: F(μ) = ‖E_μ x − q‖² plus a barrier term (β = 0.1) on Δ², λ = 0.1, η = 3e-3, solved by MMFLD; the minimiser's density vanishes at the faces, and the particles stay well inside. Watch the dual panel: the cloud there is what MMFLD moves.", meanMatch, nil},
		{"paper-e1", "Paper experiment 1: MMFLD against projected MFLD",
			"The paper's Figure 1 as a live experiment: mean matching on Δ³ with the paper's λ = 0.1, η = 3e-3 and N = 50,000, both methods on one objective from the same particles. Ours: q = (0.7, 0.1, 0.1, 0.1), β = 0 (no barrier, so that both methods minimise the same L) and the uniform start. Projected MFLD (b, the lower row) piles particles exactly on the faces; MMFLD's (a, above) stay inside.", e1, projected},
		{"dirichlet", "Sampling Dirichlet(2, 3, 4)",
			"A linear objective whose target is Dirichlet(2, 3, 4); the ring marks its exact mean.", dirichlet, nil},
		{"uniform-hazard", "Uniform target: one-step MMFLD against mirrored Langevin",
			"Dirichlet(1, 1, 1), the uniform law on the triangle: one Euler step of MMFLD's noise, which grows like √(2λ/xᵢ) in the dual near a face, piles particles near the edges (a, above: a known hazard); mirrored Langevin (Hsieh et al. 2018), whose dual noise is isotropic, samples the uniform law (b, below).", uniform, json.RawMessage(`{"algorithm": "mirrored"}`)},
		{"box-gaussian", "A Gaussian truncated to the box",
			"N(c, σ²I) near a face of [0, 1]², sampled by MMFLD with the log-barrier map, whose noise vanishes at the faces.", box, nil},
		{"ball-gaussian", "A Gaussian truncated to the disc",
			"N(c, σ²I) truncated to the unit disc, sampled by MMFLD with the log-barrier map φ = −log(1 − ‖x‖²).", ball, nil},
		{"beta-segment", "Beta(2, 5) on the segment Δ¹",
			"Dirichlet(2, 5) on the 1-simplex, a segment, is the Beta(2, 5) law of x₁: MMFLD's histogram settles on its density 30x₁(1 − x₁)⁴; the ring marks the exact mean 2/7.", betaSegment, nil},
		{"paper-e3", "Paper experiment 3: a mean-field network on noisy XOR",
			"512 neurons θ = (w₁, w₂, b, a) in the unit ball, trained on noisy XOR with the paper's η = 0.1 and λ = 10⁻³; the network (tanh), its scales and the data are ours. MMFLD (a, above) reaches about 96% test accuracy within about 100 steps, the Bayes rule's 96.1% on the same test points, and its neurons stay inside the ball; projected MFLD (b, below) puts almost every neuron on the sphere ‖θ‖ = 1, where it stalls (the paper's claim).", e3, projected},
		{"mmd-mixture", "MMD to a two-mode target",
			"½MMD² (Gaussian kernel, h = 0.2, exact sums) to 512 points (white dots) of a two-Gaussian mixture in [0, 1]², λ = 0.003: MMFLD with the Fermi–Dirac map moves the uniform cloud onto both modes in a few hundred steps.", mmdMixture, nil},
		{"paper-e2", "Paper experiment 2: the spectraplex S¹⁰",
			"F = ½‖EΣ − diag(q)‖² + (1/2γ)E‖Σ‖² over 10×10 trace-one PSD matrices, von Neumann entropy, with the paper's γ = 0.02, η = 0.3, λ = 0.1 and N = 2048 (drawn: each particle's spectrum); q is ours. At λ = 0.1 the noise spreads the eigenvalues past where this step's drift is stable: MMFLD (a, above) piles particles near the boundary and projected MFLD (b, below) stalls on it. Try λ = 0.01: MMFLD converges, projected MFLD still stalls — the paper's claim, at this step: with η below its stability limit 2γ/n = 0.004, projected MFLD converges too (docs/reproduce/REPORT.md).", e2, projected},
		{"paper-e2-small-step", "Paper experiment 2 with η = 0.03, 5×5",
			"The same problem on 5×5 matrices with a tenth of the step (both ours): one-step MMFLD converges with no particle near the boundary, like mirrored Langevin.", e2Small, nil},
	}
}

// PresetByName returns the preset named name.
func PresetByName(name string) (Preset, bool) {
	for _, p := range Presets() {
		if p.Name == name {
			return p, true
		}
	}
	return Preset{}, false
}

// presetNames lists the names of the presets, for error messages.
func presetNames() []string {
	var names []string
	for _, p := range Presets() {
		names = append(names, p.Name)
	}
	return names
}
