package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// TestBrowserNoWebGL loads the playground in a Chromium without WebGL2
// (--disable-webgl2 keeps WebGL 1, as an old browser would; headless Firefox
// and a browser with hardware acceleration turned off have none either).
// ebiten draws with WebGL2 alone, so the simulation cannot start: the frame
// says so in words before the Go program starts, the panel shows the same
// message with a Reload button in place of its controls, the API reports it
// (mmfld.ready rejects, mmfld.stopped() returns it, calls throw it), the
// postMessage bridge answers with it, and nothing is written to the console.
func TestBrowserNoWebGL(t *testing.T) {
	p := loadPage(t, "", 1280, 800, chromedp.Flag("disable-webgl2", true))

	// Check the check: this browser really refuses WebGL2 (and keeps WebGL 1).
	if gl := eval[string](p, `(() => { const c = (k) => !!document.createElement('canvas').getContext(k);
		return 'webgl2 ' + c('webgl2') + ', webgl ' + c('webgl'); })()`); gl != "webgl2 false, webgl true" {
		t.Fatalf("Chromium with --disable-webgl2 offers %s, want no WebGL2 and WebGL 1", gl)
	}

	type state struct {
		Frame       string `json:"frame"`       // the frame's notice
		FrameError  bool   `json:"frameError"`  // …in its error style
		FrameButton string `json:"frameButton"` // its button
		FrameShown  bool   `json:"frameShown"`  // the notice covers the frame
		MmfldError  string `json:"mmfldError"`  // the frame's window.mmfldError
		GoStarted   bool   `json:"goStarted"`   // the frame has a window.mmfld
		Notice      string `json:"notice"`      // the panel's notice, "" when hidden
		NoticeError bool   `json:"noticeError"`
		Buttons     string `json:"buttons"` // the panel notice's buttons
		Controls    string `json:"controls"`
		Disabled    bool   `json:"disabled"` // Play, Step and Reset
	}
	const read = `(() => {
		const w = document.getElementById('sim').contentWindow, d = w.document;
		const box = d.getElementById('loading'), notice = document.getElementById('notice');
		const r = box ? box.getBoundingClientRect() : {width: 0, height: 0};
		return {
			frame: box ? d.getElementById('loading-text').textContent : '',
			frameError: !!box && box.classList.contains('error'),
			frameButton: box && box.querySelector('button') ? box.querySelector('button').textContent : '',
			frameShown: r.width >= w.innerWidth && r.height >= w.innerHeight && w.innerWidth > 0,
			mmfldError: String(w.mmfldError || ''), goStarted: 'mmfld' in w,
			notice: notice.hidden ? '' : notice.querySelector('span').textContent,
			noticeError: notice.classList.contains('error'),
			buttons: [...notice.querySelectorAll('button')].map((b) => b.textContent).join(','),
			controls: document.getElementById('controls').textContent.trim(),
			disabled: ['play', 'step', 'reset'].every((id) => document.getElementById(id).disabled),
		};
	})()`
	shown := func(s state) bool { return s.Notice != "" && s.FrameError }
	s := settle(p, read, shown)
	t.Logf("the frame says: %s", s.Frame)

	t.Run("the frame says what happened and what to try", func(t *testing.T) {
		for _, want := range []string{"No WebGL2", "hardware", "acceleration", "headless", "old browsers", "reload"} {
			if !strings.Contains(s.Frame, want) {
				t.Errorf("the frame's notice %q does not say %q", s.Frame, want)
			}
		}
		if !s.FrameError || !s.FrameShown || s.FrameButton != "Reload" {
			t.Errorf("the frame's notice: error style %v, covers the frame %v, button %q; want true, true, Reload", s.FrameError, s.FrameShown, s.FrameButton)
		}
		if s.MmfldError != s.Frame {
			t.Errorf("window.mmfldError = %q, want the notice's text", s.MmfldError)
		}
		if s.GoStarted {
			t.Errorf("the Go program started (window.mmfld exists in the frame): it should not without WebGL2")
		}
	})

	t.Run("the panel shows the same message", func(t *testing.T) {
		if s.Notice != s.Frame || !s.NoticeError {
			t.Errorf("the panel's notice is %q (error style %v), want the frame's message %q", s.Notice, s.NoticeError, s.Frame)
		}
		if !strings.Contains(s.Buttons, "Reload the page") {
			t.Errorf("the panel's notice offers %q, want a Reload the page button", s.Buttons)
		}
		if strings.Contains(s.Controls, "appear when the simulation is ready") || !strings.Contains(s.Controls, "did not start") {
			t.Errorf("the controls say %q, want that the simulation did not start", s.Controls)
		}
		if !s.Disabled {
			t.Errorf("Play, Step and Reset are enabled")
		}
	})

	t.Run("the API reports the state", func(t *testing.T) {
		got := eval[struct {
			Ready    string `json:"ready"`
			Stopped  string `json:"stopped"`
			Threw    bool   `json:"threw"`
			IsError  bool   `json:"isError"`
			Message  string `json:"message"`
			Version  any    `json:"version"`
			URLError any    `json:"urlError"`
		}](p, `(async () => {
			const ready = await mmfld.ready.then(() => 'resolved', (e) => (e instanceof Error ? '' : 'not an Error: ') + e.message);
			const r = {ready, stopped: mmfld.stopped(), version: mmfld.version ?? null, urlError: mmfld.urlError};
			try { mmfld.getConfig(); r.threw = false; } catch (e) { Object.assign(r, {threw: true, isError: e instanceof Error, message: e.message}); }
			return r;
		})()`)
		if got.Ready != s.Frame {
			t.Errorf("mmfld.ready: %q, want it rejected with the message", got.Ready)
		}
		if got.Stopped != s.Frame {
			t.Errorf("mmfld.stopped() = %q, want the message", got.Stopped)
		}
		if !got.Threw || !got.IsError || got.Message != s.Frame {
			t.Errorf("mmfld.getConfig(): threw %v (an Error %v) %q, want an Error with the message", got.Threw, got.IsError, got.Message)
		}
		if got.Version != nil || got.URLError != nil {
			t.Errorf("mmfld.version = %v, mmfld.urlError = %v; want undefined and null", got.Version, got.URLError)
		}
	})

	t.Run("the postMessage bridge answers with the message", func(t *testing.T) {
		// The page posts to itself: share.js answers the sender, this window.
		got := eval[map[string]string](p, `(async () => {
			const ask = (id, method) => new Promise((resolve) => {
				const on = (e) => {
					if (!e.data || e.data.mmfld !== 1 || e.data.id !== id || 'method' in e.data) return; // not the question
					removeEventListener('message', on);
					resolve('result' in e.data ? 'result: ' + JSON.stringify(e.data.result) : 'error: ' + e.data.error);
				};
				addEventListener('message', on);
				postMessage({mmfld: 1, id, method, args: []}, '*');
			});
			const timeout = new Promise((resolve) => setTimeout(() => resolve('no answer in 5 s'), 5000));
			return {ready: await Promise.race([ask('r', 'ready'), timeout]), getConfig: await Promise.race([ask('g', 'getConfig'), timeout])};
		})()`)
		for _, m := range []string{"ready", "getConfig"} {
			if got[m] != "error: "+s.Frame {
				t.Errorf("postMessage %s: %q, want the message as its error", m, got[m])
			}
		}
	})

	t.Run("lessons say the simulation did not start", func(t *testing.T) {
		eval[chromedp.Void](p, `document.getElementById('open-lessons').click()`)
		msg := settle(p, `document.getElementById('lesson-err').textContent`, func(v string) bool { return v != "" })
		if !strings.Contains(msg, "did not start") {
			t.Errorf("the lesson pane says %q, want that the simulation did not start", msg)
		}
	})

	t.Run("the Reload buttons reload the page", func(t *testing.T) {
		for _, button := range []string{
			`[...document.getElementById('notice').querySelectorAll('button')].find((b) => b.textContent === 'Reload the page')`,
			`document.getElementById('sim').contentDocument.querySelector('#loading button')`,
		} {
			eval[chromedp.Void](p, `(window.mmfldBeforeReload = true, `+button+`.click())`)
			// While the page reloads, an evaluation may fail: try again.
			after := false
			for deadline := time.Now().Add(10 * time.Second); !after && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
				after, _ = chromedp.Run(p.ctx, chromedp.Evaluate[bool](
					`!window.mmfldBeforeReload && document.readyState === 'complete' && !document.getElementById('notice').hidden`))
			}
			if !after {
				t.Errorf("%s: the page was not reloaded, or its notice is not back", button)
				continue
			}
			if again := settle(p, read, shown); again.Notice != s.Frame {
				t.Errorf("after the reload the panel's notice is %q, want the message again", again.Notice)
			}
		}
	})

	// Chromium warns of a preloaded resource left unused a few seconds after
	// the load event (sim.html preloads the WebAssembly): wait that long.
	// Such warnings of the browser's reach the test as log entries, not as
	// the page's console calls.
	time.Sleep(4 * time.Second)
	p.noConsoleErrors()
	for _, m := range p.allMessages() {
		if strings.HasPrefix(m, "browser log ") && (strings.Contains(m, "/warning: ") || strings.Contains(m, "/error: ")) {
			t.Errorf("the browser warned: %s", m)
		}
	}
}

