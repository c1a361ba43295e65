package integrate

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// Team runs the blocks of one step on a fixed number of workers: the
// calling goroutine and workers−1 helper goroutines, started on first use and
// kept for the life of the System (a cleanup stops them when the System is
// collected). Blocks are handed out in order from a shared counter, so a
// worker that finishes early takes the next block; which worker runs which
// block changes from run to run, which is why every block draws from a
// stream keyed by the block itself (see rng.Stream) and writes only its own
// particles, and the trajectory does not depend on the number of workers.
//
// Handing out a block and waking a helper allocate nothing: a step is
// allocation-free with any number of workers.
//
// Between runs a helper first spins for up to spinTime, looking for the
// next run, and only then parks on its channel; the caller, done with its
// blocks, likewise spins for the helpers before it waits. A step's runs
// follow one another closely (a step is one run, then the serial
// observation of the measure), and waking a parked goroutine takes the
// operating system tens of microseconds on a virtual machine: parking
// between runs left the two cores of the test machine idle 9% of the
// reference workload's time, and spinning took it from 82–99 to 103–109
// million particle-steps/s (BenchmarkMeanMatchSimplexN100000WorkersAll,
// four runs of each interleaved). The spin is an eighth of the last run's
// time at most, so that small systems, whose runs are short and far apart,
// waste little.
type Team struct {
	workers int
	fn      func(w, b int) // the work of the current run; nil between runs
	blocks  int64
	next    atomic.Int64
	helpers []*helper
	done    sync.WaitGroup
	pending atomic.Int64 // helpers still working on the current run
	spinFor atomic.Int64 // the spin's time in nanoseconds: min(spinTime, last run / 8)
	mu      sync.Mutex   // guards failure
	failure any          // the first panic of a helper in the current run
}

// A helper is a helper goroutine's way in: its channel, and whether it is
// parked on it, spinning, or claimed for a run while spinning.
type helper struct {
	wake  chan struct{}
	state atomic.Int32
}

// The states of a helper.
const (
	parked int32 = iota
	spinning
	claimed
)

// spinTime is the longest a helper spins for the next run, and the caller
// for the helpers, before parking.
const spinTime = 50 * time.Microsecond

// NewTeam returns a Team of n workers; n ≤ 0 means runtime.GOMAXPROCS(0)
// (1 in WebAssembly, which has one thread: there run calls fn inline).
func NewTeam(n int) *Team { return &Team{workers: WorkersFor(n)} }

// Workers returns the number of workers.
func (t *Team) Workers() int { return t.workers }

// SetWorkers ends the helper goroutines and sets the number of workers; n ≤
// 0 means runtime.GOMAXPROCS(0).
func (t *Team) SetWorkers(n int) {
	t.Stop()
	t.workers = WorkersFor(n)
}

// WorkersFor returns n, or runtime.GOMAXPROCS(0) if n ≤ 0.
func WorkersFor(n int) int {
	if n <= 0 {
		return runtime.GOMAXPROCS(0)
	}
	return n
}

// Run calls fn(w, b) once for every block b in [0, blocks), w the index in
// [0, workers) of the worker that runs it, and returns when all are done. A
// panic in any of them is raised again here, on the caller's goroutine, once
// the others have finished, so the caller can recover from it.
func (t *Team) Run(blocks int, fn func(w, b int)) {
	helpers := min(t.workers, blocks) - 1
	if helpers <= 0 {
		for b := range blocks {
			fn(0, b)
		}
		return
	}
	for len(t.helpers) < helpers {
		h := &helper{wake: make(chan struct{})}
		t.helpers = append(t.helpers, h)
		go t.help(len(t.helpers), h)
	}
	start := time.Now()
	t.fn, t.blocks, t.failure = fn, int64(blocks), nil
	t.next.Store(0)
	t.done.Add(helpers)
	t.pending.Store(int64(helpers))
	for _, h := range t.helpers[:helpers] {
		if !h.state.CompareAndSwap(spinning, claimed) {
			h.wake <- struct{}{}
		}
	}
	defer func() {
		// Also when worker 0 panics: the others stop taking blocks, and
		// the helpers are done with t.fn before it is cleared (they must
		// not keep the System alive between runs).
		if r := recover(); r != nil {
			t.next.Store(t.blocks)
			t.done.Wait()
			t.fn = nil
			panic(r)
		}
		t.spin(func() bool { return t.pending.Load() == 0 })
		t.done.Wait()
		t.fn = nil
		t.spinFor.Store(int64(min(spinTime, time.Since(start)/8)))
		if t.failure != nil {
			panic(t.failure)
		}
	}()
	t.work(0)
}

// work runs blocks as worker w until none is left.
func (t *Team) work(w int) {
	for {
		b := t.next.Add(1) - 1
		if b >= t.blocks {
			return
		}
		t.fn(w, int(b))
	}
}

// spin calls ready until it returns true or the team's spin time has
// passed, and returns its last answer.
func (t *Team) spin(ready func() bool) bool {
	limit := time.Duration(t.spinFor.Load())
	start := time.Now()
	for i := 0; ; i++ {
		if ready() {
			return true
		}
		if i%256 == 255 && time.Since(start) > limit {
			return false
		}
	}
}

// await returns when helper h has a run to work on, spinning first, or
// false when its channel is closed (Stop). h is spinning when it starts:
// help marks it so before it reports a run done, so that the next Run,
// which starts only after that report, always finds it spinning or parked.
func (t *Team) await(h *helper) bool {
	if t.spin(func() bool { return h.state.Load() == claimed }) {
		return true
	}
	if !h.state.CompareAndSwap(spinning, parked) {
		return true // claimed after all
	}
	_, ok := <-h.wake
	return ok
}

// help is helper goroutine w: it works on every run it is woken for, until
// its channel is closed.
func (t *Team) help(w int, h *helper) {
	h.state.Store(spinning)
	for t.await(h) {
		func() {
			// In this order, last first: spinning again, then no longer
			// pending (the caller's spin), then done (its Wait), so that
			// nothing of this run is left when the next one starts.
			defer t.done.Done()
			defer t.pending.Add(-1)
			defer h.state.Store(spinning)
			defer func() {
				if r := recover(); r != nil {
					t.mu.Lock()
					if t.failure == nil {
						t.failure = fmt.Sprintf("%v (in worker %d)", r, w)
					}
					t.mu.Unlock()
					t.next.Store(t.blocks) // the others stop taking blocks
				}
			}()
			t.work(w)
		}()
	}
}

// Stop ends the helper goroutines.
func (t *Team) Stop() {
	for _, h := range t.helpers {
		close(h.wake)
	}
	t.helpers = nil
}
