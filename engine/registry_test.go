package engine

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// otherValue returns a JSON value for field f, different from its value in
// c and valid on its own, or "" if there is none to try.
func otherValue(f *FieldSpec, c *Config) string {
	var cur map[string]json.RawMessage
	b, _ := json.Marshal(c)
	json.Unmarshal(b, &cur)
	switch f.Kind {
	case "enum":
		for _, v := range f.Values {
			if fmt.Sprintf("%q", v) != string(cur[f.Name]) {
				return fmt.Sprintf("%q", v)
			}
		}
	case "number", "integer":
		var v float64
		json.Unmarshal(cur[f.Name], &v)
		if f.Kind == "integer" {
			if v+1 <= f.Max {
				return fmt.Sprint(int64(v) + 1)
			}
			return fmt.Sprint(int64(v) - 1)
		}
		if v != f.Max && (f.Name == "high" || v == f.Min) { // half way to a bound: valid (high stays above low)
			return fmt.Sprint((v + f.Max) / 2)
		}
		return fmt.Sprint((v + f.Min) / 2)
	case "vector":
		var v []float64
		json.Unmarshal(cur[f.Name], &v)
		if len(v) < 2 || f.Name == "vertices" {
			return ""
		}
		v[0], v[1] = v[1], v[0] // q still sums to 1; alpha and center stay in range
		if v[0] == v[1] {
			v[0] = (v[0] + f.Min) / 2
			v[1] += v[1] - v[0] // for q: the sum is kept
		}
		out, _ := json.Marshal(v)
		return string(out)
	}
	return ""
}

// TestUnusedFieldsChangeNothing checks FieldSpec.UsedBy, which the panel
// and the documentation follow, against the engine itself: for every
// variant, a field that UsedIn says the run does not use can be changed
// without changing the trajectory by a single bit, and every field it says
// the run uses is read by some variant (a change moves the particles).
func TestUnusedFieldsChangeNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("every variant and field: not with -short (make test runs it)")
	}
	t.Parallel()
	moves := map[string]bool{} // fields seen to change a trajectory
	for _, c := range variants() {
		c.N = 40
		base := mustNew(t, c)
		base.Step(3)
		for i := range fieldSpecs {
			f := &fieldSpecs[i]
			v := otherValue(f, &c)
			if v == "" || slices.Contains([]string{"domain", "mirror", "objective", "dim", "n", "seed", "stepsPerFrame"}, f.Name) {
				continue
			}
			next, err := c.Patch([]byte(fmt.Sprintf(`{%q: %s}`, f.Name, v)))
			if err != nil || next.Domain != c.Domain || next.Objective != c.Objective || next.Dim != c.Dim {
				continue // not a valid change here
			}
			s := mustNew(t, next)
			s.Step(3)
			same := slices.Equal(s.st.X, base.st.X) && slices.Equal(s.st.Y, base.st.Y)
			if !f.UsedIn(&c) && !same {
				t.Errorf("%s: %s is not used (UsedBy %+v), but %s = %s changed the trajectory", describe(c), f.Name, f.UsedBy, f.Name, v)
			}
			if !same {
				moves[f.Name] = true
			}
		}
	}
	for i := range fieldSpecs {
		if f := &fieldSpecs[i]; len(f.UsedBy) > 0 && !moves[f.Name] && f.Name != "vertices" {
			t.Errorf("%s: UsedBy %+v, but no change to it moved any variant's particles", f.Name, f.UsedBy)
		}
	}
}

