// The playground in a second browser engine: Debian's firefox-esr, driven
// over WebDriver BiDi (Firefox's remote protocol) by puppeteer-core, which
// downloads no browser. Firefox draws WebGL2 only with a display (through
// Mesa): the first part runs it under Xvfb; the second runs it headless with
// WebGL2 turned off and checks the page says so.
//
// Run by `make test`, through cmd/serve's TestBrowserFirefox, which serves
// the bundle it built and passes its address as MMFLD_URL. By hand:
//   make web && cd test/firefox && npm ci && xvfb-run -a -s "-screen 0 1400x1000x24" node --test
// (without MMFLD_URL the test serves MMFLD_WEB, by default ../../build/web,
// with `go run ./cmd/serve`). MMFLD_FIREFOX names another Firefox binary.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import puppeteer from 'puppeteer-core';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const FIREFOX = process.env.MMFLD_FIREFOX || '/usr/bin/firefox-esr';
const WIDTH = 1280;
const HEIGHT = 800;

let url = process.env.MMFLD_URL || '';
let server = null;

// serve starts `go run ./cmd/serve` on a free port for the bundle in dir and
// resolves to its address, once it says it.
function serve(dir) {
  return new Promise((ok, fail) => {
    server = spawn('go', ['run', './cmd/serve', '-dir', dir, '-addr', '127.0.0.1:0'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /MMFLD Playground: (\S+)/.exec(out);
      if (m) ok(m[1]);
    });
    server.on('error', fail);
    server.on('exit', (code) => fail(new Error(`go run ./cmd/serve -dir ${dir} exited (${code}) before serving`)));
  });
}

before(async () => {
  assert.ok(existsSync(FIREFOX), `${FIREFOX} not found: install Debian's firefox-esr (make deps-test), or set MMFLD_FIREFOX`);
  if (!url) {
    const dir = resolve(root, process.env.MMFLD_WEB || 'build/web');
    assert.ok(existsSync(resolve(dir, 'sim.html')), `${dir} holds no bundle: run make web, or set MMFLD_URL or MMFLD_WEB`);
    url = await serve(dir);
  }
  if (!url.endsWith('/')) url += '/';
});

after(() => {
  if (server) server.kill();
});

// open launches Firefox (launch options extended by opts), opens the
// playground at query in a WIDTH×HEIGHT viewport, and records what the page
// wrote to the console (either document), what it threw, and its requests.
async function open(query, opts = {}) {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: FIREFOX,
    headless: false,
    ...opts,
  });
  const page = await browser.newPage();
  const got = { browser, page, console: [], logs: [], requests: [] };
  page.on('console', (m) => {
    const line = `console.${m.type()}: ${m.text()}`;
    // wasm_exec.js writes the Go program's stdout and stderr with
    // console.log: a panic shows up there.
    if (['error', 'warn', 'warning', 'assert'].includes(m.type()) || /panic:|fatal error:/.test(m.text())) got.console.push(line);
    else got.logs.push(line);
  });
  page.on('pageerror', (e) => got.console.push(`uncaught: ${e && e.message ? e.message : e}`));
  page.on('request', (r) => got.requests.push(r.url()));
  await page.setViewport({ width: WIDTH, height: HEIGHT });
  await page.goto(url + query, { waitUntil: 'load' });
  return got;
}

