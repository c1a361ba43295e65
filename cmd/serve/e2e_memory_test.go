package main

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// memoryReading is what mmfld.memory() returns, with the frames drawn and
// the page's own figures beside it.
type memoryReading struct {
	Heap    float64 `json:"heapBytes"` // the live Go heap after a collection
	Sys     float64 `json:"sysBytes"`  // the memory Go has taken: the WebAssembly memory it grew
	NumGC   float64 `json:"numGC"`
	Drawn   float64 `json:"drawn"`  // frames drawn since the start
	JSHeap  float64 `json:"jsHeap"` // the JavaScript heaps of the page and its frame, after a collection
	Nodes   float64 `json:"nodes"`  // the elements of the page and its frame
	Playing bool    `json:"playing"`
}

// longSessionWarm and longSessionFrames are TestBrowserLongSession's
// warm-up, in which the history fills and the caches settle, and the frames
// after it. Issue 8 asks for 10⁴ frames; a headless Chromium on this 2-core
// machine draws only 20 to 50 frames a second (its WebGL canvas presents at
// the compositor's rate, whatever ebiten's vsync setting), so the
// test takes 1000 (20 to 50 seconds): enough to see a leak of 512 bytes a
// frame in either heap.
const (
	longSessionWarm   = 500
	longSessionFrames = 1000
)

// TestBrowserLongSession plays the default preset for longSessionFrames
// drawn frames after a warm-up, with the curves view (whose history fills
// and then thins) and the page's readouts refreshing, and checks that
// nothing grows: the memory Go has taken (the WebAssembly memory, which
// never shrinks), the live Go heap, the JavaScript heaps and the DOM. The
// page is small (N = 100, a 200×150 embed), to draw frames quickly.
func TestBrowserLongSession(t *testing.T) {
	p := loadPage(t, "?n=100&embed=1&controls=none", 200, 150,
		chromedp.Flag("enable-precise-memory-info", true), // performance.memory to the byte
		chromedp.Flag("js-flags", "--expose-gc"))          // gc() before each reading
	eval[chromedp.Void](p, `mmfld.ready.then(() => undefined)`)
	eval[chromedp.Void](p, `mmfld.view({curves: true})`)
	read := func() memoryReading {
		t.Helper()
		return eval[memoryReading](p, `(() => {
			gc();
			const sim = document.getElementById('sim').contentWindow;
			return Object.assign(mmfld.memory(), {
				drawn: mmfld.frameTimes().drawn,
				jsHeap: performance.memory.usedJSHeapSize + sim.performance.memory.usedJSHeapSize,
				nodes: document.getElementsByTagName('*').length + sim.document.getElementsByTagName('*').length,
				playing: mmfld.playing(),
			});
		})()`)
	}
	start := time.Now()
	waitFrames := func(n float64) memoryReading {
		t.Helper()
		for {
			r := read()
			if r.Drawn >= n {
				return r
			}
			if !r.Playing {
				t.Fatalf("the simulation stopped playing after %.0f frames: %q", r.Drawn, eval[string](p, `String(mmfld.stopped())`))
			}
			time.Sleep(2 * time.Second)
		}
	}
	warm := waitFrames(longSessionWarm)
	end := waitFrames(warm.Drawn + longSessionFrames)
	t.Logf("after %.0f frames: %+v\nafter %.0f more (%v in all): %+v", warm.Drawn, warm, end.Drawn-warm.Drawn, time.Since(start).Round(time.Second), end)

	// Measured (2026-11-30, 1000 and 2000 frames): the Go heap within 2 kB,
	// the JavaScript heaps within 140 kB, the node count equal; the memory
	// Go has taken equal, or once 256 kB more (the runtime taking its next
	// chunk). A leak of 512 bytes a frame would add 500 kB.
	const kB = 1 << 10
	if end.Sys > warm.Sys+256*kB {
		t.Errorf("the memory Go has taken grew from %.0f to %.0f bytes", warm.Sys, end.Sys)
	}
	if end.Heap > warm.Heap+64*kB {
		t.Errorf("the live Go heap grew from %.0f to %.0f bytes", warm.Heap, end.Heap)
	}
	if end.JSHeap > warm.JSHeap+384*kB {
		t.Errorf("the JavaScript heaps grew from %.0f to %.0f bytes", warm.JSHeap, end.JSHeap)
	}
	if end.Nodes != warm.Nodes {
		t.Errorf("the pages' elements went from %.0f to %.0f", warm.Nodes, end.Nodes)
	}
	p.noConsoleErrors()
}
