"""mmfld_simplex.py: the benchmark's NumPy reference, the native peer.

One MMFLD run of meanmatch on the simplex Δ², vectorised over the particles
as a NumPy notebook would write it: each step is a few whole-array
expressions, the normals from NumPy's default generator (PCG64, ziggurat).
`make bench` runs it beside the engine's native build (cmd/bench -mode table).

The algorithm is the engine's MMFLD step (engine/integrate's mmfld, the
Hessian at the drift point) for the entropic map on the simplex
(engine/mirror's EntropicSimplex), for meanmatch
F(μ) = ‖m(μ) − q‖² + β E Σᵢ log(1/xᵢ) (engine/objective); it is the same
maths as bench/peer/mmfld_simplex.js, whose header spells it out:

    g_j = 2[(m_j − q_j) − (m₃ − q₃)] − β[1/x_j − 1/x₃],   Y' = y − η g,
    x̃ = softmax(Y', 0),   ζ_j = ξ_j/√x̃_j − ξ₃/√x̃₃,
    Y⁺ = Y' + √(2λη) ζ,   x⁺ = softmax(Y⁺, 0).

As in the JavaScript peer, the engine's clamps are kept (each dual move cut
to ±20, each dual coordinate to ±300: MoveBound and DualBound), and its
refusal of non-finite moves and its counters are left out. NumPy runs these
element-wise operations on one core (no BLAS call is involved).

Usage: python3 mmfld_simplex.py [--n 100000] [--seconds 1.5] [--warmup 5]
  [--steps K] [--seed 1] [--lambda 0.1] [--eta 0.003] [--beta 0.1]
  [--q 0.7,0.2,0.1] [--init y.bin] [--out x.bin]
(the flags of the JavaScript peer). It prints one JSON line with
"particle_steps_per_s". Initialisation and warm-up steps are not timed.
"""
import argparse
import json
import sys
import time

import numpy as np

MOVE_BOUND, DUAL_BOUND = 20.0, 300.0


def softmax0(y):
    """∇φ*(y): softmax(y₁, y₂, 0) = (e^{y₁}, e^{y₂}, 1)/(1 + e^{y₁} + e^{y₂}),
    as a (3, N) array, unshifted as the engine's Simplex.gradConj computes it:
    the clamp |y| ≤ DUAL_BOUND keeps every e^{yⱼ} finite. (The max-shifted
    textbook softmax ran this peer at 11.9 million particle-steps/s, this at
    18.1, with NumPy 1.24 on 2026-11-30.)

    The particles are kept coordinate by coordinate (y is (2, N), x is
    (3, N)): NumPy's reductions along a short last axis (y.max(axis=1) on
    (N, 2)) are several times slower than element-wise operations on rows.
    """
    e = np.exp(y)
    z = 1 + e[0] + e[1]
    return np.vstack((e[0] / z, e[1] / z, 1 / z))


def step(y, x, p, rng):
    """One MMFLD step of all particles; returns the new (y, x)."""
    m = x.mean(axis=1)
    c = 2 * ((m[:2] - p.q[:2]) - (m[2] - p.q[2]))
    inv = p.beta / x
    g = c[:, None] - (inv[:2] - inv[2])
    yp = np.clip(y + np.clip(-p.eta * g, -MOVE_BOUND, MOVE_BOUND), -DUAL_BOUND, DUAL_BOUND)
    xt = softmax0(yp)
    s = rng.standard_normal((3, y.shape[1])) / np.sqrt(xt)
    z = p.sq * (s[:2] - s[2])
    y = np.clip(yp + np.clip(z, -MOVE_BOUND, MOVE_BOUND), -DUAL_BOUND, DUAL_BOUND)
    return y, softmax0(y)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100000)
    ap.add_argument("--seconds", type=float, default=1.5)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--steps", type=int, default=0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--lambda", dest="lam", type=float, default=0.1)
    ap.add_argument("--eta", type=float, default=3e-3)
    ap.add_argument("--beta", type=float, default=0.1)
    ap.add_argument("--q", default="0.7,0.2,0.1")
    ap.add_argument("--init", default="")
    ap.add_argument("--out", default="")
    p = ap.parse_args()
    p.q = np.array([float(v) for v in p.q.split(",")])
    if p.q.shape != (3,):
        sys.exit("--q needs 3 numbers (the simplex Δ²)")
    p.sq = np.sqrt(2 * p.lam * p.eta)
    rng = np.random.default_rng(p.seed)
    if p.init:
        y = np.fromfile(p.init, dtype="<f8")
        if y.size != 2 * p.n:
            sys.exit(f"--init: want {2 * p.n} float64, got {y.size}")
        y = np.ascontiguousarray(y.reshape(p.n, 2).T)
    else:
        # Uniform on Δ² (Dirichlet(1, 1, 1)) in the dual: y_j = log E_j − log E₃.
        e = np.log(rng.standard_exponential((3, p.n)))
        y = np.clip(e[:2] - e[2], -DUAL_BOUND, DUAL_BOUND)
    x = softmax0(y)
    for _ in range(p.warmup):
        y, x = step(y, x, p, rng)
    steps, elapsed = 0, 0.0
    t0 = time.perf_counter()
    while (steps < p.steps) if p.steps > 0 else (elapsed < p.seconds or steps < 3):
        y, x = step(y, x, p, rng)
        steps += 1
        elapsed = time.perf_counter() - t0
    if p.out:
        x.T.astype("<f8").tofile(p.out)  # particle by particle, as the JS peer writes
    print(json.dumps({
        "peer": "numpy", "runtime": f"python {sys.version.split()[0]}, numpy {np.__version__}",
        "n": p.n, "steps": steps, "seconds": elapsed,
        "particle_steps_per_s": p.n * steps / elapsed,
    }))


if __name__ == "__main__":
    main()
