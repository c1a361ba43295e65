package engine

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestDefaultIsValid(t *testing.T) {
	if err := Default().Validate(); err != nil {
		t.Fatalf("Default().Validate() = %v", err)
	}
	if c := Default(); c.Beta <= 0 || c.Objective != ObjectiveMeanMatch || c.Algorithm != AlgorithmMMFLD {
		t.Errorf("Default() = %+v: want paper experiment 1 with MMFLD and β > 0", c)
	}
}

func TestPatchRefusesBadInput(t *testing.T) {
	for _, tc := range []struct {
		patch, field, allowed string
	}{
		{`{"eta": -1}`, "eta", "[1e-06, 0.5]"},
		{`{"eta": 2}`, "eta", "[1e-06, 0.5]"},
		{`{"lambda": 0}`, "lambda", "[0.0001, 10]"},
		{`{"objective": "nope"}`, "objective", "meanmatch, dirichlet"},
		{`{"algorithm": "sgd"}`, "algorithm", "mmfld, mmfld-substep, mirrored, projected, mfld"},
		{`{"hessianAt": "middle"}`, "hessianAt", "drift, start"},
		{`{"n": 1.5}`, "n", "integer in [1, 200000]"},
		{`{"n": 0}`, "n", "integer in [1, 200000]"},
		{`{"n": "many"}`, "n", "integer in [1, 200000]"},
		{`{"beta": -0.1}`, "beta", "[0, 10]"},
		{`{"q": [1, 1, 1]}`, "q", "sum to 1"},
		{`{"q": [0.5, 0.5]}`, "q", "dim+1 numbers"},
		{`{"q": [0.5, 0.7, -0.2]}`, "q", "each in [0, 1]"},
		{`{"alpha": [0, 1, 1]}`, "alpha", "each in [0.1, 100]"},
		{`{"seed": -1}`, "seed", "integer in [0, 9007199254740991]"},
		{`{"stepsPerFrame": 0}`, "stepsPerFrame", "[1, 1000]"},
		{`{"dim": 11}`, "dim", "[1, 10]"},
		{`{"dim": 0}`, "dim", "[1, 10]"},
		{`{"dim": 3, "q": [0.5, 0.5, 0]}`, "q", "dim+1 numbers"},
		{`{"substeps": -1}`, "substeps", "integer in [0, 1000]"},
		{`{"domain": "torus"}`, "domain", "simplex, box, ball, orthant, plane"},
		{`{"mirror": "euclidean"}`, "mirror", "entropic on the simplex"},
		{`{"objective": "gaussian"}`, "objective", "meanmatch, dirichlet, mmd on the simplex"},
		{`{"bandwidth": 0}`, "bandwidth", "[0.001, 100]"},
		{`{"features": 4097}`, "features", "integer in [0, 4096]"},
		{`{"features": 1.5}`, "features", "integer in [0, 4096]"},
		{`{"domain": "box", "low": 1, "high": 0.5}`, "high", "exceed low"},
		{`{"domain": "ball", "mirror": "entropic"}`, "mirror", "log-barrier on the ball"},
		{`{"radius": 0}`, "radius", "[0.001, 100]"},
		{`{"center": [1, 2, 3]}`, "center", "dim numbers"},
		{`{"sigma": -1}`, "sigma", "[0.001, 100]"},
		{`{"domain": "polygon", "vertices": [0, 0, 1, 0, 2, 0]}`, "vertices", "convex polygon"},
		{`{"domain": "polygon", "vertices": [0, 0, 1, 0, 1, 1, 0, 1, 0.5, 0.5]}`, "vertices", "convex polygon"},
		{`{"vertices": [0, 0, 1]}`, "vertices", "3 to 64 vertices"},
		{`{"domain": "polygon", "dim": 3}`, "dim", "must be 2 for the polygon"},
		{`{"colour": "red"}`, "colour", "not a config field"},
		{`{"eta": null}`, "eta", "[1e-06, 0.5]"},
		{`{"q": [null, 0.5, 0.5]}`, "q", "each in [0, 1]"},
		{`[1, 2]`, "config", "JSON object"},
		{`not json`, "config", "JSON object"},
	} {
		orig := Default()
		before := orig.Clone()
		got, err := orig.Patch([]byte(tc.patch))
		var fe *FieldError
		if !errors.As(err, &fe) {
			t.Errorf("Patch(%s) error = %v, want a *FieldError", tc.patch, err)
			continue
		}
		if fe.Field != tc.field || !strings.HasPrefix(err.Error(), tc.field+":") || !strings.Contains(err.Error(), tc.allowed) {
			t.Errorf("Patch(%s) error = %q, want it to name field %q and %q", tc.patch, err, tc.field, tc.allowed)
		}
		if !reflect.DeepEqual(orig, before) || !reflect.DeepEqual(got, before) {
			t.Errorf("Patch(%s) changed the config: %+v", tc.patch, got)
		}
	}
}

