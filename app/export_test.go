package app

import (
	"encoding/csv"
	"strconv"
	"strings"
	"testing"
)

// TestExportParticlesCSV: the particles' CSV has a header of x and y
// columns and reads back to the session's particles, the same bits.
func TestExportParticlesCSV(t *testing.T) {
	s := newSession(t)
	s.Step(20)
	text, err := s.ExportCSV(A, "particles")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	primal, dual := s.Particles(nil, nil)
	n := s.Config().N
	pw, dw := len(primal)/n, len(dual)/n
	if strings.Join(rows[0], ",") != "x1,x2,x3,y1,y2" || len(rows) != n+1 {
		t.Fatalf("header %v, %d rows; want x1,x2,x3,y1,y2 and %d rows", rows[0], len(rows), n+1)
	}
	for p := range n {
		for i, cell := range rows[p+1] {
			v, err := strconv.ParseFloat(cell, 64)
			var want float64
			if i < pw {
				want = primal[p*pw+i]
			} else {
				want = dual[p*dw+i-pw]
			}
			if err != nil || v != want {
				t.Fatalf("particle %d column %d: %q, want %v", p, i, cell, want)
			}
		}
	}
	if _, err := s.ExportCSV(B, "particles"); err == nil {
		t.Error("side B's particles outside a comparison: no error")
	}
	if _, err := s.ExportCSV(A, "pictures"); err == nil || !strings.Contains(err.Error(), `"particles" or "history"`) {
		t.Errorf("an unknown export: %v", err)
	}
}

// TestExportHistoryCSV: the history's CSV has a row a recorded point, an
// empty cell where a readout is absent.
func TestExportHistoryCSV(t *testing.T) {
	s := newSession(t)
	if _, err := s.Compare([]byte(`{"objective": "dirichlet", "lambda": 1}`)); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		s.Step(10)
	}
	for _, tc := range []struct {
		side      Side
		meanError bool
	}{{A, false}, {B, true}} { // meanmatch has no known target, dirichlet has
		text, err := s.ExportCSV(tc.side, "history")
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(rows[0], ",") != strings.Join(HistoryColumns, ",") || len(rows) != 5 {
			t.Fatalf("side %d: header %v, %d rows, want 5", tc.side, rows[0], len(rows))
		}
		h, _ := s.History(tc.side, nil)
		for i, r := range rows[1:] {
			if r[0] != strconv.FormatInt(h[i].Step, 10) || r[1] != strconv.FormatFloat(h[i].F, 'g', -1, 64) {
				t.Errorf("side %d row %d: %v, point %+v", tc.side, i, r, h[i])
			}
			if (r[4] != "") != tc.meanError {
				t.Errorf("side %d row %d: meanError cell %q", tc.side, i, r[4])
			}
		}
	}
}
