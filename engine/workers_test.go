package engine

import (
	"reflect"
	"slices"
	"testing"

	"github.com/mmfld/playground/engine/integrate"
	"github.com/mmfld/playground/engine/objective"
)

// TestWorkersSameBits is the promise of the step's design: for every
// domain, map, objective and algorithm, a run on 1 worker and on 8 (more
// than the machine's cores, so blocks are taken in varying orders) moves
// the particles through the same bits.
func TestWorkersSameBits(t *testing.T) {
	if testing.Short() {
		t.Skip("every variant on 1 and 8 workers: not with -short (make test runs it)")
	}
	t.Parallel()
	for _, c := range variants() {
		t.Run(describe(c), func(t *testing.T) {
			t.Parallel()
			c.N = 3*integrate.BlockSize + 17 // several blocks, the last one short
			one, many := mustNew(t, c), mustNew(t, c)
			one.SetWorkers(1)
			many.SetWorkers(8)
			one.Step(5)
			many.Step(5)
			if !slices.Equal(one.st.X, many.st.X) || !slices.Equal(one.st.Y, many.st.Y) {
				t.Fatal("1 and 8 workers moved the particles differently")
			}
			if a, b := one.Metrics(), many.Metrics(); !reflect.DeepEqual(a, b) {
				t.Errorf("metrics differ: %+v and %+v", a, b)
			}
		})
	}
}

// TestStepPanicReachesCaller checks that a panic in a block run by a
// helper goroutine is raised on the goroutine that called Step (where the
// player recovers it), not in the helper, which would end the program.
func TestStepPanicReachesCaller(t *testing.T) {
	c := Default()
	c.N = 8 * integrate.BlockSize
	s := mustNew(t, c)
	s.SetWorkers(4)
	s.st.Objective = panicky{s.st.Objective}
	defer func() {
		if r := recover(); r == nil {
			t.Error("Step with a failing objective did not panic")
		}
	}()
	s.Step(1)
}

// panicky is an objective whose gradient fails on every block but the first.
type panicky struct{ objective.Objective }

func (o panicky) Grad(dst, x []float64, first int) {
	if first > 0 {
		panic("test: a block failed")
	}
	o.Objective.Grad(dst, x, first)
}
