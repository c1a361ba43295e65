package app

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// shippedLessons returns the lessons in web/lessons, parsed.
func shippedLessons(t *testing.T) map[string]Lesson {
	t.Helper()
	files, err := filepath.Glob("../web/lessons/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no lessons in web/lessons: %v", err)
	}
	out := map[string]Lesson{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		l, err := ParseLesson(data)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[filepath.Base(f)] = l
	}
	return out
}

// TestShippedLessonsParse: the playground ships the three lessons issue 8
// asks for, each valid.
func TestShippedLessonsParse(t *testing.T) {
	l := shippedLessons(t)
	for _, name := range []string{"why-mirror.json", "projected-pileup.json", "temperature.json"} {
		if _, ok := l[name]; !ok {
			t.Errorf("web/lessons/%s is missing", name)
		}
	}
}

// TestShippedLessonsKeepTheirPromises runs every step of the shipped
// lessons as its link describes and checks what the step's text promises
// (its expectations) at the steps named: a lesson must not say what the
// simulation does not do. The runs are the lessons' own configs (N = 4000
// unless a link says otherwise) from their fixed seeds, so the readouts are
// deterministic; the bounds sit far from the measured values (the margins
// are in the lessons' JSON beside the readouts they bound).
func TestShippedLessonsKeepTheirPromises(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every lesson step for up to 3000 steps")
	}
	for name, l := range shippedLessons(t) {
		for i, st := range l.Steps {
			if len(st.Expect) == 0 {
				continue
			}
			t.Run(strings.TrimSuffix(name, ".json")+"/"+st.Title, func(t *testing.T) {
				t.Parallel()
				s := newSession(t)
				if err := s.ApplyLink(st.Link); err != nil {
					t.Fatal(err)
				}
				expect := slices.Clone(st.Expect)
				slices.SortStableFunc(expect, func(a, b Expectation) int { return a.After - b.After })
				for _, e := range expect {
					if k := e.After - int(s.Metrics().Step); k > 0 {
						s.Step(k)
					}
					side, _ := ParseSide(e.Side)
					m, err := s.MetricsOf(side)
					if err != nil {
						t.Fatal(err)
					}
					v, ok := ReadoutOf(&m, e.Readout)
					switch {
					case !ok:
						t.Errorf("step %d: side %q has no %s", i+1, e.Side, e.Readout)
					case e.Above != nil && !(v > *e.Above):
						t.Errorf("step %d: after %d steps side %q's %s = %.4g, the lesson promises above %g", i+1, e.After, e.Side, e.Readout, v, *e.Above)
					case e.Below != nil && !(v < *e.Below):
						t.Errorf("step %d: after %d steps side %q's %s = %.4g, the lesson promises below %g", i+1, e.After, e.Side, e.Readout, v, *e.Below)
					}
				}
			})
		}
	}
}

// TestParseLessonRefuses: a lesson that is not one, or a step the engine
// would refuse, gets an error naming the step and what is wrong.
func TestParseLessonRefuses(t *testing.T) {
	for _, tc := range []struct{ json, want string }{
		{`{"title": "x"}`, "0 steps"},
		{`{"title": "", "steps": [{"title": "a", "text": "b", "link": ""}]}`, "title is empty"},
		{`{"title": "x", "steps": [{"title": "a", "text": "b", "link": "eta=-1"}]}`, `step 1 ("a"): link "eta=-1"`},
		{`{"title": "x", "steps": [{"title": "a", "text": "b", "link": "b.eta=-1"}]}`, "b.eta"},
		{`{"title": "x", "steps": [{"title": "a", "text": "", "link": ""}]}`, "needs a title and a text"},
		{`{"title": "x", "steps": [{"title": "a", "text": "b", "link": "", "expect": [{"after": 1, "side": "b", "readout": "F", "above": 0}]}]}`, "compares nothing"},
		{`{"title": "x", "steps": [{"title": "a", "text": "b", "link": "", "expect": [{"after": 1, "readout": "G", "above": 0}]}]}`, "readout must be one of"},
		{`{"title": "x", "steps": [{"title": "a", "text": "b", "link": "", "expect": [{"after": 1, "readout": "F"}]}]}`, "above, below or both"},
		{`{"title": "x", "steps": [], "extra": 1}`, "not a lesson"},
	} {
		if _, err := ParseLesson([]byte(tc.json)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseLesson(%s) = %v, want an error containing %q", tc.json, err, tc.want)
		}
	}
}

// TestApplyLink: a link with a comparison runs both sides from their seeds;
// one without ends the comparison; a bad link changes nothing.
func TestApplyLink(t *testing.T) {
	s := newSession(t)
	s.Step(4)
	if err := s.ApplyLink(`beta=0&compare={"algorithm":"projected"}`); err != nil {
		t.Fatal(err)
	}
	a, _ := s.ConfigOf(A)
	b, err := s.ConfigOf(B)
	if err != nil || a.Beta != 0 || b.Beta != 0 || b.Algorithm != "projected" || s.Metrics().Step != 0 {
		t.Fatalf("after the link: A %s, B %s (%v), step %d", a.Query(), b.Query(), err, s.Metrics().Step)
	}
	if err := s.ApplyLink("eta=-1"); err == nil || !s.Comparing() {
		t.Fatalf("a bad link: %v, comparing %v", err, s.Comparing())
	}
	if err := s.ApplyLink("preset=dirichlet"); err != nil || s.Comparing() || s.Config().Objective != "dirichlet" {
		t.Fatalf("a link without a comparison: %v, comparing %v", err, s.Comparing())
	}
}
