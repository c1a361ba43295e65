'use strict';
// Loads the simulation's WebAssembly (the file <meta name="mmfld-wasm">
// names: main.<hash>.wasm once `make web` has bundled it) into this frame
// with Go's wasm_exec.js. The Go program defines window.mmfld and fires
// "mmfld-ready" on this window; until then a loading notice covers the page.
// A failure to load is shown in the notice and announced with an
// "mmfld-error" event (detail: the message), never written to the console.
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
    window.mmfldError = message; // for a parent page that looks after the event
    dispatchEvent(new CustomEvent('mmfld-error', { detail: message }));
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
  const go = new Go();
  instantiate(go, wasmURL)
    .then(({ instance }) => {
      performance.mark('mmfld-instantiated');
      return go.run(instance);
    })
    .then(() => fail('The simulation stopped. Reload the page to start it again.'))
    .catch((err) => fail(`The simulation could not start: ${err && err.message ? err.message : err}`));
})();
