package mirror

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/mmfld/playground/engine/internal/vec"
)

// TestNewPolygonValidates checks that NewPolygon refuses what is not a
// convex polygon, naming the problem, and fixes up clockwise order.
func TestNewPolygonValidates(t *testing.T) {
	for _, tc := range []struct {
		name  string
		verts [][2]float64
		want  string // in the error
	}{
		{"two vertices", [][2]float64{{0, 0}, {1, 0}}, "needs 3"},
		{"NaN", [][2]float64{{0, 0}, {1, 0}, {math.NaN(), 1}}, "vertex 2"},
		{"far", [][2]float64{{0, 0}, {1, 0}, {0, 2e8}}, "vertex 2"},
		{"repeated", [][2]float64{{0, 0}, {1, 0}, {1, 0}, {0, 1}}, "vertices 1 and 2 coincide"},
		{"collinear", [][2]float64{{0, 0}, {1, 0}, {2, 0}, {1, 1}}, "vertex 1 lies on the line"},
		{"not convex", [][2]float64{{0, 0}, {2, 0}, {1, 0.5}, {2, 2}, {0, 2}}, "not convex at vertex"},
		{"star", [][2]float64{{1, 0}, {-0.809, 0.588}, {0.309, -0.951}, {0.309, 0.951}, {-0.809, -0.588}}, "wind around 2 times"},
		{"folds back", [][2]float64{{0, 0}, {2, 0}, {1, 1e-7}}, "folds back on itself at vertex 0"},
		{"tiny", [][2]float64{{0, 0}, {1e-9, 0}, {0, 1e-9}}, "diameter"},
		{"thin", [][2]float64{{0, 0}, {1, 0}, {1, 1e-9}, {0, 1e-9}}, ""},
	} {
		_, err := NewPolygonBarrier(tc.verts)
		if err == nil || !strings.HasPrefix(err.Error(), "engine: polygon: ") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
	cw, err := NewPolygon([][2]float64{{0, 0}, {0, 1}, {1, 1}, {1, 0}})
	if err != nil {
		t.Fatal(err)
	}
	v := cw.Vertices()
	area := 0.0
	for k := range v {
		l := (k + 1) % len(v)
		area += v[k][0]*v[l][1] - v[l][0]*v[k][1]
	}
	if area != 2 {
		t.Errorf("clockwise square not made counter-clockwise: %v (twice the signed area %v)", v, area)
	}
	if c := cw.centre; math.Abs(c[0]-0.5) > 1e-15 || math.Abs(c[1]-0.5) > 1e-15 || math.Abs(c[2]-0.5) > 1e-15 {
		t.Errorf("analytic centre of the unit square = %v, want (0.5, 0.5) with slacks 0.5", c)
	}
}

// TestPolygonWarmStart checks GradConjFrom: from the particle's previous
// position it gives GradConj's answer (to the rounding allowance of the
// round-trip test), also with dst = x0, and it falls back to the centre for
// a start point outside.
func TestPolygonWarmStart(t *testing.T) {
	c := polygonCase("trapezoid", [][2]float64{{-7, 2}, {-3, 2}, {-4, 3}, {-6, 3}})
	pb := c.m.(PolygonBarrier)
	rng := rand.New(rand.NewPCG(41, 42))
	for _, rel := range mirRelDistances {
		for range mirSamples() {
			x := c.sample(rng, rel)
			y := pb.Grad(nil, x)
			dy := pb.HessSqrtMul(nil, x, []float64{rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()})
			for i := range dy {
				dy[i] *= 0.05
			}
			pb.LimitMove(dy, y)
			y2 := []float64{y[0] + dy[0], y[1] + dy[1]}
			cold := pb.GradConj(nil, y2)
			warm := pb.GradConjFrom(nil, y2, x)
			inPlace := slices.Clone(x)
			pb.GradConjFrom(inPlace, y2, inPlace)
			outside := pb.GradConjFrom(nil, y2, pb.Lift(nil, []float64{100, 100}))
			for k := range cold {
				tol := 1e-13*(math.Abs(cold[k])+c.scale+c.offset) + 2*c.rtAbs(cold, k)
				if k >= 2 {
					tol = 1e-13*cold[k] + 2*c.rtAbs(cold, k)
				}
				for _, got := range [][]float64{warm, inPlace, outside} {
					if math.Abs(got[k]-cold[k]) > tol {
						t.Fatalf("rel=%g: GradConjFrom gives %v, GradConj %v", rel, got, cold)
					}
				}
			}
		}
	}
}

func FuzzPolygonBarrierRoundTrip(f *testing.F) {
	for _, y := range fuzzDuals {
		f.Add(y[0], y[1])
	}
	m := mustMap(NewPolygonBarrier([][2]float64{{0, 0}, {2, 0}, {1.5, 0.8}}))
	f.Fuzz(func(t *testing.T, y0, y1 float64) {
		y := []float64{y0, y1}
		if !vec.AllFinite(y) {
			return
		}
		x := m.GradConj(nil, y)
		if !vec.AllFinite(x) || !(m.Distance(x) >= 0) {
			t.Fatalf("GradConj(%v) = %v: want finite and in the closed domain", y, x)
		}
		m.ClampDual(y)
		x = m.GradConj(nil, y)
		if !m.Inside(x) {
			t.Fatalf("GradConj(%v) = %v: not inside", y, x)
		}
		// Grad∘GradConj is well conditioned even where GradConj∘Grad is
		// not (see PolygonBarrier).
		if y2 := m.Grad(nil, x); mirMaxAbs(mirDiff(y2, y)) > 1e-13*(mirMaxAbs(y)+1/m.scale) {
			t.Fatalf("Grad(GradConj(%v)) = %v", y, y2)
		}
	})
}

func BenchmarkGradConjHessPolygon6(b *testing.B) {
	hexagon := make([][2]float64, 6)
	for k := range hexagon {
		a := float64(k) * math.Pi / 3
		hexagon[k] = [2]float64{math.Cos(a), math.Sin(a)}
	}
	benchmarkGradConjHess(b, mustMap(NewPolygonBarrier(hexagon)))
}

// BenchmarkGradConjFromHessPolygon6 is the warm-started step a System would
// take: from the previous position after a small dual move.
func BenchmarkGradConjFromHessPolygon6(b *testing.B) {
	hexagon := make([][2]float64, 6)
	for k := range hexagon {
		a := float64(k) * math.Pi / 3
		hexagon[k] = [2]float64{math.Cos(a), math.Sin(a)}
	}
	m := mustMap(NewPolygonBarrier(hexagon))
	y := []float64{300, -200}
	x0 := m.GradConj(nil, y)
	y2 := []float64{301, -199}
	x, z, xi := make([]float64, m.PrimalLen()), make([]float64, 2), mirFilled(m.NoiseLen(), 0.7)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		m.GradConjFrom(x, y2, x0)
		m.HessSqrtMul(z, x, xi)
	}
}
