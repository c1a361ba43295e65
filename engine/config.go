package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/mmfld/playground/engine/mirror"
	"github.com/mmfld/playground/engine/objective/xor"
)

// Config describes one run completely: the problem (domain, mirror map,
// objective and its parameters), the algorithm and its step size, the
// particle count and the seed. The URL, the JavaScript API, the desktop keys,
// the command-line flags and the presets are all views of this one value, and
// Validate is the one place that decides whether a value is acceptable.
//
// The JSON names are a public contract (window.mmfld.getConfig/setConfig).
type Config struct {
	// Domain is the constraint set: "simplex" (the probability simplex Δ^dim),
	// "box" [low, high]^dim, "ball" of radius Radius, "orthant" (x > 0), or
	// "plane" (ℝ^dim, unconstrained). See Domains. "spectraplex" is the set of
	// trace-one positive definite (dim+1)×(dim+1) real symmetric matrices.
	Domain string `json:"domain"`
	// Mirror is the mirror map φ, one the domain allows (see MirrorsFor):
	// "entropic" (simplex, orthant), "fermi-dirac" or "log-barrier" (box),
	// "log-barrier" (ball), "euclidean" (plane), "von-neumann" (spectraplex).
	Mirror string `json:"mirror"`
	// Dim is the chart dimension d ≥ 1: the simplex Δ^d has d+1 barycentric
	// coordinates (Δ¹ is a segment); the other domains live in ℝ^d (the
	// polygon in ℝ²); the spectraplex's matrices are (d+1)×(d+1), so that its
	// diagonal matrices are Δ^d (its chart has (d+1)(d+2)/2 − 1 coordinates).
	Dim int `json:"dim"`
	// Low and High bound the box [low, high]^dim.
	Low  float64 `json:"low"`
	High float64 `json:"high"`
	// Radius is the ball's radius.
	Radius float64 `json:"radius"`
	// Vertices are the polygon's corners, x₁, y₁, x₂, y₂, …: a convex 2-D
	// polygon with 3 to 64 vertices, in order around it (clockwise is
	// accepted and reversed).
	Vertices []float64 `json:"vertices"`

	// Objective names the functional F; see Objectives.
	Objective string `json:"objective"`
	// Algorithm names the integrator; see Algorithms.
	Algorithm string `json:"algorithm"`
	// Substeps is the number of substeps mmfld-substep splits the diffusion
	// of one step into; 0 chooses them adaptively: where the map solves the
	// diffusion itself (mirror.Diffuser) as many as its DiffuseStep needs,
	// elsewhere Euler substeps, per particle, whose dual noise has standard
	// deviation at most SubstepNoise (docs/math.md, mmfld-substep).
	Substeps int `json:"substeps"`
	// HessianAt says where mmfld evaluates the noise metric ∇²φ:
	// "drift" at X̃ = ∇φ*(Y'), after the drift step (Gu & Kim, Algorithm 1),
	// or "start" at the current X (Zhang et al. 2020, mirror Langevin algorithm).
	HessianAt string `json:"hessianAt"`

	// Lambda is the entropy weight λ > 0 (the temperature).
	Lambda float64 `json:"lambda"`
	// Eta is the step size η > 0.
	Eta float64 `json:"eta"`
	// N is the number of particles.
	N int `json:"n"`
	// Beta is the barrier weight β ≥ 0 of meanmatch: F gains β·E Σᵢ log(1/xᵢ).
	Beta float64 `json:"beta"`
	// Q is meanmatch's target mean: dim+1 barycentric coordinates summing to
	// 1; on the spectraplex the target matrix Σ* = diag(q).
	Q []float64 `json:"q"`
	// Gamma is γ > 0 of meanmatch on the spectraplex (paper experiment 2):
	// F gains (1/(2γ))·E‖Σ‖²_F.
	Gamma float64 `json:"gamma"`
	// Alpha holds the dim+1 Dirichlet parameters of the dirichlet objective's target.
	Alpha []float64 `json:"alpha"`
	// Center is the centre c (dim numbers) of the gaussian objective's well.
	Center []float64 `json:"center"`
	// Sigma is the width σ of the gaussian and interaction objectives' well.
	Sigma float64 `json:"sigma"`
	// Depth is the doublewell objective's barrier height h between its two
	// modes, at c ± σ√(2h)e₁, in units of λ; the mmd objective's target
	// mixture has its modes there too.
	Depth float64 `json:"depth"`
	// Kappa is the interaction objective's pairwise attraction κ:
	// F gains (κ/4)∬‖x − x'‖² dμ(x) dμ(x').
	Kappa float64 `json:"kappa"`
	// Bandwidth is the mmd objective's Gaussian kernel width h:
	// k(x, y) = exp(−‖x − y‖²/(2h²)).
	Bandwidth float64 `json:"bandwidth"`
	// Features is the number R of random Fourier features the mmd objective
	// approximates its kernel with (Rahimi & Recht 2007); 0 = exact kernel
	// sums, O(N²) per step. See mmd.
	Features int `json:"features"`
	// Seed fixes the initial particles and every random increment.
	Seed int64 `json:"seed"`
	// StepsPerFrame is how many steps the playing simulation takes per drawn frame.
	StepsPerFrame int `json:"stepsPerFrame"`
}

