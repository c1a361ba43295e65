package mirror

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/mmfld/playground/engine/internal/vec"
	"gonum.org/v1/gonum/mat"
)

// spectraSizes are the matrix sizes n the spectraplex tests run in (d = n−1
// from 1, the disc, to 10, the largest Config.Dim).
var spectraSizes = []int{2, 3, 4, 6, 11}

func mustSpectraplex(t testing.TB, n int) Spectraplex {
	t.Helper()
	sp, err := NewSpectraplex(n - 1)
	if err != nil {
		t.Fatal(err)
	}
	return sp
}

// randSym returns a random symmetric n×n matrix U diag(e) Uᵀ with U a random
// orthogonal matrix (from a QR of a Gaussian matrix) and the given
// eigenvalues e.
func randSym(rng *rand.Rand, e []float64) []float64 {
	n := len(e)
	g := mat.NewDense(n, n, nil)
	for i := range n {
		for j := range n {
			g.Set(i, j, rng.NormFloat64())
		}
	}
	var qr mat.QR
	qr.Factorize(g)
	var q mat.Dense
	qr.QTo(&q)
	a := make([]float64, n*n)
	for i := range n {
		for j := range n {
			s := 0.0
			for k := range n {
				s += q.At(i, k) * e[k] * q.At(j, k)
			}
			a[i*n+j] = s
		}
	}
	for i := range n { // exactly symmetric
		for j := i + 1; j < n; j++ {
			a[j*n+i] = a[i*n+j]
		}
	}
	return a
}

