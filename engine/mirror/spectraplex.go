package mirror

import (
	"math"
	"slices"

	"github.com/mmfld/playground/engine/internal/purefloat"
	"github.com/mmfld/playground/engine/internal/rng"
	"github.com/mmfld/playground/engine/internal/vec"
)

// SpectraDualBound bounds the Euclidean norm ‖y‖ of a spectraplex dual point.
// The dual matrix Y (Yᵢᵢ = yᵢ, Yᵢⱼ = y_{ij}/2, Yₙₙ = 0) then has
// ‖Y‖_F ≤ ‖y‖ ≤ 400, so its eigenvalues μ spread over at most √2·400 < 566,
// and every eigenvalue xᵢ = e^{μᵢ}/Σe^{μⱼ} of X = ∇φ*(y) is at least
// e^{−566}/n > 10⁻²⁴⁸: a positive normal float64, with 1/xᵢ far from
// overflow (the simplex's DualBound story, in norm because the dual
// coordinates mix under rotations).
const SpectraDualBound = 400

// spectraStack is the matrix size n up to which the spectraplex methods keep
// their scratch on the stack; above it they allocate.
const spectraStack = 16

// Spectraplex is the von Neumann entropy mirror map on the spectraplex of
// trace-one positive semidefinite n×n real symmetric matrices, n = d+1 (so
// that its diagonal matrices are the simplex Δ^d):
//
//	S = {X = Xᵀ ≻ 0, tr X = 1},  φ(X) = tr(X log X),
//	∇φ(X) = log X (modulo multiples of I),  ∇φ*(Y) = exp(Y)/tr exp(Y),
//
// the matrix softmax (Gu & Kim, arXiv 2505.02621, experiment 2; Tsuda, Rätsch
// & Warmuth 2005, matrix exponentiated gradient). Everything goes through an
// eigendecomposition (symEigen, Householder and implicit QL): with X = U diag(x) Uᵀ the
// eigenvalues x play the role of the simplex's barycentric coordinates, and
// the dual eigenvalues μ of Y give log xᵢ = μᵢ − logsumexp(μ) exactly.
//
// # Chart
//
// The chart has Dim() = n(n+1)/2 − 1 coordinates: Σᵢᵢ for i < n, then Σᵢⱼ
// for i < j (row by row); Σₙₙ = 1 − Σ_{i<n} Σᵢᵢ. A symmetric matrix G (a
// Frobenius gradient) becomes the chart gradient (Gᵢᵢ − Gₙₙ, 2Gᵢⱼ), its
// derivatives along the chart directions Eᵢᵢ − Eₙₙ and Eᵢⱼ + Eⱼᵢ. The dual
// coordinates are the chart gradient of φ, yᵢ = (log X)ᵢᵢ − (log X)ₙₙ and
// y_{ij} = 2(log X)ᵢⱼ; the dual matrix is rebuilt as Yᵢᵢ = yᵢ, Yₙₙ = 0,
// Yᵢⱼ = Yⱼᵢ = y_{ij}/2. On diagonal matrices chart and dual are exactly the
// simplex's (EntropicSimplex).
//
// # Primal points
//
// A primal point is Dim() + n + 2n² numbers: the chart coordinates, then the
// n eigenvalues x of X (its slacks: X is inside iff all are positive, and
// its distance to the boundary is minᵢ xᵢ·√(n/(n−1))), in decreasing order,
// then the eigenvectors U (n×n, row major,
// column k the eigenvector of xₖ), then the full matrix Σ (n×n, row major),
// which is what a particle shows (System.Primal, Metrics.Mean).
//
// The map keeps no scratch: it works in dst and on the stack (n ≤ 16), so
// it is safe for concurrent use and allocates nothing per call.
type Spectraplex struct {
	n, dim int
}

var _ Map = Spectraplex{}

// NewSpectraplex returns the von Neumann map on the (d+1)×(d+1)
// spectraplex, d ≥ 1.
func NewSpectraplex(d int) (Spectraplex, error) {
	if err := checkDim("the spectraplex", d); err != nil {
		return Spectraplex{}, err
	}
	n := d + 1
	return Spectraplex{n: n, dim: n*(n+1)/2 - 1}, nil
}

// Size returns n, the matrices' size.
func (m Spectraplex) Size() int { return m.n }

// Dim returns the chart dimension n(n+1)/2 − 1.
func (m Spectraplex) Dim() int { return m.dim }

// PrimalLen returns Dim() + n + 2n²: chart, eigenvalues, eigenvectors, matrix.
func (m Spectraplex) PrimalLen() int { return m.dim + m.n + 2*m.n*m.n }

// MatrixOffset returns where the full matrix Σ starts in a primal point.
func (m Spectraplex) MatrixOffset() int { return m.dim + m.n + m.n*m.n }

