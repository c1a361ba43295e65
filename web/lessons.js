'use strict';
// The lesson pane of index.html: a lesson (web/lessons/*.json, format in the
// README's "Lessons") shown beside the simulation one step at a time, its
// title, text and "try this" prompts, with Previous and Next. Entering a step
// applies its link (mmfld.applyLink). A lesson comes from the shipped list,
// from ?lesson=URL (this site only), or pasted as JSON; every one is checked
// by mmfld.parseLesson, whose error names the step at fault.
(() => {
  // The shipped lessons, in the order a course would take them.
  const SHIPPED = ['lessons/why-mirror.json', 'lessons/projected-pileup.json', 'lessons/temperature.json'];

  const $ = (id) => document.getElementById(id);
  const pane = $('lesson');
  const err = $('lesson-err');
  let lesson = null;
  let at = 0;

  function el(tag, cls, ...children) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    e.append(...children);
    return e;
  }

  function open() {
    pane.hidden = false;
    document.documentElement.classList.add('with-lesson');
    $('open-lessons').setAttribute('aria-expanded', 'true');
  }

  function close() {
    pane.hidden = true;
    document.documentElement.classList.remove('with-lesson');
    $('open-lessons').setAttribute('aria-expanded', 'false');
    $('open-lessons').focus();
  }

  function showError(message) {
    err.textContent = message;
  }

  // showPicker lists the shipped lessons (their titles and summaries, read
  // from the files) and offers the paste box.
  let listed = false;
  async function showPicker() {
    open();
    $('lesson-step').hidden = true;
    $('lesson-pick').hidden = false;
    $('lesson-title').textContent = 'Lessons';
    if (listed) return;
    const list = $('lesson-list');
    try {
      await mmfld.ready;
    } catch {
      showError('lesson: the lessons need the simulation, which did not start (the message beside the picture says why).');
      return;
    }
    if (listed) return;
    listed = true;
    for (const url of SHIPPED) {
      const li = el('li', '');
      list.append(li);
      try {
        const l = await fetchLesson(url);
        const b = el('button', 'card', el('span', 'card-title', l.title), el('span', 'card-doc', l.summary || ''));
        b.type = 'button';
        b.dataset.lesson = url;
        b.addEventListener('click', () => start(l, 0, true));
        li.append(b);
      } catch (e) {
        li.append(e.message);
      }
    }
  }

  // fetchLesson loads a lesson from this site and checks it.
  async function fetchLesson(url) {
    let res;
    try {
      res = await fetch(url);
    } catch (e) {
      throw new Error(`lesson ${url}: could not be loaded (${e.message})`);
    }
    if (!res.ok) throw new Error(`lesson ${url}: could not be loaded (HTTP ${res.status} ${res.statusText})`);
    return parse(await res.text(), url);
  }

  function parse(text, name) {
    try {
      return mmfld.parseLesson(text);
    } catch (e) {
      throw new Error(`${name}: ${e.message}`);
    }
  }

  function start(l, i, focus) {
    lesson = l;
    showError('');
    open();
    $('lesson-pick').hidden = true;
    $('lesson-step').hidden = false;
    $('lesson-title').textContent = 'Lesson';
    $('lesson-name').textContent = l.title;
    enter(i, focus);
  }

  // enter shows step i and applies its link.
  function enter(i, focus) {
    at = Math.max(0, Math.min(lesson.steps.length - 1, i));
    const s = lesson.steps[at];
    $('lesson-step-title').textContent = s.title;
    $('lesson-count').textContent = `Step ${at + 1} of ${lesson.steps.length}`;
    $('lesson-text').textContent = s.text;
    const tries = $('lesson-try');
    tries.textContent = '';
    for (const t of s.try || []) tries.append(el('li', '', t));
    $('lesson-try-box').hidden = !(s.try && s.try.length);
    $('lesson-prev').disabled = at === 0;
    $('lesson-next').disabled = at === lesson.steps.length - 1;
    showError('');
    try {
      mmfld.applyLink(s.link);
    } catch (e) {
      showError(`Step ${at + 1} (${s.title}): its run could not start: ${e.message}`);
    }
    if (focus) $('lesson-step-title').focus();
  }

  $('open-lessons').setAttribute('aria-expanded', 'false');
  $('open-lessons').addEventListener('click', () => {
    if (!pane.hidden) close();
    else if (lesson) { open(); $('lesson-step-title').focus(); }
    else showPicker();
  });
  $('lesson-close').addEventListener('click', close);
  $('lesson-other').addEventListener('click', showPicker);
  $('lesson-prev').addEventListener('click', () => enter(at - 1, true));
  $('lesson-next').addEventListener('click', () => enter(at + 1, true));
  $('lesson-again').addEventListener('click', () => enter(at, false));
  $('lesson-load').addEventListener('click', async () => {
    const text = $('lesson-paste').value.trim();
    if (!text) {
      showError('lesson: paste the text of a lesson\'s JSON first');
      return;
    }
    try {
      await mmfld.ready;
      start(parse(text, 'the pasted lesson'), 0, true);
    } catch (e) {
      showError(e.message);
    }
  });

  // ?lesson=URL: a lesson on this site, by a path relative to this page.
  const asked = new URLSearchParams(location.search).get('lesson');
  if (asked !== null) {
    open();
    (async () => {
      let url;
      try {
        url = new URL(asked, location.href);
      } catch {
        url = null;
      }
      if (!url || url.origin !== location.origin) {
        const where = url ? url.origin : `"${asked}"`;
        showPicker();
        showError(`lesson: ${where} is another site; a link opens lessons of this site (${location.origin}) only. Paste the lesson's JSON below instead.`);
        $('lesson-pick').querySelector('details').open = true;
        return;
      }
      try {
        await mmfld.ready;
        start(await fetchLesson(url.pathname + url.search), 0, false);
      } catch (e) {
        showPicker();
        showError(e.message);
      }
    })();
  }
})();
