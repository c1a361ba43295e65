package render

import (
	"math"
	"strconv"

	"github.com/mmfld/playground/engine"
	"github.com/mmfld/playground/engine/objective/xor"
	"github.com/mmfld/playground/render/layout"
)

// statusLine places readouts in fixed columns of a monospaced line, so a
// value that changes width never shifts its neighbours.
type statusLine struct {
	s      *scene
	x0, y  float64
	cw     float64 // width of one character
	column int     // in characters
	// right, when not 0, is where the line wraps: an item that would
	// reach past it starts the next line.
	right float64
}

// newStatusLine returns the writer of the status strip st's lines, from
// its first line; wrap makes them wrap at the strip's right edge.
func (s *scene) newStatusLine(st layout.Rect, wrap bool) statusLine {
	l := statusLine{s: s, x0: st.X + statusPad, y: st.Y + 7, cw: s.txt.advance("0", s.fc.mono)}
	if wrap {
		l.right = st.MaxX() - statusPad
	}
	return l
}

// newline moves l to the start of its next line.
func (l *statusLine) newline() { l.column, l.y = 0, l.y+layout.LineHeight }

// place returns where an item of width characters starts: at the current
// column, or at the start of the next line when it would reach past
// l.right.
func (l *statusLine) place(width int) float64 {
	if l.right > 0 && l.column > 0 && l.x0+float64(l.column+width)*l.cw > l.right {
		l.newline()
	}
	return l.x0 + float64(l.column)*l.cw
}

// item writes label (dim) and value at the current column and moves the
// column on by width characters. value is not kept: it may be s.buf.
func (l *statusLine) item(label string, value []byte, width int, c rgba) {
	x := l.place(width)
	if label != "" {
		x = l.s.txt.draw(label, l.s.fc.mono, x, l.y, alignStart, colDim)
	}
	l.s.txt.drawBytes(value, l.s.fc.mono, x, l.y, alignStart, c)
	l.column += width
}

// text is item for a value that is a string.
func (l *statusLine) text(label, value string, width int, c rgba) {
	x := l.place(width)
	if label != "" {
		x = l.s.txt.draw(label, l.s.fc.mono, x, l.y, alignStart, colDim)
	}
	l.s.txt.draw(value, l.s.fc.mono, x, l.y, alignStart, c)
	l.column += width
}

// num formats v with strconv's format and precision into s.buf, followed
// by suffix.
func (s *scene) num(v float64, format byte, prec int, suffix string) []byte {
	s.buf = strconv.AppendFloat(s.buf[:0], v, format, prec, 64)
	s.buf = append(s.buf, suffix...)
	return s.buf
}