// NoiseLen returns n(n+1)/2: one normal number per entry on or above the diagonal.
func (m Spectraplex) NoiseLen() int { return m.dim + 1 }

// Parts splits a primal point into chart, eigenvalues, eigenvectors, matrix.
func (m Spectraplex) Parts(x []float64) (chart, eig, u, mat []float64) {
	n, d := m.n, m.dim
	return x[:d], x[d : d+n], x[d+n : d+n+n*n], x[d+n+n*n : d+n+2*n*n]
}

// matFromChart writes the full matrix of the chart point v into mat.
func (m Spectraplex) matFromChart(mat, v []float64) {
	n := m.n
	last := 1.0
	for i := range n - 1 {
		mat[i*n+i] = v[i]
		last -= v[i]
	}
	mat[n*n-1] = last
	k := n - 1
	for i := range n {
		for j := i + 1; j < n; j++ {
			mat[i*n+j], mat[j*n+i] = v[k], v[k]
			k++
		}
	}
}

// chartFromMat writes the chart coordinates of the matrix mat into v.
func (m Spectraplex) chartFromMat(v, mat []float64) {
	n := m.n
	for i := range n - 1 {
		v[i] = mat[i*n+i]
	}
	k := n - 1
	for i := range n {
		for j := i + 1; j < n; j++ {
			v[k] = mat[i*n+j]
			k++
		}
	}
}

// matFromDual writes the dual matrix Y of the dual point y into mat:
// Yᵢᵢ = yᵢ, Yₙₙ = 0, Yᵢⱼ = Yⱼᵢ = y_{ij}/2.
func (m Spectraplex) matFromDual(mat, y []float64) {
	n := m.n
	for i := range n - 1 {
		mat[i*n+i] = y[i]
	}
	mat[n*n-1] = 0
	k := n - 1
	for i := range n {
		for j := i + 1; j < n; j++ {
			mat[i*n+j], mat[j*n+i] = y[k]/2, y[k]/2
			k++
		}
	}
}

// SpectralEntry returns the entry (i, j) of U diag(f) Uᵀ.
func SpectralEntry(u, f []float64, n, i, j int) float64 {
	s := 0.0
	ri, rj := u[i*n:i*n+n], u[j*n:j*n+n]
	for k, fk := range f[:n] {
		s += ri[k] * fk * rj[k]
	}
	return s
}

// ChartGradOf writes the chart gradient (Gᵢᵢ − Gₙₙ, 2Gᵢⱼ) of G = U diag(f) Uᵀ into dst.
func (m Spectraplex) ChartGradOf(dst, u, f []float64) {
	n := m.n
	last := SpectralEntry(u, f, n, n-1, n-1)
	for i := range n - 1 {
		dst[i] = SpectralEntry(u, f, n, i, i) - last
	}
	k := n - 1
	for i := range n {
		for j := i + 1; j < n; j++ {
			dst[k] = 2 * SpectralEntry(u, f, n, i, j)
			k++
		}
	}
}

// Grad writes y = ∇φ(x), the chart gradient of tr X log X, yᵢ = (log X)ᵢᵢ −
// (log X)ₙₙ and y_{ij} = 2(log X)ᵢⱼ with log X = U diag(log x) Uᵀ, into dst
// and returns it. x must be inside (all eigenvalues positive).
func (m Spectraplex) Grad(dst, x []float64) []float64 {
	dst = vec.Grow(dst, m.dim)
	_, eig, u, _ := m.Parts(x)
	var buf [spectraStack]float64
	l := vec.Grow(buf[:], m.n)
	for k, e := range eig {
		l[k] = purefloat.Log(e)
	}
	m.ChartGradOf(dst, u, l)
	return dst
}

// GradConj writes x = ∇φ*(y) = exp(Y)/tr exp(Y) into dst as a primal point
// and returns it: with Y = U diag(μ) Uᵀ (μ decreasing),
// xᵢ = e^{μᵢ−μ₁}/Σⱼ e^{μⱼ−μ₁} (the log-sum-exp trick: no overflow, and for
// ‖y‖ ≤ SpectraDualBound every xᵢ is a positive normal number with full
// relative precision), Σ = U diag(x) Uᵀ, and the chart read off Σ. For any
// finite y the result is finite and in the closed spectraplex.
func (m Spectraplex) GradConj(dst, y []float64) []float64 {
	dst = vec.Grow(dst, m.PrimalLen())
	chart, eig, u, mat := m.Parts(dst)
	m.matFromDual(mat, y)
	// A dual point far beyond the dual region (‖y‖ ≫ SpectraDualBound,
	// which the engine never keeps) would overflow the eigensolver's sums of
	// squares: decompose Y/2^e instead, exactly scaled, and scale the
	// eigenvalue differences back (a difference of −∞ gives xᵢ = 0).
	e, big := 0, 0.0
	for _, v := range y[:m.dim] {
		big = max(big, math.Abs(v))
	}
	if big > 0x1p100 {
		_, e = math.Frexp(big)
		for k := range mat {
			mat[k] = math.Ldexp(mat[k], -e)
		}
	}
	symEigen(eig, u, mat)
	top, z := eig[0], 0.0
	for k, mu := range eig {
		eig[k] = purefloat.Exp(math.Ldexp(mu-top, e))
		z += eig[k]
	}
	for k := range eig {
		eig[k] /= z
	}
	m.fill(chart, eig, u, mat)
	return dst
}

