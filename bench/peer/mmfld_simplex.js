// mmfld_simplex.js: the benchmark's JavaScript reference. One MMFLD run of
// meanmatch on the simplex Δ² written as a web developer would write it:
// Float64Arrays, Math.exp/log/sqrt, a xoshiro128** generator and Marsaglia's
// polar method for normals, one plain loop over the particles. `make bench`
// runs it under the same Node as the engine's WebAssembly build and quotes
// both (cmd/bench -mode table).
//
// The algorithm is the engine's MMFLD step (engine/integrate's mmfld, the
// Hessian at the drift point) for the entropic map on the simplex
// (engine/mirror's EntropicSimplex), for meanmatch F(μ) = ‖m(μ) − q‖² + β E Σᵢ log(1/xᵢ) (engine/objective).
// Each step observes the mean m of the N particles' barycentric coordinates
// x = (x₁, x₂, x₃), then moves every particle against that one m:
//
//   g_j = 2[(m_j − q_j) − (m₃ − q₃)] − β[1/x_j − 1/x₃]   (chart gradient, j = 1, 2)
//   Y'  = y − η g                                        (drift in the dual)
//   x̃   = ∇φ*(Y') = softmax(Y'₁, Y'₂, 0)                 (last coordinate the reference)
//   ζ_j = ξ_j/√x̃_j − ξ₃/√x̃₃,  ξ ~ N(0, I₃)               (S ξ with S Sᵀ = ∇²φ(x̃))
//   Y⁺  = Y' + √(2λη) ζ,  x⁺ = ∇φ*(Y⁺).
//
// The softmax exponentiates y unshifted, x = (e^{y₁}, e^{y₂}, 1)/(1 + e^{y₁} +
// e^{y₂}), as the engine's Simplex.gradConj does: the clamp |y| ≤ 300 below
// keeps every e^{yⱼ} finite (the max-shifted textbook softmax ran this peer
// at 6.2 million particle-steps/s, this at 7.2, in Node v20 on 2026-11-30). The engine's safety clamps ARE kept (each dual move,
// drift and noise, cut to ±20 and each dual coordinate to ±300: MoveBound and
// DualBound, three comparisons apiece) so that the peer is the same algorithm
// and never produces NaN; what is LEFT OUT is the engine's refusal of a
// non-finite move and its counters of clamps and refusals (the engine pays for
// those, the peer does not). The peer's random numbers differ from the
// engine's (the engine draws PCG + ziggurat normals), so the two agree in law,
// not bit for bit: cmd/bench's peer test compares their stationary moments.
//
// Usage: node mmfld_simplex.js [--n 100000] [--seconds 1.5] [--warmup 5]
//   [--steps K (exactly K timed steps instead of --seconds)] [--seed 1]
//   [--lambda 0.1] [--eta 0.003] [--beta 0.1] [--q 0.7,0.2,0.1]
//   [--init y.bin (N·2 float64 little-endian dual coordinates; else uniform)]
//   [--out x.bin (write the final N·3 barycentric coordinates)]
// It prints one JSON line: {"peer":"js", ..., "particle_steps_per_s": …}.
// Initialisation and warm-up steps are not timed.
'use strict';

const fs = require('fs');

function parseArgs(argv) {
  const o = {
    n: 100000, seconds: 1.5, warmup: 5, steps: 0, seed: 1,
    lambda: 0.1, eta: 3e-3, beta: 0.1, q: [0.7, 0.2, 0.1], init: '', out: '',
  };
  for (let i = 2; i < argv.length; i += 2) {
    const k = argv[i].replace(/^--?/, ''), v = argv[i + 1];
    if (!(k in o) || v === undefined) throw new Error('unknown or incomplete flag ' + argv[i]);
    if (k === 'q') o.q = v.split(',').map(Number);
    else if (k === 'init' || k === 'out') o[k] = v;
    else o[k] = Number(v);
  }
  if (o.q.length !== 3) throw new Error('--q needs 3 numbers (the simplex Δ²)');
  return o;
}

// xoshiro128** (Blackman & Vigna), 32-bit state words, seeded by splitmix32.
function makeRng(seed) {
  let s = seed >>> 0;
  function splitmix32() {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  }
  let a = splitmix32(), b = splitmix32(), c = splitmix32(), d = splitmix32();
  // uniform returns a number in [0, 1) with 32 random bits.
  function uniform() {
    const r = Math.imul(((Math.imul(b, 5) << 7) | (Math.imul(b, 5) >>> 25)), 9);
    const t = b << 9;
    c ^= a; d ^= b; b ^= c; a ^= d; c ^= t;
    d = (d << 11) | (d >>> 21);
    return (r >>> 0) * 2.3283064365386963e-10;
  }
  // normal: Marsaglia's polar method, keeping the second value for the next call.
  let spare = 0, hasSpare = false;
  function normal() {
    if (hasSpare) { hasSpare = false; return spare; }
    let u, v, w;
    do {
      u = 2 * uniform() - 1;
      v = 2 * uniform() - 1;
      w = u * u + v * v;
    } while (w >= 1 || w === 0);
    const f = Math.sqrt(-2 * Math.log(w) / w);
    spare = v * f; hasSpare = true;
    return u * f;
  }
  return { uniform, normal };
}