// count formats an integer counter into s.buf.
func (s *scene) count(v int64) []byte {
	s.buf = strconv.AppendInt(s.buf[:0], v, 10)
	return s.buf
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
// precision into s.buf, or "–" when it is absent.
func (s *scene) optional(o engine.Optional, format byte, prec int) []byte {
	if !o.Valid {
		s.buf = append(s.buf[:0], "–"...)
		return s.buf
	}
	return s.num(o.Value, format, prec, "")
}

// join writes the strings parts one after another into s.buf.
func (s *scene) join(parts ...string) []byte {
	s.buf = s.buf[:0]
	for _, p := range parts {
		s.buf = append(s.buf, p...)
	}
	return s.buf
}

// statusText writes the three lines of readouts of a single run into the
// strip st, each wrapped at the strip's right edge if wrap; fps is the
// frames drawn per second.
func (s *scene) statusText(st layout.Rect, snap *engine.Snapshot, fps float64, wrap bool) {
	m := &snap.Metrics
	c := &snap.Config
	l := s.newStatusLine(st, wrap)

	l.state(snap)
	l.item("step ", s.count(m.Step), 15, colText)
	l.item("t ", s.num(m.Time, 'f', 3, ""), 12, colText)
	l.item("F ", s.num(m.F, 'g', 5, ""), 15, colText)
	l.item("N ", s.count(int64(m.N)), 10, colText)
	l.speed(m.StepsPerSecond, fps)
	l.item("η ", s.num(c.Eta, 'g', 4, ""), 11, colText)
	l.item("λ ", s.num(c.Lambda, 'g', 4, ""), 10, colText)
	if c.Algorithm == engine.AlgorithmMMFLDSubstep {
		l.item("substeps ", s.num(m.Substeps, 'f', 1, ""), 16, colText)
	}

	l.newline()
	l.item("", s.join(c.Algorithm, " · ", c.Objective), 29, colText)
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
		l.item("mean ", s.buf, 36, colText)
	} else {
		l.text("mean ", "–", 36, colText)
	}
	l.item("boundary ", s.num(100*m.BoundaryMass, 'f', 2, "%"), 17, colText)
	l.item("outside ", s.count(int64(m.Outside)), 16, counterColour(int64(m.Outside), true))
	l.item("clamped ", s.count(m.Clamped), 17, counterColour(m.Clamped, false))
	l.item("rejected ", s.count(m.Rejected), 15, counterColour(m.Rejected, false))
	l.item("floored ", s.count(m.Floored), 17, counterColour(m.Floored, false))

	// The full objective L = F + λ·Ent with the entropy estimate, and the
	// errors against the target where it is known exactly.
	l.newline()
	l.item("L ", s.optional(m.L, 'g', 5), 15, colText)
	l.item("Ĥ ", s.optional(m.Entropy, 'g', 4), 13, colText)
	l.item("ties ", s.count(int64(m.EntropyTies)), 12, counterColour(int64(m.EntropyTies), false))
	if m.Accuracy.Valid {
		l.item("test accuracy ", s.num(100*m.Accuracy.Value, 'f', 1, "%"), 22, colText)
		s.buf = strconv.AppendFloat(append(s.buf[:0], "(Bayes "...), 100*xor.BayesAccuracy(), 'f', 1, 64)
		l.item("", append(s.buf, "%)"...), 14, colDim)
		return
	}
	if !m.MeanError.Valid {
		l.item("", s.join("no exact target for ", c.Objective, " on the ", c.Domain), 48, colDim)
		return
	}
	target := "vs the target:"
	if c.Objective == engine.ObjectiveDirichlet {
		target = "vs Dirichlet(α):"
	}
	l.text("", target, 18, colDim)
	l.item("mean err ", s.optional(m.MeanError, 'e', 2), 19, colText)
	l.item("cov err ", s.optional(m.CovError, 'e', 2), 18, colText)
	l.item("energy dist ", s.optional(m.EnergyDistance, 'e', 2), 21, colText)
}

// speed writes the steps per second and the frames drawn per second.
func (l *statusLine) speed(stepsPerSecond, fps float64) {
	s := l.s
	if stepsPerSecond > 0 {
		l.item("steps/s ", s.num(stepsPerSecond, 'f', 0, ""), 15, colText)
	} else {
		l.text("steps/s ", "–", 15, colText)
	}
	if fps > 0 {
		l.item("fps ", s.num(fps, 'f', 0, ""), 9, colText)
	} else {
		l.text("fps ", "–", 9, colText)
	}
}

// state writes the play state of snap.
func (l *statusLine) state(snap *engine.Snapshot) {
	if snap.Stopped != "" {
		l.text("", "✖ stopped", 12, colRed)
	} else if snap.Playing {
		l.text("", "► playing", 12, colGreen)
	} else {
		l.text("", "■ paused", 12, colAmber)
	}
}

// compareStatus writes a comparison's three lines of readouts into the
// strip st: the run (play state, step, time, N, speed and fps) with a
// compact legend, then for each side its label and its key readouts (F, L,
// boundary mass, the counters that should stay 0, and the errors against
// a known target or the test accuracy). With wrap (a stacked comparison,
// half as wide) the run takes two lines, the legend one, and each side's
// readouts wrap at the strip's right edge (layout.CompareStackedStatusLines).
func (s *scene) compareStatus(st layout.Rect, runs []shown, fps float64, wrap bool) {
	a := runs[0].snap
	m := &a.Metrics
	l := s.newStatusLine(st, wrap)
	l.state(a)
	l.item("step ", s.count(m.Step), 15, colText)
	l.item("t ", s.num(m.Time, 'f', 3, ""), 12, colText)
	l.item("N ", s.count(int64(m.N)), 10, colText)
	if wrap {
		l.newline() // the run's second line
	}
	l.speed(m.StepsPerSecond, fps)
	x, y := s.inlineLegendAt(st, wrap)
	s.inlineLegend(x, y, true)
	l.y = max(l.y, y) // wrapped, the legend has a line of its own
	for _, r := range runs {
		l.newline()
		s.sideReadouts(&l, &r)
	}
}

