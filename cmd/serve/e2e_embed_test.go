package main

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserEmbedAndShare: embed=1 shows the simulation with a compact
// strip (play, step, reset, preset); hide= hides named controls;
// controls=none hides the panel; autoplay=0 starts paused; none of them
// reaches the simulation frame, whose URL reader refuses unknown fields.
// Share copies the link of the run (its comparison too), Embed an iframe
// snippet with embed=1 sized like the simulation. The embedded picture
// draws both panels (screenshot).
func TestBrowserEmbedAndShare(t *testing.T) {
	p := openPage(t, "?embed=1&hide=eta,lambda&autoplay=0&eta=0.01", 1000, 640)
	src := eval[string](p, `document.getElementById('sim').src`)
	if !strings.HasSuffix(src, "/sim.html?eta=0.01") {
		t.Errorf("the frame's URL is %s, want sim.html?eta=0.01 (the page's own parameters left out)", src)
	}
	if e := eval[string](p, `mmfld.urlError || ''`); e != "" || eval[float64](p, `mmfld.getConfig().eta`) != 0.01 {
		t.Errorf("urlError %q, eta %v: the config of the link did not reach the simulation", e, eval[float64](p, `mmfld.getConfig().eta`))
	}
	if eval[bool](p, `mmfld.playing()`) {
		t.Error("autoplay=0: the simulation plays")
	}
	for sel, want := range map[string]bool{
		"#play": true, "#step": true, "#reset": true, "#preset": true, "#sim": true,
		".top": false, ".info": false, `[data-field="n"]`: false, ".toolbar": false, ".gallery": false,
	} {
		if got := eval[bool](p, visible(sel)); got != want {
			t.Errorf("embed=1: %s shown %v, want %v", sel, got, want)
		}
	}
	// The embedded picture draws both panels.
	if ink := p.panelInk(); ink[0] < 3000 || ink[1] < 3000 {
		t.Errorf("embed=1: ink left %d, right %d; want both panels drawn (≥ 3000 each)", ink[0], ink[1])
	}
	// The strip works: Step steps; the address bar keeps embed=1.
	before := eval[int64](p, `mmfld.metrics().step`)
	if err := chromedp.Do(p.ctx, chromedp.Click(chromedp.CSS("#step"))); err != nil {
		t.Fatal(err)
	}
	if after := settle(p, `mmfld.metrics().step`, func(s int64) bool { return s > before }); after != before+1 {
		t.Errorf("Step in the strip: step %d → %d", before, after)
	}
	if q := settle(p, `location.search`, func(s string) bool { return strings.Contains(s, "eta=0.01") }); !strings.Contains(q, "embed=1") || !strings.Contains(q, "hide=eta") {
		t.Errorf("the address bar lost the page's parameters: %s", q)
	}

	// hide= on the full page: those rows never show, even with the unused ones.
	p.navigate("?hide=eta,lambda")
	eval[chromedp.Void](p, `document.getElementById('show-unused').click()`)
	for field, want := range map[string]bool{"eta": false, "lambda": false, "beta": true, "n": true} {
		if got := settle(p, visible(`[data-field="`+field+`"]`), func(b bool) bool { return b == want }); got != want {
			t.Errorf("hide=eta,lambda: %s shown %v, want %v", field, got, want)
		}
	}
	if !eval[bool](p, `mmfld.playing()`) {
		t.Error("without autoplay=0 the default run does not play")
	}
	// controls=none: no panel, the simulation stays.
	p.navigate("?controls=none")
	if eval[bool](p, visible(".panel")) || !eval[bool](p, visible("#sim")) {
		t.Errorf("controls=none: panel shown %v, simulation shown %v", eval[bool](p, visible(".panel")), eval[bool](p, visible("#sim")))
	}

	// Share: the link spells the run and its comparison, and opens it again.
	p.navigate("?eta=0.01")
	eval[chromedp.Void](p, `mmfld.compare({algorithm: 'projected'})`)
	if err := chromedp.Do(p.ctx, chromedp.Click(chromedp.CSS("#share"))); err != nil {
		t.Fatal(err)
	}
	link := settle(p, `document.getElementById('share-text').value`, func(s string) bool { return s != "" })
	if want := p.srv.URL + "/?" + eval[string](p, `mmfld.query()`); link != want || !strings.Contains(link, "b.algorithm=projected") {
		t.Errorf("Share gave %q, want %q (with side b)", link, want)
	}
	if note := eval[string](p, `document.getElementById('share-status').textContent`); note == "" {
		t.Error("Share says nothing of the clipboard")
	}
	if err := chromedp.Do(p.ctx, chromedp.Click(chromedp.CSS("#embed"))); err != nil {
		t.Fatal(err)
	}
	snippet := settle(p, `document.getElementById('share-text').value`, func(s string) bool { return strings.HasPrefix(s, "<iframe") })
	width := eval[int](p, `Math.round(document.querySelector('.frame-box').clientWidth)`)
	wantSrc := strings.ReplaceAll(link+"&embed=1", "&", "&amp;")
	if !strings.Contains(snippet, `src="`+wantSrc+`"`) || !strings.Contains(snippet, fmt.Sprintf(`width="%d"`, width)) {
		t.Errorf("Embed gave %s; want src %q and width %d", snippet, wantSrc, width)
	}
	// The shared link opens the same comparison.
	if err := chromedp.Do(p.ctx, chromedp.Navigate(link)); err != nil {
		t.Fatal(err)
	}
	eval[chromedp.Void](p, `mmfld.ready.then(() => undefined)`)
	if got := eval[string](p, `mmfld.comparing() + ' ' + mmfld.getConfig().eta + ' ' + mmfld.getConfig('b').algorithm`); got != "true 0.01 projected" {
		t.Errorf("the shared link opens %q, want the comparison at eta 0.01 against projected", got)
	}
	p.noConsoleErrors()
}