// within resolves to what promise gives, or rejects after ms.
function within(ms, what, promise) {
  let timer;
  const late = new Promise((_, no) => { timer = setTimeout(() => no(new Error(`${what}: nothing after ${ms} ms`)), ms); });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

// decodePNG reads an 8-bit, non-interlaced RGB or RGBA PNG (what Firefox's
// screenshots are) into {width, height, rgba}.
function decodePNG(buf) {
  assert.equal(buf.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', 'not a PNG');
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat = [];
  for (let at = 8; at < buf.length;) {
    const len = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    const body = buf.subarray(at + 8, at + 8 + len);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [depth, colour, , , interlace] = body.subarray(8, 13);
      assert.ok(depth === 8 && (colour === 2 || colour === 6) && interlace === 0, `PNG of depth ${depth}, colour type ${colour}, interlace ${interlace}: not read here`);
      channels = colour === 6 ? 4 : 3;
    } else if (type === 'IDAT') {
      idat.push(body);
    }
    at += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const px = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? px[y * stride + x - channels] : 0;
      const b = y > 0 ? px[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? px[(y - 1) * stride + x - channels] : 0;
      let pred = 0;
      switch (filter) {
        case 0: pred = 0; break;
        case 1: pred = a; break;
        case 2: pred = b; break;
        case 3: pred = (a + b) >> 1; break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default: throw new Error(`PNG filter ${filter}`);
      }
      px[y * stride + x] = (line[x] + pred) & 0xff;
    }
  }
  const rgba = Buffer.alloc(width * height * 4, 255);
  for (let i = 0; i < width * height; i++) px.copy(rgba, i * 4, i * channels, i * channels + 3);
  return { width, height, rgba };
}

// ink counts the pixels of the rectangle [x0, x1) × [y0, y1) of img that
// differ from its most common colour by more than 24 in some channel.
function ink(img, x0, y0, x1, y1) {
  const at = (x, y) => (y * img.width + x) * 4;
  const hist = new Map();
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = at(x, y);
      const key = (img.rgba[i] << 16) | (img.rgba[i + 1] << 8) | img.rgba[i + 2];
      hist.set(key, (hist.get(key) || 0) + 1);
    }
  }
  let bg = 0;
  let most = -1;
  for (const [key, n] of hist) {
    if (n > most) [bg, most] = [key, n];
  }
  const ref = [bg >> 16, (bg >> 8) & 0xff, bg & 0xff];
  let count = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = at(x, y);
      const d = Math.max(Math.abs(img.rgba[i] - ref[0]), Math.abs(img.rgba[i + 1] - ref[1]), Math.abs(img.rgba[i + 2] - ref[2]));
      if (d > 24) count++;
    }
  }
  return count;
}

// panelInk screenshots the simulation frame after a few drawn frames and
// counts the inked pixels of its left (primal) and right (dual) halves.
async function panelInk(page) {
  const rect = await page.evaluate(async () => {
    const f = document.getElementById('sim');
    for (let i = 0; i < 6; i++) await new Promise((r) => f.contentWindow.requestAnimationFrame(r));
    await new Promise((r) => setTimeout(r, 200));
    const b = f.getBoundingClientRect();
    return { x: b.x, y: b.y, width: b.width, height: b.height };
  });
  const img = decodePNG(Buffer.from(await page.screenshot({ clip: rect })));
  const inset = 6; // clear of the rounded corners
  const mid = Math.floor(img.width / 2);
  return [ink(img, inset, inset, mid, img.height - inset), ink(img, mid, inset, img.width - inset, img.height - inset)];
}

