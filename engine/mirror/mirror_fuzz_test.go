package mirror

import (
	"math"
	"slices"
	"testing"

	"github.com/mmfld/playground/engine/internal/vec"
)

// fuzzRoundTrip checks a map at an arbitrary dual point y: GradConj(y) is
// finite and in the closed domain for every finite y; after ClampDual it is
// strictly inside, every method is finite there, and both round trips hold
// (tolerances as in TestMirrorRoundTrip). scale and offset are the domain's
// size and the largest |coordinate| of its centre; barrier says the dual is
// ~1/distance.
func fuzzRoundTrip(t *testing.T, m Map, y []float64, scale, offset float64, barrier, chartIsSlack bool) {
	t.Helper()
	if !vec.AllFinite(y) {
		return
	}
	d := m.Dim()
	x := m.GradConj(nil, y)
	if !vec.AllFinite(x) || !(m.Distance(x) >= 0) {
		t.Fatalf("GradConj(%v) = %v: want finite and in the closed domain", y, x)
	}
	yc := slices.Clone(y)
	m.ClampDual(yc)
	x = m.GradConj(nil, yc)
	if !m.Inside(x) || !(m.Distance(x) >= 0x1p-1022) {
		t.Fatalf("GradConj(%v) = %v: want strictly inside with a normal distance, got %v", yc, x, m.Distance(x))
	}
	ones := mirFilled(m.NoiseLen(), 1)
	for _, out := range [][]float64{
		m.HessSqrtMul(nil, x, ones), m.HessDiag(nil, x), m.InvHessMul(nil, x, ones[:d]), m.GradLogDetHessConj(nil, x),
	} {
		if !vec.AllFinite(out) {
			t.Fatalf("at GradConj(%v) = %v a method returns %v", yc, x, out)
		}
	}
	ySc := 1.0
	if barrier {
		ySc = 1 / scale
	}
	y2 := m.Grad(nil, x)
	if tol := 1e-13 * (mirMaxAbs(yc) + ySc); mirMaxAbs(mirDiff(y2, yc)) > tol {
		t.Fatalf("Grad(GradConj(%v)) = %v", yc, y2)
	}
	x2 := m.GradConj(nil, y2)
	tol := 1e-13
	if !barrier {
		tol *= 1 + mirMaxAbs(y2)
	}
	for k := range x {
		abs := 0.0
		if k < d && !chartIsSlack {
			abs = scale + offset
		}
		if math.Abs(x2[k]-x[k]) > tol*(math.Abs(x[k])+abs) {
			t.Fatalf("GradConj(Grad(x))[%d] = %v, want %v\nx  = %v\nx2 = %v", k, x2[k], x[k], x, x2)
		}
	}
}

// Seeds shared by the fuzzers: the middle, the entropic bound (±300), just
// beyond it, the log-barrier scale (10¹²), overflow of e^y (710) and of
// y² (10¹⁵⁵), and the largest float64. More seeds are in
// testdata/fuzz/<name>/.
var fuzzDuals = [][3]float64{
	{0, 0, 0}, {1, -1, 0.5}, {300, -300, 300}, {-301, 299.5, 1e3},
	{1e12, -1e12, 3}, {-999999999999.9, 1e11, 710}, {1e155, -1e155, 1}, {math.MaxFloat64, -math.MaxFloat64, 0},
}

func FuzzFermiDiracBoxRoundTrip(f *testing.F) {
	for i, y := range fuzzDuals {
		f.Add([]float64{0, -2, 1e4}[i%3], []float64{1, 5, 1e-3}[i%3], y[0], y[1])
	}
	f.Fuzz(func(t *testing.T, a, width, y0, y1 float64) {
		m, err := NewFermiDiracBox(2, a, a+width)
		if err != nil {
			return
		}
		fuzzRoundTrip(t, m, []float64{y0, y1}, m.l, max(math.Abs(m.a), math.Abs(m.b)), false, false)
	})
}

func FuzzLogBarrierBoxRoundTrip(f *testing.F) {
	for i, y := range fuzzDuals {
		f.Add([]float64{0, -2, 1e4}[i%3], []float64{1, 5, 1e-3}[i%3], y[0], y[1])
	}
	f.Fuzz(func(t *testing.T, a, width, y0, y1 float64) {
		m, err := NewLogBarrierBox(2, a, a+width)
		if err != nil {
			return
		}
		fuzzRoundTrip(t, m, []float64{y0, y1}, m.l, max(math.Abs(m.a), math.Abs(m.b)), true, false)
	})
}