// fill writes Σ = U diag(x) Uᵀ into mat and its chart into chart.
func (m Spectraplex) fill(chart, eig, u, mat []float64) {
	n := m.n
	for i := range n {
		for j := i; j < n; j++ {
			v := SpectralEntry(u, eig, n, i, j)
			mat[i*n+j], mat[j*n+i] = v, v
		}
	}
	m.chartFromMat(chart, mat)
}

// Lift writes the primal point of the chart point v (possibly outside: then
// some eigenvalue is ≤ 0) into dst and returns it.
func (m Spectraplex) Lift(dst, v []float64) []float64 {
	dst = vec.Grow(dst, m.PrimalLen())
	chart, eig, u, mat := m.Parts(dst)
	copy(chart, v[:m.dim])
	m.matFromChart(mat, chart)
	symEigen(eig, u, mat)
	m.matFromChart(mat, chart)
	return dst
}

// Project writes the Euclidean projection in the Frobenius norm of the chart
// point v onto the closed spectraplex into dst and returns it: with
// Σ(v) = U diag(w) Uᵀ, the eigenvalues w are projected onto the probability
// simplex {x ≥ 0, Σx = 1} (sort-based, Duchi et al. 2008) and U kept
// (the nearest trace-one PSD matrix; von Neumann's trace inequality). The
// Frobenius norm is not the chart's Euclidean norm (off-diagonal entries
// count twice in it, and Σₙₙ is implicit in the chart), so projected MFLD
// steps in the chart and projects in the matrix geometry; both are the
// identity inside.
func (m Spectraplex) Project(dst, v []float64) []float64 {
	dst = vec.Grow(dst, m.PrimalLen())
	chart, eig, u, mat := m.Parts(dst)
	m.matFromChart(mat, v)
	symEigen(eig, u, mat)
	projectProbability(eig)
	m.fill(chart, eig, u, mat)
	return dst
}

// projectProbability replaces w by its Euclidean projection onto the
// probability simplex, max(w − τ, 0) with τ making the sum 1 (Duchi,
// Shalev-Shwartz, Singer & Chandra 2008, Fig. 1). w must be sorted in
// decreasing order and stays so.
func projectProbability(w []float64) {
	cum, tau := 0.0, 0.0
	for k, e := range w {
		cum += e
		t := (cum - 1) / float64(k+1)
		if e > t { // always true for k = 0
			tau = t
		} else {
			break
		}
	}
	total := 0.0
	for k := range w {
		w[k] = max(w[k]-tau, 0)
		total += w[k]
	}
	if total > 0 {
		for k := range w {
			w[k] /= total // restores Σ = 1 to rounding when w − τ cancelled
		}
	}
}

// Distance returns the Frobenius distance to the boundary within the
// trace-one plane, minᵢ xᵢ·√(n/(n−1)) (the distance of the eigenvalue
// vector to the nearest face of the probability simplex), or a number ≤ 0
// on or outside the boundary.
func (m Spectraplex) Distance(x []float64) float64 {
	_, eig, _, _ := m.Parts(x)
	return slices.Min(eig) * math.Sqrt(float64(m.n)/float64(m.n-1))
}

// Scale returns 1.
func (m Spectraplex) Scale() float64 { return 1 }

// Shown returns the full matrix Σ: n² entries from MatrixOffset.
func (m Spectraplex) Shown() (offset, width int) { return m.MatrixOffset(), m.n * m.n }

// DrawChart draws the uniform (Lebesgue) law: X = W/tr W, W a
// Wishart(n+1) matrix (uniformChart).
func (m Spectraplex) DrawChart(v []float64, r *rng.Stream, scratch []float64) {
	m.uniformChart(v, scratch, r.Normal)
}

// SpectrumLen returns n.
func (m Spectraplex) SpectrumLen() int { return m.n }

// Spectrum writes the n eigenvalues of the primal point x (decreasing) into
// dst and returns it.
func (m Spectraplex) Spectrum(dst, x []float64) []float64 {
	dst = vec.Grow(dst, m.n)
	copy(dst, x[m.dim:m.dim+m.n])
	return dst
}

