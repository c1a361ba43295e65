package app

import "github.com/mmfld/playground/engine"

// HistoryPoints bounds the points a History keeps: enough for a smooth curve
// across a wide plot, small enough to copy out on every frame.
const HistoryPoints = 512

// Point is one entry of a History: a step and the readouts the curves plot.
// The optional readouts are absent where the run has none (L without an
// entropy estimate, the errors without a known target).
type Point struct {
	Step           int64           `json:"step"`
	F              float64         `json:"F"`
	L              engine.Optional `json:"L,omitzero"`
	BoundaryMass   float64         `json:"boundaryMass"`
	MeanError      engine.Optional `json:"meanError,omitzero"`
	CovError       engine.Optional `json:"covError,omitzero"`
	EnergyDistance engine.Optional `json:"energyDistance,omitzero"`
	Accuracy       engine.Optional `json:"accuracy,omitzero"`
}

// pointOf returns the Point of m.
func pointOf(m *engine.Metrics) Point {
	return Point{Step: m.Step, F: m.F, L: m.L, BoundaryMass: m.BoundaryMass,
		MeanError: m.MeanError, CovError: m.CovError, EnergyDistance: m.EnergyDistance, Accuracy: m.Accuracy}
}

// History is a bounded record of one run's readouts against the step. It
// keeps the first point it is given and then points at least every steps
// apart; when HistoryPoints are kept it drops every other one after the
// first and doubles every, so a long run keeps its start and an even cover
// of the rest, in at most HistoryPoints points. The zero value is empty and
// ready to use.
type History struct {
	points []Point
	every  int64
}

// Add records m if it is at least every steps after the last point kept. A
// step before the last point's (a reset) starts the history afresh.
func (h *History) Add(m *engine.Metrics) {
	if n := len(h.points); n > 0 {
		last := h.points[n-1].Step
		switch {
		case m.Step < last:
			h.Clear()
		case m.Step == last:
			h.points[n-1] = pointOf(m) // the same state, perhaps reconfigured
			return
		case m.Step-last < h.every:
			return
		}
	}
	if h.points == nil {
		h.points = make([]Point, 0, HistoryPoints)
	}
	if h.every == 0 {
		h.every = 1
	}
	if len(h.points) == HistoryPoints {
		k := 1
		for i := 2; i < len(h.points); i += 2 {
			h.points[k] = h.points[i]
			k++
		}
		h.points = h.points[:k]
		h.every *= 2
	}
	h.points = append(h.points, pointOf(m))
}

// Len returns the number of points kept.
func (h *History) Len() int { return len(h.points) }

// Clear empties the history.
func (h *History) Clear() { h.points, h.every = h.points[:0], 1 }

// Points appends the points, oldest first, to dst[:0] and returns it.
func (h *History) Points(dst []Point) []Point { return append(dst[:0], h.points...) }
