package main

import (
	"os"
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
// after it: the 10⁴ issue 8 asks for.
const (
	longSessionWarm   = 500
	longSessionFrames = 10000
)

// TestBrowserLongSession plays the default preset for longSessionFrames
// drawn frames after a warm-up, with the curves view (whose history fills
// and then thins) and the page's readouts refreshing, and checks that
// nothing grows: the memory Go has taken (the WebAssembly memory, which
// never shrinks), the live Go heap, the JavaScript heaps and the DOM. The
// page is small (N = 100, a 200×150 embed), to draw frames quickly.
//
// A browser presents at most 60 frames a second, so the test takes three
// minutes at best; make test runs it in a lane of its own, beside the
// engine's tests. With a display (make test runs under Xvfb) Chromium runs
// with one, and its WebGL on Mesa's llvmpipe through ANGLE's OpenGL backend:
// measured on the 2-core machine, 60 frames a second for 75% of a core in
// its GPU process, where headless Chromium's SwiftShader took 150% for 46.
// Without a display the test runs headless, on SwiftShader, and slower.
func TestBrowserLongSession(t *testing.T) {
	opts := []chromedp.ExecAllocatorOption{
		chromedp.Flag("enable-precise-memory-info", true), // performance.memory to the byte
		chromedp.Flag("js-flags", "--expose-gc"),          // gc() before each reading
	}
	if os.Getenv("DISPLAY") != "" {
		opts = append(opts,
			chromedp.Flag("headless", false),
			chromedp.Flag("disable-gpu", false),
			chromedp.Flag("enable-unsafe-swiftshader", false),
			chromedp.Flag("use-angle", "gl"),
			chromedp.Flag("ignore-gpu-blocklist", true)) // llvmpipe is on Chromium's software list
	}
	p := loadPageWithin(t, 15*time.Minute, "?n=100&embed=1&controls=none", 200, 150, opts...)
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

	// Measured (2026-11-30): over 10⁴ frames the Go heap grew by 2.6 kB,
	// the JavaScript heaps by 127 kB, the node count and the memory Go has
	// taken not at all (over 1000 and 2000 frames before, once by 256 kB:
	// the runtime taking its next chunk). The bounds below catch a leak of
	// 7 bytes a frame in the Go heap and of 40 in the JavaScript heaps.
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