// coursePage is a page of another origin that frames the playground and
// drives it by postMessage: ask(method, args) resolves to the answer.
const coursePage = `<!doctype html><meta charset="utf-8"><title>A course page</title>
<iframe id="pg" src="%s/?autoplay=0" width="900" height="560"></iframe>
<script>
window.events = [];
window.answers = {};
let next = 1;
addEventListener('message', (e) => {
  const d = e.data;
  if (!d || d.mmfld !== 1) return;
  if (d.event) window.events.push({event: d.event, origin: e.origin});
  else window.answers[d.id] = Object.assign({origin: e.origin, has: Object.keys(d).sort().join(',')}, d);
});
window.ask = (method, args) => new Promise((ok) => {
  const id = next++;
  document.getElementById('pg').contentWindow.postMessage({mmfld: 1, id, method, args}, '*');
  const poll = () => (window.answers[id] ? ok(window.answers[id]) : setTimeout(poll, 20));
  poll();
});
</script>`

// TestBrowserPostMessage drives the playground from a page on another
// origin (another port): the ready event, answers, errors in words, and a
// promise (run) awaited before the answer.
func TestBrowserPostMessage(t *testing.T) {
	p := openPage(t, "", 1100, 700)
	course := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, coursePage, p.srv.URL)
	}))
	defer course.Close()
	if course.URL == p.srv.URL {
		t.Fatal("the course page is on the playground's origin")
	}
	if err := chromedp.Do(p.ctx, chromedp.Navigate(course.URL)); err != nil {
		t.Fatal(err)
	}
	type event struct{ Event, Origin string }
	events := settle(p, `window.events`, func(e []event) bool { return len(e) > 0 })
	if len(events) != 1 || events[0].Event != "ready" || events[0].Origin != p.srv.URL {
		t.Fatalf("events from the playground: %+v, want one ready from %s", events, p.srv.URL)
	}
	type answer struct {
		ID     int    `json:"id"`
		Result any    `json:"result"`
		Error  string `json:"error"`
		Origin string `json:"origin"`
		Has    string `json:"has"`
	}
	ask := func(method, args string) answer {
		return eval[answer](p, `ask(`+jsString(method)+`, `+args+`)`)
	}
	if a := ask("ready", "[]"); a.Result != true || a.Has != "id,mmfld,result" || a.Origin != p.srv.URL {
		t.Errorf("ready: %+v", a)
	}
	if a := ask("setConfig", `[{eta: 0.002, n: 300}]`); a.Error != "" || a.Result.(map[string]any)["eta"] != 0.002 {
		t.Errorf("setConfig({eta: 0.002}): %+v", a)
	}
	if a := ask("setConfig", `[{eta: -1}]`); a.Has != "error,id,mmfld" || !strings.Contains(a.Error, "eta") || !strings.Contains(a.Error, "-1") {
		t.Errorf("setConfig({eta: -1}): %+v, want an error naming eta", a)
	}
	if a := ask("getConfig", `[]`); a.Result.(map[string]any)["eta"] != 0.002 {
		t.Errorf("after the refused change eta is %v", a.Result.(map[string]any)["eta"])
	}
	start := ask("metrics", "[]").Result.(map[string]any)["step"].(float64)
	if a := ask("run", `[40]`); a.Error != "" || a.Result.(map[string]any)["step"].(float64) != start+40 {
		t.Errorf("run(40) from step %v: %+v", start, a)
	}
	if a := ask("compare", `[{algorithm: 'projected'}]`); a.Error != "" || a.Result.(map[string]any)["algorithm"] != "projected" {
		t.Errorf("compare: %+v", a)
	}
	if a := ask("particles", `['b']`); a.Error != "" || a.Result.(map[string]any)["n"] != 300.0 {
		t.Errorf("particles('b'): %+v", a)
	}
	if a := ask("version", "[]"); a.Result == nil || a.Error != "" {
		t.Errorf("version: %+v", a)
	}
	if a := ask("explode", "[]"); !strings.Contains(a.Error, `"explode" is not a method`) {
		t.Errorf("an unknown method: %+v", a)
	}
	if a := ask("step", `7`); !strings.Contains(a.Error, "args: must be an array") {
		t.Errorf("args not an array: %+v", a)
	}
	if a := ask("step", `[0]`); !strings.Contains(a.Error, "k") {
		t.Errorf("step(0): %+v", a)
	}
	p.noConsoleErrors()
}