// FloorBarrier counts the eigenvalues of the points of x below FaceFloor;
// the objectives floor them themselves, so the points are seen as they are.
func (m Spectraplex) FloorBarrier(dst, x []float64) ([]float64, int) {
	k, p := 0, m.PrimalLen()
	for i := 0; i+p <= len(x); i += p {
		for _, e := range x[i+m.dim : i+m.dim+m.n] {
			if e < FaceFloor {
				k++
			}
		}
	}
	return x, k
}

// Inside reports whether every eigenvalue is positive (and none is NaN).
func (m Spectraplex) Inside(x []float64) bool {
	_, eig, _, _ := m.Parts(x)
	for _, e := range eig {
		if !(e > 0) {
			return false
		}
	}
	return true
}

// logDivDiff returns the divided difference of log at a, b > 0,
// (log a − log b)/(a − b), and 1/a when a = b; la, lb are log a, log b. For
// close a, b it uses log1p of the relative difference, so no digits are lost
// to the cancellation of log a − log b.
func logDivDiff(a, b, la, lb float64) float64 {
	if a < b {
		a, b, la, lb = b, a, lb, la
	}
	if a == b {
		return 1 / a
	}
	diff := a - b
	if r := diff / b; r < 0.5 {
		return math.Log1p(r) / diff
	}
	return (la - lb) / diff
}

// hessWeights writes Lᵢⱼ = logDivDiff(xᵢ, xⱼ) (n×n) into lw, with the
// logarithms of x in l: D²φ(X)[H, H] = Σᵢⱼ Lᵢⱼ H̃ᵢⱼ², H̃ = UᵀHU (the
// Daleckii–Krein formula for the derivative of log X).
func hessWeights(lw, l, eig []float64) {
	n := len(eig)
	for i, e := range eig {
		l[i] = purefloat.Log(e)
	}
	for i := range n {
		lw[i*n+i] = 1 / eig[i]
		for j := i + 1; j < n; j++ {
			v := logDivDiff(eig[i], eig[j], l[i], l[j])
			lw[i*n+j], lw[j*n+i] = v, v
		}
	}
}

// HessSqrtMul writes ζ = S ξ into dst (Dim() numbers) and returns it, where
// S Sᵀ = ∇²φ(x), the chart Hessian of tr X log X, from n(n+1)/2 numbers xi
// (first the n diagonal ones, then one per pair i < j): in the eigenbasis,
// ζ̃ᵢᵢ = √Lᵢᵢ ξᵢᵢ and ζ̃ᵢⱼ = ζ̃ⱼᵢ = √(Lᵢⱼ/2) ξᵢⱼ (see hessWeights), ζ̂ = U ζ̃ Uᵀ,
// and ζ = (ζ̂ᵢᵢ − ζ̂ₙₙ, 2ζ̂ᵢⱼ) its components along the chart directions. For
// every symmetric H, ⟨ζ̂, H⟩ then has variance Σᵢⱼ Lᵢⱼ H̃ᵢⱼ² = D²φ(X)[H, H].
func (m Spectraplex) HessSqrtMul(dst, x, xi []float64) []float64 {
	n := m.n
	dst = vec.Grow(dst, m.dim)
	_, eig, u, _ := m.Parts(x)
	var b1, b2, b3 [spectraStack * spectraStack]float64
	var b4 [spectraStack]float64
	lw, z, t, l := vec.Grow(b1[:], n*n), vec.Grow(b2[:], n*n), vec.Grow(b3[:], n*n), vec.Grow(b4[:], n)
	hessWeights(lw, l, eig)
	for i := range n {
		z[i*n+i] = math.Sqrt(lw[i*n+i]) * xi[i]
	}
	k := n
	for i := range n {
		for j := i + 1; j < n; j++ {
			v := math.Sqrt(lw[i*n+j]/2) * xi[k]
			z[i*n+j], z[j*n+i] = v, v
			k++
		}
	}
	m.rotate(dst, u, z, t, 2)
	return dst
}

// mulInto writes the n×n product t = A B (row major) into t, or t = Aᵀ B
// if transA: the strides of A's index pair decide which.
func mulInto(t, a, b []float64, n int, transA bool) {
	si, sk := n, 1
	if transA {
		si, sk = 1, n
	}
	for i := range n {
		for j := range n {
			s := 0.0
			for k := range n {
				s += a[i*si+k*sk] * b[k*n+j]
			}
			t[i*n+j] = s
		}
	}
}

