'use strict';
// Sharing, embedding, export and import on index.html, all through the
// public window.mmfld (panel.js):
// - Share copies the link to this run (the page with mmfld.query(), which
//   spells a comparison too); Embed copies an iframe snippet of it with
//   embed=1, sized like the simulation on this page. navigator.clipboard
//   when the browser allows it; the text is always shown, selected, too.
// - postMessage: a page of any origin that frames this one drives it with
//   {mmfld: 1, id, method, args} and gets {mmfld: 1, id, result} or
//   {mmfld: 1, id, error} back; {mmfld: 1, event: "ready"} goes to the parent
//   once the simulation is ready ({mmfld: 1, event: "error", message} if it
//   cannot start). The playground holds no secrets and no user data, so any
//   origin may drive it.
// - Export: the picture (PNG), the particles and the history (CSV, both
//   sides while comparing), the config (JSON: {a, b} while comparing).
//   Import: a config JSON by the file picker or dropped onto the page.
(() => {
  const $ = (id) => document.getElementById(id);
  const status = $('io-status');

  function say(message, bad = false) {
    status.textContent = message;
    status.classList.toggle('bad', bad);
  }

  // ------------------------------------------------------- share, embed ---

  function shareURL(extra = '') {
    const q = [mmfld.query(), extra].filter(Boolean).join('&');
    return `${location.origin}${location.pathname}${q ? `?${q}` : ''}`;
  }

  const escapeAttr = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

  function embedSnippet() {
    const box = document.querySelector('.frame-box');
    const width = Math.max(320, Math.round(box.clientWidth));
    // The picture is twice as wide as high; the control strip below it.
    const height = Math.round(width / 2) + 56;
    return `<iframe src="${escapeAttr(shareURL('embed=1'))}" width="${width}" height="${height}" `
      + `title="MMFLD Playground" style="border:0" loading="lazy"></iframe>`;
  }

  // copy shows text in the share box, selected, and copies it to the
  // clipboard when the browser lets the page.
  async function copy(text, what) {
    const box = $('share-box');
    const field = $('share-text');
    const note = $('share-status');
    $('share-label').textContent = what;
    field.value = text;
    box.hidden = false;
    field.focus();
    field.select();
    note.textContent = '';
    try {
      if (!navigator.clipboard || !window.isSecureContext) throw new Error('no clipboard');
      await navigator.clipboard.writeText(text);
      note.textContent = `Copied the ${what.toLowerCase()}.`;
    } catch {
      note.textContent = 'Selected: press Ctrl+C (⌘C) to copy.';
    }
  }

  $('share').addEventListener('click', () => guard(() => copy(shareURL(), 'Link')));
  $('embed').addEventListener('click', () => guard(() => copy(embedSnippet(), 'Embed code')));

  // guard runs f, showing what it threw in words.
  async function guard(f) {
    try {
      await f();
    } catch (e) {
      say(e && e.message ? e.message : String(e), true);
    }
  }

  // ------------------------------------------------------- postMessage ---

  const PROPERTIES = new Set(['version', 'urlError']);
  addEventListener('message', async (e) => {
    const d = e.data;
    if (!d || typeof d !== 'object' || d.mmfld !== 1 || !('method' in d) || !e.source) return;
    // Answer the sender only (a sandboxed or file: page has origin "null").
    const target = e.origin && e.origin !== 'null' ? e.origin : '*';
    const answer = (msg) => {
      try {
        e.source.postMessage({ mmfld: 1, id: d.id, ...msg }, target);
      } catch (err) {
        e.source.postMessage({ mmfld: 1, id: d.id, error: `mmfld.${d.method}: its result cannot be sent: ${err.message}` }, target);
      }
    };
    try {
      const name = d.method;
      const args = d.args === undefined ? [] : d.args;
      if (!Array.isArray(args)) throw new Error(`args: must be an array of the method's arguments (got ${typeof args})`);
      let result;
      if (name === 'ready') {
        await mmfld.ready;
        result = true;
      } else if (PROPERTIES.has(name)) {
        result = mmfld[name];
      } else if (typeof name === 'string' && Object.hasOwn(mmfld, name) && typeof mmfld[name] === 'function') {
        result = await mmfld[name](...args);
      } else {
        throw new Error(`method: ${JSON.stringify(name)} is not a method of mmfld; one of ready, ${
          Object.keys(mmfld).filter((k) => k !== 'ready').join(', ')}`);
      }
      answer({ result });
    } catch (err) {
      answer({ error: err && err.message ? err.message : String(err) });
    }
  });

  if (window.parent !== window) {
    mmfld.ready.then(
      () => window.parent.postMessage({ mmfld: 1, event: 'ready' }, '*'),
      (err) => window.parent.postMessage({ mmfld: 1, event: 'error', message: err.message }, '*'),
    );
  }

  // ------------------------------------------------------------ export ---

  function download(name, blob) {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    a.hidden = true;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 60000);
  }

  const sides = () => (mmfld.comparing() ? ['a', 'b'] : ['a']);

  function exportCSV(what) {
    const names = [];
    for (const side of sides()) {
      const name = side === 'a' ? `mmfld-${what}.csv` : `mmfld-${what}-b.csv`;
      download(name, new Blob([mmfld.exportCSV(what, side)], { type: 'text/csv' }));
      names.push(name);
    }
    say(`Saved ${names.join(' and ')}.`);
  }

  $('export-particles').addEventListener('click', () => guard(() => exportCSV('particles')));
  $('export-history').addEventListener('click', () => guard(() => exportCSV('history')));
  $('export-config').addEventListener('click', () => guard(() => {
    const cfg = mmfld.comparing() ? { a: mmfld.getConfig('a'), b: mmfld.getConfig('b') } : mmfld.getConfig();
    download('mmfld-config.json', new Blob([`${JSON.stringify(cfg, null, 2)}\n`], { type: 'application/json' }));
    say('Saved mmfld-config.json.');
  }));

  // capture resolves to a PNG of the picture in the simulation frame. The
  // WebGL canvas keeps no drawing buffer between frames, so it is copied in
  // an animation-frame callback queued after the game's own: the frame has
  // just been drawn and not yet handed to the screen.
  function capture() {
    const w = $('sim').contentWindow;
    const canvas = w && w.document.querySelector('canvas');
    if (!canvas) return Promise.reject(new Error('PNG: the simulation has no picture yet'));
    return new Promise((resolve, reject) => {
      w.requestAnimationFrame(() => {
        const out = document.createElement('canvas');
        out.width = canvas.width;
        out.height = canvas.height;
        const g = out.getContext('2d');
        g.drawImage(canvas, 0, 0);
        out.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG: the picture could not be encoded'))), 'image/png');
      });
    });
  }

  $('export-png').addEventListener('click', () => guard(async () => {
    download('mmfld.png', await capture());
    say('Saved mmfld.png.');
  }));

  // ------------------------------------------------------------ import ---

  // importConfig applies a config JSON: one config (ending a comparison),
  // or {a, b} (both sides of a comparison), both from their seeds; on
  // error nothing changes.
  async function importConfig(file) {
    const name = file.name || 'the file';
    let cfg;
    try {
      cfg = JSON.parse(await file.text());
    } catch (e) {
      throw new Error(`${name} is not JSON: ${e.message}`);
    }
    if (!cfg || typeof cfg !== 'object' || Array.isArray(cfg)) {
      throw new Error(`${name}: must be a config object, e.g. {"eta": 0.001}, or {"a": {…}, "b": {…}} for a comparison`);
    }
    await mmfld.ready;
    try {
      mmfld.load(cfg); // all or nothing: a bad side b leaves side a as it was
    } catch (e) {
      throw new Error(`${name}: ${e.message}`);
    }
    say(`Applied ${name}.`);
  }

  const picker = $('import-file');
  $('import-config').addEventListener('click', () => picker.click());
  picker.addEventListener('change', () => {
    const file = picker.files && picker.files[0];
    picker.value = '';
    if (file) guard(() => importConfig(file));
  });

  const hasFiles = (e) => e.dataTransfer && [...e.dataTransfer.types].includes('Files');
  addEventListener('dragover', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    document.body.classList.add('dragging');
  });
  addEventListener('dragleave', (e) => {
    if (!e.relatedTarget) document.body.classList.remove('dragging');
  });
  addEventListener('drop', (e) => {
    document.body.classList.remove('dragging');
    if (!hasFiles(e)) return;
    e.preventDefault();
    const file = e.dataTransfer.files[0];
    if (file) guard(() => importConfig(file));
  });
})();
