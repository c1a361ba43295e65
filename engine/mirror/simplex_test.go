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

// TestConjBlockMatchesGradConj checks that EntropicSimplex.ConjBlock gives
// the bits of gradConj point by point, in the dual region (the unshifted
// softmax, simd.Softmax on Δ²) and for a block holding a point outside it
// (every point then takes gradConj, which shifts for that one); that the
// unshifted softmax agrees with the shifted one within a few ulp; and that
// outside the region no coordinate is NaN.
func TestConjBlockMatchesGradConj(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, d := range []int{1, 2, 3, 10} {
		m := EntropicSimplex{Simplex{D: d}}
		const n = 300
		y := make([]float64, n*d)
		for i := range y {
			switch i % 7 {
			case 0:
				y[i] = DualBound * float64(1-2*(i/7%2)) // both edges of the region
			default:
				y[i] = DualBound * (2*rng.Float64() - 1) * math.Pow(rng.Float64(), 4)
			}
		}
		for _, outside := range []bool{false, true} {
			if outside {
				y[d] = 2.5 * DualBound // one point past the region: e^{yᵢ} alone would overflow
			}
			x := make([]float64, n*(d+1))
			m.ConjBlock(x, y, nil)
			for i := range n {
				want := make([]float64, d+1)
				m.gradConj(want, y[i*d:(i+1)*d])
				shifted := make([]float64, d+1)
				m.gradConjShifted(shifted, y[i*d:(i+1)*d])
				top, far := 0.0, 0.0 // M = max(0, max y), the shift, and max |yᵢ − M|
				for _, v := range y[i*d : (i+1)*d] {
					top = max(top, v)
				}
				for _, v := range y[i*d : (i+1)*d] {
					far = max(far, top, top-v)
				}
				for j, w := range want {
					if got := x[i*(d+1)+j]; math.Float64bits(got) != math.Float64bits(w) {
						t.Fatalf("d=%d outside=%v point %d: ConjBlock %v, gradConj %v (y=%v)", d, outside, i, x[i*(d+1):(i+1)*(d+1)], want, y[i*d:(i+1)*d])
					}
					// purefloat.Exp is within 3 ulp, the sum, the reciprocal
					// and the product add a rounding each, on both sides; the
					// shifted form also rounds yᵢ − M and −M, an absolute error
					// of up to |yᵢ − M|·2⁻⁵³ in the exponent, which is relative
					// in e^{yᵢ−M} (the unshifted form is the more accurate one).
					if !(w >= 0) || math.Abs(w-shifted[j]) > (10+far)*0x1p-52*shifted[j] {
						t.Fatalf("d=%d point %d: gradConj %v, shifted %v (y=%v)", d, i, want, shifted, y[i*d:(i+1)*d])
					}
				}
			}
		}
	}
}