// Names of the options a Config may take. They are a public contract.
const (
	DomainSimplex = "simplex"
	DomainBox     = "box"
	DomainBall    = "ball"
	DomainOrthant = "orthant"
	DomainPlane   = "plane"
	DomainPolygon = "polygon"
	// DomainSpectraplex is the set of trace-one positive definite
	// (dim+1)×(dim+1) real symmetric matrices (paper experiment 2).
	DomainSpectraplex = "spectraplex"

	MirrorEntropic   = "entropic"
	MirrorFermiDirac = "fermi-dirac"
	MirrorLogBarrier = "log-barrier"
	MirrorEuclidean  = "euclidean"
	// MirrorVonNeumann is the von Neumann entropy tr(X log X) on the spectraplex.
	MirrorVonNeumann = "von-neumann"

	ObjectiveMeanMatch   = "meanmatch"
	ObjectiveDirichlet   = "dirichlet"
	ObjectiveGaussian    = "gaussian"
	ObjectiveInteraction = "interaction"
	ObjectiveDoubleWell  = "doublewell"
	ObjectiveMMD         = "mmd"
	ObjectiveXOR         = "xor"

	AlgorithmMMFLD        = "mmfld"
	AlgorithmMMFLDSubstep = "mmfld-substep"
	AlgorithmMirrored     = "mirrored"
	AlgorithmProjected    = "projected"
	AlgorithmMFLD         = "mfld"
	AlgorithmProximal     = "proximal"

	HessianAtDrift = "drift"
	HessianAtStart = "start"
)

// Field ranges. Ranges are closed intervals.
const (
	MinLambda, MaxLambda               = 1e-4, 10.0
	MinEta, MaxEta                     = 1e-6, 0.5
	MinN, MaxN                         = 1, 200000
	MinBeta, MaxBeta                   = 0.0, 10.0
	MinAlpha, MaxAlpha                 = 0.1, 100.0
	MinSeed, MaxSeed                   = 0, 1<<53 - 1 // exactly representable in a JavaScript number
	MinStepsPerFrame, MaxStepsPerFrame = 1, 1000
	MinDim, MaxDim                     = 1, 10
	MinSubsteps, MaxSubsteps           = 0, 1000
	MinBound, MaxBound                 = -100.0, 100.0 // box bounds and gaussian centre
	MinRadius, MaxRadius               = 1e-3, 100.0
	MinSigma, MaxSigma                 = 1e-3, 100.0
	MinKappa, MaxKappa                 = 0.0, 100.0
	MinDepth, MaxDepth                 = 0.0, 20.0
	MinBandwidth, MaxBandwidth         = 1e-3, 100.0
	MinFeatures, MaxFeatures           = 0, 4096
	MinGamma, MaxGamma                 = 1e-3, 100.0
	// minBoxWidth is the smallest high − low Validate accepts.
	minBoxWidth = 1e-3
	// qSumTol is how far Σq may be from 1 before Validate refuses q. Only the
	// differences qⱼ − q_{d+1} enter the drift, so q is used as given.
	qSumTol = 1e-6
)

// Default returns the default run: the paper's experiment 1 (mean matching on
// the simplex with the barrier term) solved by MMFLD.
func Default() Config {
	return Config{
		Domain:        DomainSimplex,
		Mirror:        MirrorEntropic,
		Dim:           2,
		Objective:     ObjectiveMeanMatch,
		Algorithm:     AlgorithmMMFLD,
		HessianAt:     HessianAtDrift,
		Substeps:      0,
		Lambda:        0.1,
		Eta:           3e-3,
		N:             4000,
		Beta:          0.1,
		Gamma:         0.02,
		Q:             DefaultQ(2),
		Alpha:         DefaultAlpha(2),
		Low:           0,
		High:          1,
		Radius:        1,
		Vertices:      []float64{-1, -0.8, 1, -1, 1.2, 0.5, 0, 1.1, -1, 0.6},
		Center:        []float64{1. / 3, 1. / 3},
		Sigma:         0.3,
		Kappa:         1,
		Depth:         2,
		Bandwidth:     0.2,
		Seed:          1,
		StepsPerFrame: 4,
	}
}