// rotate writes the chart components of U A Uᵀ (A symmetric, n×n, t scratch)
// into dst: (Bᵢᵢ − Bₙₙ, offScale·Bᵢⱼ) with B = U A Uᵀ, when offScale is 2
// (a gradient-like object), or the chart coordinates (Bᵢᵢ, Bᵢⱼ) of a
// tangent when offScale is 1.
func (m Spectraplex) rotate(dst, u, a, t []float64, offScale float64) {
	n := m.n
	mulInto(t, u, a, n, false) // t = U A
	entry := func(i, j int) float64 {
		s := 0.0
		for k := range n {
			s += t[i*n+k] * u[j*n+k]
		}
		return s
	}
	last := 0.0
	if offScale == 2 {
		last = entry(n-1, n-1)
	}
	for i := range n - 1 {
		dst[i] = entry(i, i) - last
	}
	k := n - 1
	for i := range n {
		for j := i + 1; j < n; j++ {
			dst[k] = offScale * entry(i, j)
			k++
		}
	}
}

// HessDiag writes the diagonal of the chart Hessian ∇²φ(x) into dst and
// returns it: D²φ(X)[E, E] = Σ_ab L_ab Ẽ_ab² for each chart direction E
// (Eᵢᵢ − Eₙₙ or Eᵢⱼ + Eⱼᵢ), Ẽ = UᵀEU. L and Ẽ are symmetric, so the sum
// is taken over a ≤ b, Σ_a L_aa Ẽ_aa² + 2 Σ_{a<b} L_ab Ẽ_ab²: half the
// terms of the O(n⁴) sum.
func (m Spectraplex) HessDiag(dst, x []float64) []float64 {
	n := m.n
	dst = vec.Grow(dst, m.dim)
	_, eig, u, _ := m.Parts(x)
	var b1 [spectraStack * spectraStack]float64
	var b2 [spectraStack]float64
	lw, l := vec.Grow(b1[:], n*n), vec.Grow(b2[:], n)
	hessWeights(lw, l, eig)
	un := u[(n-1)*n : n*n]
	for i := range n - 1 {
		ui := u[i*n : i*n+n]
		diag, off := 0.0, 0.0
		for a, uia := range ui {
			una := un[a]
			la := lw[a*n : a*n+n]
			e := uia*uia - una*una
			diag += la[a] * e * e
			for b := a + 1; b < n; b++ {
				e := uia*ui[b] - una*un[b]
				off += la[b] * e * e
			}
		}
		dst[i] = diag + 2*off
	}
	k := n - 1
	for i := range n {
		ui := u[i*n : i*n+n]
		for j := i + 1; j < n; j++ {
			uj := u[j*n : j*n+n]
			diag, off := 0.0, 0.0
			for a, uia := range ui {
				uja := uj[a]
				la := lw[a*n : a*n+n]
				e := 2 * uia * uja
				diag += la[a] * e * e
				for b := a + 1; b < n; b++ {
					e := uia*uj[b] + uja*ui[b]
					off += la[b] * e * e
				}
			}
			dst[k] = diag + 2*off
			k++
		}
	}
	return dst
}

// InvHessMul writes ∇²φ*(y) v = [∇²φ(x)]⁻¹ v into dst and returns it. With
// W the dual matrix of v (Wᵢᵢ = vᵢ, Wₙₙ = 0, Wᵢⱼ = v_{ij}/2) and W̃ = UᵀWU,
// the tangent H (tr H = 0) solving D²φ(X)[H] = W + cI is, in the
// eigenbasis,
//
//	H̃ᵢⱼ = W̃ᵢⱼ/Lᵢⱼ = W̃ᵢⱼ (xᵢ − xⱼ)/(log xᵢ − log xⱼ)   (i ≠ j),
//	H̃ᵢᵢ = xᵢ (W̃ᵢᵢ − Σₖ xₖ W̃ₖₖ)                      (the simplex's diag(x) − xxᵀ),
//
// and dst is the chart of H = U H̃ Uᵀ. The diagonal uses the pivot c = W̃ at
// the largest eigenvalue, W̃ᵢᵢ − Σ xₖW̃ₖₖ = (W̃ᵢᵢ − c) − Σ xₖ(W̃ₖₖ − c), as
// EntropicSimplex.InvHessMul does. dst may be v.
func (m Spectraplex) InvHessMul(dst, x, v []float64) []float64 {
	n := m.n
	_, eig, u, _ := m.Parts(x)
	var b1, b2, b3 [spectraStack * spectraStack]float64
	var b4 [spectraStack]float64
	w, a, t, l := vec.Grow(b1[:], n*n), vec.Grow(b2[:], n*n), vec.Grow(b3[:], n*n), vec.Grow(b4[:], n)
	m.matFromDual(w, v)
	dst = vec.Grow(dst, m.dim)
	// a = Uᵀ W U.
	mulInto(t, u, w, n, true)
	for i := range n {
		for j := i; j < n; j++ {
			s := 0.0
			for k := range n {
				s += t[i*n+k] * u[k*n+j]
			}
			a[i*n+j], a[j*n+i] = s, s
		}
	}
	for i, e := range eig {
		l[i] = purefloat.Log(e)
	}
	piv := 0
	for k, e := range eig {
		if e > eig[piv] {
			piv = k
		}
	}
	c := a[piv*n+piv]
	sum := 0.0
	for k, e := range eig {
		sum += e * (a[k*n+k] - c)
	}
	for i := range n {
		a[i*n+i] = eig[i] * ((a[i*n+i] - c) - sum)
		for j := i + 1; j < n; j++ {
			h := a[i*n+j] / logDivDiff(eig[i], eig[j], l[i], l[j])
			a[i*n+j], a[j*n+i] = h, h
		}
	}
	m.rotate(dst, u, a, t, 1)
	return dst
}

