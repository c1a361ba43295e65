package main

import (
	"slices"
	"testing"
	"time"
)

// frameTimes is what mmfld.frameTimes() returns (render.FrameTimes): the
// Go time of the recent drawn frames, oldest first.
type frameTimes struct {
	Updates    []int     `json:"updates"`
	Steps      []int     `json:"steps"`
	StepMs     []float64 `json:"stepMs"`
	RecordMs   []float64 `json:"recordMs"`
	SnapshotMs []float64 `json:"snapshotMs"`
	BuildMs    []float64 `json:"buildMs"`
}

// browserFrameN and browserFrameSteps are the run BenchmarkBrowserFrame
// measures: issue 7's browser frame, N = 10,000 particles and 4 steps a
// frame, on the default preset (meanmatch on Δ²).
const (
	browserFrameN     = "10000"
	browserFrameSteps = 4
)

// BenchmarkBrowserFrame measures the Go time of the playground's frames in
// headless Chromium (WebAssembly, WebGL through SwiftShader) at N = 10,000
// with stepsPerFrame = 4, from mmfld.frameTimes(): each iteration waits for
// 24 more drawn frames (after 8 to warm up) and reports medians over them:
//
//   - ms/frame: 4 steps at the frame's measured cost per step, plus
//     building both panels' vertex buffers and the text (render's Draw
//     after the snapshot): issue 7's figure, target ≤ 8 ms;
//   - step-ms/step: one engine step;
//   - build-ms: building the picture;
//   - record-ms: computing the readouts of the state drawn (the entropy
//     estimate above all), for the history and the text, once a frame;
//     and snapshot-ms: copying the state out for drawing; neither is part
//     of the figure above;
//   - go-ms/frame: all the Go time of a frame, as played: its steps,
//     readouts, snapshot and build;
//   - steps/frame and updates/frame: what a drawn frame took;
//   - fps: frames drawn a second, over the last second (mmfld.fps()), as
//     headless Chromium presents them through SwiftShader: a slower
//     machine than a user's with a GPU.
//
// It is a benchmark, not a test: it asserts no time. Without Chromium it
// skips, like the browser tests.
func BenchmarkBrowserFrame(b *testing.B) {
	p := openPage(b, "?n="+browserFrameN+"&stepsPerFrame=4", 1280, 800)
	frames := func() frameTimes {
		return eval[frameTimes](p, `document.getElementById('sim').contentWindow.mmfld.frameTimes()`)
	}
	// waitFrames returns the times of the next k frames drawn after the
	// frame count reached since, waiting at most a minute.
	seen := 0
	waitFrames := func(k int) frameTimes {
		deadline := time.Now().Add(time.Minute)
		var ft frameTimes
		for {
			ft = frames()
			if len(ft.BuildMs) >= seen+k || time.Now().After(deadline) {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		// The log keeps the last 128 frames: take the k after seen.
		from := max(0, min(seen, len(ft.BuildMs)-k))
		to := min(len(ft.BuildMs), from+k)
		seen = to
		return frameTimes{ft.Updates[from:to], ft.Steps[from:to], ft.StepMs[from:to], ft.RecordMs[from:to], ft.SnapshotMs[from:to], ft.BuildMs[from:to]}
	}
	waitFrames(8)
	var frame, perStep, build, snapshot, record, total, steps, updates, fps []float64
	b.ResetTimer()
	for range b.N {
		ft := waitFrames(24)
		fps = append(fps, eval[float64](p, `document.getElementById('sim').contentWindow.mmfld.fps()`))
		if len(ft.BuildMs) < 24 {
			b.Fatalf("%d frames drawn in a minute, want 24", len(ft.BuildMs))
		}
		for i := range ft.BuildMs {
			if ft.Steps[i] == 0 {
				continue
			}
			s := ft.StepMs[i] / float64(ft.Steps[i])
			perStep = append(perStep, s)
			frame = append(frame, browserFrameSteps*s+ft.BuildMs[i])
			build = append(build, ft.BuildMs[i])
			snapshot = append(snapshot, ft.SnapshotMs[i])
			record = append(record, ft.RecordMs[i])
			total = append(total, ft.StepMs[i]+ft.RecordMs[i]+ft.SnapshotMs[i]+ft.BuildMs[i])
			steps = append(steps, float64(ft.Steps[i]))
			updates = append(updates, float64(ft.Updates[i]))
		}
	}
	b.StopTimer()
	if len(frame) == 0 {
		b.Fatal("no frame took a step: is the simulation playing?")
	}
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(median(frame), "ms/frame")
	b.ReportMetric(median(perStep), "step-ms/step")
	b.ReportMetric(median(build), "build-ms")
	b.ReportMetric(median(snapshot), "snapshot-ms")
	b.ReportMetric(median(record), "record-ms")
	b.ReportMetric(median(total), "go-ms/frame")
	b.ReportMetric(median(steps), "steps/frame")
	b.ReportMetric(median(updates), "updates/frame")
	b.ReportMetric(median(fps), "fps")
	p.noConsoleErrors()
}

// median returns the median of v (the mean of the middle two for an even
// length); v is sorted in place.
func median(v []float64) float64 {
	slices.Sort(v)
	n := len(v)
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}
