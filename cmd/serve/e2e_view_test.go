package main

import (
	"image"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// view is what mmfld.view() returns: render.View under its JSON names.
type view struct {
	Curves bool `json:"curves"`
	Log    bool `json:"log"`
}

// TestBrowserView drives the view through window.mmfld.view and the
// panel's two checkboxes: view() reads it, view({curves, log}) sets either
// field and returns the whole view, a wrong field or kind throws naming it;
// the checkboxes follow the API and set the view when clicked or toggled
// from the keyboard. The page keeps drawing both halves of the picture
// with a comparison running and the curves on, with no console errors.
// sideB is render's colSideB, side b's colour.
const sideB = 0xe69f00

func TestBrowserView(t *testing.T) {
	p := openPage(t, "?n=400", 1280, 800)
	if v := eval[view](p, `mmfld.view()`); v != (view{}) {
		t.Errorf("view() at the start = %+v, want both off", v)
	}
	if v := eval[view](p, `mmfld.view({curves: true})`); v != (view{Curves: true}) {
		t.Errorf("view({curves: true}) = %+v", v)
	}
	if v := eval[view](p, `mmfld.view({log: true})`); v != (view{Curves: true, Log: true}) {
		t.Errorf("view({log: true}) = %+v, want the curves kept on", v)
	}
	for call, field := range map[string]string{
		`mmfld.view({bogus: true})`: "bogus",
		`mmfld.view({curves: 1})`:   "curves",
		`mmfld.view(7)`:             "view",
	} {
		if th := throws(p, call); !th.Threw || !th.IsError || !strings.Contains(th.Message, field) {
			t.Errorf("%s = %+v, want an Error naming %s", call, th, field)
		}
	}
	if v := eval[view](p, `mmfld.view()`); v != (view{Curves: true, Log: true}) {
		t.Errorf("a refused view changed it: %+v", v)
	}

	// The checkboxes follow the API (the panel polls at 5 Hz) …
	if got := settle(p, `document.getElementById('view-curves').checked && document.getElementById('view-log').checked`,
		func(b bool) bool { return b }); !got {
		t.Error("the panel's checkboxes do not show the view the API set")
	}
	if label := eval[string](p, `document.querySelector('label[for=view-curves]').textContent.trim()`); label != "Curves" {
		t.Errorf("the curves checkbox is labelled %q", label)
	}
	// … and set it: a click, and the space bar on the focused box.
	if err := chromedp.Do(p.ctx, chromedp.Click(chromedp.CSS("#view-log"))); err != nil {
		t.Fatal(err)
	}
	if v := eval[view](p, `mmfld.view()`); v != (view{Curves: true}) {
		t.Errorf("after clicking Log scale: %+v, want the log scale off", v)
	}
	if err := chromedp.Do(p.ctx, chromedp.Focus(chromedp.CSS("#view-curves")), chromedp.KeyEvent(" ")); err != nil {
		t.Fatal(err)
	}
	if v := eval[view](p, `mmfld.view()`); v.Curves {
		t.Errorf("after the space bar on Curves: %+v, want the curves off", v)
	}

	// Side b's colour (render's colSideB, Okabe–Ito orange) marks its label
	// and its curves: none before a comparison, …
	eval[bool](p, `(mmfld.view({curves: true}), mmfld.play(), mmfld.step(30), true)`)
	img, r := p.frameShot()
	if n := colourCount(img, r, sideB, 40); n > 20 {
		t.Errorf("%d pixels of side b's orange before any comparison, want none", n)
	}
	// … and while comparing, b's label in the lower row of the primal
	// panels (a's above b's) and b's curves on the right.
	eval[bool](p, `(mmfld.compare({algorithm: 'projected'}), mmfld.step(30), true)`)
	img, r = p.frameShot()
	midX, midY := (r.Min.X+r.Max.X)/2, (r.Min.Y+r.Max.Y)/2
	top, bottom := colourCount(img, image.Rect(r.Min.X, r.Min.Y, midX, midY), sideB, 40), colourCount(img, image.Rect(r.Min.X, midY, midX, r.Max.Y), sideB, 40)
	curves := colourCount(img, image.Rect(midX, r.Min.Y, r.Max.X, r.Max.Y), sideB, 40)
	t.Logf("side b's orange while comparing: top-left %d, bottom-left %d, curves %d", top, bottom, curves)
	if bottom < 20 || top > bottom/4 || curves < 100 {
		t.Errorf("side b's orange while comparing: top-left %d, bottom-left %d (its label), right %d (its curves); want its label below and its curves drawn", top, bottom, curves)
	}

	// A comparison with the curves on draws both halves of the picture:
	// the primal panels on the left, the curves on the right.
	ink := p.panelInk()
	t.Logf("ink while comparing with the curves: left %d, right %d", ink[0], ink[1])
	if ink[0] < 3000 || ink[1] < 3000 {
		t.Errorf("ink while comparing with the curves: left %d, right %d, want ≥ 3000 each", ink[0], ink[1])
	}
	if fps := settle(p, `mmfld.fps()`, func(f float64) bool { return f > 0 }); !(fps > 0) {
		t.Errorf("fps() = %v while playing", fps)
	}
	// And without the curves: both dual panels again.
	eval[bool](p, `(mmfld.view({curves: false}), true)`)
	ink = p.panelInk()
	if ink[0] < 3000 || ink[1] < 3000 {
		t.Errorf("ink while comparing: left %d, right %d, want ≥ 3000 each", ink[0], ink[1])
	}
	p.noConsoleErrors()
}
