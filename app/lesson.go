package app

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/mmfld/playground/engine"
)

// Lesson is a guided tour of the playground: a title, a summary and steps,
// each a paragraph to read beside the simulation, the run (or comparison)
// to apply, and things to try. A lesson is a small JSON file (web/lessons/
// holds the ones the playground ships; a course author may link their own
// or paste it), read and checked by ParseLesson:
//
//	{"title": "…", "summary": "…", "steps": [
//	  {"title": "…", "text": "…", "link": "beta=0&compare={\"algorithm\":\"projected\"}",
//	   "try": ["…"], "expect": [{"after": 1000, "side": "b", "readout": "boundaryMass", "above": 0.05}]}]}
//
// A step's link is spelled as the playground's URL query (engine's
// PatchLink), applied to the default config: a preset, a JSON config,
// fields one by one, and side B of a comparison.
type Lesson struct {
	Title   string       `json:"title"`
	Summary string       `json:"summary"`
	Steps   []LessonStep `json:"steps"`
}

// LessonStep is one page of a lesson.
type LessonStep struct {
	Title string   `json:"title"`
	Text  string   `json:"text"`
	Link  string   `json:"link"`
	Try   []string `json:"try,omitempty"`
	// Expect lists what the text promises the run shows, checked by the
	// tests of the lessons the playground ships (a lesson must not say
	// what the simulation does not do).
	Expect []Expectation `json:"expect,omitempty"`
}

// Expectation is a promise about a readout of one side after some steps:
// above, below, or both (a bound that is 0 and not named in the JSON is not
// checked: Above and Below are pointers).
type Expectation struct {
	After   int      `json:"after"`
	Side    string   `json:"side,omitempty"`
	Readout string   `json:"readout"`
	Above   *float64 `json:"above,omitempty"`
	Below   *float64 `json:"below,omitempty"`
}

// MaxLessonSteps bounds the steps of a lesson and MaxLessonBytes its size.
const (
	MaxLessonSteps = 50
	MaxLessonBytes = 1 << 18
)

// Readouts are the names an Expectation may check, as the metrics spell
// them in JSON.
var Readouts = []string{"F", "L", "boundaryMass", "meanError", "covError", "energyDistance", "accuracy"}

// ParseLesson reads a lesson from its JSON and checks it: a title, 1 to
// MaxLessonSteps steps, each with a title, a text and a link the engine
// accepts, expectations naming a side and a readout that exist. The error
// names the step and what is wrong with it.
func ParseLesson(data []byte) (Lesson, error) {
	var l Lesson
	if len(data) > MaxLessonBytes {
		return Lesson{}, fmt.Errorf("lesson: %d bytes, at most %d", len(data), MaxLessonBytes)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&l); err != nil {
		return Lesson{}, fmt.Errorf("lesson: not a lesson's JSON: %v", err)
	}
	if strings.TrimSpace(l.Title) == "" {
		return Lesson{}, fmt.Errorf("lesson: the title is empty")
	}
	if len(l.Steps) == 0 || len(l.Steps) > MaxLessonSteps {
		return Lesson{}, fmt.Errorf("lesson: %d steps, must be 1 to %d", len(l.Steps), MaxLessonSteps)
	}
	for i, st := range l.Steps {
		where := fmt.Sprintf("lesson: step %d (%q)", i+1, st.Title)
		if strings.TrimSpace(st.Title) == "" || strings.TrimSpace(st.Text) == "" {
			return Lesson{}, fmt.Errorf("%s: a step needs a title and a text", where)
		}
		_, b, err := engine.Default().PatchLink(st.Link)
		if err != nil {
			return Lesson{}, fmt.Errorf("%s: link %q: %v", where, st.Link, err)
		}
		for _, e := range st.Expect {
			side, err := ParseSide(e.Side)
			switch {
			case err != nil:
				return Lesson{}, fmt.Errorf("%s: expect: %v", where, err)
			case side == B && b == nil:
				return Lesson{}, fmt.Errorf("%s: expect: side \"b\" in a step that compares nothing", where)
			case !slices.Contains(Readouts, e.Readout):
				return Lesson{}, fmt.Errorf("%s: expect: readout must be one of %s (got %q)", where, strings.Join(Readouts, ", "), e.Readout)
			case e.After < 0 || e.After > 1_000_000:
				return Lesson{}, fmt.Errorf("%s: expect: after must be in [0, 10⁶] steps (got %d)", where, e.After)
			case e.Above == nil && e.Below == nil:
				return Lesson{}, fmt.Errorf("%s: expect: give above, below or both", where)
			}
		}
	}
	return l, nil
}

// ReadoutOf returns the readout of m that name (one of Readouts) spells,
// and whether m has it.
func ReadoutOf(m *engine.Metrics, name string) (float64, bool) {
	switch name {
	case "F":
		return m.F, true
	case "boundaryMass":
		return m.BoundaryMass, true
	}
	o := map[string]engine.Optional{"L": m.L, "meanError": m.MeanError, "covError": m.CovError,
		"energyDistance": m.EnergyDistance, "accuracy": m.Accuracy}[name]
	return o.Value, o.Valid
}