// rhoLogE returns ρ(t) = 1/(1 − e^{−t}) − 1/t, the derivative in a of
// log[(eᵃ − eᵇ)/(a − b)] at a − b = t (ρ(t) + ρ(−t) = 1, ρ(0) = ½), by its
// series ½ + t/12 − t³/720 + t⁵/30240 for |t| < 0.01.
func rhoLogE(t float64) float64 {
	if math.Abs(t) < 0.01 {
		t2 := t * t
		return 0.5 + t*(1.0/12+t2*(-1.0/720+t2/30240))
	}
	return -1/math.Expm1(-t) - 1/t
}

// GradLogDetHessConj writes ∇_y log det ∇²φ*(y) into dst and returns it. In
// the eigenbasis ∇²φ* is block diagonal (see InvHessMul), so up to a
// constant of the linear chart
//
//	log det ∇²φ*(y) = Σ_{i<j} log[(xᵢ − xⱼ)/(μᵢ − μⱼ)] + Σᵢ log xᵢ =: f(μ),
//
// a spectral function of the dual eigenvalues μ (μᵢ − μⱼ = log xᵢ − log xⱼ).
// With xᵢ = e^{μᵢ−s}, s = logsumexp μ, each pair term is
// log[(e^{μᵢ} − e^{μⱼ})/(μᵢ − μⱼ)] − s, whose μᵢ-derivative is ρ(μᵢ − μⱼ) − xᵢ
// (rhoLogE, finite for equal eigenvalues), so
//
//	∂f/∂μₖ = 1 − n xₖ − (n(n−1)/2) xₖ + Σ_{j≠k} ρ(μₖ − μⱼ).
//
// The Frobenius gradient of a spectral function is U diag(∂f/∂μ) Uᵀ (Lewis
// 1996); in the dual coordinates (Yᵢᵢ = yᵢ, Yᵢⱼ = y_{ij}/2) it is (Gᵢᵢ, Gᵢⱼ).
func (m Spectraplex) GradLogDetHessConj(dst, x []float64) []float64 {
	n := m.n
	dst = vec.Grow(dst, m.dim)
	_, eig, u, _ := m.Parts(x)
	var b1, b2 [spectraStack]float64
	l, f := vec.Grow(b1[:], n), vec.Grow(b2[:], n)
	for i, e := range eig {
		l[i] = purefloat.Log(e)
	}
	pairs := float64(n*(n-1)) / 2
	for k, e := range eig {
		g := 1 - float64(n)*e - pairs*e
		for j := range n {
			if j != k {
				g += rhoLogE(l[k] - l[j])
			}
		}
		f[k] = g
	}
	for i := range n - 1 {
		dst[i] = SpectralEntry(u, f, n, i, i)
	}
	k := n - 1
	for i := range n {
		for j := i + 1; j < n; j++ {
			dst[k] = SpectralEntry(u, f, n, i, j)
			k++
		}
	}
	return dst
}

// DualBound returns SpectraDualBound, the largest ‖y‖ kept.
func (m Spectraplex) DualBound() float64 { return SpectraDualBound }

// ClampDual scales y in place to ‖y‖ ≤ SpectraDualBound (a hair inside, so
// that a clamped point is not cut again) and returns 1 if it did. NaN and
// ±Inf pass through.
func (m Spectraplex) ClampDual(y []float64) int {
	return clampNorm(y[:m.dim], SpectraDualBound)
}

// LimitMove scales the dual move dy in place to ‖dy‖ ≤ MoveBound (20),
// whatever y, and returns 1 if it did: the log-eigenvalue ratios of X then
// change by at most a factor e^{40} in one move (‖ΔY‖₂ ≤ ‖dy‖). NaN and ±Inf
// pass through.
func (m Spectraplex) LimitMove(dy, y []float64) int {
	return clampNorm(dy[:m.dim], MoveBound)
}

// clampNorm scales v to Euclidean norm (1 − 2⁻⁴⁰)·b when its norm exceeds b,
// and reports 1 if it did; non-finite v passes through.
func clampNorm(v []float64, b float64) int {
	z, sc := vec.ScaledNorm(v)
	if math.IsNaN(z) || math.IsInf(z, 0) || z <= b*sc {
		return 0
	}
	f := b * (1 - 0x1p-40) * sc / z
	for i := range v {
		v[i] *= f
	}
	return 1
}

