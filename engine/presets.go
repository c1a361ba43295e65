package engine

// Preset is a named, documented Config: a starting point a menu, a key, a
// link (?preset=name) or a course page can ask for by name.
type Preset struct {
	Name   string `json:"name"`
	Title  string `json:"title"`
	Doc    string `json:"doc"`
	Config Config `json:"config"`
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
	e2, _ := Default().Patch([]byte(`{"domain": "spectraplex", "dim": 9, "gamma": 0.02, "eta": 0.3, "lambda": 0.1, "n": 2048, "beta": 0, "stepsPerFrame": 1}`))
	e2Small, _ := e2.Patch([]byte(`{"dim": 4, "eta": 0.03, "stepsPerFrame": 2}`))

	return []Preset{
		{"paper-e1", "Paper experiment 1: MMFLD",
			"Mean matching on the simplex with the barrier term (β = 0.1), λ = 0.1, η = 3e-3, solved by MMFLD: the particles stay inside.", e1},
		{"paper-e1-projected", "Paper experiment 1: projected MFLD",
			"The same problem without the barrier, solved by projected MFLD: a sixth of the particles sit exactly on the edges.", e1Projected},
		{"paper-e1-d3", "Paper experiment 1 on Δ³",
			"Mean matching on the 3-simplex, the paper's most likely setting, drawn projected on a square.", e1d3},
		{"dirichlet", "Sampling Dirichlet(2, 3, 4)",
			"A linear objective whose target is Dirichlet(2, 3, 4); the ring marks its exact mean.", dirichlet},
		{"uniform-one-step", "Uniform target: one-step MMFLD's bias",
			"Dirichlet(1, 1, 1), the uniform distribution: one Euler step of the diffusion piles particles near the edges (a known hazard).", uniform},
		{"uniform-mirrored", "Uniform target: mirrored Langevin",
			"The same target sampled by mirrored Langevin (Hsieh et al. 2018), whose dual noise is isotropic: no pile-up.", uniformMirrored},
		{"box-gaussian", "A Gaussian truncated to the box",
			"N(c, σ²I) near a face of [0, 1]², sampled by MMFLD with the log-barrier map, whose noise vanishes at the faces.", box},
		{"ball-gaussian", "A Gaussian truncated to the disc",
			"N(c, σ²I) truncated to the unit disc, sampled by MMFLD with the log-barrier map φ = −log(1 − ‖x‖²).", ball},
		{"paper-e2", "Paper experiment 2: the spectraplex S¹⁰",
			"F = ½‖EΣ − diag(q)‖² + (1/2γ)E‖Σ‖² over 10×10 trace-one PSD matrices, von Neumann entropy, γ = 0.02, η = 0.3, λ = 0.1, N = 2048 (drawn: each particle's spectrum). At this step ηΣ/γ overshoots: one-step MMFLD piles particles near the boundary, projected MFLD stalls on it, plain MFLD diverges; mirrored Langevin copes.", e2},
		{"paper-e2-small-step", "Paper experiment 2 with η = 0.03, 5×5",
			"The same problem on 5×5 matrices with a tenth of the step: one-step MMFLD converges (F ≈ 5.9 by t = 30) with no particle near the boundary, like mirrored Langevin.", e2Small},
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
