package mirror

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"
)

// randomBarycentric returns d+1 positive coordinates summing to 1, with
// log-uniform spread so that some lie very close to a face.
func randomBarycentric(rng *rand.Rand, d int, minLog float64) []float64 {
	x := make([]float64, d+1)
	sum := 0.0
	for i := range x {
		x[i] = math.Exp(minLog * rng.Float64())
		sum += x[i]
	}
	for i := range x {
		x[i] /= sum
	}
	return x
}

func TestSimplexRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, d := range []int{1, 2, 3, 7} {
		s := Simplex{D: d}
		for _, minLog := range []float64{-1, -30, -300} {
			for range 200 {
				x := randomBarycentric(rng, d, minLog)
				y := s.Grad(nil, x)
				// GradConj∘Grad = id, coordinate by coordinate in relative
				// terms: the log-sum-exp loses at most a few ulps times |y|.
				lx := s.LogGradConj(nil, y)
				for i := range x {
					if got, want := lx[i], math.Log(x[i]); math.Abs(got-want) > 1e-13*(1+math.Abs(want)) {
						t.Fatalf("d=%d: log GradConj(Grad(x))[%d] = %v, want %v (x=%v)", d, i, got, want, x)
					}
				}
				// The fast path used in steps agrees with it.
				xb := make([]float64, d+1)
				s.gradConj(xb, y)
				for i := range x {
					if math.Abs(xb[i]-x[i]) > 1e-13*(1+math.Abs(y[0]))*x[i] {
						t.Fatalf("d=%d: gradConj(Grad(x))[%d] = %v, want %v", d, i, xb[i], x[i])
					}
				}
				// Grad∘GradConj = id.
				y2 := s.Grad(nil, s.GradConj(nil, y))
				for i := range y {
					if math.Abs(y2[i]-y[i]) > 1e-12*(1+math.Abs(y[i])) {
						t.Fatalf("d=%d: Grad(GradConj(y))[%d] = %v, want %v", d, i, y2[i], y[i])
					}
				}
			}
		}
	}
}

// TestSimplexGradConjExtreme checks the hazard from docs/math.md: at the dual
// bound no coordinate underflows to 0 and none is computed as 1 − Σx.
func TestSimplexGradConjExtreme(t *testing.T) {
	s := Simplex{D: 2}
	for _, y := range [][]float64{
		{DualBound, DualBound}, {-DualBound, -DualBound}, {DualBound, -DualBound}, {-DualBound, DualBound}, {0, DualBound},
	} {
		x := make([]float64, 3)
		s.gradConj(x, y)
		sum := 0.0
		for i, v := range x {
			if !(v > 0) || math.IsInf(1/v, 0) {
				t.Errorf("GradConj(%v)[%d] = %v: want positive with finite reciprocal", y, i, v)
			}
			sum += v
		}
		if math.Abs(sum-1) > 1e-15 {
			t.Errorf("GradConj(%v) sums to %v", y, sum)
		}
	}
}

// TestSimplexHessian checks S Sᵀ = ∇²φ(x), with S from HessSqrtMul, against
// a central finite-difference Jacobian of Grad in the chart coordinates.
func TestSimplexHessian(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, d := range []int{1, 2, 4} {
		s := Simplex{D: d}
		for range 50 {
			x := randomBarycentric(rng, d, -4)
			// S column by column: S eₖ for the d+1 unit vectors.
			S := mat.NewDense(d, d+1, nil)
			e := make([]float64, d+1)
			for k := range d + 1 {
				clear(e)
				e[k] = 1
				col := s.HessSqrtMul(nil, x, e)
				for i := range d {
					S.Set(i, k, col[i])
				}
			}
			var H mat.Dense
			H.Mul(S, S.T())

			grad := func(y, chart []float64) {
				bary := make([]float64, d+1)
				copy(bary, chart)
				sum := 0.0
				for _, v := range chart {
					sum += v
				}
				bary[d] = 1 - sum
				s.Grad(y, bary)
			}
			J := mat.NewDense(d, d, nil)
			fd.Jacobian(J, grad, x[:d], &fd.JacobianSettings{Formula: fd.Central})
			for i := range d {
				for j := range d {
					got, want := H.At(i, j), J.At(i, j)
					// Central differences err by O(h²·φ''''); relative 1e-5 is ample.
					if math.Abs(got-want) > 1e-5*math.Abs(want)+1e-6 {
						t.Fatalf("d=%d x=%v: (SSᵀ)[%d,%d] = %v, finite differences give %v", d, x, i, j, got, want)
					}
				}
			}
		}
	}
}

// TestSimplexProject checks the projection against its optimality
// conditions: p = Π(v) iff p is feasible and ⟨v − p, z − p⟩ ≤ 0 for every
// feasible z; the inequality is linear in z, so the vertices 0, e₁, …, e_d of
// the chart suffice.
func TestSimplexProject(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, d := range []int{1, 2, 3, 6} {
		s := Simplex{D: d}
		scratch := make([]float64, d)
		for trial := range 2000 {
			scale := []float64{0.5, 2, 1e6}[trial%3]
			v := make([]float64, d)
			for i := range v {
				v[i] = scale * rng.NormFloat64()
			}
			p := s.Project(nil, v, scratch)
			sum := 0.0
			for _, e := range p {
				if e < 0 {
					t.Fatalf("Project(%v) = %v: negative coordinate", v, p)
				}
				sum += e
			}
			if sum > 1+1e-12 {
				t.Fatalf("Project(%v) = %v sums to %v > 1", v, p, sum)
			}
			r := make([]float64, d)
			for i := range r {
				r[i] = v[i] - p[i]
			}
			tol := 1e-9 * (1 + scale)
			// z = 0
			inner := 0.0
			for i := range d {
				inner -= r[i] * p[i]
			}
			if inner > tol {
				t.Fatalf("Project(%v) = %v: ⟨v−p, 0−p⟩ = %v > 0", v, p, inner)
			}
			for k := range d { // z = e_k
				inner := 0.0
				for i := range d {
					z := 0.0
					if i == k {
						z = 1
					}
					inner += r[i] * (z - p[i])
				}
				if inner > tol {
					t.Fatalf("Project(%v) = %v: ⟨v−p, e%d−p⟩ = %v > 0", v, p, k+1, inner)
				}
			}
		}
		// A feasible point is its own projection.
		in := make([]float64, d)
		for i := range in {
			in[i] = 0.5 / float64(d)
		}
		p := s.Project(nil, in, scratch)
		for i := range in {
			if p[i] != in[i] {
				t.Fatalf("Project(%v) = %v, want it unchanged", in, p)
			}
		}
	}
}
