package engine

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/mmfld/playground/engine/integrate"
	"github.com/mmfld/playground/engine/mirror"
	"github.com/mmfld/playground/engine/objective"
	"github.com/mmfld/playground/engine/objective/mmd"
	"github.com/mmfld/playground/engine/objective/xor"
	"github.com/mmfld/playground/engine/stat"
)

// The registry: every domain, mirror map, objective and algorithm is
// registered here once, by name, with its constructor and the Config fields
// it reads. The menus (Domains, Mirrors, Objectives, Algorithms), the valid
// combinations (ChoicesFor), the constructors a System calls and the fields'
// FieldSpec.UsedBy all come from these tables. Adding a domain means a file
// with its type and map, and one domainEntry below.

// A domainEntry registers a domain: its mirror maps (the first is what a
// change of domain picks by default), the objectives it allows (the first is
// the default) and the fields it reads.
type domainEntry struct {
	name       string
	fields     []string
	mirrors    []mirrorEntry
	objectives []objectiveEntry
}

// A mirrorEntry registers a mirror map of a domain.
type mirrorEntry struct {
	name string
	new  func(c *Config) (mirror.Map, error)
}

// An objectiveEntry registers an objective on a domain: the fields it reads
// there and its constructor, given the domain's mirror map m (its primal
// points are m.PrimalLen() numbers), and, where the minimiser of F + λ·Ent is
// known exactly, the target (see TargetOf) and the fields beyond the
// domain's and its own it depends on.
type objectiveEntry struct {
	name   string
	fields []string
	new    func(c *Config, m mirror.Map) objective.Objective
	target func(c *Config, m mirror.Map) *stat.Target
	// targetReads are the fields the target reads beyond the domain's
	// and fields.
	targetReads []string
	// logBarrier, where the objective is an objective.LogBarrier on a map
	// with a proximal step (mirror.BarrierProxer), allows the proximal
	// algorithm; it returns a *FieldError when c's barrier is not convex
	// (its weights must be ≥ 0), nil otherwise.
	logBarrier func(c *Config) error
}

// An algorithmEntry registers an algorithm: whether it moves the particles
// in the dual space (a mirror method, whose particles never leave the open
// domain), the fields it reads and its integrator.
type algorithmEntry struct {
	name   string
	dual   bool
	fields []string
	new    func(c *Config) integrate.Integrator
}