func FuzzLogBarrierBallRoundTrip(f *testing.F) {
	for i, y := range fuzzDuals {
		f.Add([]float64{1, 3, 1e-4}[i%3], y[0], y[1], y[2])
	}
	f.Fuzz(func(t *testing.T, radius, y0, y1, y2 float64) {
		m, err := NewLogBarrierBall(3, radius)
		if err != nil {
			return
		}
		fuzzRoundTrip(t, m, []float64{y0, y1, y2}, m.r, 0, true, false)
	})
}

func FuzzEntropicSimplexRoundTrip(f *testing.F) {
	for _, y := range fuzzDuals {
		f.Add(y[0], y[1], y[2])
	}
	f.Fuzz(func(t *testing.T, y0, y1, y2 float64) {
		fuzzRoundTrip(t, mustMap(NewEntropicSimplex(3)), []float64{y0, y1, y2}, 1, 0, false, true)
	})
}

// FuzzSpectraplexRoundTrip checks the von Neumann map on 2×2 and 3×3
// matrices at an arbitrary dual point (chart dims 2 and 5): GradConj is
// finite and in the closed spectraplex for every finite y; after ClampDual it
// is strictly inside with a normal smallest eigenvalue, of trace 1, every
// method is finite there, and Grad gives y back (tolerance as in
// TestSpectraplexRoundTrip). The eigenvectors are defined up to sign, so the
// primal round trip is checked on the matrix, not on the whole point.
func FuzzSpectraplexRoundTrip(f *testing.F) {
	for _, y := range fuzzDuals {
		f.Add(y[0], y[1], y[2], y[1], y[0])
	}
	f.Fuzz(func(t *testing.T, y0, y1, y2, y3, y4 float64) {
		for _, n := range []int{2, 3} {
			m := mustSpectraplex(t, n)
			y := []float64{y0, y1, y2, y3, y4}[:m.Dim()]
			if !vec.AllFinite(y) {
				return
			}
			x := m.GradConj(nil, y)
			if !vec.AllFinite(x) || !(m.Distance(x) >= 0) {
				t.Fatalf("n=%d: GradConj(%v) = %v: want finite and in the closed domain", n, y, x)
			}
			yc := slices.Clone(y)
			m.ClampDual(yc)
			x = m.GradConj(nil, yc)
			if !m.Inside(x) || !(m.Distance(x) >= 0x1p-1022) {
				t.Fatalf("n=%d: GradConj(%v) = %v: want strictly inside with a normal distance, got %v", n, yc, x, m.Distance(x))
			}
			_, _, _, mat := m.Parts(x)
			tr := 0.0
			for i := range n {
				tr += mat[i*n+i]
			}
			if math.Abs(tr-1) > 1e-14*float64(n) {
				t.Fatalf("n=%d: trace %v at GradConj(%v)", n, tr, yc)
			}
			ones := mirFilled(m.NoiseLen(), 1)
			for _, out := range [][]float64{
				m.HessSqrtMul(nil, x, ones), m.HessDiag(nil, x), m.InvHessMul(nil, x, ones[:m.Dim()]), m.GradLogDetHessConj(nil, x),
			} {
				if !vec.AllFinite(out) {
					t.Fatalf("n=%d: at GradConj(%v) = %v a method returns %v", n, yc, x, out)
				}
			}
			back := m.Grad(nil, x)
			if tol := 1e-12 * (1 + mirMaxAbs(yc)); mirMaxAbs(mirDiff(back, yc)) > tol {
				t.Fatalf("n=%d: Grad(GradConj(%v)) = %v", n, yc, back)
			}
			// ∇²φ* is at most the identity in norm (a softmax Jacobian), so
			// the matrix moves no more than the dual point did.
			_, _, _, mat2 := m.Parts(m.GradConj(nil, back))
			for k := range mat {
				if math.Abs(mat2[k]-mat[k]) > 1e-13+mirMaxAbs(mirDiff(back, yc))*float64(n) {
					t.Fatalf("n=%d: GradConj(Grad(x)) = %v, want the matrix %v", n, mat2, mat)
				}
			}
		}
	})
}
