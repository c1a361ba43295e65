package main

import (
	"context"
	"encoding/json"
	"fmt"
	"image"
	"math"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// The panel page of issue 8: the preset gallery, the controls that apply
// to the run, lessons, embedding and sharing, export and import.

// visible is a JavaScript expression: whether the element sel is rendered.
func visible(sel string) string {
	return `(() => { const e = document.querySelector('` + sel + `'); return !!e && e.getClientRects().length > 0; })()`
}

// TestBrowserPresetGallery: a card per preset with its title and what to
// watch for in two sentences; choosing one (by click or keyboard) applies it as a link, its
// comparison too, and its explanation stays beside the simulation while it
// runs, until the config changes by hand.
func TestBrowserPresetGallery(t *testing.T) {
	p := openPage(t, "", 1280, 900)
	cards := eval[[]string](p, `[...document.querySelectorAll('#gallery .card')].map(c => c.dataset.preset + ': ' + c.querySelector('.card-title').textContent)`)
	want := eval[[]string](p, `mmfld.options().presets.map(p => p.name + ': ' + p.title)`)
	if strings.Join(cards, "\n") != strings.Join(want, "\n") || len(cards) < 5 {
		t.Errorf("gallery cards:\n%s\nwant one per preset:\n%s", strings.Join(cards, "\n"), strings.Join(want, "\n"))
	}
	// Each card says what to watch for in at most two sentences, the start
	// of its preset's doc (which shows whole once chosen).
	for _, c := range eval[[]struct{ Name, Card, Doc string }](p, `[...document.querySelectorAll('#gallery .card')].map(c => ({
		Name: c.dataset.preset, Card: c.querySelector('.card-doc').textContent,
		Doc: mmfld.options().presets.find(p => p.name === c.dataset.preset).doc}))`) {
		if n := len(regexp.MustCompile(`\.\s+[A-Z]`).FindAllString(c.Card, -1)) + 1; n > 2 || c.Card == "" || !strings.HasPrefix(c.Doc, c.Card) {
			t.Errorf("the %s card says %q (%d sentences); want the first one or two of its doc %q", c.Name, c.Card, n, c.Doc)
		}
	}
	// The default run is the first preset: its explanation shows.
	if got := settle(p, `document.getElementById('preset-about').dataset.preset`, func(s string) bool { return s != "" }); got != "meanmatch" {
		t.Errorf("on the default run the explanation shown is %q, want meanmatch", got)
	}

	if err := chromedp.Do(p.ctx, chromedp.Click(chromedp.CSS(`#gallery .card[data-preset="uniform-hazard"]`))); err != nil {
		t.Fatal(err)
	}
	got := eval[string](p, `(() => { const c = mmfld.getConfig(); return c.algorithm + ' ' + c.alpha.join(',') + ' ' + mmfld.comparing() + ' ' + mmfld.getConfig('b').algorithm; })()`)
	if got != "mmfld 1,1,1 true mirrored" {
		t.Errorf("after the uniform-hazard card: %q, want mmfld against mirrored with alpha 1,1,1", got)
	}
	doc := eval[string](p, `mmfld.options().presets.find(p => p.name === 'uniform-hazard').doc`)
	eval[chromedp.Void](p, `mmfld.play()`)
	// It stays while the run plays: the poll has run several times.
	for range 3 {
		settle(p, `mmfld.metrics().step`, func(s int64) bool { return s > 30 })
	}
	about := eval[string](p, `(() => { const a = document.getElementById('preset-about'); return a.hidden ? '(hidden)' : a.textContent; })()`)
	if !strings.Contains(about, doc) || !eval[bool](p, visible("#preset-about")) {
		t.Errorf("while uniform-hazard runs the explanation shows %q, want its doc %q", about, doc)
	}
	if pressed := eval[[]string](p, `[...document.querySelectorAll('#gallery .card[aria-pressed=true]')].map(c => c.dataset.preset)`); strings.Join(pressed, ",") != "uniform-hazard" {
		t.Errorf("cards marked chosen: %v", pressed)
	}
	// A change by hand ends it.
	eval[chromedp.Void](p, `mmfld.setConfig({eta: 0.004})`)
	if !settle(p, `document.getElementById('preset-about').hidden`, func(b bool) bool { return b }) {
		t.Error("after setConfig({eta: 0.004}) the preset's explanation still shows")
	}

	// By keyboard: focus a card, press Enter.
	if err := chromedp.Do(p.ctx,
		chromedp.Focus(chromedp.CSS(`#gallery .card[data-preset="dirichlet"]`)),
		chromedp.KeyEvent("\r"),
	); err != nil {
		t.Fatal(err)
	}
	if got := settle(p, `mmfld.getConfig().objective + ' ' + mmfld.comparing()`, func(s string) bool { return s == "dirichlet false" }); got != "dirichlet false" {
		t.Errorf("Enter on the dirichlet card: %q, want the dirichlet objective and no comparison", got)
	}
	if got := eval[string](p, `document.getElementById('preset-about').dataset.preset`); got != "dirichlet" {
		t.Errorf("after Enter on the dirichlet card the explanation is of %q", got)
	}
	p.noConsoleErrors()
}

// navigate loads the playground at query in p's tab and waits for
// mmfld.ready.
func (p *page) navigate(query string) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, chromedp.Navigate(p.srv.URL+"/"+query)); err != nil {
		p.t.Fatalf("loading %s: %v", query, err)
	}
	eval[chromedp.Void](p, `mmfld.ready.then(() => undefined)`)
}