// The objectives, one entry each, and the objectives every domain off the
// simplex and the spectraplex allows.
var (
	meanMatchEntry = objectiveEntry{name: ObjectiveMeanMatch, fields: []string{"beta", "q"},
		new: func(c *Config, _ mirror.Map) objective.Objective {
			return objective.NewMeanMatch(c.Dim, c.Beta, c.Q)
		},
		logBarrier: func(*Config) error { return nil }} // β ≥ 0
	spectraMeanMatchEntry = objectiveEntry{name: ObjectiveMeanMatch, fields: []string{"beta", "q", "gamma"},
		new: func(c *Config, m mirror.Map) objective.Objective {
			return objective.NewSpectraMeanMatch(m.(mirror.Spectraplex), c.Beta, c.Gamma, c.Q)
		}}
	// dirichlet's Gibbs measure is Dirichlet(α) itself.
	dirichletEntry = objectiveEntry{name: ObjectiveDirichlet, fields: []string{"alpha"},
		new: func(c *Config, _ mirror.Map) objective.Objective {
			return objective.NewDirichlet(c.Dim, c.Lambda, c.Alpha)
		},
		target: func(c *Config, _ mirror.Map) *stat.Target { return stat.DirichletTarget(c.Alpha) },
		// The barrier's weights are λ(αᵢ − 1).
		logBarrier: func(c *Config) error {
			for i, a := range c.Alpha {
				if a < 1 {
					return &FieldError{Field: "alpha", Allowed: "must be at least 1 in every entry for the proximal algorithm, " +
						"whose backward step needs the convex barrier λ Σ (αᵢ − 1) log(1/xᵢ)", Got: fmt.Sprintf("α%d = %g", i+1, a)}
				}
			}
			return nil
		}}
	// The wells' Gibbs measures are N(c, σ²I) (doublewell: the even mixture
	// of N(c ∓ a e₁, σ²I), a = σ√(2·depth)) truncated to the domain.
	gaussianEntry = objectiveEntry{name: ObjectiveGaussian, fields: []string{"center", "sigma"},
		new: func(c *Config, m mirror.Map) objective.Objective {
			return objective.NewGaussian(wellOf(c, m))
		},
		target: func(c *Config, m mirror.Map) *stat.Target { return wellTarget(c, m, c.Sigma, 0) }}
	doubleWellEntry = objectiveEntry{name: ObjectiveDoubleWell, fields: []string{"center", "sigma", "depth"},
		new: func(c *Config, m mirror.Map) objective.Objective {
			return objective.NewDoubleWell(wellOf(c, m), c.Depth)
		},
		target: func(c *Config, m mirror.Map) *stat.Target {
			return wellTarget(c, m, c.Sigma, c.Sigma*math.Sqrt(2*c.Depth))
		}}
	// interaction's minimiser is known on the plane only: N(c, s²I) with
	// 1/s² = 1/σ² + κ/λ (see objective.NewInteraction).
	interactionEntry = objectiveEntry{name: ObjectiveInteraction, fields: []string{"center", "sigma", "kappa"},
		new: func(c *Config, m mirror.Map) objective.Objective {
			return objective.NewInteraction(wellOf(c, m), c.Kappa)
		},
		target: func(c *Config, m mirror.Map) *stat.Target {
			if !unbounded(m, c.Dim) {
				return nil
			}
			return wellTarget(c, m, 1/math.Sqrt(1/(c.Sigma*c.Sigma)+c.Kappa/c.Lambda), 0)
		},
		targetReads: []string{"lambda"}}
	mmdEntry = objectiveEntry{name: ObjectiveMMD, fields: []string{"center", "sigma", "depth", "bandwidth", "features"},
		new: func(c *Config, m mirror.Map) objective.Objective {
			return mmd.New(mmd.Params{N: c.N, Seed: uint64(c.Seed), Bandwidth: c.Bandwidth, Features: c.Features, Target: mixtureOf(c)}, m)
		}}
	xorEntry = objectiveEntry{name: ObjectiveXOR,
		new: func(c *Config, m mirror.Map) objective.Objective {
			return xor.New(c.Dim, m.PrimalLen())
		}}
	wellObjectives = []objectiveEntry{gaussianEntry, doubleWellEntry, interactionEntry, mmdEntry}
)

// domainRegistry lists the domains in the order a menu shows them.
var domainRegistry = []domainEntry{
	{DomainSimplex, nil,
		[]mirrorEntry{{MirrorEntropic, func(c *Config) (mirror.Map, error) { return mirror.NewEntropicSimplex(c.Dim) }}},
		[]objectiveEntry{meanMatchEntry, dirichletEntry, mmdEntry}},
	{DomainBox, []string{"low", "high"},
		[]mirrorEntry{
			{MirrorFermiDirac, func(c *Config) (mirror.Map, error) { return mirror.NewFermiDiracBox(c.Dim, c.Low, c.High) }},
			{MirrorLogBarrier, func(c *Config) (mirror.Map, error) { return mirror.NewLogBarrierBox(c.Dim, c.Low, c.High) }},
		},
		wellObjectives},
	{DomainBall, []string{"radius"},
		[]mirrorEntry{{MirrorLogBarrier, func(c *Config) (mirror.Map, error) { return mirror.NewLogBarrierBall(c.Dim, c.Radius) }}},
		append(slices.Clone(wellObjectives), xorEntry)},
	{DomainOrthant, nil,
		[]mirrorEntry{{MirrorEntropic, func(c *Config) (mirror.Map, error) { return mirror.NewEntropicOrthant(c.Dim) }}},
		wellObjectives},
	{DomainPlane, nil,
		[]mirrorEntry{{MirrorEuclidean, func(c *Config) (mirror.Map, error) { return mirror.NewEuclidean(c.Dim) }}},
		wellObjectives},
	{DomainPolygon, []string{"vertices"},
		[]mirrorEntry{{MirrorLogBarrier, func(c *Config) (mirror.Map, error) { return mirror.NewPolygonBarrier(vertexPairs(c.Vertices)) }}},
		wellObjectives},
	// The spectraplex of (dim+1)×(dim+1) matrices: meanmatch in the form of
	// paper experiment 2 (spectraMeanMatch).
	{DomainSpectraplex, nil,
		[]mirrorEntry{{MirrorVonNeumann, func(c *Config) (mirror.Map, error) { return mirror.NewSpectraplex(c.Dim) }}},
		[]objectiveEntry{spectraMeanMatchEntry}},
}

