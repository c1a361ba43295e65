package engine

import (
	"errors"
	"reflect"
	"testing"
)

func TestPatchQuery(t *testing.T) {
	got, err := Default().PatchQuery(`?config={"lambda":0.5}&eta=0.01&objective=dirichlet&alpha=5,5,5&q=[0.2,0.3,0.5]&n=100&seed=9`)
	if err != nil {
		t.Fatal(err)
	}
	want := Default()
	want.Lambda, want.Eta, want.Objective, want.Alpha, want.Q, want.N, want.Seed = 0.5, 0.01, "dirichlet", []float64{5, 5, 5}, []float64{0.2, 0.3, 0.5}, 100, 9
	if !reflect.DeepEqual(got, want) {
		t.Errorf("PatchQuery = %+v\nwant %+v", got, want)
	}
	for _, tc := range []struct{ query, field string }{
		{"eta=abc", "eta"},
		{"eta=-1", "eta"},
		{"n=1.5", "n"},
		{"alpha=1,x,2", "alpha"},
		{"colour=red", "colour"},
		{"objective=nope", "objective"},
		{`config={"eta":7}`, "eta"},
		{"eta=%zz", "URL"},
	} {
		got, err := Default().PatchQuery(tc.query)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field {
			t.Errorf("PatchQuery(%q) error = %v, want a FieldError for %s", tc.query, err, tc.field)
		}
		if !reflect.DeepEqual(got, Default()) {
			t.Errorf("PatchQuery(%q) changed the config", tc.query)
		}
	}
}

func TestQueryRoundTrip(t *testing.T) {
	if q := Default().Query(); q != "" {
		t.Errorf("Default().Query() = %q, want empty", q)
	}
	c := Default()
	c.Objective, c.Eta, c.Alpha, c.Seed, c.N = ObjectiveDirichlet, 1.25e-4, []float64{0.5, 2, 30}, 1<<53-1, 77
	q := c.Query()
	back, err := Default().PatchQuery(q)
	if err != nil || !reflect.DeepEqual(back, c) {
		t.Errorf("PatchQuery(%q) = %+v, %v; want %+v", q, back, err, c)
	}
}

func TestPatchStrings(t *testing.T) {
	got, err := Default().PatchStrings([]string{"eta=0.02", "algorithm=projected"})
	if err != nil || got.Eta != 0.02 || got.Algorithm != AlgorithmProjected {
		t.Errorf("PatchStrings = %+v, %v", got, err)
	}
	if _, err := Default().PatchStrings([]string{"eta"}); err == nil {
		t.Error("PatchStrings accepted a setting without =")
	}
}

// TestPatchLink: a link may describe a comparison, by a JSON patch for side
// B (compare={...}), by single parameters (b.field=value), or both; side A
// is the link without them; LinkQuery spells a comparison back.
func TestPatchLink(t *testing.T) {
	a, b, err := Default().PatchLink(`eta=0.01&compare={"algorithm":"projected"}&b.lambda=0.05`)
	if err != nil || b == nil {
		t.Fatalf("PatchLink: %v, B %v", err, b)
	}
	if a.Eta != 0.01 || a.Algorithm != AlgorithmMMFLD || b.Eta != 0.01 || b.Algorithm != AlgorithmProjected || b.Lambda != 0.05 || a.Lambda == 0.05 {
		t.Errorf("A = %s, B = %s", a.Query(), b.Query())
	}
	if a2, b2, err := Default().PatchLink(a.LinkQuery(b)); err != nil || b2 == nil || a2.Query() != a.Query() || b2.Query() != b.Query() {
		t.Errorf("round trip of %q: A %s, B %v, %v", a.LinkQuery(b), a2.Query(), b2, err)
	}
	same := Default()
	if q := same.LinkQuery(&same); q != "compare=%7B%7D" {
		t.Errorf("LinkQuery of two equal sides = %q", q)
	}
	if _, b, err := Default().PatchLink("compare={}"); err != nil || b == nil || b.Query() != "" {
		t.Errorf(`PatchLink("compare={}") = %v, %v`, b, err)
	}
	if _, b, err := Default().PatchLink("eta=0.01"); err != nil || b != nil {
		t.Errorf("a link without a comparison gave B = %v, %v", b, err)
	}
	for _, tc := range []struct{ query, field string }{
		{"b.eta=-1", "b.eta"},
		{`compare={"eta":-1}`, "b.eta"},
		{`compare={"eta":`, "compare"},
		{"b.nofield=1", "b.nofield"},
	} {
		var fe *FieldError
		if _, b, err := Default().PatchLink(tc.query); !errors.As(err, &fe) || fe.Field != tc.field || b != nil {
			t.Errorf("PatchLink(%q) = %v, %v; want a FieldError naming %s", tc.query, b, err, tc.field)
		}
	}
	// One-run doors refuse an explicit comparison, naming the parameter.
	var fe *FieldError
	if _, err := Default().PatchQuery("b.eta=0.01"); !errors.As(err, &fe) || fe.Field != "b.eta" {
		t.Errorf("PatchQuery(b.eta=0.01) = %v", err)
	}
}