// saved is a file the page offered to download.
type saved struct {
	Name string `json:"name"`
	Text string `json:"text"`
}

// catchDownloads makes the page's downloads land in window.saved instead:
// it keeps the blob behind each object URL the page makes and reads it when
// a download link is clicked. (Fetching the blob: URL would need connect-src
// blob: in the page's Content-Security-Policy, which the page itself does
// not need.)
const catchDownloads = `window.saved = []; window.blobs = new Map();
const createObjectURL = URL.createObjectURL;
URL.createObjectURL = (b) => { const u = createObjectURL(b); window.blobs.set(u, b); return u; };
HTMLAnchorElement.prototype.click = function () {
	if (!this.download) return;
	const name = this.download, b = window.blobs.get(this.href);
	window.saved.push((async () => ({name,
		text: name.endsWith('.png') ? (await new Promise(ok => { const r = new FileReader(); r.onload = () => ok(r.result); r.readAsDataURL(b); })).split(',')[1] : await b.text()}))());
};`

// TestBrowserExportImport: the PNG of the picture, the particles and
// history as CSV (both sides while comparing), the config as JSON ({a, b}
// while comparing); importing a config by the file picker and by dropping
// it on the page, errors in words naming the file and the field.
func TestBrowserExportImport(t *testing.T) {
	p := openPage(t, "?autoplay=0&n=400", 1280, 800)
	eval[chromedp.Void](p, `mmfld.step(20)`)
	eval[chromedp.Void](p, catchDownloads)
	take := func(button string) []saved {
		t.Helper()
		eval[chromedp.Void](p, `(window.saved = [], document.getElementById('`+button+`').click())`)
		settle(p, `window.saved.length`, func(n int) bool { return n > 0 })
		return eval[[]saved](p, `Promise.all(window.saved)`)
	}
	if got := take("export-particles"); len(got) != 1 || got[0].Name != "mmfld-particles.csv" || got[0].Text != eval[string](p, `mmfld.exportCSV('particles')`) {
		t.Errorf("Particles CSV: %d files, first %q", len(got), got[0].Name)
	}
	if got := take("export-history"); len(got) != 1 || got[0].Text != eval[string](p, `mmfld.exportCSV('history')`) || !strings.HasPrefix(got[0].Text, "step") {
		t.Errorf("History CSV: %+v", got)
	}
	if got := take("export-config"); len(got) != 1 || !eval[bool](p, `JSON.stringify(JSON.parse(`+jsString(got[0].Text)+`)) === JSON.stringify(mmfld.getConfig())`) {
		t.Errorf("Config JSON: %+v", got)
	}
	eval[chromedp.Void](p, `mmfld.compare({algorithm: 'projected'})`)
	if got := take("export-particles"); len(got) != 2 || got[1].Name != "mmfld-particles-b.csv" || got[1].Text != eval[string](p, `mmfld.exportCSV('particles', 'b')`) {
		t.Errorf("Particles CSV while comparing: %d files", len(got))
	}
	config := take("export-config")
	if len(config) != 1 || !eval[bool](p, `(() => { const c = JSON.parse(`+jsString(config[0].Text)+`);
		return JSON.stringify(c) === JSON.stringify({a: mmfld.getConfig('a'), b: mmfld.getConfig('b')}); })()`) {
		t.Errorf("Config JSON while comparing: %+v", config)
	}

	// The PNG: the picture of both panels, particles in each half.
	shot := take("export-png")
	if len(shot) != 1 || shot[0].Name != "mmfld.png" {
		t.Fatalf("PNG: %+v", shot)
	}
	raw, _ := base64.StdEncoding.DecodeString(shot[0].Text)
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("the PNG does not decode: %v", err)
	}
	b := img.Bounds()
	left, right := ink(img, image.Rect(0, 0, b.Dx()/2, b.Dy())), ink(img, image.Rect(b.Dx()/2, 0, b.Dx(), b.Dy()))
	t.Logf("PNG %v, inked pixels %d and %d", b.Size(), left, right)
	if b.Dx() < 400 || left < 500 || right < 500 {
		t.Errorf("the PNG is %v with %d and %d inked pixels in its halves: not the picture", b.Size(), left, right)
	}

	// Import: the file picker with one config ends the comparison.
	pick := func(name, text string) {
		eval[chromedp.Void](p, `(() => { const dt = new DataTransfer();
			dt.items.add(new File([`+jsString(text)+`], `+jsString(name)+`, {type: 'application/json'}));
			const input = document.getElementById('import-file'); input.files = dt.files;
			input.dispatchEvent(new Event('change')); })()`)
	}
	drop := func(name, text string) {
		eval[chromedp.Void](p, `(() => { const dt = new DataTransfer();
			dt.items.add(new File([`+jsString(text)+`], `+jsString(name)+`, {type: 'application/json'}));
			document.body.dispatchEvent(new DragEvent('dragover', {dataTransfer: dt, bubbles: true, cancelable: true}));
			document.body.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true})); })()`)
	}
	status := func() string { return eval[string](p, `document.getElementById('io-status').textContent`) }
	pick("one.json", `{"eta": 0.003, "objective": "dirichlet"}`)
	if got := settle(p, `mmfld.getConfig().eta + ' ' + mmfld.comparing()`, func(s string) bool { return s == "0.003 false" }); got != "0.003 false" {
		t.Errorf("importing one.json by the picker: %q (status %q)", got, status())
	}
	// Dropped: both sides of a comparison.
	drop("pair.json", config[0].Text)
	if got := settle(p, `mmfld.comparing() ? 'true ' + mmfld.getConfig('b').algorithm + ' ' + mmfld.getConfig().objective : 'false'`, func(s string) bool { return s == "true projected meanmatch" }); got != "true projected meanmatch" {
		t.Errorf("dropping the exported pair: %q (status %q)", got, status())
	}
	if eval[bool](p, `document.body.classList.contains('dragging')`) {
		t.Error("the drop hint stays after the drop")
	}
	// Errors in words, naming the file and the field; nothing changes.
	drop("bad.json", `{"eta": -1}`)
	if s := settle(p, `document.getElementById('io-status').textContent`, func(s string) bool { return strings.Contains(s, "bad.json") }); !strings.Contains(s, "eta") || !strings.Contains(s, "-1") {
		t.Errorf("importing {eta: -1}: %q", s)
	}
	pick("broken.json", `{"eta": `)
	if s := settle(p, `document.getElementById('io-status').textContent`, func(s string) bool { return strings.Contains(s, "broken.json") }); !strings.Contains(s, "not JSON") {
		t.Errorf("importing broken JSON: %q", s)
	}
	// A pair with a bad side b leaves side a too as it was (all or
	// nothing, mmfld.load).
	before := eval[string](p, `JSON.stringify([mmfld.getConfig('a'), mmfld.getConfig('b')])`)
	drop("sideb.json", `{"a": {"eta": 0.002}, "b": {"lambda": -3}}`)
	if s := settle(p, `document.getElementById('io-status').textContent`, func(s string) bool { return strings.Contains(s, "sideb.json") }); !strings.Contains(s, "side b") || !strings.Contains(s, "lambda") {
		t.Errorf("importing a bad side b: %q", s)
	}
	if after := eval[string](p, `JSON.stringify([mmfld.getConfig('a'), mmfld.getConfig('b')])`); after != before {
		t.Errorf("importing a bad side b changed the sides: %s, was %s", after, before)
	}
	p.noConsoleErrors()
}
