package engine

import (
	"errors"
	"reflect"
	"testing"
)

func TestPresets(t *testing.T) {
	ps := Presets()
	if ps[0].Name != "paper-e1" || !reflect.DeepEqual(ps[0].Config, Default()) {
		t.Errorf("the first preset is %q, want paper-e1 = Default()", ps[0].Name)
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
		// Each runs healthily.
		c := p.Config.Clone()
		c.N = 100
		s := mustNew(t, c)
		s.Step(50)
		checkHealthy(t, s, p.Name)
		// A link reproduces it.
		got, err := Default().PatchQuery("preset=" + p.Name)
		if err != nil || !reflect.DeepEqual(got, p.Config) {
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