// TestSymEigenAgainstGonum compares symEigen with gonum's
// mat.EigenSym on random matrices, matrices with repeated and nearly
// repeated eigenvalues and widely spread ones: eigenvalues within 1e-13·‖A‖
// (a few ulp of ‖A‖, the backward error of both), and the
// decomposition reproduces A with orthogonal V.
func TestSymEigenAgainstGonum(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range spectraSizes {
		spectra := map[string]func() []float64{
			"gaussian": func() []float64 { return nil },
			"repeated": func() []float64 {
				e := make([]float64, n)
				for i := range e {
					e[i] = float64(i / 2)
				}
				return e
			},
			"close": func() []float64 {
				e := make([]float64, n)
				for i := range e {
					e[i] = 1 + 1e-12*float64(i)
				}
				return e
			},
			"spread": func() []float64 {
				e := make([]float64, n)
				for i := range e {
					e[i] = -400 * rng.Float64()
				}
				return e
			},
		}
		for name, spec := range spectra {
			for range 20 {
				var a []float64
				if e := spec(); e != nil {
					a = randSym(rng, e)
				} else {
					a = make([]float64, n*n)
					for i := range n {
						for j := i; j < n; j++ {
							a[i*n+j] = rng.NormFloat64()
							a[j*n+i] = a[i*n+j]
						}
					}
				}
				norm := math.Sqrt(vec.Dot(a, a))
				var es mat.EigenSym
				if !es.Factorize(mat.NewSymDense(n, slices.Clone(a)), false) {
					t.Fatal("gonum EigenSym failed")
				}
				want := es.Values(nil)
				slices.Reverse(want)
				w, v, work := make([]float64, n), make([]float64, n*n), slices.Clone(a)
				symEigen(w, v, work)
				for i := range n {
					if math.Abs(w[i]-want[i]) > 1e-13*norm {
						t.Fatalf("n=%d %s: eigenvalue %d = %v, gonum %v", n, name, i, w[i], want[i])
					}
					if i > 0 && w[i] > w[i-1] {
						t.Fatalf("n=%d %s: eigenvalues not decreasing: %v", n, name, w)
					}
				}
				for i := range n {
					for j := range n {
						av, vv := 0.0, 0.0
						for k := range n {
							av += v[i*n+k] * w[k] * v[j*n+k]
							vv += v[k*n+i] * v[k*n+j]
						}
						if math.Abs(av-a[i*n+j]) > 1e-13*norm {
							t.Fatalf("n=%d %s: (VWVᵀ)[%d,%d] = %v, A = %v", n, name, i, j, av, a[i*n+j])
						}
						if id := float64(boolInt(i == j)); math.Abs(vv-id) > 1e-13 {
							t.Fatalf("n=%d %s: (VᵀV)[%d,%d] = %v", n, name, i, j, vv)
						}
					}
				}
			}
		}
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// spectraDual returns a random dual point whose dual matrix has eigenvalues
// spread over about spread (log-eigenvalue ratios of X up to spread), with
// k of them tied to within tie when tie ≥ 0.
func spectraDual(rng *rand.Rand, sp Spectraplex, spread float64) []float64 {
	n := sp.n
	e := make([]float64, n)
	for i := range e {
		e[i] = -spread * rng.Float64()
	}
	return dualOfMatrix(sp, randSym(rng, e))
}

// dualOfMatrix returns the dual coordinates (Yᵢᵢ − Yₙₙ, 2Yᵢⱼ) of a symmetric Y.
func dualOfMatrix(sp Spectraplex, a []float64) []float64 {
	n := sp.n
	y := make([]float64, sp.dim)
	for i := range n - 1 {
		y[i] = a[i*n+i] - a[n*n-1]
	}
	k := n - 1
	for i := range n {
		for j := i + 1; j < n; j++ {
			y[k] = 2 * a[i*n+j]
			k++
		}
	}
	return y
}

// TestSpectraplexRoundTrip: Grad(GradConj(y)) = y, and GradConj gives a
// trace-one matrix Σ = U diag(x) Uᵀ with positive eigenvalues, the slacks
// consistent with the chart, for dual points up to the dual bound.
func TestSpectraplexRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range spectraSizes {
		sp := mustSpectraplex(t, n)
		for _, spread := range []float64{1, 30, 300, 560} {
			for range 50 {
				y := spectraDual(rng, sp, spread)
				if sp.ClampDual(y) != 0 {
					continue
				}
				x := sp.GradConj(nil, y)
				if !sp.Inside(x) || !vec.AllFinite(x) {
					t.Fatalf("n=%d spread %g: GradConj(%v) not inside: %v", n, spread, y, x)
				}
				chart, eig, u, m := sp.Parts(x)
				tr := 0.0
				for i := range n {
					tr += m[i*n+i]
				}
				if math.Abs(tr-1) > 1e-14*float64(n) {
					t.Fatalf("n=%d: trace %v", n, tr)
				}
				lift := sp.Lift(nil, chart)
				_, _, _, ml := sp.Parts(lift)
				for k := range m {
					if math.Abs(ml[k]-m[k]) > 1e-15*float64(n) {
						t.Fatalf("n=%d: the chart does not give back Σ: %v vs %v", n, ml, m)
					}
				}
				_ = u
				_ = eig
				back := sp.Grad(nil, x)
				tol := 1e-12 * (1 + spread)
				for k := range y {
					if math.Abs(back[k]-y[k]) > tol {
						t.Fatalf("n=%d spread %g: Grad(GradConj(y))[%d] = %v, y = %v", n, spread, k, back[k], y[k])
					}
				}
			}
		}
	}
}

// TestSpectraplexDiagonalIsSimplex: on diagonal matrices the map is the
// entropic map of the simplex, in the same chart.
func TestSpectraplexDiagonalIsSimplex(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range spectraSizes {
		sp := mustSpectraplex(t, n)
		es := mustMap(NewEntropicSimplex(n - 1))
		for range 20 {
			y := make([]float64, sp.dim)
			for i := range n - 1 {
				y[i] = 10 * rng.NormFloat64()
			}
			x := sp.GradConj(nil, y)
			want := es.GradConj(nil, y[:n-1])
			_, _, _, m := sp.Parts(x)
			for i := range n {
				if math.Abs(m[i*n+i]-want[i]) > 1e-14+1e-12*want[i] {
					t.Fatalf("n=%d: Σ diagonal %v, simplex %v", n, m, want)
				}
			}
			// And the Hessian products agree on the diagonal directions.
			v := make([]float64, sp.dim)
			for i := range n - 1 {
				v[i] = rng.NormFloat64()
			}
			got := sp.InvHessMul(nil, x, v)
			ws := es.InvHessMul(nil, want, v[:n-1])
			for i := range n - 1 {
				if math.Abs(got[i]-ws[i]) > 1e-12 {
					t.Fatalf("n=%d: InvHessMul %v, simplex %v", n, got[:n-1], ws)
				}
			}
		}
	}
}

// spectraPoint returns an interior primal point with smallest eigenvalue
// about minEig (the others log-uniform up to 1/n), normalised.
func spectraPoint(rng *rand.Rand, sp Spectraplex, minEig float64) []float64 {
	n := sp.n
	e := make([]float64, n)
	for i := range e {
		e[i] = math.Exp(math.Log(minEig) + rng.Float64()*(math.Log(1/float64(n))-math.Log(minEig)))
	}
	e[0] = minEig
	y := dualOfMatrix(sp, randSym(rng, logs(e)))
	return sp.GradConj(nil, y)
}

func logs(e []float64) []float64 {
	l := make([]float64, len(e))
	for i, v := range e {
		l[i] = math.Log(v)
	}
	return l
}

// phiChart returns φ(X) = Σ xᵢ log xᵢ of the chart point v (via Lift).
func phiChart(sp Spectraplex, v []float64) float64 {
	_, eig, _, _ := sp.Parts(sp.Lift(nil, v))
	s := 0.0
	for _, e := range eig {
		s += e * math.Log(e)
	}
	return s
}

// chartHessianFD returns the chart Hessian ∂y/∂v by central differences of
// Grad (D×D, symmetrised) at the chart point v.
func chartHessianFD(sp Spectraplex, v []float64, h float64) *mat.SymDense {
	d := sp.dim
	H := mat.NewSymDense(d, nil)
	cols := make([][]float64, d)
	for k := range d {
		vp, vm := slices.Clone(v), slices.Clone(v)
		vp[k] += h
		vm[k] -= h
		gp, gm := sp.Grad(nil, sp.Lift(nil, vp)), sp.Grad(nil, sp.Lift(nil, vm))
		cols[k] = make([]float64, d)
		for i := range d {
			cols[k][i] = (gp[i] - gm[i]) / (2 * h)
		}
	}
	for i := range d {
		for j := i; j < d; j++ {
			H.SetSym(i, j, (cols[i][j]+cols[j][i])/2)
		}
	}
	return H
}

// TestSpectraplexDerivatives checks Grad against finite differences of φ,
// HessDiag and InvHessMul against the chart Hessian by finite differences
// of Grad, InvHessMul against finite differences of GradConj (∇²φ* = ∂v/∂y),
// and GradLogDetHessConj against finite differences of log det ∇²φ*
// assembled from InvHessMul. Points have eigenvalues down to 1e-3, also
// nearly tied ones (the divided differences' limits).
func TestSpectraplexDerivatives(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, n := range []int{2, 3, 4, 6} {
		sp := mustSpectraplex(t, n)
		d := sp.dim
		for trial := range 8 {
			var x []float64
			if trial%4 == 3 {
				// Two eigenvalues tied to 1e-9 relative.
				e := []float64{0.3, 0.3 * (1 + 1e-9)}
				for len(e) < n {
					e = append(e, 0.1+0.2*rng.Float64())
				}
				x = sp.GradConj(nil, dualOfMatrix(sp, randSym(rng, logs(e))))
			} else {
				x = spectraPoint(rng, sp, []float64{0.2 / float64(n), 1e-2, 1e-3}[trial%3])
			}
			v := slices.Clone(x[:d])
			_, eig, _, _ := sp.Parts(x)
			minEig := slices.Min(eig)
			label := fmt.Sprintf("n=%d trial %d (min eigenvalue %.2g)", n, trial, minEig)

			// Grad against central differences of φ; error O(h²φ''') + O(ε/h).
			h := 1e-4 * minEig
			g := sp.Grad(nil, x)
			for k := range d {
				vp, vm := slices.Clone(v), slices.Clone(v)
				vp[k] += h
				vm[k] -= h
				fd := (phiChart(sp, vp) - phiChart(sp, vm)) / (2 * h)
				if math.Abs(fd-g[k]) > 1e-6*(1+math.Abs(g[k])) {
					t.Fatalf("%s: Grad[%d] = %v, finite differences %v", label, k, g[k], fd)
				}
			}

			H := chartHessianFD(sp, v, 1e-5*minEig)
			scale := 1 / minEig // the Hessian's size
			hd := sp.HessDiag(nil, x)
			for k := range d {
				if math.Abs(hd[k]-H.At(k, k)) > 1e-5*scale {
					t.Fatalf("%s: HessDiag[%d] = %v, finite differences %v", label, k, hd[k], H.At(k, k))
				}
			}
			// InvHessMul(H w) = w.
			w := make([]float64, d)
			for k := range w {
				w[k] = rng.NormFloat64()
			}
			hw := mat.NewVecDense(d, nil)
			hw.MulVec(H, mat.NewVecDense(d, w))
			back := sp.InvHessMul(nil, x, hw.RawVector().Data)
			for k := range d {
				if math.Abs(back[k]-w[k]) > 1e-5*(1+mirMaxAbs(w)) {
					t.Fatalf("%s: InvHessMul(H w)[%d] = %v, w = %v", label, k, back[k], w[k])
				}
			}
			// ∇²φ* by finite differences of GradConj's chart, column by column.
			y := sp.Grad(nil, x)
			inv := spectraInvHess(sp, x)
			for k := range d {
				hy := 1e-6
				yp, ym := slices.Clone(y), slices.Clone(y)
				yp[k] += hy
				ym[k] -= hy
				cp, cm := sp.GradConj(nil, yp), sp.GradConj(nil, ym)
				for i := range d {
					fd := (cp[i] - cm[i]) / (2 * hy)
					if math.Abs(fd-inv.At(i, k)) > 1e-7 {
						t.Fatalf("%s: ∇²φ*[%d,%d] = %v, finite differences of GradConj %v", label, i, k, inv.At(i, k), fd)
					}
				}
			}
			// ∇ log det ∇²φ* against central differences of the log det of
			// the matrix InvHessMul assembles.
			gl := sp.GradLogDetHessConj(nil, x)
			for k := range d {
				hy := 1e-5
				yp, ym := slices.Clone(y), slices.Clone(y)
				yp[k] += hy
				ym[k] -= hy
				fd := (logDetSym(spectraInvHess(sp, sp.GradConj(nil, yp))) - logDetSym(spectraInvHess(sp, sp.GradConj(nil, ym)))) / (2 * hy)
				if math.Abs(fd-gl[k]) > 1e-6*(1+math.Abs(gl[k])) {
					t.Fatalf("%s: GradLogDetHessConj[%d] = %v, finite differences %v", label, k, gl[k], fd)
				}
			}
		}
	}
}

// spectraInvHess assembles ∇²φ*(y) (D×D) from InvHessMul at x.
func spectraInvHess(sp Spectraplex, x []float64) *mat.SymDense {
	d := sp.dim
	A := mat.NewSymDense(d, nil)
	e := make([]float64, d)
	col := make([]float64, d)
	for k := range d {
		clear(e)
		e[k] = 1
		sp.InvHessMul(col, x, e)
		for i := 0; i <= k; i++ {
			A.SetSym(i, k, col[i])
		}
	}
	return A
}

func logDetSym(a *mat.SymDense) float64 {
	var ch mat.Cholesky
	if !ch.Factorize(a) {
		return math.NaN()
	}
	return ch.LogDet()
}

// TestSpectraplexLogDetClosedForm: log det ∇²φ* equals the closed form
// Σ_{i<j} log[(xᵢ − xⱼ)/(log xᵢ − log xⱼ)] + Σ log xᵢ up to a constant
// (the chart's), the same at every point.
func TestSpectraplexLogDetClosedForm(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, n := range []int{2, 3, 5} {
		sp := mustSpectraplex(t, n)
		var c0 float64
		for trial := range 10 {
			x := spectraPoint(rng, sp, 1e-2)
			_, eig, _, _ := sp.Parts(x)
			f := 0.0
			for i := range n {
				f += math.Log(eig[i])
				for j := i + 1; j < n; j++ {
					f -= math.Log(logDivDiff(eig[i], eig[j], math.Log(eig[i]), math.Log(eig[j])))
				}
			}
			c := logDetSym(spectraInvHess(sp, x)) - f
			if trial == 0 {
				c0 = c
			} else if math.Abs(c-c0) > 1e-9 {
				t.Fatalf("n=%d: log det ∇²φ* − closed form = %v here, %v at the first point", n, c, c0)
			}
		}
	}
}

// TestSpectraplexNoiseCovariance: the sample covariance of HessSqrtMul's ζ
// over M standard normal ξ matches the chart Hessian from finite differences
// of Grad within 5 standard errors per entry; the standard error of a
// Gaussian sample covariance entry is √((HᵢᵢHⱼⱼ + Hᵢⱼ²)/M) (Anderson, An
// Introduction to Multivariate Statistical Analysis, §3.4), the finite
// differences' error (≲1e-6 relative) far below it.
func TestSpectraplexNoiseCovariance(t *testing.T) {
	const M = 40000
	rng := rand.New(rand.NewPCG(11, 12))
	for _, n := range []int{2, 3, 4} {
		sp := mustSpectraplex(t, n)
		d := sp.dim
		for _, minEig := range []float64{0.2, 1e-2} {
			x := spectraPoint(rng, sp, minEig)
			H := chartHessianFD(sp, x[:d], 1e-5*minEig)
			cov := make([]float64, d*d)
			xi := make([]float64, sp.NoiseLen())
			z := make([]float64, d)
			for range M {
				for k := range xi {
					xi[k] = rng.NormFloat64()
				}
				sp.HessSqrtMul(z, x, xi)
				for i := range d {
					for j := range d {
						cov[i*d+j] += z[i] * z[j] / M
					}
				}
			}
			for i := range d {
				for j := range d {
					want := H.At(i, j)
					se := math.Sqrt((H.At(i, i)*H.At(j, j) + want*want) / M)
					if math.Abs(cov[i*d+j]-want) > 5*se {
						t.Errorf("n=%d min eigenvalue %g: noise covariance [%d,%d] = %v, Hessian %v (SE %v)", n, minEig, i, j, cov[i*d+j], want, se)
					}
				}
			}
		}
	}
}

// TestSpectraplexNearBoundary: dual points out to the dual bound (eigenvalues
// of X down to e^{−560}) and with tied eigenvalues give interior points and
// finite values of every method; the noise, drift and Hessian products there
// are finite.
func TestSpectraplexNearBoundary(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for _, n := range spectraSizes {
		sp := mustSpectraplex(t, n)
		d := sp.dim
		xi := make([]float64, sp.NoiseLen())
		out := make([]float64, d)
		for trial := range 300 {
			var y []float64
			switch trial % 3 {
			case 0:
				y = spectraDual(rng, sp, 600)
			case 1:
				y = make([]float64, d) // the centre, all eigenvalues tied
				if trial%2 == 0 {
					y[0] = 1e-13
				}
			default:
				y = make([]float64, d)
				for k := range y {
					y[k] = 1e3 * rng.NormFloat64()
				}
			}
			sp.ClampDual(y)
			x := sp.GradConj(nil, y)
			if !sp.Inside(x) || !vec.AllFinite(x) || sp.Distance(x) <= 0 {
				t.Fatalf("n=%d: GradConj of %v is not inside: %v", n, y, x)
			}
			for k := range xi {
				xi[k] = rng.NormFloat64()
			}
			v := slices.Clone(y)
			for name, f := range map[string]func() []float64{
				"Grad":               func() []float64 { return sp.Grad(out, x) },
				"HessSqrtMul":        func() []float64 { return sp.HessSqrtMul(out, x, xi) },
				"HessDiag":           func() []float64 { return sp.HessDiag(out, x) },
				"InvHessMul":         func() []float64 { return sp.InvHessMul(out, x, v) },
				"GradLogDetHessConj": func() []float64 { return sp.GradLogDetHessConj(out, x) },
			} {
				if r := f(); !vec.AllFinite(r) {
					t.Fatalf("n=%d: %s at %v = %v", n, name, x, r)
				}
			}
			back := sp.Grad(nil, x)
			for k := range y {
				if math.Abs(back[k]-y[k]) > 1e-11*SpectraDualBound {
					t.Fatalf("n=%d: Grad(GradConj(y))[%d] = %v, y = %v", n, k, back[k], y[k])
				}
			}
		}
	}
}

// TestSpectraplexProject: the projection is a trace-one PSD matrix, the
// identity inside, and the nearest point in the Frobenius norm: no random
// feasible point is nearer, and the variational inequality
// ⟨A − P, Z − P⟩ ≤ 0 holds for all feasible Z.
func TestSpectraplexProject(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	for _, n := range spectraSizes {
		sp := mustSpectraplex(t, n)
		d := sp.dim
		g := make([]float64, n*(n+1))
		for trial := range 100 {
			v := make([]float64, d)
			for k := range v {
				v[k] = []float64{0.1, 1, 10}[trial%3] * rng.NormFloat64()
			}
			p := sp.Project(nil, v)
			_, eig, _, pm := sp.Parts(p)
			tr := 0.0
			for i := range n {
				tr += pm[i*n+i]
			}
			if slices.Min(eig) < 0 || math.Abs(tr-1) > 1e-13*float64(n) || sp.Distance(p) < 0 {
				t.Fatalf("n=%d: Project(%v) = %v not in the spectraplex (trace %v)", n, v, eig, tr)
			}
			a := make([]float64, n*n)
			sp.matFromChart(a, v)
			dist := frob(a, pm)
			z := make([]float64, d)
			for range 50 {
				sp.uniformChart(z, g, rng.NormFloat64)
				zm := make([]float64, n*n)
				sp.matFromChart(zm, z)
				if frob(a, zm) < dist-1e-12 {
					t.Fatalf("n=%d: a feasible point is nearer (%v) than the projection (%v)", n, frob(a, zm), dist)
				}
				vi := 0.0
				for k := range a {
					vi += (a[k] - pm[k]) * (zm[k] - pm[k])
				}
				if vi > 1e-12*(1+dist) {
					t.Fatalf("n=%d: ⟨A − P, Z − P⟩ = %v > 0", n, vi)
				}
			}
			// Inside, the projection is the identity.
			sp.uniformChart(z, g, rng.NormFloat64)
			pz := sp.Project(nil, z)
			for k := range z {
				if math.Abs(pz[k]-z[k]) > 1e-14 {
					t.Fatalf("n=%d: Project moved an inside point: %v → %v", n, z, pz[:d])
				}
			}
		}
	}
}

func frob(a, b []float64) float64 {
	s := 0.0
	for k := range a {
		s += (a[k] - b[k]) * (a[k] - b[k])
	}
	return math.Sqrt(s)
}

// TestSpectraplexClamp: ClampDual and LimitMove cut to the norm bound, and
// a clamped point is not cut again.
func TestSpectraplexClamp(t *testing.T) {
	sp := mustSpectraplex(t, 4)
	y := make([]float64, sp.dim)
	for k := range y {
		y[k] = 1e3
	}
	if sp.ClampDual(y) != 1 || sp.ClampDual(y) != 0 {
		t.Fatal("ClampDual cut twice or not at all")
	}
	if z, sc := vec.ScaledNorm(y); z/sc > SpectraDualBound || z/sc < 0.999*SpectraDualBound {
		t.Fatalf("‖y‖ = %v after ClampDual", z/sc)
	}
	if sp.LimitMove(y, y) != 1 || sp.LimitMove(y, y) != 0 {
		t.Fatal("LimitMove cut twice or not at all")
	}
	y[0] = math.NaN()
	if sp.ClampDual(y) != 0 || !math.IsNaN(y[0]) {
		t.Fatal("NaN did not pass through")
	}
}

// TestSpectraplexNoAllocs: no method allocates with dst given.
func TestSpectraplexNoAllocs(t *testing.T) {
	sp := mustSpectraplex(t, 11)
	rng := rand.New(rand.NewPCG(17, 18))
	x := spectraPoint(rng, sp, 1e-2)
	y := sp.Grad(nil, x)
	xs, yd := make([]float64, sp.PrimalLen()), make([]float64, sp.dim)
	xi, v := mirFilled(sp.NoiseLen(), 0.5), mirFilled(sp.dim, 0.01)
	allocs := testing.AllocsPerRun(20, func() {
		sp.Grad(yd, x)
		sp.GradConj(xs, y)
		sp.HessSqrtMul(yd, x, xi)
		sp.HessDiag(yd, x)
		sp.InvHessMul(yd, x, v)
		sp.GradLogDetHessConj(yd, x)
		sp.ClampDual(yd)
		sp.LimitMove(yd, y)
		sp.Lift(xs, v)
		sp.Project(xs, v)
		sp.Distance(x)
		sp.Inside(x)
	})
	if allocs != 0 {
		t.Errorf("%v allocations per run", allocs)
	}
}

func BenchmarkSpectraplexGradConj11(b *testing.B) {
	sp := mustSpectraplex(b, 11)
	rng := rand.New(rand.NewPCG(1, 1))
	y := spectraDual(rng, sp, 10)
	x := make([]float64, sp.PrimalLen())
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		sp.GradConj(x, y)
	}
}