// sideReadouts writes one side's line of a comparison's status strip.
func (s *scene) sideReadouts(l *statusLine, r *shown) {
	m := &r.snap.Metrics
	l.text("", r.tag, 26, r.tagCol)
	l.item("F ", s.num(m.F, 'g', 5, ""), 14, colText)
	l.item("L ", s.optional(m.L, 'g', 5), 14, colText)
	l.item("boundary ", s.num(100*m.BoundaryMass, 'f', 2, "%"), 17, colText)
	l.item("outside ", s.count(int64(m.Outside)), 11, counterColour(int64(m.Outside), true))
	l.item("clamped ", s.count(m.Clamped), 14, counterColour(m.Clamped, false))
	switch {
	case m.Accuracy.Valid:
		l.item("test accuracy ", s.num(100*m.Accuracy.Value, 'f', 1, "%"), 22, colText)
	case m.MeanError.Valid:
		l.item("mean err ", s.optional(m.MeanError, 'e', 2), 19, colText)
		l.item("cov err ", s.optional(m.CovError, 'e', 2), 18, colText)
	}
}

// compareLegendColumn is the column of a comparison's first status line
// where its compact legend starts, after the readouts.
const compareLegendColumn = 12 + 15 + 12 + 10 + 15 + 9

// inlineLegendAt returns where a comparison's compact legend starts in the
// status strip st: after the run's readouts, or, when the strip's lines
// wrap (a stacked comparison), at the start of its third line, below the
// run's two (layout.CompareStackedStatusLines).
func (s *scene) inlineLegendAt(st layout.Rect, wrap bool) (x, y float64) {
	if wrap {
		return st.X + statusPad, st.Y + 7 + 2*layout.LineHeight
	}
	return st.X + statusPad + compareLegendColumn*s.txt.advance("0", s.fc.mono) + 8, st.Y + 7
}

// inlineLegend adds (text false) the shapes of a one-line key to the
// markers and colours at (x, y), or writes (text true) its words: a
// comparison's panels have no room for the legend. The target ring, the
// mean cross, and the colour bar from the interior to the boundary.
func (s *scene) inlineLegend(x, y float64, text bool) {
	fc := s.fc
	cy := y + 9
	const bar = 90
	if !text {
		s.targetMark(layout.Point{X: x + 8, Y: cy})
	} else {
		s.txt.draw("target", fc.small, x+20, y+1, alignStart, colText)
	}
	x += 20 + s.txt.advance("target", fc.small)
	if !text {
		s.meanMark(layout.Point{X: x + 14, Y: cy})
	} else {
		s.txt.draw("mean", fc.small, x+26, y+1, alignStart, colText)
	}
	x += 26 + s.txt.advance("mean", fc.small) + 16
	if text {
		s.txt.draw("interior", fc.small, x, y+1, alignStart, colDim)
	}
	x += s.txt.advance("interior", fc.small) + 6
	if text {
		s.txt.draw("boundary", fc.small, x+bar+6, y+1, alignStart, colDim)
		return
	}
	for i := range 2 {
		xa, xb := x+bar*float64(i)/2, x+bar*float64(i+1)/2
		c0, c1 := rampStops[i], rampStops[i+1]
		s.over.quad(layout.Point{X: xa, Y: cy - 4}, layout.Point{X: xb, Y: cy - 4},
			layout.Point{X: xb, Y: cy + 4}, layout.Point{X: xa, Y: cy + 4}, c0, c1, c1, c0)
	}
}