// DefaultQ returns the default meanmatch target in dimension d: (0.7, 0.2, 0.1)
// on Δ², and q = (0.7, 0.3/d, …, 0.3/d) otherwise.
func DefaultQ(d int) []float64 {
	if d == 2 {
		return []float64{0.7, 0.2, 0.1}
	}
	q := make([]float64, d+1)
	q[0] = 0.7
	for i := 1; i <= d; i++ {
		q[i] = 0.3 / float64(d)
	}
	return q
}

// DefaultAlpha returns the default Dirichlet parameters in dimension d:
// αᵢ = i + 1, that is (2, 3, …, d+2).
func DefaultAlpha(d int) []float64 {
	a := make([]float64, d+1)
	for i := range a {
		a[i] = float64(i + 2)
	}
	return a
}

// copyInto makes *dst a copy of c that shares no slices with it, reusing
// dst's slices where they have room (a snapshot, every frame).
func (c *Config) copyInto(dst *Config) {
	q, alpha, center, vertices := dst.Q, dst.Alpha, dst.Center, dst.Vertices
	*dst = *c
	dst.Q, dst.Alpha = copyFloats(q, c.Q), copyFloats(alpha, c.Alpha)
	dst.Center, dst.Vertices = copyFloats(center, c.Center), copyFloats(vertices, c.Vertices)
}

// copyFloats returns a copy of src in buf's array if it has room; nil for nil.
func copyFloats(buf, src []float64) []float64 {
	if src == nil {
		return nil
	}
	return append(buf[:0], src...)
}

// Clone returns a deep copy of c: the copy shares no slices with c.
func (c Config) Clone() Config {
	c.Q = slices.Clone(c.Q)
	c.Alpha = slices.Clone(c.Alpha)
	c.Center = slices.Clone(c.Center)
	c.Vertices = slices.Clone(c.Vertices)
	return c
}

// FieldError reports a Config field whose value is not allowed. Its message
// names the field and the allowed values, e.g.
//
//	eta: must be a number in [1e-06, 0.5] (got 2)
type FieldError struct {
	Field   string // the JSON name of the field
	Allowed string // the allowed values, in words
	Got     string // the offending value, if there was one
}

// Error spells the error as "field: allowed (got value)", the one message
// every door shows.
func (e *FieldError) Error() string {
	if e.Got == "" {
		return e.Field + ": " + e.Allowed
	}
	return fmt.Sprintf("%s: %s (got %s)", e.Field, e.Allowed, e.Got)
}

// Validate reports the first field of c that is not allowed, as a *FieldError,
// or nil when the whole Config may be run. It checks every door's input: the
// URL, the JavaScript API, keys, flags and presets all pass through here.
func (c Config) Validate() error {
	for _, f := range fieldSpecs {
		if err := f.check(&c); err != nil {
			return err
		}
	}
	return checkCombination(&c)
}

