package render

import (
	"math"
	"strconv"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"

	"github.com/mmfld/playground/engine"
	"github.com/mmfld/playground/render/layout"
)

// statusLine places readouts in fixed columns of a monospaced line, so a
// value that changes width never shifts its neighbours.
type statusLine struct {
	s      *scene
	dst    *ebiten.Image
	x0, y  float64
	cw     float64 // width of one character
	column int     // in characters
}

// item writes label (dim) and value at the current column and moves the
// column on by width characters.
func (l *statusLine) item(label, value string, width int, c rgba) {
	x := l.x0 + float64(l.column)*l.cw
	if label != "" {
		x = l.s.txt.draw(l.dst, label, l.s.fc.mono, x, l.y, text.AlignStart, colDim)
	}
	l.s.txt.draw(l.dst, value, l.s.fc.mono, x, l.y, text.AlignStart, c)
	l.column += width
}

// num formats v with strconv's format and precision.
func (s *scene) num(v float64, format byte, prec int) string {
	s.buf = strconv.AppendFloat(s.buf[:0], v, format, prec, 64)
	return string(s.buf)
}

// count formats an integer counter.
func (s *scene) count(v int64) string {
	s.buf = strconv.AppendInt(s.buf[:0], v, 10)
	return string(s.buf)
}

// counterColour is the colour of a counter that should stay 0: amber
// (or bad, red) once it is not.
func counterColour(v int64, bad bool) rgba {
	switch {
	case v == 0:
		return colText
	case bad:
		return colRed
	}
	return colAmber
}

// optional formats an Optional readout with strconv's format and
// precision, or "–" when it is absent.
func (s *scene) optional(o engine.Optional, format byte, prec int) string {
	if !o.Valid {
		return "–"
	}
	return s.num(o.Value, format, prec)
}

// statusText writes the three lines of readouts.
func (s *scene) statusText(dst *ebiten.Image, f layout.Frame, snap *engine.Snapshot) {
	m := &snap.Metrics
	c := &snap.Config
	l := statusLine{s: s, dst: dst, x0: f.Status.X + statusPad, y: f.Status.Y + 7, cw: text.Advance("0", s.fc.mono)}

	if snap.Stopped != "" {
		l.item("", "✖ stopped", 12, colRed)
	} else if snap.Playing {
		l.item("", "► playing", 12, colGreen)
	} else {
		l.item("", "■ paused", 12, colAmber)
	}
	l.item("step ", s.count(m.Step), 15, colText)
	l.item("t ", s.num(m.Time, 'f', 3), 12, colText)
	l.item("F ", s.num(m.F, 'g', 5), 15, colText)
	l.item("N ", s.count(int64(m.N)), 10, colText)
	rate := "–"
	if m.StepsPerSecond > 0 {
		rate = s.num(m.StepsPerSecond, 'f', 0)
	}
	l.item("steps/s ", rate, 15, colText)
	l.item("η ", s.num(c.Eta, 'g', 4), 11, colText)
	l.item("λ ", s.num(c.Lambda, 'g', 4), 10, colText)
	if c.Algorithm == engine.AlgorithmMMFLDSubstep {
		l.item("substeps ", s.num(m.Substeps, 'f', 1), 16, colText)
	}

	l.column, l.y = 0, l.y+layout.LineHeight
	l.item("", c.Algorithm+" · "+c.Objective, 29, colText)
	mean := "–"
	if len(m.Mean) > 0 {
		b := append(s.buf[:0], '(')
		for i, v := range m.Mean {
			if i == 3 {
				b = append(b, ", …"...)
				break
			}
			if i > 0 {
				b = append(b, ", "...)
			}
			if math.Abs(v) < 10 {
				b = strconv.AppendFloat(b, v, 'f', 3, 64)
			} else { // only plain MFLD leaves the simplex
				b = strconv.AppendFloat(b, v, 'e', 1, 64)
			}
		}
		s.buf = append(b, ')')
		mean = string(s.buf)
	}
	l.item("mean ", mean, 36, colText)
	l.item("boundary ", s.num(100*m.BoundaryMass, 'f', 2)+"%", 17, colText)
	l.item("outside ", s.count(int64(m.Outside)), 16, counterColour(int64(m.Outside), true))
	l.item("clamped ", s.count(m.Clamped), 17, counterColour(m.Clamped, false))
	l.item("rejected ", s.count(m.Rejected), 15, counterColour(m.Rejected, false))
	l.item("floored ", s.count(m.Floored), 17, counterColour(m.Floored, false))

	// The full objective L = F + λ·Ent with the entropy estimate, and the
	// errors against the target where it is known exactly.
	l.column, l.y = 0, l.y+layout.LineHeight
	l.item("L ", s.optional(m.L, 'g', 5), 15, colText)
	l.item("Ĥ ", s.optional(m.Entropy, 'g', 4), 13, colText)
	l.item("ties ", s.count(int64(m.EntropyTies)), 12, counterColour(int64(m.EntropyTies), false))
	if m.Accuracy.Valid {
		l.item("test accuracy ", s.num(100*m.Accuracy.Value, 'f', 1)+"%", 22, colText)
		l.item("", "(Bayes "+s.num(100*engine.XORBayesAccuracy(), 'f', 1)+"%)", 14, colDim)
		return
	}
	if !m.MeanError.Valid {
		l.item("", "no exact target for "+c.Objective+" on the "+c.Domain, 48, colDim)
		return
	}
	target := "vs the target:"
	if c.Objective == engine.ObjectiveDirichlet {
		target = "vs Dirichlet(α):"
	}
	l.item("", target, 18, colDim)
	l.item("mean err ", s.optional(m.MeanError, 'e', 2), 19, colText)
	l.item("cov err ", s.optional(m.CovError, 'e', 2), 18, colText)
	l.item("energy dist ", s.optional(m.EnergyDistance, 'e', 2), 21, colText)
}