// lessonShown is what the lesson pane shows of its step.
type lessonShown struct {
	Visible bool     `json:"visible"`
	Title   string   `json:"title"`
	Count   string   `json:"count"`
	Text    string   `json:"text"`
	Try     []string `json:"try"`
	Prev    bool     `json:"prev"` // enabled
	Next    bool     `json:"next"`
	Err     string   `json:"err"`
}

const lessonShownJS = `(() => { const $ = (id) => document.getElementById(id);
	return {visible: $('lesson').getClientRects().length > 0 && !$('lesson-step').hidden,
		title: $('lesson-step-title').textContent, count: $('lesson-count').textContent,
		text: $('lesson-text').textContent, try: [...$('lesson-try').children].map(li => li.textContent),
		prev: !$('lesson-prev').disabled, next: !$('lesson-next').disabled, err: $('lesson-err').textContent}; })()`

// TestBrowserLessons: ?lesson=URL opens a shipped lesson beside the
// simulation; each step shows its title, text and prompts and applies its
// link; Previous and Next move through it. A lesson on another origin is
// refused in words; a pasted lesson is checked, its error naming the step.
func TestBrowserLessons(t *testing.T) {
	p := openPage(t, "?lesson=lessons/why-mirror.json", 1400, 900)
	type step struct {
		Title string   `json:"title"`
		Text  string   `json:"text"`
		Link  string   `json:"link"`
		Try   []string `json:"try"`
	}
	steps := eval[[]step](p, `fetch('lessons/why-mirror.json').then(r => r.text()).then(t => mmfld.parseLesson(t).steps)`)
	if len(steps) < 3 {
		t.Fatalf("why-mirror has %d steps", len(steps))
	}
	if src := eval[string](p, `document.getElementById('sim').src`); strings.Contains(src, "lesson") {
		t.Errorf("the simulation frame was given the page's parameter: %s", src)
	}
	// linkQuery is the query() that applying link gives.
	linkQuery := func(link string) string {
		return eval[string](p, `(() => { const q = mmfld.query(); mmfld.applyLink(`+jsString(link)+`); const want = mmfld.query(); mmfld.applyLink(q); return want; })()`)
	}
	for i, s := range steps {
		if i > 0 {
			if err := chromedp.Do(p.ctx, chromedp.Click(chromedp.CSS("#lesson-next"))); err != nil {
				t.Fatal(err)
			}
		}
		got := settle(p, lessonShownJS, func(l lessonShown) bool { return l.Title == s.Title })
		if !got.Visible || got.Text != s.Text || strings.Join(got.Try, "|") != strings.Join(s.Try, "|") || got.Err != "" {
			t.Errorf("step %d: the pane shows %+v, want %+v", i+1, got, s)
		}
		if want := fmt.Sprintf("Step %d of %d", i+1, len(steps)); got.Count != want {
			t.Errorf("step %d: count %q, want %q", i+1, got.Count, want)
		}
		if got.Prev != (i > 0) || got.Next != (i < len(steps)-1) {
			t.Errorf("step %d: previous enabled %v, next %v", i+1, got.Prev, got.Next)
		}
		if q, want := eval[string](p, `mmfld.query()`), linkQuery(s.Link); q != want {
			t.Errorf("step %d: the run is %q, want its link's %q", i+1, q, want)
		}
	}
	if err := chromedp.Do(p.ctx, chromedp.Click(chromedp.CSS("#lesson-prev"))); err != nil {
		t.Fatal(err)
	}
	if got := settle(p, lessonShownJS, func(l lessonShown) bool { return l.Title == steps[len(steps)-2].Title }); got.Title != steps[len(steps)-2].Title {
		t.Errorf("Previous from the last step shows %q", got.Title)
	}
	if focused := eval[string](p, `document.activeElement.id`); focused != "lesson-step-title" {
		t.Errorf("after Previous the focus is on %q, want the step's title", focused)
	}

	// Another origin: refused in words, nothing fetched from it.
	p.navigate("?lesson=" + url.QueryEscape("http://lessons.example/one.json"))
	msg := settle(p, `document.getElementById('lesson-err').textContent`, func(s string) bool { return s != "" })
	if !strings.Contains(msg, "http://lessons.example is another site") || !strings.Contains(msg, "Paste") {
		t.Errorf("a lesson on another origin: %q, want it refused naming the origin", msg)
	}
	for _, r := range p.requests {
		if strings.HasPrefix(r, "http://lessons.example") {
			t.Errorf("the page requested %s", r)
		}
	}
	// The shipped list, then a pasted lesson: refused naming its step, then accepted.
	if n := settle(p, `document.querySelectorAll('#lesson-list button').length`, func(n int) bool { return n == 3 }); n != 3 {
		t.Errorf("the picker lists %d shipped lessons, want 3", n)
	}
	bad := `{"title": "Mine", "steps": [{"title": "One", "text": "t", "link": "eta=0.01"}, {"title": "Two", "text": "t", "link": "eta=-1"}]}`
	paste := func(text string) string {
		return eval[string](p, `(() => { document.getElementById('lesson-paste').value = `+jsString(text)+`;
			document.getElementById('lesson-load').click(); return new Promise(ok => setTimeout(ok, 100)); })()
			.then(() => document.getElementById('lesson-err').textContent)`)
	}
	if e := paste(bad); !strings.Contains(e, "step 2") || !strings.Contains(e, "eta") {
		t.Errorf("a pasted lesson with a bad link in step 2: %q, want an error naming step 2 and eta", e)
	}
	if e := paste(`{"title": "Mine"`); !strings.Contains(e, "not a lesson's JSON") {
		t.Errorf("pasted broken JSON: %q", e)
	}
	if e := paste(strings.Replace(bad, "eta=-1", "eta=0.02", 1)); e != "" {
		t.Errorf("a good pasted lesson: error %q", e)
	}
	if got := eval[lessonShown](p, lessonShownJS); got.Title != "One" || eval[float64](p, `mmfld.getConfig().eta`) != 0.01 {
		t.Errorf("the pasted lesson shows %+v, eta %v; want step One at eta 0.01", got, eval[float64](p, `mmfld.getConfig().eta`))
	}
	p.noConsoleErrors()
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestBrowserEveryone: sliders announce their value (aria-valuetext), the
// key readouts reach a polite live region, a reader who asks for less
// motion gets a paused start, and below 700 px the panel stacks under the
// simulation with thumb-sized controls, and the picture stacks its panels.
func TestBrowserEveryone(t *testing.T) {
	p := openPage(t, "?eta=0.002", 1280, 800)
	if got := settle(p, `document.querySelector('[data-field="eta"] input[type=range]').getAttribute('aria-valuetext')`, func(s string) bool { return s == "0.002" }); got != "0.002" {
		t.Errorf("the η slider's aria-valuetext is %q, want 0.002", got)
	}
	eval[chromedp.Void](p, `mmfld.setConfig({eta: 0.004})`)
	if got := settle(p, `document.querySelector('[data-field="eta"] input[type=range]').getAttribute('aria-valuetext')`, func(s string) bool { return s == "0.004" }); got != "0.004" {
		t.Errorf("after setConfig({eta: 0.004}) the η slider's aria-valuetext is %q", got)
	}
	live := settle(p, `document.getElementById('live').textContent`, func(s string) bool { return strings.HasPrefix(s, "step ") })
	// At a calm rate: over 4.5 s of play (the panel polls at 5 Hz) it
	// changes at most three times (every 2 s: two or three).
	if n := eval[int](p, `new Promise((ok) => {
		const live = document.getElementById('live');
		let changes = 0;
		const seen = new MutationObserver(() => changes++);
		seen.observe(live, {childList: true, characterData: true, subtree: true});
		mmfld.play();
		setTimeout(() => { seen.disconnect(); ok(changes); }, 4500);
	})`); n < 1 || n > 3 {
		t.Errorf("the live region changed %d times in 4.5 s of play, want 1 to 3 (every 2 s)", n)
	}
	if !strings.Contains(live, "F ") || !strings.Contains(live, "boundary mass") || eval[string](p, `document.getElementById('live').getAttribute('aria-live')`) != "polite" {
		t.Errorf("the live region says %q", live)
	}
	if !eval[bool](p, `mmfld.playing()`) {
		t.Error("the default start does not play")
	}

	if err := chromedp.Do(p.ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}}})
		return err
	})); err != nil {
		t.Fatal(err)
	}
	p.navigate("")
	if eval[bool](p, `mmfld.playing()`) {
		t.Error("prefers-reduced-motion: the simulation starts playing")
	}
	p.navigate("?autoplay=1")
	if !eval[bool](p, `mmfld.playing()`) {
		t.Error("prefers-reduced-motion with autoplay=1: the simulation starts paused")
	}

	if err := chromedp.Do(p.ctx, chromedp.EmulateViewport(600, 900)); err != nil {
		t.Fatal(err)
	}
	type box struct{ Top, Bottom, Left, Width float64 }
	rects := settle(p, `[document.querySelector('.frame-box'), document.querySelector('.panel')].map(e => { const r = e.getBoundingClientRect(); return {Top: r.top, Bottom: r.bottom, Left: r.left, Width: r.width}; })`,
		func(b []box) bool { return b[1].Top >= b[0].Bottom })
	if rects[1].Top < rects[0].Bottom || rects[1].Width < 500 {
		t.Errorf("at 600 px the panel is at %+v, the simulation at %+v: want the panel under it, full width", rects[1], rects[0])
	}
	// Thumb-sized controls: every visible button and menu at least 40 px
	// high, every slider 32.
	if small := eval[[]string](p, `[...document.querySelectorAll('button, select, input[type=range]')]
		.filter((e) => e.getClientRects().length > 0 && e.getBoundingClientRect().height < (e.type === 'range' ? 32 : 40))
		.map((e) => (e.id || e.className || e.tagName) + ' ' + e.getBoundingClientRect().height.toFixed(0) + ' px')`); len(small) > 0 {
		t.Errorf("at 600 px these controls are too small for a thumb: %q", small)
	}
	// The picture stacks its two panels in a frame twice as high as wide,
	// and a comparison its four in one four times as high.
	if h, w := rects[0].Bottom-rects[0].Top, rects[0].Width; math.Abs(h-2*w) > 2 {
		t.Errorf("at 600 px the simulation is %v×%v, want twice as high as wide", w, h)
	}
	type size struct{ Width, Height int }
	picture := `(() => { const f = mmfld.frameTimes(); return {Width: f.width, Height: f.height}; })()`
	if got := settle(p, picture, func(s size) bool { return s.Width == 600 }); got != (size{600, 1200}) {
		t.Errorf("at 600 px the picture is %+v, want the stacked 600×1200", got)
	}
	eval[chromedp.Void](p, `mmfld.compare({algorithm: 'projected'})`)
	if got := settle(p, picture, func(s size) bool { return s.Height == 2400 }); got != (size{600, 2400}) {
		t.Errorf("comparing at 600 px the picture is %+v, want the stacked 600×2400", got)
	}
	tall := settle(p, `(() => { const r = document.querySelector('.frame-box').getBoundingClientRect(); return {Top: r.top, Bottom: r.bottom, Left: r.left, Width: r.width}; })()`,
		func(b box) bool { return math.Abs(4*b.Width-(b.Bottom-b.Top)) <= 4 })
	if math.Abs(4*tall.Width-(tall.Bottom-tall.Top)) > 4 {
		t.Errorf("comparing at 600 px the simulation is %+v, want four times as high as wide", tall)
	}
	// All four panels drawn, and side b's label (its orange) in its
	// primal panel, the second quarter (a viewport tall enough to see the
	// whole frame).
	if err := chromedp.Do(p.ctx, chromedp.EmulateViewport(600, 2700)); err != nil {
		t.Fatal(err)
	}
	settle(p, `document.querySelector('.frame-box').getBoundingClientRect().bottom < 2700`, func(b bool) bool { return b })
	img, r := p.frameShot()
	quarter := (r.Max.Y - r.Min.Y) / 4
	for i := range 4 {
		band := image.Rect(r.Min.X, r.Min.Y+i*quarter, r.Max.X, r.Min.Y+(i+1)*quarter)
		if n := ink(img, band); n < 3000 {
			t.Errorf("comparing at 600 px: ink %d in quarter %d, want a panel drawn there (≥ 3000)", n, i+1)
		}
		if i < 2 {
			n := colourCount(img, image.Rect(band.Min.X, band.Min.Y, band.Max.X, band.Min.Y+quarter/4), sideB, 40)
			if (i == 1) != (n >= 20) {
				t.Errorf("comparing at 600 px: %d pixels of side b's orange at the top of quarter %d; want b's label at the top of the second only", n, i+1)
			}
		}
	}
	if err := chromedp.Do(p.ctx, chromedp.EmulateViewport(600, 900)); err != nil {
		t.Fatal(err)
	}
	eval[chromedp.Void](p, `mmfld.compare(null)`)
	if got := settle(p, picture, func(s size) bool { return s.Width == 600 }); got != (size{600, 1200}) {
		t.Errorf("after the comparison at 600 px the picture is %+v, want the stacked 600×1200", got)
	}
	// The stacked picture draws both panels, the primal one over the dual
	// one (a viewport tall enough to see the whole frame).
	if err := chromedp.Do(p.ctx, chromedp.EmulateViewport(600, 1500)); err != nil {
		t.Fatal(err)
	}
	settle(p, picture, func(s size) bool { return s == size{600, 1200} })
	img, r = p.frameShot()
	midY := (r.Min.Y + r.Max.Y) / 2
	top, bottom := ink(img, image.Rect(r.Min.X, r.Min.Y, r.Max.X, midY)), ink(img, image.Rect(r.Min.X, midY, r.Max.X, r.Max.Y))
	t.Logf("stacked at 600 px: ink %d above, %d below", top, bottom)
	if top < 3000 || bottom < 3000 {
		t.Errorf("stacked at 600 px: ink %d in the upper half, %d in the lower; want both panels drawn (≥ 3000 each)", top, bottom)
	}
	p.noConsoleErrors()
}

