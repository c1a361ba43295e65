package engine

import (
	"fmt"
	"slices"
	"strings"
)

// Domains are the names of the domains, in the order a menu lists them.
var Domains = []string{DomainSimplex, DomainBox, DomainBall, DomainOrthant, DomainPlane, DomainPolygon, DomainSpectraplex}

// Mirrors are the names of the mirror maps.
var Mirrors = []string{MirrorEntropic, MirrorFermiDirac, MirrorLogBarrier, MirrorEuclidean, MirrorVonNeumann}

// DomainChoices lists what a domain allows: its mirror maps and objectives,
// the first of each being what a change of domain picks by default.
type DomainChoices struct {
	Mirrors    []string `json:"mirrors"`
	Objectives []string `json:"objectives"`
}

// domainChoices is the one table of valid domain, mirror and objective
// combinations (docs/math.md, the table of mirror maps).
var domainChoices = map[string]DomainChoices{
	DomainSimplex: {[]string{MirrorEntropic}, []string{ObjectiveMeanMatch, ObjectiveDirichlet, ObjectiveMMD}},
	DomainBox:     {[]string{MirrorFermiDirac, MirrorLogBarrier}, []string{ObjectiveGaussian, ObjectiveDoubleWell, ObjectiveInteraction, ObjectiveMMD}},
	DomainBall:    {[]string{MirrorLogBarrier}, []string{ObjectiveGaussian, ObjectiveDoubleWell, ObjectiveInteraction, ObjectiveMMD, ObjectiveXOR}},
	DomainOrthant: {[]string{MirrorEntropic}, []string{ObjectiveGaussian, ObjectiveDoubleWell, ObjectiveInteraction, ObjectiveMMD}},
	DomainPlane:   {[]string{MirrorEuclidean}, []string{ObjectiveGaussian, ObjectiveDoubleWell, ObjectiveInteraction, ObjectiveMMD}},
	DomainPolygon: {[]string{MirrorLogBarrier}, []string{ObjectiveGaussian, ObjectiveDoubleWell, ObjectiveInteraction, ObjectiveMMD}},
	// The spectraplex of (dim+1)×(dim+1) matrices: meanmatch in the form of
	// paper experiment 2 (spectraMeanMatch).
	DomainSpectraplex: {[]string{MirrorVonNeumann}, []string{ObjectiveMeanMatch}},
}

// ChoicesFor returns the mirror maps and objectives the domain allows.
func ChoicesFor(domain string) DomainChoices {
	c := domainChoices[domain]
	return DomainChoices{slices.Clone(c.Mirrors), slices.Clone(c.Objectives)}
}

// checkCombination reports a mirror map or objective the domain does not
// allow, and a box whose bounds are in the wrong order.
func checkCombination(c *Config) error {
	ch := domainChoices[c.Domain]
	if !slices.Contains(ch.Mirrors, c.Mirror) {
		return &FieldError{Field: "mirror", Allowed: fmt.Sprintf("must be one of %s on the %s", strings.Join(ch.Mirrors, ", "), c.Domain), Got: fmt.Sprintf("%q", c.Mirror)}
	}
	if !slices.Contains(ch.Objectives, c.Objective) {
		return &FieldError{Field: "objective", Allowed: fmt.Sprintf("must be one of %s on the %s", strings.Join(ch.Objectives, ", "), c.Domain), Got: fmt.Sprintf("%q", c.Objective)}
	}
	if c.Domain == DomainPolygon && c.Dim != 2 {
		return &FieldError{Field: "dim", Allowed: "must be 2 for the polygon", Got: fmt.Sprint(c.Dim)}
	}
	if c.Objective == ObjectiveXOR && c.Dim < XORMinDim {
		return &FieldError{Field: "dim", Allowed: fmt.Sprintf("must be at least %d for xor: 2 inputs, a bias and an output weight", XORMinDim), Got: fmt.Sprint(c.Dim)}
	}
	if c.High-c.Low < minBoxWidth {
		return &FieldError{Field: "high", Allowed: fmt.Sprintf("must exceed low by at least %g", minBoxWidth), Got: fmt.Sprintf("low %g, high %g", c.Low, c.High)}
	}
	return nil
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

// newMirror returns the mirror map c names; c has been validated.
func newMirror(c *Config) MirrorMap {
	var (
		m   MirrorMap
		err error
	)
	switch {
	case c.Domain == DomainBox && c.Mirror == MirrorFermiDirac:
		m, err = NewFermiDiracBox(c.Dim, c.Low, c.High)
	case c.Domain == DomainBox:
		m, err = NewLogBarrierBox(c.Dim, c.Low, c.High)
	case c.Domain == DomainBall:
		m, err = NewLogBarrierBall(c.Dim, c.Radius)
	case c.Domain == DomainOrthant:
		m, err = NewEntropicOrthant(c.Dim)
	case c.Domain == DomainPlane:
		m, err = NewEuclidean(c.Dim)
	case c.Domain == DomainPolygon:
		m, err = NewPolygonBarrier(vertexPairs(c.Vertices))
	case c.Domain == DomainSpectraplex:
		m, err = NewSpectraplex(c.Dim)
	default:
		m, err = NewEntropicSimplex(c.Dim)
	}
	if err != nil {
		panic("engine: a validated config made no mirror map: " + err.Error())
	}
	return m
}

// NewMirror returns the mirror map c names, for callers outside the engine
// (the renderer maps its markers with it). c must be valid.
func NewMirror(c Config) (MirrorMap, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return newMirror(&c), nil
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
	f.check = func(c *Config) error {
		v := c.Vertices
		if len(v)%2 != 0 || len(v) < 6 || len(v) > 2*MaxPolygonVertices {
			return &FieldError{Field: f.Name, Allowed: fmt.Sprintf("must be 6 to %d numbers, x and y of 3 to %d vertices", 2*MaxPolygonVertices, MaxPolygonVertices), Got: fmt.Sprintf("%d numbers", len(v))}
		}
		for _, e := range v {
			if !(e >= MinBound && e <= MaxBound) {
				return f.fail(v)
			}
		}
		if c.Domain == DomainPolygon {
			if _, err := NewPolygon(vertexPairs(v)); err != nil {
				return &FieldError{Field: f.Name, Allowed: "must make a convex polygon: " + strings.TrimPrefix(err.Error(), "engine: polygon: "), Got: fmt.Sprint(v)}
			}
		}
		return nil
	}
	return f
}
