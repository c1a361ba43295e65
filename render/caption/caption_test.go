package caption

import (
	"reflect"
	"testing"

	"github.com/mmfld/playground/engine"
)

func TestSides(t *testing.T) {
	base := engine.Default()
	for _, c := range []struct {
		patch  string
		la, lb string
	}{
		{`{}`, "a: same config", "b: same config"},
		{`{"algorithm": "projected"}`, "a: mmfld", "b: projected"},
		{`{"lambda": 0.01}`, "a: λ = " + fmtG(base.Lambda), "b: λ = 0.01"},
		{`{"eta": 0.001, "n": 500}`, "a: η = " + fmtG(base.Eta) + ", N = " + itoa(base.N), "b: η = 0.001, N = 500"},
		{`{"eta": 0.001, "n": 500, "beta": 0.5}`, "a: η = " + fmtG(base.Eta) + ", N = " + itoa(base.N) + ", …", "b: η = 0.001, N = 500, …"},
		{`{"q": [0.5, 0.25, 0.25]}`, "a: q = " + list(base.Q), "b: q = (0.5, 0.25, 0.25)"},
	} {
		b, err := base.Patch([]byte(c.patch))
		if err != nil {
			t.Fatalf("%s: %v", c.patch, err)
		}
		la, lb := Sides(&base, &b)
		if la != c.la || lb != c.lb {
			t.Errorf("%s: labels %q, %q; want %q, %q", c.patch, la, lb, c.la, c.lb)
		}
	}
}

// TestSidesMirror: a map names itself with "map".
func TestSidesMirror(t *testing.T) {
	a, err := engine.Default().Patch([]byte(`{"domain": "box", "mirror": "fermi-dirac"}`))
	if err != nil {
		t.Fatal(err)
	}
	b, err := a.Patch([]byte(`{"mirror": "log-barrier"}`))
	if err != nil {
		t.Fatal(err)
	}
	if la, lb := Sides(&a, &b); la != "a: fermi-dirac map" || lb != "b: log-barrier map" {
		t.Errorf("labels %q, %q", la, lb)
	}
}

func fmtG(v float64) string { return value(reflectValue(v)) }
func itoa(n int) string     { return value(reflectValue(n)) }
func list(v []float64) string {
	return value(reflectValue(v))
}

func reflectValue(v any) reflect.Value { return reflect.ValueOf(v) }