// TestBrowserKeyboard walks the page with the Tab key alone: every control
// a pointer can use (each visible, enabled button, input, select, link and
// the simulation's frame) takes the focus in turn, and each shows it (the
// outline of :focus-visible); the picture's canvas, which takes every key
// for the game, lets Tab through (sim.js) instead of trapping the focus;
// then Space on the focused Play button pauses and plays.
func TestBrowserKeyboard(t *testing.T) {
	p := openPage(t, "", 1280, 800)
	want := eval[[]string](p, `(() => {
		const name = (e) => e.id || e.getAttribute('aria-label') || (e.tagName + ':' + (e.textContent || '').trim().slice(0, 24));
		return [...document.querySelectorAll('button, input, select, textarea, a[href], iframe, [tabindex]')]
			.filter((e) => !e.disabled && e.tabIndex >= 0 && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')
			.map(name);
	})()`)
	if len(want) < 10 {
		t.Fatalf("only %d focusable controls: %q", len(want), want)
	}
	type focus struct {
		Name    string `json:"name"`
		Outline string `json:"outline"`
	}
	seen := map[string]focus{}
	eval[chromedp.Void](p, `document.activeElement && document.activeElement.blur()`)
	missing := func() int {
		n := 0
		for _, name := range want {
			if _, ok := seen[name]; !ok {
				n++
			}
		}
		return n
	}
	for i := 0; i < 2*len(want) && missing() > 0; i++ {
		if err := chromedp.Do(p.ctx, chromedp.KeyEvent("\t")); err != nil {
			t.Fatal(err)
		}
		f := eval[focus](p, `(() => {
			const e = document.activeElement;
			if (!e || e === document.body) return {name: '', outline: ''};
			const name = e.id || e.getAttribute('aria-label') || (e.tagName + ':' + (e.textContent || '').trim().slice(0, 24));
			const s = getComputedStyle(e);
			return {name, outline: e.tagName === 'IFRAME' ? 'frame' : s.outlineStyle + ' ' + s.outlineWidth};
		})()`)
		if f.Name != "" {
			seen[f.Name] = f
		}
	}
	for _, name := range want {
		f, ok := seen[name]
		switch {
		case !ok:
			t.Errorf("%s never took the focus from the Tab key", name)
		case f.Outline != "frame" && (strings.HasPrefix(f.Outline, "none") || strings.HasSuffix(f.Outline, " 0px")):
			t.Errorf("%s shows no focus (outline %q)", name, f.Outline)
		}
	}
	t.Logf("%d controls, all reached by Tab", len(want))
	eval[chromedp.Void](p, `document.getElementById('play').focus()`)
	playing := eval[bool](p, `mmfld.playing()`)
	if err := chromedp.Do(p.ctx, chromedp.KeyEvent(" ")); err != nil {
		t.Fatal(err)
	}
	if got := eval[bool](p, `mmfld.playing()`); got == playing {
		t.Errorf("Space on the focused Play button left playing = %v", got)
	}
	p.noConsoleErrors()
}
