package integrate

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
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
type Team struct {
	workers int
	fn      func(w, b int) // the work of the current run; nil between runs
	blocks  int64
	next    atomic.Int64
	wake    []chan struct{} // one per helper goroutine
	done    sync.WaitGroup
	mu      sync.Mutex // guards failure
	failure any        // the first panic of a helper in the current run
}

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
	for len(t.wake) < helpers {
		c := make(chan struct{})
		t.wake = append(t.wake, c)
		go t.help(len(t.wake), c)
	}
	t.fn, t.blocks, t.failure = fn, int64(blocks), nil
	t.next.Store(0)
	t.done.Add(helpers)
	for _, c := range t.wake[:helpers] {
		c <- struct{}{}
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
		t.done.Wait()
		t.fn = nil
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

// help is helper goroutine w: it works on every run it is woken for, until
// its channel is closed.
func (t *Team) help(w int, wake chan struct{}) {
	for range wake {
		func() {
			defer t.done.Done()
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
	for _, c := range t.wake {
		close(c)
	}
	t.wake = nil
}