// algorithmRegistry lists the algorithms in the order a menu shows them.
var algorithmRegistry = []algorithmEntry{
	{AlgorithmMMFLD, true, []string{"hessianAt"}, func(c *Config) integrate.Integrator { return integrate.MMFLD(c.HessianAt == HessianAtStart) }},
	{AlgorithmMMFLDSubstep, true, []string{"substeps"}, func(c *Config) integrate.Integrator { return integrate.MMFLDSubstep(c.Substeps) }},
	{AlgorithmMirrored, true, nil, func(*Config) integrate.Integrator { return integrate.Mirrored() }},
	{AlgorithmProjected, false, nil, func(*Config) integrate.Integrator { return integrate.Projected() }},
	{AlgorithmMFLD, false, nil, func(*Config) integrate.Integrator { return integrate.MFLD() }},
	// proximal runs only where the objective's entry has a logBarrier
	// (checkAlgorithm).
	{AlgorithmProximal, false, nil, func(*Config) integrate.Integrator { return integrate.Proximal() }},
}

// Domains are the names of the domains, in the order a menu lists them.
var Domains = names(domainRegistry, func(e domainEntry) string { return e.name })

// Mirrors are the names of the mirror maps, in the order the domains
// register them.
var Mirrors = func() []string {
	var out []string
	for _, d := range domainRegistry {
		for _, m := range d.mirrors {
			if !slices.Contains(out, m.name) {
				out = append(out, m.name)
			}
		}
	}
	return out
}()

// Objectives are the names of the objectives, in the order a menu lists them
// (TestRegistryNames checks it against the registry).
var Objectives = []string{ObjectiveMeanMatch, ObjectiveDirichlet, ObjectiveGaussian, ObjectiveDoubleWell, ObjectiveInteraction, ObjectiveMMD, ObjectiveXOR}

// Algorithms are the names of the algorithms, in the order a menu lists them.
var Algorithms = names(algorithmRegistry, func(e algorithmEntry) string { return e.name })

func names[E any](entries []E, name func(E) string) []string {
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i] = name(e)
	}
	return out
}

// lookup returns the entry of entries whose name is name.
func lookup[E any](entries []E, name string, nameOf func(E) string) (E, bool) {
	for _, e := range entries {
		if nameOf(e) == name {
			return e, true
		}
	}
	var zero E
	return zero, false
}

func domainOf(name string) (domainEntry, bool) {
	return lookup(domainRegistry, name, func(e domainEntry) string { return e.name })
}

func algorithmOf(name string) (algorithmEntry, bool) {
	return lookup(algorithmRegistry, name, func(e algorithmEntry) string { return e.name })
}

// objectiveOn returns the entry of the objective c names on c's domain.
func objectiveOn(c *Config) (objectiveEntry, bool) {
	d, _ := domainOf(c.Domain)
	return lookup(d.objectives, c.Objective, func(e objectiveEntry) string { return e.name })
}

// DomainChoices lists what a domain allows: its mirror maps and objectives,
// the first of each being what a change of domain picks by default, and
// (in OptionsList) the algorithms each objective runs with there.
type DomainChoices struct {
	Mirrors    []string `json:"mirrors"`
	Objectives []string `json:"objectives"`
	// Algorithms maps each of the objectives to the algorithms that run it
	// on the domain at its default parameters (AlgorithmsFor); filled by
	// OptionsList, not by ChoicesFor.
	Algorithms map[string][]string `json:"algorithms,omitempty"`
}

// ChoicesFor returns the mirror maps and objectives the domain allows.
func ChoicesFor(domain string) DomainChoices {
	d, _ := domainOf(domain)
	return DomainChoices{
		Mirrors:    names(d.mirrors, func(e mirrorEntry) string { return e.name }),
		Objectives: names(d.objectives, func(e objectiveEntry) string { return e.name }),
	}
}