// TestBrowserProgramEnds makes the running Go program end, as a panic
// would end it, and checks that the page and the API say so in words
// instead of throwing "Go program has already exited": a WebGL2 call that
// throws (installed before the page loads, switched on once it plays) makes
// the JavaScript error a Go panic in ebiten's drawing. Then mmfld.stopped()
// returns the message, which names the panic; every call throws it; the
// panel's notice adds the settings it ran (the link's query) and offers a
// reload; Play, Step and Reset are disabled; and the console holds the
// panic and Go's exit code, nothing more (the callbacks the dead program
// left behind throw nothing the page has not explained).
func TestBrowserProgramEnds(t *testing.T) {
	p := openPage(t, "?eta=0.01", 1280, 800)
	err := chromedp.Do(p.ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: `(() => {
			const draw = WebGL2RenderingContext.prototype.drawElements;
			WebGL2RenderingContext.prototype.drawElements = function (...a) {
				if (window.breakWebGL) throw new Error('the WebGL context broke (test)');
				return draw.apply(this, a);
			};
		})()`})
		return err
	}), chromedp.Reload())
	if err != nil {
		t.Fatalf("installing the broken WebGL call: %v", err)
	}
	eval[chromedp.Void](p, `mmfld.ready.then(() => undefined)`)
	if !eval[bool](p, `mmfld.playing() && mmfld.stopped() === null`) {
		t.Fatalf("before the break: want playing, not stopped")
	}
	eval[chromedp.Void](p, `document.getElementById('sim').contentWindow.breakWebGL = true`)
	const want = "The simulation stopped (panic: JavaScript error: the WebGL context broke (test)). Reload the page to start it again."
	settle(p, `String(mmfld.stopped())`, func(s string) bool { return s == want })
	// Let the dead program's callbacks (animation frames) fire a while.
	eval[chromedp.Void](p, `new Promise(r => setTimeout(r, 1000))`)
	type state struct {
		Calls    []string `json:"calls"` // what each call threw
		Notice   string   `json:"notice"`
		Button   string   `json:"button"`
		Disabled bool     `json:"disabled"`
	}
	got := eval[state](p, `(() => {
		const threw = (f) => { try { f(); return 'returned'; } catch (e) { return e.message; } };
		const n = document.getElementById('notice');
		return {
			calls: [() => mmfld.getConfig(), () => mmfld.metrics('b'), () => mmfld.play(), () => mmfld.setConfig({eta: 0.1})].map(threw),
			notice: n.hidden ? '' : n.firstChild.textContent,
			button: [...n.querySelectorAll('button.again')].map((b) => b.textContent).join(),
			disabled: ['play', 'step', 'reset'].every((id) => document.getElementById(id).disabled),
		};
	})()`)
	for _, c := range got.Calls {
		if c != want {
			t.Errorf("a call after the end threw %q, want %q", c, want)
		}
	}
	if got.Notice != want+" It was running eta=0.01." || got.Button != "Reload the page" || !got.Disabled {
		t.Errorf("the panel after the end: %+v; want the message with the settings, a Reload button, the transport disabled", got)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.console) != 2 || !strings.Contains(p.console[0], "panic: JavaScript error: the WebGL context broke (test)") || !strings.Contains(p.console[1], "exit code") {
		t.Errorf("console after the end: %q; want Go's panic and its exit code, nothing more", p.console)
	}
}

