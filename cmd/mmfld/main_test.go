package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/mmfld/playground/engine"
)

func TestRunWritesMetrics(t *testing.T) {
	var out, errOut bytes.Buffer
	dir := t.TempDir()
	parts := filepath.Join(dir, "p.csv")
	err := run([]string{"-set", "n=50", "-set", "objective=dirichlet", "-steps", "25", "-every", "10", "-particles", parts}, &out, &errOut)
	if err != nil {
		t.Fatalf("run: %v (%s)", err, errOut.String())
	}
	rows, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// Header, step 0, 10, 20, 25.
	if len(rows) != 5 || rows[0][0] != "step" || rows[4][0] != "25" || rows[2][0] != "10" {
		t.Fatalf("rows = %v", rows)
	}
	if got := rows[4][4]; got != "0" {
		t.Errorf("outside = %s, want 0", got)
	}
	// The new columns: entropy, L and, for dirichlet, the target errors,
	// then the upper triangle of the 3×3 covariance.
	want := strings.Split("step,time,F,boundaryMass,outside,clamped,rejected,floored,mean1,mean2,mean3,"+
		"entropy,L,entropyTies,meanError,covError,energyDistance,accuracy,cov1_1,cov1_2,cov1_3,cov2_2,cov2_3,cov3_3", ",")
	if !slices.Equal(rows[0], want) {
		t.Fatalf("header %v, want %v", rows[0], want)
	}
	col := func(r []string, name string) float64 {
		t.Helper()
		v, err := strconv.ParseFloat(r[slices.Index(want, name)], 64)
		if err != nil {
			t.Fatalf("column %s: %v", name, err)
		}
		return v
	}
	last := rows[4]
	if h, l, f := col(last, "entropy"), col(last, "L"), col(last, "F"); math.Abs(l-(f-0.1*h)) > 1e-8 {
		t.Errorf("L = %v, want F − λ·entropy = %v", l, f-0.1*h)
	}
	if e := col(last, "energyDistance"); e <= 0 || e > 1 {
		t.Errorf("energyDistance = %v", e)
	}
	if v := col(last, "cov1_1"); v <= 0 || v > 0.25 {
		t.Errorf("cov1_1 = %v", v)
	}
	// Without a known target the error columns are empty.
	out.Reset()
	if err := run([]string{"-set", "n=50", "-steps", "1"}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	mm, _ := csv.NewReader(&out).ReadAll()
	for _, name := range []string{"meanError", "covError", "energyDistance"} {
		if v := mm[1][slices.Index(want, name)]; v != "" {
			t.Errorf("meanmatch: %s = %q, want empty", name, v)
		}
	}
	b, err := os.ReadFile(parts)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 51 || lines[0] != "x1,x2,x3,y1,y2" {
		t.Fatalf("particles file: %d lines, header %q", len(lines), lines[0])
	}
	sum := 0.0
	for _, f := range strings.Split(lines[1], ",")[:3] {
		v, _ := strconv.ParseFloat(f, 64)
		sum += v
	}
	if sum < 1-1e-12 || sum > 1+1e-12 {
		t.Errorf("first particle sums to %v", sum)
	}
}

// TestRunShapes: off the simplex and in dimension 1 every row has the
// header's columns, and the particles file has k + d columns (k = d+1
// barycentric coordinates on Δᵈ, d elsewhere).
func TestRunShapes(t *testing.T) {
	for _, tc := range []struct {
		sets       []string
		mean, cols int // mean columns; particle file columns
	}{
		{[]string{"domain=box"}, 2, 4},
		{[]string{"dim=1"}, 2, 3},
		{[]string{"dim=1", "domain=ball"}, 1, 2},
	} {
		var out, errOut bytes.Buffer
		parts := filepath.Join(t.TempDir(), "p.csv")
		args := []string{"-set", "n=20", "-steps", "4", "-every", "2", "-particles", parts}
		for _, s := range tc.sets {
			args = append(args, "-set", s)
		}
		if err := run(args, &out, &errOut); err != nil {
			t.Fatalf("%v: %v (%s)", tc.sets, err, errOut.String())
		}
		rows, err := csv.NewReader(&out).ReadAll() // refuses rows of another length
		if err != nil {
			t.Fatalf("%v: %v", tc.sets, err)
		}
		means := 0
		for _, h := range rows[0] {
			if strings.HasPrefix(h, "mean") && h != "meanError" {
				means++
			}
		}
		if means != tc.mean || len(rows) != 4 {
			t.Errorf("%v: %d mean columns, %d rows; want %d, 4", tc.sets, means, len(rows), tc.mean)
		}
		f, err := os.Open(parts)
		if err != nil {
			t.Fatal(err)
		}
		prow, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil || len(prow) != 21 || len(prow[0]) != tc.cols {
			t.Errorf("%v: particles file %d rows of %d columns, %v; want 21 of %d", tc.sets, len(prow), len(prow[0]), err, tc.cols)
		}
	}
}

func TestRunPrintConfig(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"-config", `{"eta": 0.01}`, "-set", "beta=0.3", "-print-config"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	var c engine.Config
	if err := json.Unmarshal(out.Bytes(), &c); err != nil || c.Eta != 0.01 || c.Beta != 0.3 {
		t.Errorf("printed config %s: %+v, %v", out.String(), c, err)
	}
}

func TestRunRefusesBadConfig(t *testing.T) {
	var out bytes.Buffer
	err := run([]string{"-set", "eta=5"}, &out, &out)
	if err == nil || !strings.Contains(err.Error(), "eta: must be a number in [1e-06, 0.5]") {
		t.Errorf("run(-set eta=5) error = %v", err)
	}
}

// TestRunXOR: off the simplex a particle has d coordinates: the header, the
// rows and the particles file agree on that (they once assumed d+1 and the
// particles file panicked), and xor fills the accuracy column.
func TestRunXOR(t *testing.T) {
	parts := filepath.Join(t.TempDir(), "p.csv")
	var out, errOut bytes.Buffer
	if err := run([]string{"-set", "preset=paper-e3", "-set", "n=30", "-steps", "2", "-particles", parts}, &out, &errOut); err != nil {
		t.Fatal(err, errOut.String())
	}
	// ReadAll refuses rows of another length than the header. Rows: the
	// header, steps 0 and 2.
	rows, err := csv.NewReader(&out).ReadAll()
	if err != nil || len(rows) != 3 {
		t.Fatalf("%d rows, %v", len(rows), err)
	}
	if !slices.Contains(rows[0], "mean4") || slices.Contains(rows[0], "mean5") || rows[0][len(rows[0])-1] != "cov4_4" {
		t.Errorf("header %v, want 4 means and a 4×4 covariance", rows[0])
	}
	acc, err := strconv.ParseFloat(rows[2][slices.Index(rows[0], "accuracy")], 64)
	if err != nil || acc <= 0 || acc > 1 {
		t.Errorf("accuracy %v, %v", acc, err)
	}
	b, err := os.ReadFile(parts)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 31 || lines[0] != "x1,x2,x3,x4,y1,y2,y3,y4" || len(strings.Split(lines[30], ",")) != 8 {
		t.Errorf("particles file: %d lines, header %q", len(lines), lines[0])
	}
}