// Patch returns a copy of c with the fields named in the JSON object patch
// replaced, after validating the result. On error c is unchanged and the
// error is a *FieldError naming the field and its allowed values. Unknown
// fields are refused.
func (c Config) Patch(patch []byte) (Config, error) {
	next := c.Clone()
	// Decoding a JSON array into an existing slice reuses its backing array;
	// the clone above keeps c's slices out of reach.
	next.Q, next.Alpha, next.Center, next.Vertices = nil, nil, nil, nil
	dec := json.NewDecoder(bytes.NewReader(patch))
	dec.DisallowUnknownFields()
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(patch, &probe); err != nil {
		return c, &FieldError{Field: "config", Allowed: "must be a JSON object of config fields", Got: err.Error()}
	}
	if err := refuseNulls(probe); err != nil {
		return c, err
	}
	if err := dec.Decode(&next); err != nil {
		return c, decodeError(err)
	}
	if _, ok := probe["vertices"]; !ok {
		next.Vertices = slices.Clone(c.Vertices)
	}
	// A new domain brings its default mirror map and objective, unless the
	// patch names them or the current ones are allowed there; the polygon
	// lives in the plane (dim 2).
	if next.Domain != c.Domain {
		if _, ok := probe["dim"]; !ok && next.Domain == DomainPolygon {
			next.Dim = 2
		}
		ch := ChoicesFor(next.Domain)
		if _, ok := probe["mirror"]; !ok && len(ch.Mirrors) > 0 && !slices.Contains(ch.Mirrors, next.Mirror) {
			next.Mirror = ch.Mirrors[0]
		}
		if _, ok := probe["objective"]; !ok && len(ch.Objectives) > 0 && !slices.Contains(ch.Objectives, next.Objective) {
			next.Objective = ch.Objectives[0]
		}
	}
	// An algorithm the new domain or objective does not run (proximal
	// off the barriers it has a proximal step for) gives way to
	// projected, which is what proximal is without a barrier, unless the
	// patch names it.
	if _, ok := probe["algorithm"]; !ok && (next.Domain != c.Domain || next.Objective != c.Objective) &&
		!slices.Contains(AlgorithmsFor(next), next.Algorithm) {
		next.Algorithm = AlgorithmProjected
	}
	// xor needs dim ≥ xor.MinDim: a switch to it that names no dim brings it.
	if _, ok := probe["dim"]; !ok && next.Objective == ObjectiveXOR && next.Dim < xor.MinDim {
		next.Dim = xor.MinDim
	}
	if _, ok := probe["center"]; !ok {
		next.Center = slices.Clone(c.Center)
		if next.Dim != c.Dim || next.Domain != c.Domain {
			next.Center = DefaultCenter(&next)
		}
	}
	// Vectors not named keep their values, or, when dim changes, take the
	// defaults of the new dimension.
	if _, ok := probe["q"]; !ok {
		next.Q = slices.Clone(c.Q)
		if next.Dim != c.Dim {
			next.Q = DefaultQ(next.Dim)
		}
	}
	if _, ok := probe["alpha"]; !ok {
		next.Alpha = slices.Clone(c.Alpha)
		if next.Dim != c.Dim {
			next.Alpha = DefaultAlpha(next.Dim)
		}
	}
	if err := next.Validate(); err != nil {
		return c, err
	}
	return next, nil
}

// refuseNulls reports a field given as JSON null, or a vector with a null
// entry, which encoding/json would silently skip or read as 0. (JavaScript's
// JSON.stringify spells NaN and Infinity as null.)
func refuseNulls(fields map[string]json.RawMessage) error {
	for name, raw := range fields {
		f := specByName(name)
		if f == nil {
			continue // Decode refuses unknown fields with the list of known ones
		}
		if bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
			return &FieldError{Field: name, Allowed: f.allowed(), Got: "null"}
		}
		var entries []json.RawMessage
		if f.Kind == "vector" && json.Unmarshal(raw, &entries) == nil {
			for _, e := range entries {
				if bytes.Equal(bytes.TrimSpace(e), []byte("null")) {
					return &FieldError{Field: name, Allowed: f.allowed(), Got: string(raw)}
				}
			}
		}
	}
	return nil
}

// decodeError turns an encoding/json error into a *FieldError.
func decodeError(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		name := te.Field
		if i := strings.IndexByte(name, '.'); i >= 0 {
			name = name[:i]
		}
		if f := specByName(name); f != nil {
			return &FieldError{Field: name, Allowed: f.allowed(), Got: "a JSON " + te.Value}
		}
		return &FieldError{Field: name, Allowed: "has the wrong type", Got: "a JSON " + te.Value}
	}
	msg := err.Error()
	if rest, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		return &FieldError{Field: strings.Trim(rest, `"`), Allowed: "is not a config field; the fields are " + strings.Join(FieldNames(), ", ")}
	}
	return &FieldError{Field: "config", Allowed: "must be a JSON object of config fields", Got: msg}
}

// FieldSpec describes one Config field for user interfaces: its JSON name,
// kind, allowed values and whether changing it restarts the particles.
type FieldSpec struct {
	Name string `json:"name"`
	// Kind is "enum", "number", "integer" or "vector".
	Kind string `json:"kind"`
	// Values lists the allowed names of an enum.
	Values []string `json:"values,omitempty"`
	// Min and Max bound a number, an integer, or each entry of a vector.
	Min float64 `json:"min"`
	Max float64 `json:"max"`
	// Length is the length of a vector in terms of dim: "dim+1".
	Length string `json:"length,omitempty"`
	// Reinit is true when a change re-initialises the particles; otherwise
	// the change applies live to the running particles.
	Reinit bool `json:"reinit"`
	// Doc says what the field means.
	Doc string `json:"doc"`
	// UsedBy lists the runs the field matters to (any one of them), from
	// the registry; empty when it matters to every run. See UsedIn.
	UsedBy []FieldUse `json:"usedBy,omitempty"`

	check func(c *Config) error
	same  func(a, b *Config) bool // whether a and b hold the same value
}