// symEigen computes the eigendecomposition of the symmetric n×n matrix a
// (row major, n = len(w); a is used as scratch and destroyed): the
// eigenvalues go into w in decreasing order, the eigenvectors into the
// columns of v (row major). It reduces a to tridiagonal form by Householder
// reflections and diagonalises that by the implicit QL method with shifts
// (tred2 and tql2 of EISPACK, as in JAMA's EigenvalueDecomposition; Golub &
// Van Loan, Matrix Computations, §8.3): about 9n³ flops, several times
// fewer than the cyclic Jacobi method. It is backward stable: eigenvalues
// come out with absolute error of a few ulp of ‖a‖, v orthogonal to
// rounding (tested against gonum's mat.EigenSym). A 2×2 matrix takes the
// closed form of symEigen2. It allocates nothing.
func symEigen(w, v, a []float64) {
	n := len(w)
	if n == 2 {
		symEigen2(w, v, a)
		return
	}
	copy(v, a[:n*n])
	d, e := w, a[:n]
	// tred2: Householder reduction to tridiagonal form, accumulating the
	// transformations in v.
	for j := range n {
		d[j] = v[(n-1)*n+j]
	}
	for i := n - 1; i > 0; i-- {
		scale, h := 0.0, 0.0
		for k := range i {
			scale += math.Abs(d[k])
		}
		if scale == 0 {
			e[i] = d[i-1]
			for j := range i {
				d[j] = v[(i-1)*n+j]
				v[i*n+j] = 0
				v[j*n+i] = 0
			}
		} else {
			for k := range i {
				d[k] /= scale
				h += d[k] * d[k]
			}
			f := d[i-1]
			g := math.Sqrt(h)
			if f > 0 {
				g = -g
			}
			e[i] = scale * g
			h -= f * g
			d[i-1] = f - g
			for j := range i {
				e[j] = 0
			}
			for j := range i {
				f = d[j]
				v[j*n+i] = f
				g = e[j] + v[j*n+j]*f
				for k := j + 1; k <= i-1; k++ {
					g += v[k*n+j] * d[k]
					e[k] += v[k*n+j] * f
				}
				e[j] = g
			}
			f = 0
			for j := range i {
				e[j] /= h
				f += e[j] * d[j]
			}
			hh := f / (h + h)
			for j := range i {
				e[j] -= hh * d[j]
			}
			for j := range i {
				f, g = d[j], e[j]
				for k := j; k <= i-1; k++ {
					v[k*n+j] -= f*e[k] + g*d[k]
				}
				d[j] = v[(i-1)*n+j]
				v[i*n+j] = 0
			}
		}
		d[i] = h
	}
	for i := range n - 1 {
		v[(n-1)*n+i] = v[i*n+i]
		v[i*n+i] = 1
		h := d[i+1]
		if h != 0 {
			for k := 0; k <= i; k++ {
				d[k] = v[k*n+i+1] / h
			}
			for j := 0; j <= i; j++ {
				g := 0.0
				for k := 0; k <= i; k++ {
					g += v[k*n+i+1] * v[k*n+j]
				}
				for k := 0; k <= i; k++ {
					v[k*n+j] -= g * d[k]
				}
			}
		}
		for k := 0; k <= i; k++ {
			v[k*n+i+1] = 0
		}
	}
	for j := range n {
		d[j] = v[(n-1)*n+j]
		v[(n-1)*n+j] = 0
	}
	v[n*n-1] = 1
	e[0] = 0

	// tql2: the implicit QL method on the tridiagonal (d, e). Its rotations
	// act on pairs of eigenvector columns: they are done on the rows of the
	// transpose, contiguous in memory (the same arithmetic).
	transpose(v, n)
	for i := 1; i < n; i++ {
		e[i-1] = e[i]
	}
	e[n-1] = 0
	f, tst1 := 0.0, 0.0
	const eps = 0x1p-52
	for l := range n {
		tst1 = max(tst1, math.Abs(d[l])+math.Abs(e[l]))
		m := l
		for m < n-1 && !(math.Abs(e[m]) <= eps*tst1) { // e[n−1] = 0 ends it; NaN cannot overrun
			m++
		}
		if m > l {
			for iter := 0; iter < 60 && math.Abs(e[l]) > eps*tst1; iter++ {
				g := d[l]
				p := (d[l+1] - g) / (2 * e[l])
				r := purefloat.Hypot(p, 1)
				if p < 0 {
					r = -r
				}
				d[l] = e[l] / (p + r)
				d[l+1] = e[l] * (p + r)
				dl1 := d[l+1]
				h := g - d[l]
				for i := l + 2; i < n; i++ {
					d[i] -= h
				}
				f += h
				p = d[m]
				c, c2, c3 := 1.0, 1.0, 1.0
				el1 := e[l+1]
				s, s2 := 0.0, 0.0
				for i := m - 1; i >= l; i-- {
					c3, c2, s2 = c2, c, s
					g = c * e[i]
					h = c * p
					r = purefloat.Hypot(p, e[i])
					e[i+1] = s * r
					s = e[i] / r
					c = p / r
					p = c*d[i] - s*g
					d[i+1] = h + s*(c*g+s*d[i])
					vi, vi1 := v[i*n:i*n+n], v[(i+1)*n:(i+1)*n+n]
					for k, vik := range vi {
						h = vi1[k]
						vi1[k] = s*vik + c*h
						vi[k] = c*vik - s*h
					}
				}
				p = -s * s2 * c3 * el1 * e[l] / dl1
				e[l] = s * p
				d[l] = c * p
			}
		}
		d[l] += f
		e[l] = 0
	}
	transpose(v, n)
	// Selection sort, decreasing, swapping eigenvector columns along.
	for i := range n {
		k := i
		for j := i + 1; j < n; j++ {
			if w[j] > w[k] {
				k = j
			}
		}
		if k != i {
			w[i], w[k] = w[k], w[i]
			for r := range n {
				v[r*n+i], v[r*n+k] = v[r*n+k], v[r*n+i]
			}
		}
	}
}