// newMirror returns the mirror map c names; c has been validated.
func newMirror(c *Config) mirror.Map {
	d, _ := domainOf(c.Domain)
	e, ok := lookup(d.mirrors, c.Mirror, func(e mirrorEntry) string { return e.name })
	if !ok {
		panic("engine: a validated config names no registered mirror map: " + c.Domain + "/" + c.Mirror)
	}
	m, err := e.new(c)
	if err != nil {
		panic("engine: a validated config made no mirror map: " + err.Error())
	}
	return m
}

// NewMirror returns the mirror map c names, for callers outside the engine
// (the renderer maps its markers with it). c must be valid.
func NewMirror(c Config) (mirror.Map, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return newMirror(&c), nil
}

// wellOf returns the gaussian well of c's center, σ and λ, for the primal
// points of m.
func wellOf(c *Config, m mirror.Map) objective.Well {
	return objective.Well{Center: c.Center[:c.Dim], Sigma: c.Sigma, Lambda: c.Lambda, Stride: m.PrimalLen()}
}

// mixtureOf returns the doublewell mixture of c's center, σ and depth, on
// c's domain.
func mixtureOf(c *Config) mmd.Mixture {
	return mmd.Mixture{Center: c.Center[:c.Dim], DomainCentre: DefaultCenter(c), Sigma: c.Sigma, Depth: c.Depth}
}

// wellTarget returns the law ∝ exp(−‖x − c‖²/(2σ²)) (with shift > 0 the
// even mixture of its translates by ∓shift·e₁) truncated to the domain of m:
// a product law on a product domain (mirror.Product), known in closed form,
// and elsewhere the law drawn by rejection.
func wellTarget(c *Config, m mirror.Map, sigma, shift float64) *stat.Target {
	center := c.Center[:c.Dim]
	p, ok := m.(mirror.Product)
	if !ok {
		return stat.RejectionTarget(m, center, sigma, shift)
	}
	lo, hi := make([]float64, c.Dim), make([]float64, c.Dim)
	p.Intervals(lo, hi)
	return stat.ProductTarget(center, sigma, shift, lo, hi)
}

// unbounded reports whether m's domain is all of ℝᵈ.
func unbounded(m mirror.Map, d int) bool {
	p, ok := m.(mirror.Product)
	if !ok {
		return false
	}
	lo, hi := make([]float64, d), make([]float64, d)
	p.Intervals(lo, hi)
	for j := range lo {
		if !math.IsInf(lo[j], -1) || !math.IsInf(hi[j], 1) {
			return false
		}
	}
	return true
}

// newObjective returns the objective c names on its domain, whose mirror
// map is m; c has been validated.
func newObjective(c *Config, m mirror.Map) objective.Objective {
	e, ok := objectiveOn(c)
	if !ok {
		panic("engine: a validated config names no registered objective: " + c.Domain + "/" + c.Objective)
	}
	return e.new(c, m)
}

// integratorFor returns the integrator of c's algorithm; c has been
// validated.
func integratorFor(c *Config) integrate.Integrator {
	e, ok := algorithmOf(c.Algorithm)
	if !ok {
		panic("engine: a validated config names no registered algorithm: " + c.Algorithm)
	}
	return e.new(c)
}

// checkAlgorithm reports, as a *FieldError, an algorithm that does not run
// on c's domain and objective: proximal needs an objective whose entry has
// a logBarrier, and a convex one.
func checkAlgorithm(c *Config) error {
	if c.Algorithm != AlgorithmProximal {
		return nil
	}
	e, ok := objectiveOn(c)
	if !ok {
		return nil // refused as an objective before
	}
	if e.logBarrier == nil {
		var others []string
		for _, a := range Algorithms {
			if a != AlgorithmProximal {
				others = append(others, a)
			}
		}
		return &FieldError{Field: "algorithm", Allowed: fmt.Sprintf("must be one of %s for %s on the %s: proximal needs an objective "+
			"with a log barrier it has a proximal step for (%s)", strings.Join(others, ", "), c.Objective, c.Domain, proximalRuns()),
			Got: fmt.Sprintf("%q", c.Algorithm)}
	}
	return e.logBarrier(c)
}