func (f *FieldSpec) allowed() string {
	switch f.Kind {
	case "enum":
		return "must be one of " + strings.Join(f.Values, ", ")
	case "integer":
		return fmt.Sprintf("must be an integer in [%d, %d]", int64(f.Min), int64(f.Max))
	case "vector":
		return fmt.Sprintf("must be a list of %s numbers, each in [%v, %v]", f.Length, f.Min, f.Max)
	default:
		return fmt.Sprintf("must be a number in [%v, %v]", f.Min, f.Max)
	}
}

func (f *FieldSpec) fail(got any) error {
	return &FieldError{Field: f.Name, Allowed: f.allowed(), Got: fmt.Sprint(got)}
}

// Options lists what a Config may contain: the names of domains, mirror maps,
// objectives, algorithms, and each field's kind and range (window.mmfld.options()).
type Options struct {
	Domains    []string    `json:"domains"`
	Mirrors    []string    `json:"mirrors"`
	Objectives []string    `json:"objectives"`
	Algorithms []string    `json:"algorithms"`
	HessianAt  []string    `json:"hessianAt"`
	Fields     []FieldSpec `json:"fields"`
	Presets    []Preset    `json:"presets"`
	// Choices lists, per domain, the mirror maps and objectives it allows,
	// and the algorithms each objective runs with there.
	Choices map[string]DomainChoices `json:"choices"`
}

// OptionsList returns the allowed values of every Config field.
func OptionsList() Options {
	o := Options{
		Domains:    slices.Clone(Domains),
		Mirrors:    slices.Clone(Mirrors),
		Objectives: slices.Clone(Objectives),
		Algorithms: slices.Clone(Algorithms),
		HessianAt:  []string{HessianAtDrift, HessianAtStart},
		Fields:     slices.Clone(fieldSpecs),
		Presets:    Presets(),
		Choices:    map[string]DomainChoices{},
	}
	for _, d := range Domains {
		ch := ChoicesFor(d)
		ch.Algorithms = map[string][]string{}
		for _, obj := range ch.Objectives {
			c, err := Default().Patch([]byte(`{"domain": "` + d + `", "objective": "` + obj + `"}`))
			if err != nil {
				panic("engine: the default config cannot run " + obj + " on the " + d + ": " + err.Error())
			}
			ch.Algorithms[obj] = AlgorithmsFor(c)
		}
		o.Choices[d] = ch
	}
	return o
}

// FieldNames returns the JSON names of the Config fields.
func FieldNames() []string {
	names := make([]string, len(fieldSpecs))
	for i, f := range fieldSpecs {
		names[i] = f.Name
	}
	return names
}

func specByName(name string) *FieldSpec {
	for i := range fieldSpecs {
		if fieldSpecs[i].Name == name {
			return &fieldSpecs[i]
		}
	}
	return nil
}

func enumSpec(name, doc string, reinit bool, values []string, get func(c *Config) string) FieldSpec {
	f := FieldSpec{Name: name, Kind: "enum", Values: values, Reinit: reinit, Doc: doc}
	f.same = func(a, b *Config) bool { return get(a) == get(b) }
	f.check = func(c *Config) error {
		if v := get(c); !slices.Contains(values, v) {
			return f.fail(fmt.Sprintf("%q", v))
		}
		return nil
	}
	return f
}

func numberSpec(name, doc string, reinit bool, min, max float64, get func(c *Config) float64) FieldSpec {
	f := FieldSpec{Name: name, Kind: "number", Min: min, Max: max, Reinit: reinit, Doc: doc}
	f.same = func(a, b *Config) bool { return get(a) == get(b) }
	f.check = func(c *Config) error {
		if v := get(c); !(v >= min && v <= max) { // also refuses NaN
			return f.fail(v)
		}
		return nil
	}
	return f
}

func intSpec(name, doc string, reinit bool, min, max int64, get func(c *Config) int64) FieldSpec {
	f := FieldSpec{Name: name, Kind: "integer", Min: float64(min), Max: float64(max), Reinit: reinit, Doc: doc}
	f.same = func(a, b *Config) bool { return get(a) == get(b) }
	f.check = func(c *Config) error {
		if v := get(c); v < min || v > max {
			return f.fail(v)
		}
		return nil
	}
	return f
}

