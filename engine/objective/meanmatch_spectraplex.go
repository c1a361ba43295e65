package objective

import (
	"github.com/mmfld/playground/engine/internal/purefloat"
	"github.com/mmfld/playground/engine/internal/vec"
	"github.com/mmfld/playground/engine/mirror"
)

// spectraMeanMatch is meanmatch on the spectraplex, in the form of the
// paper's experiment 2 (Gu & Kim, §6.2), with the simplex's barrier term:
//
//	F(μ) = ½‖E_μΣ − Σ*‖²_F + (1/(2γ)) E_μ‖Σ‖²_F + β E_μ[−log det Σ],  Σ* = diag(q).
//
// Its first variation is δF/δμ(Σ) = ⟨m − Σ*, Σ⟩ + ‖Σ‖²_F/(2γ) − β log det Σ
// (m = E_μΣ), with Frobenius gradient G = (m − Σ*) + Σ/γ − βΣ⁻¹, and the
// chart gradient is (Gᵢᵢ − Gₙₙ, 2Gᵢⱼ) (Spectraplex). Σ⁻¹ = U diag(1/x) Uᵀ
// from the eigendecomposition the primal point carries, each eigenvalue
// taken at least FaceFloor (the primal methods reach the boundary, where
// the barrier is infinite; the System counts those evaluations).
type spectraMeanMatch struct {
	sp          mirror.Spectraplex
	beta, gamma float64
	q           []float64
	m           []float64 // m(μ_N) = E Σ, n×n
	sq          float64   // E ‖Σ‖²_F
}

// NewSpectraMeanMatch returns meanmatch on the spectraplex sp (see
// spectraMeanMatch): the target spectrum q (n numbers), the barrier weight β
// and the weight 1/(2γ) of E‖Σ‖²_F.
func NewSpectraMeanMatch(sp mirror.Spectraplex, beta, gamma float64, q []float64) Objective {
	return &spectraMeanMatch{sp: sp, beta: beta, gamma: gamma, q: q, m: make([]float64, sp.Size()*sp.Size())}
}

func (o *spectraMeanMatch) Observe(x []float64) {
	p, off, nn := o.sp.PrimalLen(), o.sp.MatrixOffset(), o.sp.Size()*o.sp.Size()
	clear(o.m)
	o.sq = 0
	for i := 0; i < len(x); i += p {
		for j, v := range x[i+off : i+off+nn] {
			o.m[j] += v
			o.sq += v * v
		}
	}
	k := float64(len(x) / p)
	for j := range o.m {
		o.m[j] /= k
	}
	o.sq /= k
}

func (o *spectraMeanMatch) Grad(dst, x []float64, first int) {
	EachPoint(dst, x, o.sp.Dim(), o.sp.PrimalLen(), o.grad1)
}

func (o *spectraMeanMatch) grad1(dst, x []float64) {
	sp := o.sp
	n := sp.Size()
	_, eig, u, mat := sp.Parts(x)
	var b [16]float64 // n ≤ MaxDim+1 = 11: inv stays on the stack
	inv := vec.Grow(b[:], n)
	for k, e := range eig {
		inv[k] = 1 / max(e, mirror.FaceFloor)
	}
	g := func(i, j int) float64 {
		v := o.m[i*n+j] + mat[i*n+j]/o.gamma
		if i == j {
			v -= o.q[i]
		}
		if o.beta != 0 {
			v -= o.beta * mirror.SpectralEntry(u, inv, n, i, j)
		}
		return v
	}
	last := g(n-1, n-1)
	for i := range n - 1 {
		dst[i] = g(i, i) - last
	}
	k := n - 1
	for i := range n {
		for j := i + 1; j < n; j++ {
			dst[k] = 2 * g(i, j)
			k++
		}
	}
}

func (o *spectraMeanMatch) Value(x []float64, floor float64) float64 {
	n := o.sp.Size()
	f := 0.0
	for i := range n {
		for j := range n {
			d := o.m[i*n+j]
			if i == j {
				d -= o.q[i]
			}
			f += d * d
		}
	}
	f = f/2 + o.sq/(2*o.gamma)
	if o.beta == 0 {
		return f
	}
	p, d := o.sp.PrimalLen(), o.sp.Dim()
	sum := 0.0
	for i := 0; i < len(x); i += p {
		for _, e := range x[i+d : i+d+n] {
			sum += purefloat.Log(max(e, floor))
		}
	}
	return f - o.beta*sum/float64(len(x)/p)
}

func (o *spectraMeanMatch) Barrier() bool { return o.beta != 0 }