// proximalRuns says where the proximal algorithm runs, from the registry:
// "meanmatch or dirichlet on the simplex".
func proximalRuns() string {
	var parts []string
	for _, d := range domainRegistry {
		var objs []string
		for _, o := range d.objectives {
			if o.logBarrier != nil {
				objs = append(objs, o.name)
			}
		}
		if len(objs) > 0 {
			parts = append(parts, strings.Join(objs, " or ")+" on the "+d.name)
		}
	}
	return strings.Join(parts, "; ")
}

// AlgorithmsFor returns the algorithms that run on c's domain and
// objective with c's parameters (all but proximal off the log barriers it
// has a proximal step for), in the order of Algorithms.
func AlgorithmsFor(c Config) []string {
	var out []string
	for _, a := range Algorithms {
		c.Algorithm = a
		if checkAlgorithm(&c) == nil {
			out = append(out, a)
		}
	}
	return out
}

// isMirror reports whether an algorithm moves particles in the dual space
// (its state is y = ∇φ(x) and it never leaves the open domain), as opposed to
// the primal methods projected and mfld.
func isMirror(algorithm string) bool {
	e, _ := algorithmOf(algorithm)
	return e.dual
}

// IsMirror reports whether the algorithm named moves the particles in the
// dual space of the mirror map (a mirror method, whose particles never leave
// the open domain); the others are the primal methods.
func IsMirror(algorithm string) bool { return isMirror(algorithm) }

// FieldUse is one kind of run a field matters to: every condition given
// (domain, objective, algorithm) must hold.
type FieldUse struct {
	Domain    string `json:"domain,omitempty"`
	Objective string `json:"objective,omitempty"`
	Algorithm string `json:"algorithm,omitempty"`
}

// usesOf returns the runs the field matters to, from the registry, or nil
// if it matters to every run (no entry names it).
func usesOf(field string) []FieldUse {
	var uses []FieldUse
	for _, d := range domainRegistry {
		if slices.Contains(d.fields, field) {
			uses = append(uses, FieldUse{Domain: d.name})
		}
	}
	for _, o := range Objectives {
		var on, allowed []string // the domains where o reads the field, where o runs
		for _, d := range domainRegistry {
			if e, ok := lookup(d.objectives, o, func(e objectiveEntry) string { return e.name }); ok {
				allowed = append(allowed, d.name)
				if slices.Contains(e.fields, field) {
					on = append(on, d.name)
				}
			}
		}
		switch {
		case len(on) == 0:
		case len(on) == len(allowed):
			uses = append(uses, FieldUse{Objective: o})
		default:
			for _, d := range on {
				uses = append(uses, FieldUse{Domain: d, Objective: o})
			}
		}
	}
	for _, a := range algorithmRegistry {
		if slices.Contains(a.fields, field) {
			uses = append(uses, FieldUse{Algorithm: a.name})
		}
	}
	return uses
}

// UsedIn reports whether the field matters to the run c describes: a change
// to a field that does not leaves the run's trajectory as it was.
func (f *FieldSpec) UsedIn(c *Config) bool {
	if len(f.UsedBy) == 0 {
		return true
	}
	for _, u := range f.UsedBy {
		if (u.Domain == "" || u.Domain == c.Domain) && (u.Objective == "" || u.Objective == c.Objective) &&
			(u.Algorithm == "" || u.Algorithm == c.Algorithm) {
			return true
		}
	}
	return false
}

func init() {
	for i := range fieldSpecs {
		fieldSpecs[i].UsedBy = usesOf(fieldSpecs[i].Name)
	}
}

// UsedByText spells uses as the panel and the README do: "every run", or
// the runs joined by commas, each "objective algorithm on the domain".
func UsedByText(uses []FieldUse) string {
	if len(uses) == 0 {
		return "every run"
	}
	parts := make([]string, len(uses))
	for i, u := range uses {
		var words []string
		for _, w := range []string{u.Objective, u.Algorithm} {
			if w != "" {
				words = append(words, w)
			}
		}
		if u.Domain != "" {
			words = append(words, "the "+u.Domain)
		}
		parts[i] = strings.Join(words, " on ")
	}
	return strings.Join(parts, ", ")
}
