package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserCompareAPI drives the comparison through window.mmfld:
// compare(patch) starts side b (the current config patched) and returns its
// config; getConfig, setConfig, metrics, particles and history take an
// optional side; step moves both; exportCSV writes either side; compare(null)
// ends it, after which side "b" is an error. A link with a comparison starts
// one too. Both sides on one config (compare({})) move through the same
// bits, stepped and played.
func TestBrowserCompareAPI(t *testing.T) {
	p := openPage(t, "?n=300", 1280, 800)
	eval[bool](p, `(mmfld.pause(), true)`)
	if got := eval[string](p, `mmfld.compare({algorithm: 'projected', beta: 0}).algorithm`); got != "projected" {
		t.Fatalf("compare({algorithm: 'projected'}) returned algorithm %q", got)
	}
	if !eval[bool](p, `mmfld.comparing()`) {
		t.Fatal("comparing() is false after compare(patch)")
	}
	if a, b := eval[string](p, `mmfld.getConfig().algorithm`), eval[string](p, `mmfld.getConfig('b').algorithm`); a != "mmfld" || b != "projected" {
		t.Errorf("getConfig: a %q, b %q", a, b)
	}
	eval[bool](p, `(mmfld.step(40), true)`)
	if a, b := eval[int64](p, `mmfld.metrics('a').step`), eval[int64](p, `mmfld.metrics('b').step`); a != 40 || b != 40 {
		t.Errorf("after step(40): a at %d, b at %d", a, b)
	}
	if n := eval[int](p, `mmfld.particles('b').primal.length`); n != 300*3 {
		t.Errorf("particles('b').primal has %d numbers, want 900", n)
	}
	if n := eval[int](p, `mmfld.history('b').length`); n != 2 {
		t.Errorf("history('b') has %d points, want 2 (steps 0 and 40)", n)
	}
	if got := eval[float64](p, `mmfld.setConfig({eta: 0.001}, 'b').eta`); got != 0.001 {
		t.Errorf("setConfig({eta}, 'b') returned eta %v", got)
	}
	if got := eval[float64](p, `mmfld.getConfig('a').eta`); got == 0.001 {
		t.Error("setConfig(…, 'b') changed side a")
	}
	if csv := eval[string](p, `mmfld.exportCSV('history', 'b')`); !strings.HasPrefix(csv, "step,F,L,boundaryMass") {
		t.Errorf("exportCSV('history', 'b') = %.60q", csv)
	}
	if q := eval[string](p, `mmfld.query()`); !strings.Contains(q, "b.algorithm=projected") {
		t.Errorf("query() while comparing = %q, want side b's fields", q)
	}
	if th := throws(p, `mmfld.metrics('c')`); !th.Threw || !strings.Contains(th.Message, "side") {
		t.Errorf("metrics('c') = %+v, want an error naming side", th)
	}
	if th := throws(p, `mmfld.compare({eta: -1})`); !th.Threw || !strings.Contains(th.Message, "eta") {
		t.Errorf("compare({eta: -1}) = %+v, want an error naming eta", th)
	}
	if !eval[bool](p, `mmfld.compare(null) === null && !mmfld.comparing()`) {
		t.Fatal("compare(null) did not end the comparison")
	}
	if th := throws(p, `mmfld.getConfig('b')`); !th.Threw || !strings.Contains(th.Message, "compare") {
		t.Errorf("getConfig('b') after the comparison = %+v", th)
	}
	eval[bool](p, `(mmfld.applyLink('preset=dirichlet&b.algorithm=mirrored'), true)`)
	if !eval[bool](p, `mmfld.comparing() && mmfld.getConfig('b').algorithm === 'mirrored' && mmfld.getConfig().objective === 'dirichlet'`) {
		t.Error("applyLink with b.algorithm did not start the comparison")
	}
	if th := throws(p, `mmfld.parseLesson('{"title": "x", "steps": [{"title": "a", "text": "b", "link": "eta=-1"}]}')`); !th.Threw || !strings.Contains(th.Message, "step 1") {
		t.Errorf("parseLesson of a bad step = %+v", th)
	}
	// Both sides on the same config: the same trajectory, bit for bit, in
	// the page (compare({}) patches nothing), stepped and played.
	same := eval[string](p, `(() => {
		mmfld.compare(null);
		mmfld.setConfig({n: 200});
		mmfld.compare({});
		mmfld.step(25);
		const same = () => {
			const a = mmfld.particles('a'), b = mmfld.particles('b');
			return a.primal.length > 0 && a.primal.every((v, i) => Object.is(v, b.primal[i])) && a.dual.every((v, i) => Object.is(v, b.dual[i]))
				&& mmfld.metrics('a').step === mmfld.metrics('b').step;
		};
		return same() ? 'same' : 'differ after step(25)';
	})()`)
	if same == "same" {
		eval[chromedp.Void](p, `(mmfld.play(), new Promise(r => setTimeout(r, 500)).then(() => mmfld.pause()))`)
		same = eval[string](p, `(() => {
			const a = mmfld.particles('a'), b = mmfld.particles('b');
			return mmfld.metrics('a').step > 25 && a.primal.every((v, i) => Object.is(v, b.primal[i])) ? 'same' : 'differ after playing';
		})()`)
	}
	if same != "same" {
		t.Errorf("both sides on one config: the particles %s", same)
	}
	p.noConsoleErrors()
}

// TestBrowserCompareFromLink: a page opened on a link with a comparison
// runs both sides.
func TestBrowserCompareFromLink(t *testing.T) {
	p := openPage(t, `?n=200&compare={"algorithm":"projected"}`, 1280, 800)
	if !eval[bool](p, `mmfld.urlError === null && mmfld.comparing() && mmfld.getConfig('b').algorithm === 'projected'`) {
		t.Fatalf("the link's comparison is not running: urlError %v", eval[any](p, `mmfld.urlError`))
	}
	p.noConsoleErrors()
}
