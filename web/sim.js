'use strict';
// Loads the simulation's WebAssembly (the file <meta name="mmfld-wasm">
// names: main.<hash>.wasm once `make web` has bundled it) into this frame
// with Go's wasm_exec.js. The Go program defines window.mmfld and fires
// "mmfld-ready" on this window; until then a loading notice covers the page.
// A failure to load is shown in the notice, with a Reload button, and
// announced with an "mmfld-error" event (detail: the message), never
// written to the console. A browser without WebGL2 (ebiten draws with
// nothing else) is told so before the Go program starts, which would
// otherwise panic in ebiten: a probe canvas asks for a WebGL2 context.
//
// The first frame drawn onto the page's canvas is marked with
// performance.mark('mmfld-first-frame') and an "mmfld-first-frame" event:
// the first WebGL draw call into the default framebuffer (ebiten draws
// everything else into its own textures), seen by wrapping drawElements
// and drawArrays until then. The browser test reads the mark, and the marks
// 'mmfld-instantiated' (the WebAssembly compiled, before the Go program
// starts) and 'mmfld-ready' on the way.
(() => {
  const notice = document.getElementById('loading');
  const text = document.getElementById('loading-text');
  const meta = document.querySelector('meta[name="mmfld-wasm"]');
  const wasmURL = (meta && meta.content) || 'main.wasm';
  const NO_WEBGL2 = 'No WebGL2: this browser, or its settings, gives the page no WebGL2, which the simulation '
    + 'needs to draw, so it did not start. WebGL2 is missing when hardware (graphics) acceleration is turned '
    + 'off in the browser\'s settings, in a headless browser, and in old browsers. Turn hardware acceleration '
    + 'on and reload the page, or open it in a current Firefox, Chrome, Edge or Safari.';

  watchFirstFrame();

  // watchFirstFrame wraps WebGL2's draw calls until one draws into the
  // default framebuffer (the canvas), then marks it and unwraps them.
  function watchFirstFrame() {
    const GL = window.WebGL2RenderingContext;
    if (!GL) return;
    const proto = GL.prototype;
    const originals = { drawElements: proto.drawElements, drawArrays: proto.drawArrays };
    let done = false;
    for (const [name, original] of Object.entries(originals)) {
      proto[name] = function (...args) {
        const result = original.apply(this, args);
        if (!done && this.getParameter(this.FRAMEBUFFER_BINDING) === null) {
          done = true;
          Object.assign(proto, originals);
          performance.mark('mmfld-first-frame');
          dispatchEvent(new Event('mmfld-first-frame'));
        }
        return result;
      };
    }
  }

  addEventListener('mmfld-ready', () => {
    performance.mark('mmfld-ready');
    notice.remove();
  }, { once: true });

  function fail(message) {
    notice.classList.add('error');
    text.textContent = message;
    if (!notice.querySelector('button')) {
      const again = document.createElement('button');
      again.type = 'button';
      again.textContent = 'Reload';
      again.addEventListener('click', reload);
      notice.append(again);
    }
    window.mmfldError = message; // for a parent page that looks after the event
    dispatchEvent(new CustomEvent('mmfld-error', { detail: message }));
  }

  // reload reloads the page that shows this frame (the panel, same origin),
  // or this page when it stands alone or its parent is another site's.
  function reload() {
    try {
      if (window.parent !== window) {
        window.parent.location.reload();
        return;
      }
    } catch {
      // A parent of another origin: reload this frame.
    }
    location.reload();
  }

  // watchPanic keeps the first line of a Go panic (or fatal error), which
  // the program writes to its stderr before it ends, and returns a function
  // that gives it ('' if none), so that the page can say what happened.
  // It wraps wasm_exec.js's fs.writeSync, which every write goes through.
  function watchPanic() {
    const fs = globalThis.fs;
    let line = '';
    let text = '';
    if (fs && typeof fs.writeSync === 'function') {
      const write = fs.writeSync.bind(fs);
      const decoder = new TextDecoder();
      fs.writeSync = (fd, buf) => {
        if (fd === 2 && !line) {
          text = (text + decoder.decode(buf, { stream: true })).slice(-4096);
          const m = /(?:^|\n)((?:panic|fatal error): [^\n]*)\n/.exec(text);
          if (m) line = m[1];
        }
        return write(fd, buf);
      };
    }
    return () => line;
  }

  // hasWebGL2 asks a canvas of its own for a WebGL2 context, as ebiten will
  // (a browser may define WebGL2RenderingContext and still refuse one). The
  // context is dropped, not lost on purpose: loseContext() writes a warning
  // to Chromium's console.
  function hasWebGL2() {
    try {
      return !!document.createElement('canvas').getContext('webgl2');
    } catch {
      return false;
    }
  }

  // fetchWithProgress fetches url and reports the share of bytes received
  // while the body streams in (when the server sends Content-Length).
  async function fetchWithProgress(url) {
    const res = await fetch(url);
    if (!res.ok) {
      throw new Error(`${url}: HTTP ${res.status} ${res.statusText}`);
    }
    if (!res.body || typeof TransformStream === 'undefined') {
      return res;
    }
    // Content-Length counts the bytes sent; when the server compressed the
    // file (its .br or .gz) the body streams out larger, so then only the
    // amount received is shown.
    const total = res.headers.get('Content-Encoding') ? 0 : Number(res.headers.get('Content-Length')) || 0;
    let got = 0;
    const counter = new TransformStream({
      transform(chunk, ctrl) {
        got += chunk.byteLength;
        text.textContent = total
          ? `Loading the simulation… ${Math.min(100, Math.round((100 * got) / total))} %`
          : `Loading the simulation… ${(got / 1e6).toFixed(1)} MB`;
        ctrl.enqueue(chunk);
      },
    });
    return new Response(res.body.pipeThrough(counter), { headers: res.headers });
  }

  async function instantiate(go, url) {
    if (WebAssembly.instantiateStreaming) {
      try {
        return await WebAssembly.instantiateStreaming(fetchWithProgress(url), go.importObject);
      } catch (err) {
        // A server that does not send application/wasm makes streaming fail;
        // fall back to compiling from bytes. A real network error fails below.
        if (err instanceof Error && /HTTP \d/.test(err.message)) throw err;
      }
    }
    const res = await fetch(url);
    if (!res.ok) {
      throw new Error(`${url}: HTTP ${res.status} ${res.statusText}`);
    }
    return WebAssembly.instantiate(await res.arrayBuffer(), go.importObject);
  }

  if (typeof WebAssembly !== 'object' || typeof Go !== 'function') {
    fail('This browser cannot run the simulation: it needs WebAssembly (and wasm_exec.js).');
    return;
  }
  if (!hasWebGL2()) {
    fail(NO_WEBGL2);
    // sim.html preloads the WebAssembly: take it, unused, or the browser
    // warns of a preload left unused.
    fetch(wasmURL).then((res) => res.body && res.body.cancel(), () => {});
    return;
  }
  // The adaptor the Go program (cmd/wasm/bridge.go) wraps each
  // window.mmfld method in: Go cannot throw into JavaScript from a callback,
  // so a method returns an Error object on failure, and this throws it.
  // Written here, not built by Go with Function(), so that the page runs
  // under a Content-Security-Policy without 'unsafe-eval'.
  window.mmfldThrowing = (f) => function mmfldMethod(...args) {
    const r = f(...args);
    if (r instanceof Error) throw r;
    return r;
  };
  // ebiten's canvas takes every key (preventDefault on each keydown), which
  // would trap a keyboard user in the picture: Tab and Shift+Tab stop here,
  // before the canvas, and move the focus on as everywhere else.
  addEventListener('keydown', (e) => {
    if (e.key === 'Tab') e.stopImmediatePropagation();
  }, true);
  const panicked = watchPanic();
  const go = new Go();
  instantiate(go, wasmURL)
    .then(({ instance }) => {
      performance.mark('mmfld-instantiated');
      return go.run(instance);
    })
    .then(() => {
      // The program ended. The callbacks it left (animation frames,
      // listeners) now throw "Go program has already exited" on each
      // call: the page says what happened instead, once.
      addEventListener('error', (e) => {
        if (e.message && e.message.includes('Go program has already exited')) e.preventDefault();
      });
      fail(`The simulation stopped${panicked() ? ` (${panicked()})` : ''}. Reload the page to start it again.`);
    })
    .catch((err) => fail(`The simulation could not start: ${err && err.message ? err.message : err}`));
})();