func vectorSpec(name, doc string, plusOne bool, min, max float64, get func(c *Config) []float64, extra func(v []float64) string) FieldSpec {
	f := FieldSpec{Name: name, Kind: "vector", Min: min, Max: max, Length: "dim", Doc: doc}
	f.same = func(a, b *Config) bool { return slices.Equal(get(a), get(b)) }
	extraLen := 0
	if plusOne {
		f.Length, extraLen = "dim+1", 1
	}
	f.check = func(c *Config) error {
		v := get(c)
		if len(v) != c.Dim+extraLen {
			return &FieldError{Field: name, Allowed: f.allowed(), Got: fmt.Sprintf("%d numbers, dim is %d", len(v), c.Dim)}
		}
		for _, e := range v {
			if !(e >= min && e <= max) {
				return f.fail(v)
			}
		}
		if extra != nil {
			if msg := extra(v); msg != "" {
				return &FieldError{Field: name, Allowed: msg, Got: fmt.Sprint(v)}
			}
		}
		return nil
	}
	return f
}

// fieldSpecs is the one table of fields, ranges and meanings. Order matters:
// dim is checked before the vectors whose length depends on it.
var fieldSpecs = []FieldSpec{
	enumSpec("domain", "the constraint set: simplex Δ^d, box [low, high]^d, ball of the given radius, orthant x > 0, plane ℝ^d (unconstrained), a convex polygon (d = 2), or the spectraplex of trace-one positive definite (d+1)×(d+1) matrices", true, Domains,
		func(c *Config) string { return c.Domain }),
	enumSpec("mirror", "the mirror map φ: entropic Σ xᵢ log xᵢ (simplex, orthant), fermi-dirac Σ u log u + (1−u) log(1−u) (box), log-barrier −Σ log(slack) (box, ball, polygon), euclidean ½‖x‖² (plane), von-neumann tr(X log X) (spectraplex)", true, Mirrors,
		func(c *Config) string { return c.Mirror }),
	intSpec("dim", "dimension d: of the simplex Δ^d (d+1 barycentric coordinates; Δ¹ is a segment), of ℝ^d for the box, ball, orthant and plane (d = 1: an interval or the line), 2 for the polygon, (d+1)×(d+1) matrices on the spectraplex", true, MinDim, MaxDim,
		func(c *Config) int64 { return int64(c.Dim) }),
	numberSpec("low", "box: lower bound a of [a, b]^d", true, MinBound, MaxBound,
		func(c *Config) float64 { return c.Low }),
	numberSpec("high", "box: upper bound b of [a, b]^d (b − a ≥ 0.001)", true, MinBound, MaxBound,
		func(c *Config) float64 { return c.High }),
	numberSpec("radius", "ball: radius R", true, MinRadius, MaxRadius,
		func(c *Config) float64 { return c.Radius }),
	polygonSpec(),
	enumSpec("objective", "the functional F: on the simplex meanmatch (paper experiment 1) or dirichlet (a potential whose target is Dirichlet(α)); on the spectraplex meanmatch (paper experiment 2); elsewhere gaussian (a Gaussian well), doublewell (two wells along x₁) or interaction (the Gaussian well plus a pairwise attraction); on every domain but the spectraplex mmd (½MMD² to a sample of the doublewell mixture, Gaussian kernel); on the ball also xor (paper experiment 3: a two-layer mean-field network on noisy XOR, each particle a neuron (w, b, a), dim ≥ 4)", false, Objectives,
		func(c *Config) string { return c.Objective }),
	enumSpec("algorithm", "mmfld: mirror mean-field Langevin, one Euler step for the diffusion (Gu & Kim, Algorithm 1); "+
		"mmfld-substep: the same with the diffusion simulated in substeps (Ahn & Chewi 2021): on a sphere for the entropic simplex and the Fermi–Dirac box (exactly invariant for the uniform law), exactly for the entropic orthant, elsewhere Euler substeps; "+
		"mirrored: Langevin in the dual on the pushed-forward potential (Hsieh et al. 2018); "+
		"projected: projected MFLD (the paper's baseline); mfld: plain MFLD, escapes counted; "+
		"proximal: projected MFLD with the log barrier in its backward step, X⁺ = argmin_Δ ηβ Σ log(1/xᵢ) + ½‖x − X′‖² "+
		"(proximal Langevin, Pereyra 2016; Durmus, Moulines & Pereyra 2018), on the simplex with meanmatch or dirichlet (every αᵢ ≥ 1)", false, Algorithms,
		func(c *Config) string { return c.Algorithm }),
	intSpec("substeps", "mmfld-substep: substeps per step for the diffusion; 0 = adaptive (entropic simplex: λh ≤ 0.02 each; Fermi–Dirac box: λh/L ≤ 0.02; entropic orthant: one, exact; elsewhere per particle, each Euler substep's dual noise at most 0.5, at most 1000 a step)", false, MinSubsteps, MaxSubsteps,
		func(c *Config) int64 { return int64(c.Substeps) }),
	enumSpec("hessianAt", "where mmfld evaluates the noise metric ∇²φ (mmfld-substep evaluates it at each substep's start): drift = at ∇φ*(Y') (paper), start = at X (Zhang et al. 2020)", false, []string{HessianAtDrift, HessianAtStart},
		func(c *Config) string { return c.HessianAt }),
	numberSpec("lambda", "entropy weight λ (temperature)", false, MinLambda, MaxLambda,
		func(c *Config) float64 { return c.Lambda }),
	numberSpec("eta", "step size η", false, MinEta, MaxEta,
		func(c *Config) float64 { return c.Eta }),
	intSpec("n", "number of particles N", true, MinN, MaxN,
		func(c *Config) int64 { return int64(c.N) }),
	numberSpec("beta", "meanmatch barrier weight β: F gains β·E Σ log(1/xᵢ)", false, MinBeta, MaxBeta,
		func(c *Config) float64 { return c.Beta }),
	vectorSpec("q", "meanmatch target mean (barycentric, sums to 1); on the spectraplex the target matrix diag(q)", true, 0, 1,
		func(c *Config) []float64 { return c.Q },
		func(v []float64) string {
			s := 0.0
			for _, e := range v {
				s += e
			}
			if math.Abs(s-1) > qSumTol {
				return fmt.Sprintf("must sum to 1 (within %g)", qSumTol)
			}
			return ""
		}),
	numberSpec("gamma", "spectraplex meanmatch: γ of F = ½‖EΣ − diag(q)‖² + (1/(2γ))E‖Σ‖² + β E[−log det Σ] (paper experiment 2: γ = 0.02)", false, MinGamma, MaxGamma,
		func(c *Config) float64 { return c.Gamma }),
	vectorSpec("alpha", "Dirichlet parameters α of the dirichlet objective's target", true, MinAlpha, MaxAlpha,
		func(c *Config) []float64 { return c.Alpha }, nil),
	vectorSpec("center", "gaussian: centre c of the well V = λ‖x − c‖²/(2σ²) (the target is N(c, σ²I) truncated to the domain); doublewell, interaction, mmd: the centre of their wells or target mixture", false, MinBound, MaxBound,
		func(c *Config) []float64 { return c.Center }, nil),
	numberSpec("sigma", "gaussian, interaction, doublewell, mmd: width σ of the well (mmd: of each mixture component)", false, MinSigma, MaxSigma,
		func(c *Config) float64 { return c.Sigma }),
	numberSpec("depth", "doublewell, mmd: barrier height h between the two modes, at c ± σ√(2h)e₁ (the target is an even mixture of two Gaussians of width σ)", false, MinDepth, MaxDepth,
		func(c *Config) float64 { return c.Depth }),
	numberSpec("kappa", "interaction: pairwise attraction κ, F = ∫V dμ + (κ/4)∬‖x − x'‖² dμ dμ with V the gaussian well", false, MinKappa, MaxKappa,
		func(c *Config) float64 { return c.Kappa }),
	numberSpec("bandwidth", "mmd: width h of the Gaussian kernel k(x, y) = exp(−‖x − y‖²/(2h²))", false, MinBandwidth, MaxBandwidth,
		func(c *Config) float64 { return c.Bandwidth }),
	intSpec("features", "mmd: 0 = exact kernel sums, O(N²) per step (interactive up to N ≈ 1000); R > 0 = R random Fourier features (Rahimi & Recht 2007), O(N·R·d) per step, kernel error sd ≤ 1/√(2R)", false, MinFeatures, MaxFeatures,
		func(c *Config) int64 { return int64(c.Features) }),
	intSpec("seed", "random seed: the same config and seed give the same trajectory", true, MinSeed, MaxSeed,
		func(c *Config) int64 { return c.Seed }),
	intSpec("stepsPerFrame", "the most steps taken per drawn frame while playing: fewer when they would take more than 10 ms of a frame (app.FrameBudget)", false, MinStepsPerFrame, MaxStepsPerFrame,
		func(c *Config) int64 { return int64(c.StepsPerFrame) }),
}