test('under Xvfb: the page loads, plays, draws both panels and answers the API', async (t) => {
  const started = Date.now();
  const { browser, page, console: consoleLines, logs, requests } = await open('');
  t.after(() => browser.close());
  const ready = await within(60000, 'mmfld.ready', page.evaluate(() => mmfld.ready.then(() => 'ready', (e) => `rejected: ${e.message}`)));
  assert.equal(ready, 'ready', `the simulation did not start; console: ${consoleLines.concat(logs).join('\n')}`);
  t.diagnostic(`${await browser.version()}: ready ${Date.now() - started} ms after launch`);

  await t.test('the API', async () => {
    const got = await page.evaluate(() => {
      const fields = mmfld.options().fields.map((f) => f.name);
      const set = mmfld.setConfig({ eta: 0.001 });
      let refused = '';
      try {
        mmfld.setConfig({ eta: -1 });
      } catch (e) {
        refused = e instanceof Error ? e.message : `not an Error: ${e}`;
      }
      mmfld.pause();
      const before = mmfld.metrics();
      const after = mmfld.step(10);
      return {
        version: mmfld.version, fields, setEta: set.eta, eta: mmfld.getConfig().eta, objective: mmfld.getConfig().objective,
        refused, before: before.step, after: after.step, F: after.F, outside: after.outside, n: after.n, now: mmfld.metrics().step,
      };
    });
    assert.ok(got.version, 'mmfld.version is empty');
    for (const f of ['objective', 'algorithm', 'lambda', 'eta', 'n', 'seed']) assert.ok(got.fields.includes(f), `options().fields lacks ${f}: ${got.fields}`);
    assert.equal(got.setEta, 0.001, 'setConfig({eta: 0.001}).eta');
    assert.equal(got.eta, 0.001, 'getConfig().eta after setConfig');
    assert.equal(got.objective, 'meanmatch', 'the default preset');
    assert.match(got.refused, /eta/, 'setConfig({eta: -1}) throws an Error naming eta');
    assert.equal(got.after, got.before + 10, 'step(10) takes 10 steps');
    assert.equal(got.now, got.after, 'metrics().step while paused');
    assert.ok(Number.isFinite(got.F) && got.outside === 0 && got.n === 4000, `step(10) metrics: F ${got.F}, outside ${got.outside}, n ${got.n}`);
  });

  await t.test('plays and pauses', async () => {
    const steps = () => page.evaluate(() => mmfld.metrics().step);
    await page.evaluate(() => mmfld.play());
    assert.equal(await page.evaluate(() => mmfld.playing()), true, 'playing() after play()');
    const s0 = await steps();
    await sleep(1500);
    const s1 = await steps();
    assert.ok(s1 > s0 + 10, `playing for 1.5 s went from step ${s0} to ${s1}`);
    await page.evaluate(() => mmfld.pause());
    assert.equal(await page.evaluate(() => mmfld.playing()), false, 'playing() after pause()');
    const p0 = await steps();
    await sleep(500);
    assert.equal(await steps(), p0, 'the step moved while paused');
    t.diagnostic(`${s1 - s0} steps in 1.5 s of play`);
  });

  await t.test('both panels are drawn', async () => {
    await page.evaluate(() => (mmfld.setConfig({ objective: 'meanmatch', n: 4000, eta: 0.003 }), mmfld.step(50)));
    const full = await panelInk(page);
    await page.evaluate(() => mmfld.setConfig({ n: 1 }));
    const empty = await panelInk(page);
    t.diagnostic(`inked pixels (primal, dual): ${full} with 4000 particles, ${empty} with 1`);
    // Frame, axes and labels are in both shots; the particles make the
    // difference. 4000 particles cover far more than 2000 pixels.
    for (const [i, side] of ['primal (left)', 'dual (right)'].entries()) {
      assert.ok(full[i] - empty[i] >= 2000, `${side} panel: ${full[i]} inked pixels with 4000 particles, ${empty[i]} with 1`);
    }
    await page.evaluate(() => (mmfld.setConfig({ n: 4000 }), mmfld.play()));
  });

  await t.test('nothing from another origin', () => {
    const origin = new URL(url).origin;
    const other = requests.filter((u) => !u.startsWith(`${origin}/`) && !/^(data|blob):/.test(u));
    assert.deepEqual(other, [], 'requests to another origin');
    assert.ok(requests.some((u) => /\/main\.[0-9a-f]{12}\.wasm$/.test(u)), `no request for main.<hash>.wasm among ${requests}`);
  });

  await t.test('no console errors', async () => {
    // Check the check: a warning in the simulation frame must be seen.
    await page.evaluate(() => document.getElementById('sim').contentWindow.console.warn('mmfld-firefox-probe'));
    for (let i = 0; i < 100 && !consoleLines.some((l) => l.includes('mmfld-firefox-probe')); i++) await sleep(50);
    const probe = consoleLines.findIndex((l) => l.includes('mmfld-firefox-probe'));
    assert.ok(probe >= 0, 'a console.warn in the simulation frame was not seen');
    consoleLines.splice(probe, 1);
    assert.deepEqual(consoleLines, [], 'the page wrote to the console');
  });
});

test('headless, WebGL2 off: the page says so', async (t) => {
  // Headless Firefox has no WebGL2 here anyway; the pref makes sure.
  const { browser, page, console: consoleLines } = await open('', { headless: true, extraPrefsFirefox: { 'webgl.enable-webgl2': false } });
  t.after(() => browser.close());
  assert.equal(await page.evaluate(() => !!document.createElement('canvas').getContext('webgl2')), false, 'this Firefox still offers WebGL2');
  const got = await page.evaluate(async () => {
    const ready = await mmfld.ready.then(() => 'resolved', (e) => e.message);
    const d = document.getElementById('sim').contentDocument;
    const notice = document.getElementById('notice');
    return {
      ready,
      frame: d.getElementById('loading-text').textContent,
      button: (d.querySelector('#loading button') || {}).textContent,
      notice: notice.hidden ? '' : notice.querySelector('span').textContent,
      stopped: mmfld.stopped(),
    };
  });
  assert.match(got.frame, /^No WebGL2: .*hardware.*acceleration.*headless/, 'the frame says what happened');
  assert.equal(got.button, 'Reload', 'the frame offers a reload');
  assert.equal(got.ready, got.frame, 'mmfld.ready rejects with the message');
  assert.equal(got.notice, got.frame, 'the panel shows the message');
  assert.equal(got.stopped, got.frame, 'mmfld.stopped() returns the message');
  await sleep(3000); // a warning of a preload left unused would come by now
  assert.deepEqual(consoleLines, [], 'the page wrote to the console');
});