// TestFieldUses spot-checks UsedBy against the documented meaning of the
// fields.
func TestFieldUses(t *testing.T) {
	want := map[string][]FieldUse{
		"lambda":    nil,
		"low":       {{Domain: DomainBox}},
		"radius":    {{Domain: DomainBall}},
		"vertices":  {{Domain: DomainPolygon}},
		"beta":      {{Objective: ObjectiveMeanMatch}},
		"gamma":     {{Domain: DomainSpectraplex, Objective: ObjectiveMeanMatch}},
		"alpha":     {{Objective: ObjectiveDirichlet}},
		"kappa":     {{Objective: ObjectiveInteraction}},
		"depth":     {{Objective: ObjectiveDoubleWell}, {Objective: ObjectiveMMD}},
		"center":    {{Objective: ObjectiveGaussian}, {Objective: ObjectiveDoubleWell}, {Objective: ObjectiveInteraction}, {Objective: ObjectiveMMD}},
		"features":  {{Objective: ObjectiveMMD}},
		"substeps":  {{Algorithm: AlgorithmMMFLDSubstep}},
		"hessianAt": {{Algorithm: AlgorithmMMFLD}},
	}
	for name, uses := range want {
		if got := specByName(name).UsedBy; !slices.Equal(got, uses) {
			t.Errorf("%s: UsedBy %+v, want %+v", name, got, uses)
		}
	}
}

// TestReadmeFieldTable checks the README's table of Config fields against
// OptionsList: every field is in one row, and the row says who uses it
// (UsedByText) and whether a change restarts the particles (Reinit).
func TestReadmeFieldTable(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	const header = "| field | meaning | used by | allowed | on change |"
	text := string(b)
	i := strings.Index(text, header)
	if i < 0 {
		t.Fatalf("README has no table headed %q", header)
	}
	rows := map[string][]string{} // field → the row's cells
	for _, line := range strings.Split(text[i:], "\n")[2:] {
		if !strings.HasPrefix(line, "| `") {
			break
		}
		cells := strings.Split(strings.TrimSpace(line), "|")
		cells = cells[1 : len(cells)-1]
		for k := range cells {
			cells[k] = strings.TrimSpace(cells[k])
		}
		if len(cells) != 5 {
			t.Errorf("README row of %d cells, want 5: %.60s…", len(cells), line)
			continue
		}
		for _, name := range regexp.MustCompile("`([A-Za-z]+)`").FindAllStringSubmatch(cells[0], -1) {
			if _, dup := rows[name[1]]; dup {
				t.Errorf("README: %s in two rows", name[1])
			}
			rows[name[1]] = cells
		}
	}
	for _, f := range OptionsList().Fields {
		cells, ok := rows[f.Name]
		if !ok {
			t.Errorf("README: no row for the field %s", f.Name)
			continue
		}
		delete(rows, f.Name)
		if want := UsedByText(f.UsedBy); cells[2] != want {
			t.Errorf("README: %s is used by %q, the registry says %q", f.Name, cells[2], want)
		}
		want := "live"
		if f.Reinit {
			want = "restarts particles"
		}
		if cells[4] != want {
			t.Errorf("README: a change to %s: %q, want %q", f.Name, cells[4], want)
		}
	}
	for name := range rows {
		t.Errorf("README: a row for %s, which is no field", name)
	}
}

// TestRegistryNames checks the menus against the registry: the mirror maps
// in the order the domains register them, and Objectives (a menu order of
// its own) holding every registered objective once.
func TestRegistryNames(t *testing.T) {
	if want := []string{MirrorEntropic, MirrorFermiDirac, MirrorLogBarrier, MirrorEuclidean, MirrorVonNeumann}; !slices.Equal(Mirrors, want) {
		t.Errorf("Mirrors = %v, want %v", Mirrors, want)
	}
	var registered []string
	for _, d := range domainRegistry {
		for _, o := range d.objectives {
			if !slices.Contains(registered, o.name) {
				registered = append(registered, o.name)
			}
		}
	}
	slices.Sort(registered)
	menu := slices.Sorted(slices.Values(Objectives))
	if !slices.Equal(menu, registered) || len(menu) != len(slices.Compact(slices.Clone(menu))) {
		t.Errorf("Objectives %v, registered %v", Objectives, registered)
	}
}