// needsReinit reports whether going from a to b must re-initialise the
// particles: some field whose FieldSpec.Reinit is set differs.
func needsReinit(a, b Config) bool {
	for i := range fieldSpecs {
		if f := &fieldSpecs[i]; f.Reinit && !f.same(&a, &b) {
			return true
		}
	}
	return false
}

// checkCombination reports a mirror map or objective the domain does not
// allow, and a box whose bounds are in the wrong order.
func checkCombination(c *Config) error {
	ch := ChoicesFor(c.Domain)
	if !slices.Contains(ch.Mirrors, c.Mirror) {
		return &FieldError{Field: "mirror", Allowed: fmt.Sprintf("must be one of %s on the %s", strings.Join(ch.Mirrors, ", "), c.Domain), Got: fmt.Sprintf("%q", c.Mirror)}
	}
	if !slices.Contains(ch.Objectives, c.Objective) {
		return &FieldError{Field: "objective", Allowed: fmt.Sprintf("must be one of %s on the %s", strings.Join(ch.Objectives, ", "), c.Domain), Got: fmt.Sprintf("%q", c.Objective)}
	}
	if c.Domain == DomainPolygon && c.Dim != 2 {
		return &FieldError{Field: "dim", Allowed: "must be 2 for the polygon", Got: fmt.Sprint(c.Dim)}
	}
	if c.Objective == ObjectiveXOR && c.Dim < xor.MinDim {
		return &FieldError{Field: "dim", Allowed: fmt.Sprintf("must be at least %d for xor: 2 inputs, a bias and an output weight", xor.MinDim), Got: fmt.Sprint(c.Dim)}
	}
	if c.High-c.Low < minBoxWidth {
		return &FieldError{Field: "high", Allowed: fmt.Sprintf("must exceed low by at least %g", minBoxWidth), Got: fmt.Sprintf("low %g, high %g", c.Low, c.High)}
	}
	return checkAlgorithm(c)
}