const MOVE_BOUND = 20, DUAL_BOUND = 300;

function clamp(v, b) { return v > b ? b : (v < -b ? -b : v); }

// softmax writes ∇φ*(y) = softmax(y1, y2, 0) into x[k], x[k+1], x[k+2].
// |y1|, |y2| ≤ DUAL_BOUND, so no exponential overflows.
function softmax(x, k, y1, y2) {
  const e1 = Math.exp(y1), e2 = Math.exp(y2);
  const z = 1 + e1 + e2;
  x[k] = e1 / z; x[k + 1] = e2 / z; x[k + 2] = 1 / z;
}

function initUniform(y, x, n, rng) {
  // Uniform on Δ² (Dirichlet(1, 1, 1)) drawn in the dual: y_j = log E_j − log E₃.
  for (let i = 0; i < n; i++) {
    const l1 = Math.log(-Math.log(1 - rng.uniform()));
    const l2 = Math.log(-Math.log(1 - rng.uniform()));
    const l3 = Math.log(-Math.log(1 - rng.uniform()));
    y[2 * i] = clamp(l1 - l3, DUAL_BOUND);
    y[2 * i + 1] = clamp(l2 - l3, DUAL_BOUND);
    softmax(x, 3 * i, y[2 * i], y[2 * i + 1]);
  }
}

// step advances the n particles (dual y, primal x) one MMFLD step.
function step(y, x, xt, n, p, rng) {
  let m1 = 0, m2 = 0, m3 = 0;
  for (let k = 0; k < 3 * n; k += 3) { m1 += x[k]; m2 += x[k + 1]; m3 += x[k + 2]; }
  m1 /= n; m2 /= n; m3 /= n;
  const last = 2 * (m3 - p.q[2]);
  const c1 = 2 * (m1 - p.q[0]) - last, c2 = 2 * (m2 - p.q[1]) - last;
  const eta = p.eta, beta = p.beta, sq = Math.sqrt(2 * p.lambda * p.eta);
  for (let i = 0; i < n; i++) {
    const k = 3 * i, j = 2 * i;
    const b3 = beta / x[k + 2];
    const g1 = c1 - (beta / x[k] - b3), g2 = c2 - (beta / x[k + 1] - b3);
    const yp1 = clamp(y[j] + clamp(-eta * g1, MOVE_BOUND), DUAL_BOUND);
    const yp2 = clamp(y[j + 1] + clamp(-eta * g2, MOVE_BOUND), DUAL_BOUND);
    softmax(xt, 0, yp1, yp2);
    const s3 = rng.normal() / Math.sqrt(xt[2]);
    const z1 = rng.normal() / Math.sqrt(xt[0]) - s3;
    const z2 = rng.normal() / Math.sqrt(xt[1]) - s3;
    const y1 = clamp(yp1 + clamp(sq * z1, MOVE_BOUND), DUAL_BOUND);
    const y2 = clamp(yp2 + clamp(sq * z2, MOVE_BOUND), DUAL_BOUND);
    y[j] = y1; y[j + 1] = y2;
    softmax(x, k, y1, y2);
  }
}

function main() {
  const p = parseArgs(process.argv);
  const n = p.n;
  const y = new Float64Array(2 * n), x = new Float64Array(3 * n), xt = new Float64Array(3);
  const rng = makeRng(p.seed);
  if (p.init) {
    const buf = fs.readFileSync(p.init);
    if (buf.length !== 16 * n) throw new Error(`--init: want ${16 * n} bytes (N·2 float64), got ${buf.length}`);
    for (let i = 0; i < 2 * n; i++) y[i] = buf.readDoubleLE(8 * i);
    for (let i = 0; i < n; i++) softmax(x, 3 * i, y[2 * i], y[2 * i + 1]);
  } else {
    initUniform(y, x, n, rng);
  }
  for (let s = 0; s < p.warmup; s++) step(y, x, xt, n, p, rng);
  let steps = 0;
  const t0 = process.hrtime.bigint();
  let elapsed = 0;
  for (;;) {
    if (p.steps > 0 ? steps >= p.steps : (elapsed >= p.seconds && steps >= 3)) break;
    step(y, x, xt, n, p, rng);
    steps++;
    elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
  }
  if (p.out) fs.writeFileSync(p.out, Buffer.from(x.buffer, x.byteOffset, x.byteLength));
  console.log(JSON.stringify({
    peer: 'js', runtime: 'node ' + process.version, n, steps, seconds: elapsed,
    particle_steps_per_s: n * steps / elapsed,
  }));
}

main();
