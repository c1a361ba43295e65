package engine

import (
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
)

func TestPresets(t *testing.T) {
	ps := Presets()
	if ps[0].Name != "meanmatch" || !reflect.DeepEqual(ps[0].Config, Default()) || ps[0].Compare != nil {
		t.Errorf("the first preset is %q, want meanmatch = Default()", ps[0].Name)
	}
	seen := map[string]bool{}
	for _, p := range ps {
		if seen[p.Name] || p.Title == "" || p.Doc == "" {
			t.Errorf("preset %q: repeated, or without title or doc", p.Name)
		}
		seen[p.Name] = true
		if err := p.Config.Validate(); err != nil {
			t.Errorf("preset %q is invalid: %v", p.Name, err)
		}
		// Each runs healthily, both sides of a comparison.
		a, b, err := Default().PatchLink("preset=" + p.Name)
		if err != nil || !reflect.DeepEqual(a, p.Config) || (b == nil) != (p.Compare == nil) {
			t.Errorf("PatchLink(preset=%s) = %+v, %v, %v", p.Name, a, b, err)
			continue
		}
		for _, c := range []*Config{&a, b} {
			if c == nil {
				continue
			}
			if b != nil && c.Domain != a.Domain || b != nil && c.Objective != a.Objective {
				t.Errorf("preset %s compares two objectives: %s and %s", p.Name, a.Query(), b.Query())
			}
			small := c.Clone()
			small.N = 100
			s := mustNew(t, small)
			s.Step(50)
			checkHealthy(t, s, p.Name)
		}
		// A one-run link gives side a.
		if got, err := Default().PatchQuery("preset=" + p.Name); err != nil || !reflect.DeepEqual(got, p.Config) {
			t.Errorf("PatchQuery(preset=%s) = %+v, %v", p.Name, got, err)
		}
	}
	// Presets hand out copies.
	ps[0].Config.Q[0] = 0
	if Presets()[0].Config.Q[0] == 0 {
		t.Error("Presets shares its slices")
	}
	// Later parameters refine a preset; an unknown preset is refused.
	got, err := Default().PatchQuery("preset=dirichlet&eta=0.01")
	if err != nil || got.Objective != ObjectiveDirichlet || got.Eta != 0.01 {
		t.Errorf("preset with eta: %+v, %v", got, err)
	}
	var fe *FieldError
	if _, err := Default().PatchQuery("preset=nope"); !errors.As(err, &fe) || fe.Field != "preset" {
		t.Errorf("unknown preset: %v", err)
	}
}

// TestPaperPresetsMatchTheTable checks every row of docs/presets.md (a
// preset, a field, its value as a URL spells it, whose it is) against the
// presets, and that every preset named after the paper has rows there.
func TestPaperPresetsMatchTheTable(t *testing.T) {
	data, err := os.ReadFile("../docs/presets.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := 0
	tabled := map[string]bool{}
	for _, line := range strings.Split(string(data), "\n") {
		cells := strings.Split(strings.Trim(line, "| "), " | ")
		if len(cells) != 4 || !strings.HasPrefix(cells[0], "paper-") {
			continue
		}
		name, field, value, whose := cells[0], cells[1], cells[2], cells[3]
		if !strings.HasPrefix(whose, "paper") && !strings.HasPrefix(whose, "ours") {
			t.Errorf("%s %s: whose = %q, want paper or ours", name, field, whose)
		}
		rows++
		tabled[name] = true
		a, b, err := Default().PatchLink("preset=" + name)
		if err != nil {
			t.Fatalf("preset %s: %v", name, err)
		}
		side := a
		if f, ok := strings.CutPrefix(field, "b."); ok {
			if b == nil {
				t.Errorf("%s: the table gives side b's %s, but the preset compares nothing", name, f)
				continue
			}
			side, field = *b, f
		}
		want, err := side.PatchQuery(field + "=" + value) // the table's value, spelled as a URL spells it
		if err != nil {
			t.Errorf("%s: the table's %s = %s does not parse: %v", name, field, value, err)
			continue
		}
		if !reflect.DeepEqual(want, side) {
			var got map[string]json.RawMessage
			raw, _ := json.Marshal(side)
			json.Unmarshal(raw, &got)
			t.Errorf("%s: %s is %s in the preset, %s in docs/presets.md", name, field, got[field], value)
		}
	}
	if rows < 20 {
		t.Fatalf("read %d rows from docs/presets.md", rows)
	}
	for _, p := range Presets() {
		if strings.HasPrefix(p.Name, "paper-") && !tabled[p.Name] {
			t.Errorf("preset %s is named after the paper but has no rows in docs/presets.md", p.Name)
		}
	}
}
