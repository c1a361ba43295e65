package app

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/mmfld/playground/engine"
)

// WriteParticlesCSV writes n particles as CSV: a header x1 … xw, y1 … yd,
// then one row a particle, its shown primal coordinates (primal holds n·w
// numbers: barycentric on the simplex, matrix entries on the spectraplex,
// chart coordinates elsewhere) and its dual ones (dual holds n·d). Numbers
// are written in the shortest form that reads back to the same float64.
func WriteParticlesCSV(w io.Writer, primal, dual []float64, n int) error {
	if n <= 0 || len(primal)%n != 0 || len(dual)%n != 0 {
		return fmt.Errorf("particles CSV: %d primal and %d dual numbers are not %d particles' worth", len(primal), len(dual), n)
	}
	pw, dw := len(primal)/n, len(dual)/n
	b := bufio.NewWriter(w)
	names := make([]string, 0, pw+dw)
	for i := range pw {
		names = append(names, "x"+strconv.Itoa(i+1))
	}
	for i := range dw {
		names = append(names, "y"+strconv.Itoa(i+1))
	}
	b.WriteString(strings.Join(names, ",") + "\n")
	var num []byte
	for p := range n {
		for i, v := range primal[p*pw : (p+1)*pw] {
			if i > 0 {
				b.WriteByte(',')
			}
			num = strconv.AppendFloat(num[:0], v, 'g', -1, 64)
			b.Write(num)
		}
		for _, v := range dual[p*dw : (p+1)*dw] {
			b.WriteByte(',')
			num = strconv.AppendFloat(num[:0], v, 'g', -1, 64)
			b.Write(num)
		}
		b.WriteByte('\n')
	}
	return b.Flush()
}

// HistoryColumns are the columns of WriteHistoryCSV, named as the metrics
// spell them in JSON.
var HistoryColumns = []string{"step", "F", "L", "boundaryMass", "meanError", "covError", "energyDistance", "accuracy"}

// WriteHistoryCSV writes the points of a History as CSV, one row a point
// under HistoryColumns; a readout the run does not have is an empty cell.
func WriteHistoryCSV(w io.Writer, points []Point) error {
	b := bufio.NewWriter(w)
	b.WriteString(strings.Join(HistoryColumns, ",") + "\n")
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	opt := func(o engine.Optional) string {
		if !o.Valid {
			return ""
		}
		return g(o.Value)
	}
	for _, p := range points {
		fmt.Fprintf(b, "%d,%s,%s,%s,%s,%s,%s,%s\n", p.Step, g(p.F), opt(p.L), g(p.BoundaryMass),
			opt(p.MeanError), opt(p.CovError), opt(p.EnergyDistance), opt(p.Accuracy))
	}
	return b.Flush()
}

// ExportCSV returns side's particles ("particles") or readouts over time
// ("history") as CSV text, for a front end to offer as a download.
func (s *Session) ExportCSV(side Side, what string) (string, error) {
	var sb strings.Builder
	switch what {
	case "particles":
		primal, dual, err := s.ParticlesOf(side, nil, nil)
		if err != nil {
			return "", err
		}
		cfg, err := s.ConfigOf(side)
		if err != nil {
			return "", err
		}
		if err := WriteParticlesCSV(&sb, primal, dual, cfg.N); err != nil {
			return "", err
		}
	case "history":
		points, err := s.History(side, nil)
		if err != nil {
			return "", err
		}
		if err := WriteHistoryCSV(&sb, points); err != nil {
			return "", err
		}
	default:
		return "", fmt.Errorf("export must be \"particles\" or \"history\" (got %q)", what)
	}
	return sb.String(), nil
}
