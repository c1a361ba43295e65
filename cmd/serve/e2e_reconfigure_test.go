package main

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserReconfigureWhilePlaying drives the issue-7 crash and sequences
// like it through the page while the simulation plays: presets and config
// changes (N up and down, dim up and down, domain to domain, the spectraplex
// and back), each followed by a few frames. After each, the simulation must
// still step and draw: the API answers, stopped() is null, the step count
// advances, and the console holds no panic. Then run(k) takes its steps
// between frames while the page keeps answering.
func TestBrowserReconfigureWhilePlaying(t *testing.T) {
	p := openPage(t, "?preset=paper-e2-small-step", 1280, 800)
	sequence := []string{
		`{n: 3000}`, // the crash of issue 7: Spectrum was not grown
		`{n: 50}`, `{dim: 2}`, `{domain: 'simplex'}`, `{dim: 5, n: 2000}`, `{dim: 1}`,
		`{domain: 'box'}`, `{domain: 'ball', dim: 3}`, `{domain: 'spectraplex', dim: 1}`,
		`{domain: 'spectraplex', dim: 3, n: 600}`, `{domain: 'polygon'}`, `{domain: 'plane', n: 5000}`,
		`{domain: 'simplex', dim: 2, n: 400}`,
	}
	eval[bool](p, `(mmfld.play(), true)`)
	for _, patch := range sequence {
		eval[bool](p, `(mmfld.setConfig(`+patch+`), true)`)
		before := eval[metrics](p, `mmfld.metrics()`).Step
		// Playing: the step count moves within a few frames.
		after := settle(p, `mmfld.metrics().step`, func(s int64) bool { return s > before })
		if after <= before {
			t.Fatalf("after setConfig(%s) the simulation stopped stepping (step %d); console: %s", patch, after, strings.Join(p.allMessages(), "\n"))
		}
		if why := eval[string](p, `mmfld.stopped() || ''`); why != "" {
			t.Fatalf("after setConfig(%s): stopped: %s", patch, why)
		}
	}
	if !eval[bool](p, `mmfld.playing()`) {
		t.Error("the sequence left the simulation paused")
	}

	// run(k): a Promise; the page answers while it runs.
	start := eval[int64](p, `(mmfld.pause(), window.runDone = null, window.runStart = mmfld.metrics().step,
		mmfld.run(3000).then((m) => { window.runDone = m.step; }), window.runStart)`)
	deadline := time.Now().Add(2 * time.Minute)
	answered := 0
	for eval[any](p, `window.runDone`) == nil && time.Now().Before(deadline) {
		eval[metrics](p, `mmfld.metrics()`) // the API answers between slices
		answered++
		time.Sleep(20 * time.Millisecond)
	}
	done := eval[int64](p, `window.runDone ?? -1`)
	if done < 0 {
		t.Fatal("run(3000) did not finish within 2 minutes")
	}
	if answered < 2 {
		t.Errorf("the page answered %d times while run(3000) ran; want it sliced between frames", answered)
	}
	if done != start+3000 {
		t.Errorf("run(3000) resolved at step %d, having started at %d", done, start)
	}
	if th := throws(p, `mmfld.run(0)`); !th.Threw || !strings.Contains(th.Message, "k") {
		t.Errorf("run(0) = %+v, want an error naming k", th)
	}
	p.noConsoleErrors()
}

// TestBrowserUnusedFields checks that the panel shows only the controls the
// run uses, as options().fields[].usedBy (the engine's registry) says: the
// others are hidden (a whole group when none of its fields is used) until
// "Show the … fields this run does not use" is pressed, and then carry a
// note naming who uses them.
func TestBrowserUnusedFields(t *testing.T) {
	p := openPage(t, "?domain=simplex&objective=meanmatch", 1280, 800)
	shown := func(field string) bool {
		return eval[bool](p, `document.querySelector('[data-field="`+field+`"]').getClientRects().length > 0`)
	}
	note := func(field string) string {
		return eval[string](p, `(() => { const r = document.querySelector('[data-field="`+field+`"]');
			return r.classList.contains('unused') ? r.querySelector('.used-note').textContent : ''; })()`)
	}
	settle(p, `document.querySelector('[data-field="kappa"]').classList.contains('unused')`, func(b bool) bool { return b })
	notes := map[string]string{
		"beta": "", "q": "", "lambda": "",
		"kappa": "only used by interaction", "radius": "only used by the ball",
		"gamma": "only used by meanmatch on the spectraplex", "substeps": "only used by mmfld-substep",
	}
	for field, want := range notes {
		if got := shown(field); got != (want == "") {
			t.Errorf("%s: shown %v, want %v", field, got, want == "")
		}
	}
	if n := eval[int](p, `document.querySelectorAll('#controls .row.unused').length`); n < 10 {
		t.Errorf("%d unused fields on meanmatch on the simplex; want the polygon's, the box's, the ball's… (at least 10)", n)
	}
	// The disclosure brings them back, with their notes; pressed again, it hides them.
	if err := chromedp.Do(p.ctx, chromedp.Click(chromedp.CSS(`#show-unused`))); err != nil {
		t.Fatal(err)
	}
	for field, want := range notes {
		if !shown(field) {
			t.Errorf("after Show: %s still hidden", field)
		}
		if got := note(field); got != want {
			t.Errorf("%s: note %q, want %q", field, got, want)
		}
	}
	if got := eval[string](p, `document.getElementById('show-unused').getAttribute('aria-expanded')`); got != "true" {
		t.Errorf("the disclosure's aria-expanded is %q after opening", got)
	}
	if err := chromedp.Do(p.ctx, chromedp.Click(chromedp.CSS(`#show-unused`))); err != nil {
		t.Fatal(err)
	}
	if shown("kappa") {
		t.Error("after Hide: kappa still shown")
	}
	// The algorithm menu offers what runs the current objective here:
	// proximal (meanmatch's barrier step) on the simplex, not on the box.
	offered := func(algorithm string) bool {
		return eval[bool](p, `!document.querySelector('#controls select[name="algorithm"] option[value="`+algorithm+`"]').hidden`)
	}
	if !offered("proximal") || !offered("projected") {
		t.Errorf("meanmatch on the simplex: proximal offered %v, projected %v; want both", offered("proximal"), offered("projected"))
	}
	eval[bool](p, `(mmfld.setConfig({domain: 'box', objective: 'interaction'}), true)`)
	settle(p, `document.querySelector('[data-field="kappa"]').classList.contains('unused')`, func(b bool) bool { return !b })
	if offered("proximal") || !offered("mmfld") {
		t.Errorf("interaction on the box: proximal offered %v, mmfld %v; want mmfld only", offered("proximal"), offered("mmfld"))
	}
	if !shown("kappa") || shown("beta") || shown("q") {
		t.Errorf("interaction on the box: kappa shown %v, beta %v, q %v; want kappa only", shown("kappa"), shown("beta"), shown("q"))
	}
	eval[chromedp.Void](p, `document.getElementById('show-unused').click()`)
	if got := note("beta"); got != "only used by meanmatch" {
		t.Errorf("interaction on the box: beta noted %q, want %q", got, "only used by meanmatch")
	}
	p.noConsoleErrors()
}
