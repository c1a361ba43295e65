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
// copies.
func Presets() []Preset {
	e1 := Default()
	e1Projected := Default()
	e1Projected.Algorithm, e1Projected.Beta = AlgorithmProjected, 0
	e1d3, _ := Default().Patch([]byte(`{"dim": 3}`))

	dirichlet := Default()
	dirichlet.Objective, dirichlet.Lambda = ObjectiveDirichlet, 1
	uniform := dirichlet.Clone()
	uniform.Alpha, uniform.Eta = []float64{1, 1, 1}, 1e-2
	uniformMirrored := uniform.Clone()
	uniformMirrored.Algorithm = AlgorithmMirrored
	box, _ := Default().Patch([]byte(`{"domain": "box", "mirror": "log-barrier", "center": [0.15, 0.6], "sigma": 0.3, "lambda": 1}`))
	ball, _ := Default().Patch([]byte(`{"domain": "ball", "center": [0.5, 0.2], "sigma": 0.5, "lambda": 1}`))
	betaSegment, _ := Default().Patch([]byte(`{"dim": 1, "objective": "dirichlet", "alpha": [2, 5], "lambda": 1}`))
	// The paper's experiment 3 (η, λ and N from the paper); one step of 512
	// neurons on 400 points costs about 10 ms, so one step per frame.
	e3, _ := Default().Patch([]byte(`{"domain": "ball", "radius": 1, "objective": "xor", "n": 512, "eta": 0.1, "lambda": 1e-3, "stepsPerFrame": 1}`))
	e3Projected := e3.Clone()
	e3Projected.Algorithm = AlgorithmProjected
	mmdMixture, _ := Default().Patch([]byte(`{"domain": "box", "mirror": "fermi-dirac", "objective": "mmd", "center": [0.5, 0.5], "sigma": 0.1, "depth": 2,
		"bandwidth": 0.2, "lambda": 0.003, "eta": 0.1, "n": 1000, "stepsPerFrame": 2}`))
	e2, _ := Default().Patch([]byte(`{"domain": "spectraplex", "dim": 9, "gamma": 0.02, "eta": 0.3, "lambda": 0.1, "n": 2048, "beta": 0, "stepsPerFrame": 1}`))
	e2Small, _ := e2.Patch([]byte(`{"dim": 4, "eta": 0.03, "stepsPerFrame": 2}`))

	return []Preset{
		{"paper-e1", "Paper experiment 1: MMFLD",
			"Mean matching on the simplex with the barrier term (β = 0.1), λ = 0.1, η = 3e-3, solved by MMFLD: the particles stay inside.", e1, nil},
		{"paper-e1-projected", "Paper experiment 1: projected MFLD",
			"The same problem without the barrier, solved by projected MFLD: a sixth of the particles sit exactly on the edges.", e1Projected, nil},
		{"paper-e1-d3", "Paper experiment 1 on Δ³",
			"Mean matching on the 3-simplex, the paper's most likely setting, drawn projected on a square.", e1d3, nil},
		{"dirichlet", "Sampling Dirichlet(2, 3, 4)",
			"A linear objective whose target is Dirichlet(2, 3, 4); the ring marks its exact mean.", dirichlet, nil},
		{"uniform-one-step", "Uniform target: one-step MMFLD's bias",
			"Dirichlet(1, 1, 1), the uniform distribution: one Euler step of the diffusion piles particles near the edges (a known hazard).", uniform, nil},
		{"uniform-mirrored", "Uniform target: mirrored Langevin",
			"The same target sampled by mirrored Langevin (Hsieh et al. 2018), whose dual noise is isotropic: no pile-up.", uniformMirrored, nil},
		{"box-gaussian", "A Gaussian truncated to the box",
			"N(c, σ²I) near a face of [0, 1]², sampled by MMFLD with the log-barrier map, whose noise vanishes at the faces.", box, nil},
		{"ball-gaussian", "A Gaussian truncated to the disc",
			"N(c, σ²I) truncated to the unit disc, sampled by MMFLD with the log-barrier map φ = −log(1 − ‖x‖²).", ball, nil},
		{"beta-segment", "Beta(2, 5) on the segment Δ¹",
			"Dirichlet(2, 5) on the 1-simplex, a segment, is the Beta(2, 5) law of x₁: MMFLD's histogram settles on its density 30x₁(1 − x₁)⁴; the ring marks the exact mean 2/7.", betaSegment, nil},
		{"paper-e3", "Paper experiment 3: a mean-field network on noisy XOR",
			"512 neurons θ = (w₁, w₂, b, a) in the unit ball, trained by MMFLD (η = 0.1, λ = 10⁻³) on noisy XOR; the panel shows (w₁, w₂). Test accuracy reaches the Bayes 95.6% within about 100 steps, and the neurons stay inside the ball.", e3, nil},
		{"paper-e3-projected", "Paper experiment 3: projected MFLD",
			"The same network trained by projected MFLD: almost every neuron ends on the sphere ‖θ‖ = 1 and stays there (the paper's stall).", e3Projected, nil},
		{"mmd-mixture", "MMD to a two-mode target",
			"½MMD² (Gaussian kernel, h = 0.2, exact sums) to 512 points (white dots) of a two-Gaussian mixture in [0, 1]², λ = 0.003: MMFLD with the Fermi–Dirac map moves the uniform cloud onto both modes in a few hundred steps.", mmdMixture, nil},
		{"paper-e2", "Paper experiment 2: the spectraplex S¹⁰",
			"F = ½‖EΣ − diag(q)‖² + (1/2γ)E‖Σ‖² over 10×10 trace-one PSD matrices, von Neumann entropy, γ = 0.02, η = 0.3, λ = 0.1, N = 2048 (drawn: each particle's spectrum). At this step ηΣ/γ overshoots: one-step MMFLD piles particles near the boundary, projected MFLD stalls on it, plain MFLD diverges; mirrored Langevin copes.", e2, nil},
		{"paper-e2-small-step", "Paper experiment 2 with η = 0.03, 5×5",
			"The same problem on 5×5 matrices with a tenth of the step: one-step MMFLD converges (F ≈ 5.9 by t = 30) with no particle near the boundary, like mirrored Langevin.", e2Small, nil},
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