// symEigen2 is symEigen for n = 2, in closed form: with A = [[a, b], [b, c]]
// and r = √((a − c)² + 4b²), the eigenvalues are (a + c ± r)/2 and the
// first eigenvector is (a − c + r, 2b) when a ≥ c, else (2b, r − (a − c)):
// both rows of A − w₁I, each written so that no term cancels (Golub & Van
// Loan, §8.5.2, the symmetric Schur decomposition). Eigenvalues come out
// with absolute error of a few ulp of ‖A‖, the vectors orthonormal to
// rounding.
func symEigen2(w, v, a []float64) {
	p, b, c := a[0], a[1], a[3]
	df, tb := p-c, 2*b
	r := purefloat.Hypot(df, tb)
	w[0], w[1] = (p+c+r)/2, (p+c-r)/2
	var e0, e1 float64
	switch {
	case r == 0: // a multiple of I
		e0, e1 = 1, 0
	case df >= 0:
		e0, e1 = df+r, tb
	default:
		e0, e1 = tb, r-df
	}
	if l := purefloat.Hypot(e0, e1); l != 1 {
		e0, e1 = e0/l, e1/l
	}
	v[0], v[1] = e0, -e1
	v[2], v[3] = e1, e0
}

// transpose transposes the n×n matrix v (row major) in place.
func transpose(v []float64, n int) {
	for i := range n {
		for j := i + 1; j < n; j++ {
			v[i*n+j], v[j*n+i] = v[j*n+i], v[i*n+j]
		}
	}
}

// SymEigen writes the eigenvalues of the symmetric n×n matrix a (row major,
// n = len(w)), in decreasing order, into w and the eigenvectors into the
// columns of v (row major, n×n) (see symEigen); a is overwritten. It
// allocates nothing (the renderer uses it for the mean matrix).
func SymEigen(w, v, a []float64) {
	n := len(w)
	if len(v) < n*n || len(a) < n*n {
		panic("engine: SymEigen: v and a need n² entries")
	}
	symEigen(w, v[:n*n], a[:n*n])
}

// ChartCentre returns the chart of I/n, the spectraplex's centre.
func (m Spectraplex) ChartCentre() []float64 {
	c := make([]float64, m.dim)
	for i := range m.n - 1 {
		c[i] = 1 / float64(m.n)
	}
	return c
}

// uniformChart writes into v the chart of a draw X = W/tr W from the uniform
// (Lebesgue) law on the spectraplex, W = GGᵀ with G an n×(n+1) standard
// normal matrix: the real Wishart law with K = n+1 degrees of freedom has
// density ∝ det(W)^{(K−n−1)/2} e^{−tr W/2}, so X has density
// ∝ det(X)^{(K−n−1)/2} = const, and is independent of tr W. g holds n(n+1)
// scratch numbers, normal draws from norm.
func (m Spectraplex) uniformChart(v, g []float64, norm func() float64) {
	n := m.n
	k := n + 1
	for i := range g[:n*k] {
		g[i] = norm()
	}
	tr := 0.0
	for i := range n {
		for j := range k {
			tr += g[i*k+j] * g[i*k+j]
		}
	}
	w := func(i, j int) float64 {
		s := 0.0
		for l := range k {
			s += g[i*k+l] * g[j*k+l]
		}
		return s / tr
	}
	for i := range n - 1 {
		v[i] = w(i, i)
	}
	p := n - 1
	for i := range n {
		for j := i + 1; j < n; j++ {
			v[p] = w(i, j)
			p++
		}
	}
}
