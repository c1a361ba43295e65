package objective

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/mmfld/playground/engine/mirror"
)

// TestSpectraMeanMatchGrad: meanmatch's chart gradient on the spectraplex is
// the chart gradient of its first variation
// δF/δμ(Σ) = ⟨m − diag(q), Σ⟩ + ‖Σ‖²_F/(2γ) − β log det Σ at the observed
// mean m (central differences), and Value is F at the observed particles.
func TestSpectraMeanMatchGrad(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 20))
	for _, n := range []int{2, 3, 5} {
		const particles, beta, gamma = 50, 0.3, 0.5
		sp, err := mirror.NewSpectraplex(n - 1)
		if err != nil {
			t.Fatal(err)
		}
		q := make([]float64, n) // the target spectrum (0.7, 0.3/(n−1), …)
		for i := range q {
			q[i] = 0.3 / float64(n-1)
		}
		q[0] = 0.7
		o := NewSpectraMeanMatch(sp, beta, gamma, q).(*spectraMeanMatch)
		p := sp.PrimalLen()
		x := make([]float64, 0, particles*p)
		mean := make([]float64, n*n) // the particles' mean matrix
		for range particles {
			xi := randomSpectraPoint(rng, sp)
			x = append(x, xi...)
			_, _, _, m := sp.Parts(xi)
			for k, v := range m {
				mean[k] += v / particles
			}
		}
		o.Observe(x)
		// The observed mean is the particles' mean matrix.
		for k := range mean {
			if math.Abs(mean[k]-o.m[k]) > 1e-14 {
				t.Fatalf("n=%d: observed mean %v, particles' mean %v", n, o.m, mean)
			}
		}
		first := func(v []float64) float64 {
			x := sp.Lift(nil, v)
			_, eig, _, m := sp.Parts(x)
			f := 0.0
			for i := range n {
				for j := range n {
					d := o.m[i*n+j]
					if i == j {
						d -= q[i]
					}
					f += d*m[i*n+j] + m[i*n+j]*m[i*n+j]/(2*gamma)
				}
			}
			for _, e := range eig {
				f -= beta * math.Log(e)
			}
			return f
		}
		for range 5 {
			x := randomSpectraPoint(rng, sp)
			g := make([]float64, sp.Dim())
			o.Grad(g, x, -1)
			for k := range g {
				v := slices.Clone(x[:sp.Dim()])
				h := 1e-6
				v[k] += h
				fp := first(v)
				v[k] -= 2 * h
				fd := (fp - first(v)) / (2 * h)
				if math.Abs(fd-g[k]) > 1e-6*(1+math.Abs(g[k])) {
					t.Fatalf("n=%d: Grad[%d] = %v, finite differences %v", n, k, g[k], fd)
				}
			}
		}
		// F = ½‖m − Σ*‖² + E‖Σ‖²/(2γ) − β E log det Σ.
		want, sq, ld := 0.0, 0.0, 0.0
		for i := range n {
			for j := range n {
				d := mean[i*n+j]
				if i == j {
					d -= q[i]
				}
				want += d * d / 2
			}
		}
		for i := range particles {
			_, eig, _, m := sp.Parts(x[i*p : (i+1)*p])
			for _, v := range m {
				sq += v * v / particles
			}
			for _, e := range eig {
				ld += math.Log(e) / particles
			}
		}
		want += sq/(2*gamma) - beta*ld
		if got := o.Value(x, 0); math.Abs(got-want) > 1e-12*(1+math.Abs(want)) {
			t.Errorf("n=%d: Value = %v, want %v", n, got, want)
		}
	}
}

// randomSpectraPoint returns ∇φ*(y) for a dual point y with independent
// N(0, 1) chart coordinates: a primal point of sp strictly inside, with
// eigenvalues well away from 0.
func randomSpectraPoint(rng *rand.Rand, sp mirror.Spectraplex) []float64 {
	y := make([]float64, sp.Dim())
	for i := range y {
		y[i] = rng.NormFloat64()
	}
	return sp.GradConj(nil, y)
}
