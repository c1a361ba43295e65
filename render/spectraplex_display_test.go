//go:build display

package render

import (
	"math"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/mmfld/playground/engine"
	"github.com/mmfld/playground/engine/mirror"
	"github.com/mmfld/playground/render/layout"
)

// TestSpectraplexDrawn draws the spectraplex: its spectra on the triangle
// (3×3) and on the projected Δ⁴ (5×5), and, once Config allows dim 1, the
// 2×2 disc. Both panels show particles, the margins and the status strip
// none.
func TestSpectraplexDrawn(t *testing.T) {
	t.Run("3x3", func(t *testing.T) {
		checkPanels(t, frame(t, NewGame(newSession(t, `{"domain": "spectraplex", "n": 2000}`, 10))), layout.Screen(Width, Height, false), 1500)
	})
	f := layout.Screen(Width, Height, false)
	for name, patch := range map[string]string{"5x5": `{"domain": "spectraplex", "dim": 4, "n": 2000}`, "2x2": `{"domain": "spectraplex", "dim": 1, "n": 2000}`} {
		t.Run(name, func(t *testing.T) {
			if _, err := engine.Default().Patch([]byte(patch)); err != nil {
				t.Skipf("%s: %v", patch, err)
			}
			img := frame(t, NewGame(newSession(t, patch, 10)))
			primal := count(img, func(x, y int) bool { return inside(f.Primal, 0, x, y) && !inside(f.Legend, -10, x, y) })
			dual := count(img, func(x, y int) bool { return inside(f.Plot, 0, x, y) })
			stray := count(img, func(x, y int) bool { return inside(f.Status, 0, x, y) })
			if primal < 1500 || dual < 1500 || stray > 0 {
				t.Errorf("%s: particle-coloured pixels primal %d, dual %d (want ≥ 1500 each), in the status strip %d (want 0)", patch, primal, dual, stray)
			}
		})
	}
}

// TestSpectraView checks the view of a 3×3 snapshot (the spectrum, its
// simplex dual, the sorted target and the mean's spectrum) and of a 2×2
// one (the disc), built by hand.
func TestSpectraView(t *testing.T) {
	var v spectraView
	snap := &engine.Snapshot{Config: engine.Default()}
	snap.Config.Domain, snap.Config.Mirror = engine.DomainSpectraplex, engine.MirrorVonNeumann
	snap.Config.Q = []float64{0.2, 0.7, 0.1}
	snap.Primal = []float64{0.5, 0, 0, 0, 0.3, 0, 0, 0, 0.2}
	snap.Spectrum = []float64{0.5, 0.3, 0.2}
	snap.Dual = []float64{1, 2, 3, 4, 5}
	snap.Metrics.Mean = []float64{0.3, 0, 0, 0, 0.5, 0, 0, 0, 0.2}
	vs, disc := v.view(snap)
	if disc || vs.Config.Domain != engine.DomainSpectraplex {
		t.Fatalf("3×3: drawn as the disc, or the view's config changed domain to %s", vs.Config.Domain)
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-12 }
	if len(vs.Primal) != 3 || len(vs.Dual) != 2 || !near(vs.Dual[0], math.Log(2.5)) || !near(vs.Dual[1], math.Log(1.5)) {
		t.Errorf("3×3: primal %v, dual %v", vs.Primal, vs.Dual)
	}
	if q := vs.Config.Q; q[0] != 0.7 || q[1] != 0.2 || q[2] != 0.1 || snap.Config.Q[0] != 0.2 {
		t.Errorf("target %v (the snapshot's q %v must stay)", q, snap.Config.Q)
	}
	if m := vs.Metrics.Mean; len(m) != 3 || !near(m[0], 0.5) || !near(m[1], 0.3) || !near(m[2], 0.2) {
		t.Errorf("mean spectrum %v, want (0.5, 0.3, 0.2)", m)
	}

	snap.Config.Dim, snap.Config.Q = 1, []float64{0.7, 0.3}
	snap.Primal = []float64{0.6, 0.2, 0.2, 0.4}
	snap.Spectrum = []float64{0.7236, 0.2764}
	snap.Dual = []float64{1, 2}
	snap.Metrics.Mean = []float64{0.6, 0.2, 0.2, 0.4}
	vs, disc = v.view(snap)
	if !disc || vs.Config.Domain != engine.DomainSpectraplex || vs.Config.Dim != 1 {
		t.Fatalf("2×2: not drawn as the disc (%v), or the view's config changed to %s, dim %d", disc, vs.Config.Domain, vs.Config.Dim)
	}
	if p := vs.Primal; len(p) != 2 || !near(p[0], 0.2) || !near(p[1], 0.4) {
		t.Errorf("2×2: disc point %v, want (0.2, 0.4)", p)
	}
	if c := vs.Config.Center; len(c) != 2 || !near(c[0], 0.4) || c[1] != 0 {
		t.Errorf("2×2: target %v, want (0.4, 0)", c)
	}
	// discDual agrees with the engine's map: y = ∇φ(X).
	mm, err := mirror.NewSpectraplex(1)
	if err != nil {
		t.Fatal(err)
	}
	x := mm.Lift(nil, []float64{0.6, 0.2}) // X = [[0.6, 0.2], [0.2, 0.4]]
	y := mm.Grad(nil, x)
	y1, y2, ok := discDual(0.2, 0.4)
	if !ok || !near(y1, y[0]) || !near(y2, y[1]) {
		t.Errorf("discDual = (%v, %v), the map's dual %v", y1, y2, y)
	}
}

// TestSpectraplexDrawAllocations: drawing the spectraplex (its view rebuilt
// every frame) allocates a bounded amount per frame, not per particle.
func TestSpectraplexDrawAllocations(t *testing.T) {
	allocs := func(n int) float64 {
		g := NewGame(newSession(t, `{"domain": "spectraplex", "dim": 3, "n":`+itoa(n)+`}`, 1))
		dst := ebiten.NewImage(Width, Height)
		defer dst.Deallocate()
		g.Draw(dst) // warm the buffers and glyph caches
		g.Draw(dst)
		return testing.AllocsPerRun(10, func() { g.Draw(dst) })
	}
	small, large := allocs(500), allocs(5000)
	t.Logf("allocations per Draw: %v with 500 particles, %v with 5000", small, large)
	if large > small+20 || large > 400 {
		t.Errorf("allocations per Draw: %v for 500 particles, %v for 5000", small, large)
	}
}