// TestBrowserSessionStopped checks the page when the session stops on an
// engine failure (app.Session's stopped state, which pauses the simulation
// and names the config; app's TestStoppedSessionSaysWhyAndResets makes a
// real one): the frame's mmfld.stopped() is made to report one, as the Go
// program would. The panel shows the message in words with a Reset button,
// the API reports it, and Reset starts the run again and clears the notice.
func TestBrowserSessionStopped(t *testing.T) {
	p := openPage(t, "?eta=0.01", 1280, 800)
	const why = "the simulation stopped: step failed (test) (config: eta=0.01)"
	eval[chromedp.Void](p, `(() => {
		const w = document.getElementById('sim').contentWindow.mmfld;
		let stopped = `+jsString(why)+`;
		const reset = w.reset;
		w.stopped = () => stopped;
		w.reset = (...a) => { stopped = null; return reset(...a); };
		mmfld.pause(); // a stopped session is paused
		mmfld.step(30);
	})()`)
	type notice struct {
		Text    string `json:"text"`
		Button  string `json:"button"`
		Stopped string `json:"stopped"`
	}
	read := `(() => {
		const n = document.getElementById('notice');
		return {text: n.hidden ? '' : n.firstChild.textContent, button: n.hidden ? '' : [...n.querySelectorAll('button.again')].map((b) => b.textContent).join(),
			stopped: String(mmfld.stopped())};
	})()`
	got := settle(p, read, func(n notice) bool { return n.Text != "" })
	if got.Text != why || got.Button != "Reset" || got.Stopped != why {
		t.Errorf("the page while stopped: %+v; want the message %q, a Reset button, and stopped() saying it", got, why)
	}
	if err := chromedp.Do(p.ctx, chromedp.Click(chromedp.CSS("#notice button.again"))); err != nil {
		t.Fatal(err)
	}
	got = settle(p, read, func(n notice) bool { return n.Text == "" })
	if got.Text != "" || got.Stopped != "null" || eval[int64](p, `mmfld.metrics().step`) != 0 {
		t.Errorf("after Reset: %+v at step %d; want the notice gone, stopped() null and the run started again", got, eval[int64](p, `mmfld.metrics().step`))
	}
	p.noConsoleErrors()
}