// DefaultCenter returns the default centre of the gaussian well: the middle
// of the domain (the box's centre, the ball's and the plane's origin, (1, …, 1)
// in the orthant, the barycentre's chart coordinates on the simplex).
func DefaultCenter(c *Config) []float64 {
	v := 0.0
	switch c.Domain {
	case DomainBox:
		v = (c.Low + c.High) / 2
	case DomainOrthant:
		v = 1
	case DomainSimplex:
		v = 1 / float64(c.Dim+1)
	case DomainPolygon:
		if c.Dim != 2 {
			break // refused by checkCombination; Patch asks before validating
		}
		// The vertices' mean: inside a convex polygon.
		center := make([]float64, c.Dim)
		m := len(c.Vertices) / 2
		for k := range m {
			center[0] += c.Vertices[2*k] / float64(m)
			center[1] += c.Vertices[2*k+1] / float64(m)
		}
		return center
	}
	center := make([]float64, c.Dim)
	for i := range center {
		center[i] = v
	}
	return center
}

// vertexPairs turns x₁, y₁, x₂, y₂, … into vertices.
func vertexPairs(flat []float64) [][2]float64 {
	v := make([][2]float64, len(flat)/2)
	for k := range v {
		v[k] = [2]float64{flat[2*k], flat[2*k+1]}
	}
	return v
}

// polygonSpec is the vertices field: 3 to MaxPolygonVertices points in
// [MinBound, MaxBound]², and, on the polygon, a convex polygon NewPolygon
// accepts (its refusal names the vertex).
func polygonSpec() FieldSpec {
	f := FieldSpec{Name: "vertices", Kind: "vector", Min: MinBound, Max: MaxBound, Length: "2m, 3 ≤ m ≤ 64", Reinit: true,
		Doc: "polygon: the vertices x₁, y₁, x₂, y₂, … of a convex polygon, in order around it"}
	f.same = func(a, b *Config) bool { return slices.Equal(a.Vertices, b.Vertices) }
	f.check = func(c *Config) error {
		v := c.Vertices
		if len(v)%2 != 0 || len(v) < 6 || len(v) > 2*mirror.MaxPolygonVertices {
			return &FieldError{Field: f.Name, Allowed: fmt.Sprintf("must be 6 to %d numbers, x and y of 3 to %d vertices", 2*mirror.MaxPolygonVertices, mirror.MaxPolygonVertices), Got: fmt.Sprintf("%d numbers", len(v))}
		}
		for _, e := range v {
			if !(e >= MinBound && e <= MaxBound) {
				return f.fail(v)
			}
		}
		if c.Domain == DomainPolygon {
			if _, err := mirror.NewPolygon(vertexPairs(v)); err != nil {
				return &FieldError{Field: f.Name, Allowed: "must make a convex polygon: " + strings.TrimPrefix(err.Error(), "engine: polygon: "), Got: fmt.Sprint(v)}
			}
		}
		return nil
	}
	return f
}
