'use strict';
// The control panel page (index.html).
//
// 1. window.mmfld on this page forwards every call to the simulation frame's
//    window.mmfld (defined by main.wasm in sim.html). mmfld.ready is a Promise
//    that resolves (to mmfld) once the frame's API exists, so a course page
//    can `await mmfld.ready`. A call made before that throws
//    Error("mmfld: not ready yet; await mmfld.ready"). Results are copied into
//    this page's realm (structuredClone), so `instanceof Float64Array` and
//    `instanceof Error` work here as usual. When the simulation cannot start
//    (the frame's "mmfld-error": no WebGL2, the download failed), mmfld.ready
//    rejects with the frame's message, mmfld.stopped() returns it, every
//    other call throws it, and the notice shows it with a Reload button.
// 2. The panel is built from mmfld.options(): names, kinds, ranges, which
//    fields restart the particles, and their docs (tooltips). No range is
//    written in this file; engine validates every value, and its error
//    message is shown next to the control that sent it.
(() => {
  const NOT_READY = 'mmfld: not ready yet; await mmfld.ready';
  // The Step button takes more steps than this with run(k), between frames.
  const RUN_ABOVE = 200;
  const frame = document.getElementById('sim');

  // ---------------------------------------------------------------- API ---

  let inner = null; // the frame's window.mmfld, once ready
  let failure = null; // why the simulation could not start, if it could not
  let resolveReady;
  let rejectReady;
  const ready = new Promise((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });

  function copyOut(v) {
    return v !== null && typeof v === 'object' ? structuredClone(v) : v;
  }

  // here turns an Error of the frame's realm into one of this page's.
  function here(e) {
    return new Error(e && e.message ? e.message : String(e));
  }

  function callRaw(name, args) {
    if (!inner) throw new Error(failure || NOT_READY);
    try {
      return inner[name](...args);
    } catch (e) {
      throw here(e);
    }
  }

  function call(name, args) {
    return copyOut(callRaw(name, args));
  }

  const api = Object.freeze({
    ready,
    get version() { return inner ? inner.version : undefined; },
    /** Why the URL's configuration was refused (null when it was not). */
    get urlError() { return inner ? inner.urlError : null; },
    options: () => call('options', []),
    // side: "a" (the default) or "b", the second run of a comparison.
    getConfig: (...side) => call('getConfig', side),
    setConfig: (partial, ...side) => call('setConfig', [partial, ...side]),
    /** Start comparing: side b is the current config patched; null ends it. */
    compare: (patch) => call('compare', [patch]),
    /** Applies a saved config, or {a, b}; all or nothing. */
    load: (config) => call('load', [config]),
    comparing: () => call('comparing', []),
    /** Run what a link (a URL query: preset, fields, b.field) describes. */
    applyLink: (link) => call('applyLink', [link]),
    /** Check a lesson's JSON text; returns the lesson, or throws naming the step. */
    parseLesson: (text) => call('parseLesson', [text]),
    /** A side's readouts against the step (F, L, boundary mass, errors). */
    history: (...side) => call('history', side),
    /** A side's "particles" or "history" as CSV text. */
    exportCSV: (what, ...side) => call('exportCSV', [what, ...side]),
    lastChange: () => call('lastChange', []),
    query: () => call('query', []),
    play: () => call('play', []),
    pause: () => call('pause', []),
    reset: () => call('reset', []),
    playing: () => call('playing', []),
    step: (...k) => call('step', k),
    /** A Promise of the metrics after k more steps, taken between frames. */
    /** A bad k throws at once, like step(k). */
    run: (...k) => Promise.resolve(callRaw('run', k)).then(copyOut, (e) => { throw here(e); }),
    /** Why the simulation stopped, or null while it runs. */
    stopped: () => (!inner && failure ? failure : call('stopped', [])),
    metrics: (...side) => call('metrics', side),
    particles: (...side) => call('particles', side),
    /** The Go time of the recent frames (ms): steps, snapshot, build. */
    frameTimes: () => call('frameTimes', []),
    /** The Go heap after a collection, and the memory Go has taken (bytes). */
    memory: () => call('memory', []),
    /** How the picture shows the run: view({curves, log}) sets, view() reads. */
    view: (...v) => call('view', v),
    /** Frames drawn per second, over about the last second. */
    fps: () => call('fps', []),
  });
  Object.defineProperty(window, 'mmfld', { value: api, enumerable: true });

  frame.addEventListener('load', () => {
    inner = null;
    const w = frame.contentWindow;
    const check = () => {
      if (!inner && w.mmfld && w.mmfld.ready === true) {
        inner = w.mmfld;
        resolveReady(api);
      }
    };
    const failed = (message) => {
      failure = String(message);
      if (inner) {
        // The program ended after starting (a Go panic): from now on the
        // API reports that (stopped() returns it, every call throws it)
        // instead of Go's "Go program has already exited", and the notice
        // offers a reload.
        inner = null;
        showEnded(`${failure}${ranWith()}`);
        return;
      }
      rejectReady(new Error(failure));
    };
    w.addEventListener('mmfld-ready', check);
    w.addEventListener('mmfld-error', (e) => failed(e.detail));
    check();
    if (!inner && w.mmfldError) failed(w.mmfldError);
  });
  // Hand this page's query (?eta=0.01, ?config={...}) to the simulation,
  // without the parameters of the page itself (embed=1, hide=…, lesson=…),
  // which the frame's URL reader would refuse as unknown fields.
  const PAGE_PARAMS = ['embed', 'hide', 'controls', 'autoplay', 'lesson'];
  const pageParams = new URLSearchParams();
  const simParams = new URLSearchParams(location.search);
  for (const name of PAGE_PARAMS) {
    for (const v of simParams.getAll(name)) pageParams.append(name, v);
    simParams.delete(name);
  }
  {
    const q = simParams.toString();
    frame.src = frame.dataset.src + ([...pageParams].length === 0 ? location.search : q ? `?${q}` : '');
  }
  const pageFlag = (name) => pageParams.get(name);
  // hide=eta,lambda: controls the page never shows.
  const hiddenByLink = new Set((pageFlag('hide') || '').split(',').map((x) => x.trim()).filter(Boolean));
  if (pageFlag('embed') === '1') document.documentElement.classList.add('embed');
  if (pageFlag('controls') === 'none') document.documentElement.classList.add('no-controls');

  // -------------------------------------------------------------- panel ---

  // How the panel names and groups the fields. Only presentation lives here:
  // kinds, ranges, allowed values, docs and restarts come from options().
  const LABELS = {
    objective: 'objective', algorithm: 'algorithm', hessianAt: 'Hessian at', substeps: 'substeps',
    lambda: 'λ', eta: 'η', beta: 'β', q: 'target mean q', alpha: 'Dirichlet α',
    n: 'N particles', seed: 'seed', stepsPerFrame: 'steps / frame', dim: 'dimension d',
    domain: 'domain', mirror: 'mirror map', low: 'box low', high: 'box high', radius: 'ball radius',
    center: 'centre c', sigma: 'σ', kappa: 'attraction κ', depth: 'barrier h', vertices: 'polygon vertices',
    bandwidth: 'kernel width h', features: 'random features R', gamma: 'γ (spectraplex)',
  };
  const GROUPS = [
    ['Domain', ['domain', 'mirror', 'dim', 'low', 'high', 'radius', 'vertices']],
    ['Problem', ['objective', 'beta', 'gamma', 'q', 'alpha', 'center', 'sigma', 'depth', 'kappa', 'bandwidth', 'features']],
    ['Algorithm', ['algorithm', 'hessianAt', 'substeps', 'lambda', 'eta']],
    ['Particles', ['n', 'seed', 'stepsPerFrame']],
  ];
  // unusedNote says why field f does not matter to the run cfg ('' when it
  // does): options() lists, per field, the runs it is used by (usedBy; none
  // means every run), from the engine's registry. Unused fields are out of
  // the way: hidden until "Show the fields this run does not use" is
  // pressed, then shown with this note; they still accept values.
  function unusedNote(f, cfg) {
    if (!f || !f.usedBy || f.usedBy.length === 0) return '';
    const holds = (u) => (!u.domain || u.domain === cfg.domain)
      && (!u.objective || u.objective === cfg.objective) && (!u.algorithm || u.algorithm === cfg.algorithm);
    if (f.usedBy.some(holds)) return '';
    const says = (u) => [u.objective, u.algorithm, u.domain && `the ${u.domain}`].filter(Boolean).join(' on ');
    return `only used by ${f.usedBy.map(says).join(', ')}`;
  }
  // Menu texts of option values whose name alone says little; the value
  // sent is the name.
  const OPTION_LABELS = { xor: 'xor (neural network, d ≥ 4)' };
  // The field whose entries are barycentric (they sum to 1): editing one
  // entry rescales the others.
  const BARYCENTRIC = new Set(['q']);
  const SUB = '₀₁₂₃₄₅₆₇₈₉';
  const sub = (i) => String(i).split('').map((c) => SUB[c]).join('');
  const SLIDER_STEPS = 1000;

  const $ = (sel, root = document) => root.querySelector(sel);
  function el(tag, props = {}, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props)) {
      if (k === 'class') e.className = v;
      else if (k === 'dataset') Object.assign(e.dataset, v);
      else if (k in e && typeof v !== 'string') e[k] = v;
      else e.setAttribute(k, v);
    }
    e.append(...children.filter((c) => c !== null && c !== undefined));
    return e;
  }

  // fmt writes a number for a readout: short, but exact enough to compare.
  function fmt(v, digits = 5) {
    if (typeof v !== 'number') return String(v);
    if (Number.isInteger(v) && Math.abs(v) < 1e15) return v.toLocaleString('en-US');
    if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6)) return v.toExponential(digits - 2);
    return String(Number(v.toPrecision(digits)));
  }

  // A slider scale for [min, max]: logarithmic when the range spans three
  // decades or more (λ, η, N, α, steps per frame), linear otherwise.
  function scaleFor(min, max, integer) {
    const log = min > 0 && max / min >= 1000;
    const round = (v) => {
      v = integer ? Math.round(v) : Number(v.toPrecision(3));
      return Math.min(max, Math.max(min, v));
    };
    if (log) {
      const span = Math.log(max / min);
      return {
        log,
        pos: (v) => Math.round((SLIDER_STEPS * Math.log(v / min)) / span),
        val: (p) => round(min * Math.exp((span * p) / SLIDER_STEPS)),
      };
    }
    return {
      log,
      pos: (v) => Math.round((SLIDER_STEPS * (v - min)) / (max - min)),
      val: (p) => round(min + ((max - min) * p) / SLIDER_STEPS),
    };
  }

  function allowedText(f) {
    switch (f.kind) {
      case 'enum': return `one of ${f.values.join(', ')}`;
      case 'integer': return `an integer in [${f.min}, ${f.max}]`;
      case 'vector': return `${f.length} numbers, each in [${f.min}, ${f.max}]`;
      default: return `a number in [${f.min}, ${f.max}]`;
    }
  }

  const controls = new Map(); // field name -> control
  let config = null; // the config the panel shows
  let notifyTimer = 0;

  function notify(message, kind = 'info', sticky = false) {
    const box = $('#notice');
    box.textContent = '';
    box.className = `notice ${kind}`;
    box.append(el('span', {}, message));
    if (sticky) {
      const close = el('button', { type: 'button', class: 'close', 'aria-label': 'Dismiss' }, '×');
      close.addEventListener('click', () => { box.hidden = true; });
      box.append(close);
    }
    box.hidden = false;
    clearTimeout(notifyTimer);
    if (!sticky) notifyTimer = setTimeout(() => { box.hidden = true; }, 4000);
  }

  // apply sends a patch for one control and reports the outcome next to it.
  function apply(ctl, patch) {
    let next;
    try {
      next = api.setConfig(patch);
    } catch (e) {
      ctl.setError(e.message);
      return false;
    }
    ctl.setError('');
    const change = api.lastChange();
    if (change.reinit) {
      notify(`Particles restarted: ${change.changed.map((n) => LABELS[n] || n).join(', ')} changed.`);
    }
    showConfig(next);
    return true;
  }

  // A row: label (with the restart mark and the doc as tooltip), inputs, and
  // an error line under them.
  function rowFor(f, ...inputs) {
    const id = `f-${f.name}`;
    const tip = `${f.doc}\nAllowed: ${allowedText(f)}.${f.reinit ? '\nChanging it restarts the particles.' : ' Applies live.'}`;
    const label = el('label', { for: id, title: tip },
      LABELS[f.name] || f.name,
      f.reinit ? el('span', { class: 'reinit-mark', title: 'Changing this restarts the particles' }, '↻') : null);
    const note = el('span', { class: 'used-note' });
    const err = el('div', { class: 'err', id: `err-${f.name}`, role: 'alert' });
    const row = el('div', { class: `row kind-${f.kind}`, dataset: { field: f.name }, title: tip },
      el('div', { class: 'row-head' }, label, note), ...inputs, err);
    return { row, err, note, id };
  }

  function makeControl(f, row, err, set) {
    const ctl = {
      field: f,
      row,
      set,
      error: '',
      shown: undefined, // JSON of the value last shown
      busy: () => row.contains(document.activeElement),
      setError(msg) {
        ctl.error = msg;
        err.textContent = msg;
        row.classList.toggle('invalid', !!msg);
      },
    };
    return ctl;
  }

  // choices[domain] lists the mirror maps and objectives each domain allows,
  // and the algorithms each objective runs with there (options().choices):
  // their menus offer only those.
  let choices = {};
  const CHOICE_OF = {
    mirror: (ch) => ch.mirrors,
    objective: (ch) => ch.objectives,
    algorithm: (ch, cfg) => ch.algorithms && ch.algorithms[cfg.objective],
  };

  function enumControl(f) {
    const { row, err, id } = rowFor(f);
    const select = el('select', { id, name: f.name },
      ...f.values.map((v) => el('option', { value: v }, OPTION_LABELS[v] || v)));
    row.insertBefore(select, err);
    const ctl = makeControl(f, row, err, (v) => { select.value = v; });
    if (CHOICE_OF[f.name]) {
      // Hide what the current domain does not allow.
      ctl.refresh = (cfg) => {
        const allowed = CHOICE_OF[f.name](choices[cfg.domain] || {}, cfg) || f.values;
        for (const opt of select.options) opt.hidden = opt.disabled = !allowed.includes(opt.value);
        select.value = cfg[f.name];
      };
    }
    select.addEventListener('change', () => apply(ctl, { [f.name]: select.value }));
    return ctl;
  }

  // A number or an integer: a slider (log-scaled over wide ranges) and a box
  // with the exact value. Live fields apply while the slider moves; fields
  // that restart the particles apply when it is released.
  function numberControl(f) {
    const integer = f.kind === 'integer';
    const { row, err, id } = rowFor(f);
    const box = el('input', { id, name: f.name, type: 'number', step: integer ? '1' : 'any', inputmode: 'decimal' });
    const wide = f.max - f.min > 1e7; // a seed: no useful slider
    const scale = scaleFor(f.min, f.max, integer);
    const slider = wide ? null : el('input', {
      type: 'range', min: '0', max: String(SLIDER_STEPS), step: '1',
      'aria-label': `${LABELS[f.name] || f.name}${scale.log ? ' (log scale)' : ''}`,
      class: scale.log ? 'log' : '',
    });
    const inputs = el('div', { class: wide ? 'inputs wide' : 'inputs' }, slider, box);
    if (wide && f.name === 'seed') {
      const dice = el('button', { type: 'button', class: 'mini', title: 'A new random seed' }, 'new');
      dice.addEventListener('click', () => {
        // Six digits at most: short enough to read out and type.
        const span = Math.min(f.max - f.min + 1, 1e6);
        const v = f.min + Math.floor(Math.random() * span);
        box.value = String(v);
        apply(ctl, { [f.name]: v });
      });
      inputs.append(dice);
    }
    row.insertBefore(inputs, err);
    const ctl = makeControl(f, row, err, (v) => {
      box.value = String(v);
      if (slider) {
        slider.value = String(scale.pos(v));
        slider.setAttribute('aria-valuetext', String(v)); // the value, not the slider's position
      }
    });
    const fromBox = () => {
      const text = box.value.trim();
      // An empty or unparsable box is sent as text, so engine explains it.
      return text === '' || Number.isNaN(Number(text)) ? text : Number(text);
    };
    box.addEventListener('change', () => {
      if (apply(ctl, { [f.name]: fromBox() }) && slider) slider.value = String(scale.pos(config[f.name]));
    });
    if (slider) {
      slider.addEventListener('input', () => {
        const v = scale.val(Number(slider.value));
        box.value = String(v);
        slider.setAttribute('aria-valuetext', String(v));
        if (!f.reinit) apply(ctl, { [f.name]: v });
      });
      slider.addEventListener('change', () => {
        if (f.reinit) apply(ctl, { [f.name]: scale.val(Number(slider.value)) });
      });
    }
    return ctl;
  }

  // A vector of dim+1 entries, one slider and box per entry. For a
  // barycentric field, setting one entry rescales the others so the sum stays
  // 1 (the value typed is kept exactly).
  function vectorControl(f) {
    const { row, err } = rowFor(f);
    const scale = scaleFor(f.min, f.max, false);
    const bary = BARYCENTRIC.has(f.name);
    let entries = [];
    const list = el('div', { class: 'entries' });
    row.insertBefore(list, err);

    const current = () => config[f.name].slice();
    const send = (i, v) => {
      let next = current();
      next[i] = v;
      if (bary && typeof v === 'number' && v >= 0 && v <= 1) {
        const rest = next.reduce((s, x, j) => (j === i ? s : s + x), 0);
        next = next.map((x, j) => {
          if (j === i) return x;
          return rest > 0 ? (x * (1 - v)) / rest : (1 - v) / (next.length - 1);
        });
      }
      return apply(ctl, { [f.name]: next });
    };

    const build = (len) => {
      list.textContent = '';
      entries = [];
      for (let i = 0; i < len; i++) {
        const name = `${f.name}${sub(i + 1)}`;
        const box = el('input', {
          type: 'number', step: 'any', inputmode: 'decimal', 'aria-label': name,
          id: i === 0 ? `f-${f.name}` : `f-${f.name}-${i + 1}`,
        });
        const slider = el('input', {
          type: 'range', min: '0', max: String(SLIDER_STEPS), step: '1', 'aria-label': `${name} slider`,
          class: scale.log ? 'log' : '',
        });
        slider.addEventListener('input', () => {
          const v = scale.val(Number(slider.value));
          box.value = String(v);
          send(i, v);
        });
        box.addEventListener('change', () => {
          const text = box.value.trim();
          send(i, text === '' || Number.isNaN(Number(text)) ? text : Number(text));
        });
        list.append(el('div', { class: 'entry' }, el('span', { class: 'sub' }, sub(i + 1)), slider, box));
        entries.push({ box, slider });
      }
    };

    const ctl = makeControl(f, row, err, (v) => {
      if (entries.length !== v.length) build(v.length);
      v.forEach((x, i) => {
        const e = entries[i];
        if (document.activeElement !== e.box) e.box.value = String(Number(x.toPrecision(bary ? 4 : 6)));
        if (document.activeElement !== e.slider) e.slider.value = String(scale.pos(x));
        e.slider.setAttribute('aria-valuetext', String(Number(x.toPrecision(6))));
      });
    });
    // While one entry is edited the others still follow the config (they
    // are rescaled), so a vector row is only busy for its focused entry.
    ctl.busy = () => false;
    return ctl;
  }

  function buildPanel(options, cfg) {
    choices = options.choices || {};
    const form = $('#controls');
    form.textContent = '';
    form.addEventListener('submit', (e) => e.preventDefault());
    const byName = new Map(options.fields.map((f) => [f.name, f]));
    const fixed = [];
    const placed = new Set();
    const groupEls = [];
    const addTo = (fieldset, f) => {
      let ctl;
      if (f.kind === 'enum') ctl = enumControl(f);
      else if (f.kind === 'vector') ctl = vectorControl(f);
      else ctl = numberControl(f);
      ctl.spec = f;
      controls.set(f.name, ctl);
      fieldset.append(ctl.row);
      placed.add(f.name);
    };
    const isFixed = (f) => (f.kind === 'enum' && f.values.length < 2)
      || ((f.kind === 'integer' || f.kind === 'number') && f.min === f.max);
    for (const f of options.fields) {
      if (isFixed(f)) {
        fixed.push(f);
        placed.add(f.name);
      }
    }
    for (const [title, names] of GROUPS) {
      const fs = el('fieldset', {}, el('legend', {}, title));
      for (const name of names) {
        const f = byName.get(name);
        if (f && !placed.has(name)) addTo(fs, f);
      }
      if (fs.children.length > 1) groupEls.push(fs);
    }
    // A field this panel does not know yet still gets a control.
    const other = el('fieldset', {}, el('legend', {}, 'Other'));
    for (const f of options.fields) if (!placed.has(f.name)) addTo(other, f);
    if (other.children.length > 1) groupEls.push(other);
    // The fields the run does not use are hidden behind this disclosure.
    const more = el('button', { type: 'button', id: 'show-unused', class: 'mini more', 'aria-expanded': 'false', 'aria-controls': 'controls' });
    more.addEventListener('click', () => {
      const open = form.classList.toggle('show-unused');
      more.setAttribute('aria-expanded', String(open));
      showUnusedCount();
    });
    form.append(presetRow(options.presets || []), ...groupEls, more);

    // Fields with one allowed value are facts about the run, not controls.
    const about = $('#run-about');
    about.textContent = '';
    about.title = fixed.map((f) => `${f.name}: ${f.doc}`).join('\n');
    about.append(...fixed.map((f) => el('span', { class: 'fact', dataset: { fact: f.name } })));
    showConfig(cfg);
  }

  // presetRow is a menu of the engine's presets: choosing one sets its whole
  // config. It shows the preset the current config equals, or "custom".
  let presetSelect = null;
  let presets = [];
  function presetRow(list) {
    presets = list;
    presetSelect = el('select', { id: 'preset', 'aria-label': 'preset' },
      el('option', { value: '' }, 'custom'),
      ...list.map((p) => el('option', { value: p.name, title: p.doc }, p.title)));
    presetSelect.addEventListener('change', () => choosePreset(presetSelect.value));
    buildGallery(list);
    return el('div', { class: 'row preset-row', title: 'Start from a documented configuration' },
      el('div', { class: 'row-head' }, el('label', { for: 'preset' }, 'preset')), presetSelect);
  }

  // twoSentences returns the first two sentences of a preset's doc (a
  // sentence ends with a full stop before a capital letter), what a card
  // shows; the whole doc shows when the preset is chosen (showChosen).
  function twoSentences(doc) {
    const parts = doc.split(/(?<=\.)\s+(?=[A-Z])/);
    return parts.slice(0, 2).join(' ');
  }

  // The gallery: a card per preset, its title and what to watch for (the
  // first two sentences of its doc); choosing one applies it as a link, so
  // its comparison comes too.
  function buildGallery(list) {
    const box = $('#gallery');
    if (!box) return;
    box.textContent = '';
    for (const p of list) {
      const card = el('button', { type: 'button', class: 'card', dataset: { preset: p.name }, 'aria-pressed': 'false' },
        el('span', { class: 'card-title' }, p.title),
        p.compare ? el('span', { class: 'card-tag' }, 'comparison') : null,
        el('span', { class: 'card-doc' }, twoSentences(p.doc)));
      card.addEventListener('click', () => choosePreset(p.name));
      box.append(el('li', {}, card));
    }
  }

  // chosen is the preset last chosen and the configs it ran (JSON of side
  // a, and of side b while comparing): its explanation stays on screen
  // until the config changes by hand.
  let chosen = null;
  function sidesJSON() {
    const a = JSON.stringify(api.getConfig());
    return api.comparing() ? `${a} | ${JSON.stringify(api.getConfig('b'))}` : a;
  }

  function choosePreset(name) {
    const p = presets.find((q) => q.name === name);
    if (!p) return;
    try {
      api.applyLink('preset=' + p.name); // a preset may compare two runs
      showConfig(api.getConfig());
    } catch (e) {
      notify(e.message, 'error');
      return;
    }
    showChosen(p);
  }

  // showChosen shows preset p's explanation beside the simulation (null
  // hides it) and marks its card.
  function showChosen(p) {
    chosen = p ? { name: p.name, sides: sidesJSON() } : null;
    const about = $('#preset-about');
    if (about) {
      about.textContent = '';
      if (p) about.append(el('strong', {}, p.title), ' ', el('span', {}, p.doc));
      about.hidden = !p;
      about.dataset.preset = p ? p.name : '';
    }
    for (const card of document.querySelectorAll('#gallery .card')) {
      card.setAttribute('aria-pressed', String(!!p && card.dataset.preset === p.name));
    }
  }

  // checkChosen forgets the chosen preset once the config differs from
  // what it ran.
  function checkChosen() {
    if (chosen && sidesJSON() !== chosen.sides) showChosen(null);
  }

  function matchingPreset(cfg) {
    const json = JSON.stringify(cfg);
    const p = presets.find((q) => JSON.stringify(q.config) === json);
    return p ? p.name : '';
  }

  // showConfig brings every control to cfg, except one the user is working
  // in, or one showing an error about a value that has not changed since.
  function showConfig(cfg) {
    config = cfg;
    if (presetSelect && document.activeElement !== presetSelect) presetSelect.value = matchingPreset(cfg);
    for (const [name, ctl] of controls) {
      const json = JSON.stringify(cfg[name]);
      if (json === ctl.shown) continue;
      if (ctl.busy()) continue;
      if (ctl.error && ctl.shown !== undefined) ctl.setError('');
      ctl.set(cfg[name], cfg);
      ctl.shown = json;
    }
    for (const ctl of controls.values()) if (ctl.refresh) ctl.refresh(cfg);
    for (const [name, ctl] of controls) {
      const why = unusedNote(ctl.spec, cfg);
      ctl.row.classList.toggle('unused', !!why);
      ctl.row.classList.toggle('link-hidden', hiddenByLink.has(name));
      $('.used-note', ctl.row).textContent = why;
    }
    // A group whose every field is unused (or hidden by the link) goes too.
    for (const fs of document.querySelectorAll('#controls fieldset')) {
      const rows = [...fs.querySelectorAll('.row')];
      fs.classList.toggle('all-unused', rows.every((r) => r.matches('.unused, .link-hidden')));
      fs.classList.toggle('all-link-hidden', rows.every((r) => r.matches('.link-hidden')));
    }
    showUnusedCount();
    for (const span of document.querySelectorAll('#run-about .fact')) {
      const name = span.dataset.fact;
      span.textContent = `${name} ${cfg[name]}`;
    }
  }

  // showUnusedCount says on the disclosure how many fields it hides.
  function showUnusedCount() {
    const more = $('#show-unused');
    if (!more) return;
    const n = document.querySelectorAll('#controls .row.unused:not(.link-hidden)').length;
    more.hidden = n === 0;
    more.textContent = $('#controls').classList.contains('show-unused')
      ? `Hide the ${n} fields this run does not use`
      : `Show the ${n} fields this run does not use`;
  }

  // ----------------------------------------------------------- readouts ---

  const readouts = new Map([...document.querySelectorAll('#readouts dd')].map((dd) => [dd.dataset.m, dd]));
  function showMetrics(m) {
    const put = (key, text, cls = '') => {
      const dd = readouts.get(key);
      if (!dd) return;
      if (dd.textContent !== text) dd.textContent = text;
      dd.className = cls;
    };
    // An optional readout (the entropy for N ≤ 3, the errors against a
    // known target) is left out of the metrics when absent: its row hides.
    const opt = (key, v, text) => {
      const dd = readouts.get(key);
      if (!dd) return;
      const absent = v === undefined || v === null;
      if (dd.parentElement.hasAttribute('hidden') !== absent) dd.parentElement.hidden = absent;
      if (!absent) put(key, text(v));
    };
    put('step', fmt(m.step));
    put('time', fmt(m.time, 4));
    put('F', fmt(m.F, 6));
    put('L', m.L === undefined ? '–' : fmt(m.L, 6));
    const ties = m.entropyTies > 0 ? ` (${fmt(m.entropyTies)} ties)` : '';
    put('entropy', m.entropy === undefined ? '–' : fmt(m.entropy, 4) + ties, ties ? 'warn' : '');
    opt('meanError', m.meanError, (v) => v.toExponential(2));
    opt('covError', m.covError, (v) => v.toExponential(2));
    opt('energyDistance', m.energyDistance, (v) => v.toExponential(2));
    opt('accuracy', m.accuracy, (v) => `${(100 * v).toFixed(1)} %`);
    put('boundaryMass', `${fmt(100 * m.boundaryMass, 3)} %`);
    put('outside', fmt(m.outside), m.outside > 0 ? 'bad' : 'good');
    put('mean', `(${m.mean.map((x) => x.toFixed(4)).join(', ')})`);
    put('stepsPerSecond', m.stepsPerSecond > 0 ? fmt(Math.round(m.stepsPerSecond)) : '–');
    put('clamped', fmt(m.clamped), m.clamped > 0 ? 'warn' : '');
    put('rejected', fmt(m.rejected), m.rejected > 0 ? 'warn' : '');
    put('floored', fmt(m.floored), m.floored > 0 ? 'warn' : '');
    put('substeps', fmt(m.substeps, 3));
    put('n', fmt(m.n));
  }

  // announce puts the key readouts in the polite live region (#live) at a
  // calm rate (every 2 s at most, and only when they changed), for readers
  // of the page by screen reader.
  let announced = 0;
  function announce(m) {
    const live = $('#live');
    if (!live || performance.now() - announced < 2000) return;
    announced = performance.now();
    const text = `step ${fmt(m.step)}, F ${fmt(m.F, 4)}, boundary mass ${fmt(100 * m.boundaryMass, 3)} %`;
    if (live.textContent !== text) live.textContent = text;
  }

  // ---------------------------------------------------------- transport ---

  const playBtn = $('#play');
  const stepBtn = $('#step');
  const stepK = $('#step-k');
  const resetBtn = $('#reset');
  const transportErr = $('#err-transport');

  function showPlaying(playing) {
    playBtn.textContent = playing ? 'Pause' : 'Play';
    playBtn.setAttribute('aria-pressed', String(playing));
    playBtn.classList.toggle('playing', playing);
  }

  // The address bar always spells the current settings (the fields that
  // differ from the default), so a copied link reproduces the run.
  let shownQuery = null;
  function syncURL() {
    const q = api.query();
    if (q === shownQuery) return;
    shownQuery = q;
    const url = new URL(location.href);
    // The page's own parameters (embed=1, hide=…, lesson=…) stay.
    const page = pageParams.toString();
    url.search = [q, page].filter(Boolean).join('&');
    history.replaceState(history.state, '', url);
  }

  // showStopped tells, in words, that the simulation stopped and why, and
  // offers the way out: a reset, or a reload when the program itself ended.
  let stoppedShown = '';
  function showStopped(why, fatal) {
    if (why === stoppedShown) return;
    stoppedShown = why;
    if (!why) {
      $('#notice').hidden = true;
      return;
    }
    notify(why, 'error', true);
    const again = el('button', { type: 'button', class: 'again' }, fatal ? 'Reload the page' : 'Reset');
    again.addEventListener('click', () => {
      if (fatal) location.reload();
      else { api.reset(); refresh(); }
    });
    $('#notice').append(again);
  }

  function refresh() {
    if (!inner) return;
    try {
      const m = api.metrics();
      showMetrics(m);
      announce(m);
      const cfg = api.getConfig();
      if (JSON.stringify(cfg) !== JSON.stringify(config)) showConfig(cfg);
      checkChosen();
      showPlaying(api.playing());
      // A comparison stacks four panels on a narrow page (style.css).
      document.documentElement.classList.toggle('comparing', api.comparing());
      showStopped(api.stopped() || '', false);
      syncURL();
    } catch (e) {
      // The program ended (it should not), before the frame said so.
      showEnded(`The simulation ended and cannot continue: ${e.message.replace(/\.$/, '')}.${ranWith()}`);
    }
  }

  // showEnded says, in message, that the WebAssembly program itself ended
  // and why, disables what needs it, and offers a reload.
  function showEnded(message) {
    for (const b of [playBtn, stepBtn, resetBtn]) b.disabled = true;
    showStopped(message, true);
  }

  // ranWith names the settings the program was running: the link's query.
  function ranWith() {
    return shownQuery ? ` It was running ${shownQuery}.` : ' It was running the default settings.';
  }

  function togglePlay() {
    if (api.playing()) api.pause();
    else api.play();
    refresh();
  }

  // ------------------------------------------------------------- view ---

  // Two checkboxes under the transport: the curves view (the readouts
  // against the step, in place of the dual panels) and its log scale.
  const viewBoxes = {};
  function buildViewToggles() {
    const box = el('div', { class: 'view-toggles', role: 'group', 'aria-label': 'View' });
    for (const [key, text, title] of [
      ['curves', 'Curves', 'Plot F, L, boundary mass and the errors against the step, in place of the dual panel'],
      ['log', 'Log scale', 'Plot the curves on a logarithmic scale'],
    ]) {
      const input = el('input', { type: 'checkbox', id: 'view-' + key });
      input.addEventListener('change', () => {
        try { syncView(api.view({ [key]: input.checked })); } catch (e) { transportErr.textContent = e.message; }
      });
      viewBoxes[key] = input;
      box.append(el('label', { for: 'view-' + key, title }, input, ' ' + text));
    }
    $('.transport').after(box);
    syncView(api.view());
  }

  function syncView(v) {
    for (const key of Object.keys(viewBoxes)) viewBoxes[key].checked = !!v[key];
  }

  function start() {
    buildPanel(api.options(), api.getConfig());
    buildViewToggles();
    for (const b of [playBtn, stepBtn, resetBtn]) b.disabled = false;
    playBtn.addEventListener('click', togglePlay);
    stepBtn.addEventListener('click', async () => {
      const k = stepK.value.trim() === '' ? 1 : Number(stepK.value);
      const done = (m) => {
        showMetrics(m);
        transportErr.textContent = '';
        stepK.classList.remove('invalid');
      };
      const failed = (e) => {
        transportErr.textContent = e.message;
        stepK.classList.add('invalid');
      };
      if (!(k > RUN_ABOVE)) { // small k (and bad input, for its message): at once
        try { done(api.step(k)); } catch (e) { failed(e); }
        return;
      }
      // Large k: in slices between frames, so the page keeps drawing.
      stepBtn.disabled = true;
      transportErr.textContent = `running ${k} steps…`;
      try { done(await api.run(k)); } catch (e) { failed(e); }
      stepBtn.disabled = false;
    });
    resetBtn.addEventListener('click', () => {
      api.reset();
      refresh();
    });
    document.addEventListener('keydown', (e) => {
      const t = e.target;
      const typing = t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(t.tagName));
      if (e.code === 'Space' && !typing && !e.repeat) {
        e.preventDefault();
        togglePlay();
      }
    });
    if (api.urlError) notify(api.urlError, 'error', true);
    {
      // A link that names only a preset, or a config equal to one.
      const onlyPreset = [...simParams.keys()].every((k) => k === 'preset');
      const named = (onlyPreset && simParams.get('preset')) || (api.comparing() ? '' : matchingPreset(config));
      const p = presets.find((q) => q.name === named);
      if (p && !api.urlError) showChosen(p);
    }
    // autoplay=0, or a reader who asks for less motion: start paused.
    const calm = window.matchMedia && matchMedia('(prefers-reduced-motion: reduce)').matches;
    if (pageFlag('autoplay') === '0' || (calm && pageFlag('autoplay') !== '1')) api.pause();
    refresh();
    // Readouts and config: about five times a second, not while hidden.
    const poll = setInterval(() => {
      if (!inner) {
        clearInterval(poll); // the program ended: showEnded has said so
        return;
      }
      if (document.hidden) return;
      refresh();
      if (inner) syncView(api.view()); // the API may have changed it
    }, 200);
  }

  ready.then(start, (e) => {
    showStopped(e.message, true);
    $('#controls').textContent = '';
    $('#controls').append(el('p', { class: 'placeholder' }, 'No controls: the simulation did not start (the message beside the picture says why).'));
  });
})();