func TestPatchApplies(t *testing.T) {
	orig := Default()
	got, err := orig.Patch([]byte(`{"eta": 0.001, "objective": "dirichlet", "alpha": [5, 5, 5], "q": [0.2, 0.3, 0.5000000001]}`))
	if err != nil {
		t.Fatal(err)
	}
	if got.Eta != 0.001 || got.Objective != ObjectiveDirichlet || !reflect.DeepEqual(got.Alpha, []float64{5, 5, 5}) {
		t.Errorf("Patch applied wrongly: %+v", got)
	}
	if !reflect.DeepEqual(orig, Default()) {
		t.Errorf("Patch modified its receiver: %+v", orig)
	}
	// Fields not named are kept, including the vectors.
	if !reflect.DeepEqual(got.Lambda, orig.Lambda) || got.N != orig.N {
		t.Errorf("Patch changed fields it did not name: %+v", got)
	}
	got2, err := got.Patch([]byte(`{"eta": 0.002}`))
	if err != nil || !reflect.DeepEqual(got2.Alpha, got.Alpha) || !reflect.DeepEqual(got2.Q, got.Q) {
		t.Errorf("Patch lost a vector field: %+v, %v", got2, err)
	}
}

func TestConfigJSONRoundTrip(t *testing.T) {
	c := Default()
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range FieldNames() {
		if !strings.Contains(string(b), `"`+name+`":`) {
			t.Errorf("JSON %s lacks field %q", b, name)
		}
	}
	back, err := Default().Patch(b)
	if err != nil || !reflect.DeepEqual(back, c) {
		t.Errorf("round trip gave %+v, %v; want %+v", back, err, c)
	}
}

func TestOptionsDescribeEveryField(t *testing.T) {
	o := OptionsList()
	if !reflect.DeepEqual(o.Objectives, []string{"meanmatch", "dirichlet", "gaussian", "doublewell", "interaction", "mmd", "xor"}) || !reflect.DeepEqual(o.Algorithms, []string{"mmfld", "mmfld-substep", "mirrored", "projected", "mfld", "proximal"}) {
		t.Errorf("options = %+v", o)
	}
	typ := reflect.TypeFor[Config]()
	if len(o.Fields) != typ.NumField() {
		t.Errorf("%d field specs for %d Config fields", len(o.Fields), typ.NumField())
	}
	for i := range typ.NumField() {
		name := strings.Split(typ.Field(i).Tag.Get("json"), ",")[0]
		if specByName(name) == nil {
			t.Errorf("Config field %s has no FieldSpec", name)
		}
	}
	reinit := map[string]bool{}
	for _, f := range o.Fields {
		reinit[f.Name] = f.Reinit
		if f.Doc == "" {
			t.Errorf("field %s has no doc", f.Name)
		}
	}
	for _, name := range []string{"n", "seed", "domain", "mirror", "dim", "low", "high", "radius"} {
		if !reinit[name] {
			t.Errorf("%s should re-initialise the particles", name)
		}
	}
	for _, name := range []string{"lambda", "eta", "beta", "q", "alpha", "objective", "algorithm", "substeps", "hessianAt", "stepsPerFrame", "center", "sigma", "kappa", "depth", "bandwidth", "features"} {
		if reinit[name] {
			t.Errorf("%s should apply live", name)
		}
	}
	if _, err := json.Marshal(o); err != nil {
		t.Errorf("options do not marshal: %v", err)
	}
}

func TestPatchDimResizesVectors(t *testing.T) {
	c, err := Default().Patch([]byte(`{"dim": 4}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Q) != 5 || len(c.Alpha) != 5 || c.Q[0] != 0.7 || c.Alpha[4] != 6 {
		t.Errorf("dim 4 gave q = %v, alpha = %v; want the defaults of Δ⁴", c.Q, c.Alpha)
	}
	// Vectors named in the same patch win.
	c, err = Default().Patch([]byte(`{"dim": 3, "alpha": [1, 1, 1, 1]}`))
	if err != nil || !reflect.DeepEqual(c.Alpha, []float64{1, 1, 1, 1}) || len(c.Q) != 4 {
		t.Errorf("dim 3 with alpha: %+v, %v", c, err)
	}
	// Back to 2: the original defaults.
	c, err = c.Patch([]byte(`{"dim": 2}`))
	if err != nil || !reflect.DeepEqual(c.Q, Default().Q) || !reflect.DeepEqual(c.Alpha, Default().Alpha) {
		t.Errorf("dim 2 again: %+v, %v", c, err)
	}
}

func TestPatchDomainBringsItsDefaults(t *testing.T) {
	for _, dom := range Domains {
		c, err := Default().Patch([]byte(`{"domain": "` + dom + `"}`))
		if err != nil {
			t.Fatalf("domain %s alone: %v", dom, err)
		}
		ch := ChoicesFor(dom)
		if c.Mirror != ch.Mirrors[0] && dom != DomainSimplex || len(c.Center) != c.Dim {
			t.Errorf("domain %s: mirror %s, center %v", dom, c.Mirror, c.Center)
		}
	}
	c, err := Default().Patch([]byte(`{"domain": "box", "mirror": "log-barrier", "low": -2, "high": 2}`))
	if err != nil || c.Mirror != MirrorLogBarrier || c.Objective != ObjectiveGaussian || c.Center[0] != 0 {
		t.Errorf("box with log-barrier: %+v, %v", c, err)
	}
}
