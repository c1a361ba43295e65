package mirror

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/mmfld/playground/engine/internal/rng"
)

// TestDiffuseMoments checks one step of the simplex's diffusion scheme
// against the Wright–Fisher diffusion it solves (EntropicSimplex.Diffuse):
// over time t the diffusion's mean is exactly c + (x − c)e^{−(d+1)t}, c =
// 1/(d+1) (its drift is linear), and its covariance is exactly
// wrightFisherCov's. The Monte Carlo moments of M steps must agree within 4
// standard errors plus 2(d+1)t² (the scheme's one-step error is O(t²), its
// constant growing with d: at d = 4 near the vertex the mean's is 5.5t²; a
// wrong time scale or a missing drift is an error of order t, 10 times the
// allowance at t = 0.01 and more) from points inside, near a face (xᵢ =
// 10⁻¹²) and near a vertex.
func TestDiffuseMoments(t *testing.T) {
	t.Parallel()
	const m = 200000
	for _, d := range []int{1, 2, 4} {
		starts := [][]float64{make([]float64, d+1), make([]float64, d+1), make([]float64, d+1)}
		for j := range d + 1 {
			starts[0][j] = 1 / float64(d+1)
			starts[1][j] = (1 - 1e-12) / float64(d)
			starts[2][j] = 1e-6
		}
		starts[1][0] = 1e-12
		starts[2][d] = 1 - 1e-6*float64(d)
		for _, x0 := range starts {
			for _, tt := range []float64{0.01, 0.0025} {
				t.Run(fmt.Sprintf("d=%d/x0=%.3g/t=%g", d, x0[0], tt), func(t *testing.T) {
					diffuseMoments(t, d, x0, tt, m)
				})
			}
		}
	}
}

// wrightFisherCov returns Cov(Xᵢ, Xⱼ) at time t for the diffusion of
// EntropicSimplex.Diffuse with λ = 1 started at x0. Its drift is linear and
// its covariance quadratic, so the moments solve linear equations: with
// p = d+1, μᵢ(s) = E Xᵢ(s) = c + (x0ᵢ − c)e^{−ps} and k = 2p + 2, the
// generator gives d/dt E[XᵢXⱼ] = μᵢ + μⱼ + 2δᵢⱼμᵢ − k E[XᵢXⱼ], that is
//
//	E[XᵢXⱼ](t) = x0ᵢx0ⱼ e^{−kt} + a(1 − e^{−kt})/k + b(e^{−pt} − e^{−kt})/(k − p),
//
// a = 2c(1 + δᵢⱼ), b = (x0ᵢ + x0ⱼ − 2c)(1 + δᵢⱼ).
func wrightFisherCov(x0 []float64, i, j int, t float64) float64 {
	p := float64(len(x0))
	c, k := 1/p, 2*p+2
	delta := 0.0
	if i == j {
		delta = 1
	}
	a, b := 2*c*(1+delta), (x0[i]+x0[j]-2*c)*(1+delta)
	ekt := math.Exp(-k * t)
	m := x0[i]*x0[j]*ekt + a*(1-ekt)/k + b*(math.Exp(-p*t)-ekt)/(k-p)
	mu := func(q int) float64 { return c + (x0[q]-c)*math.Exp(-p*t) }
	return m - mu(i)*mu(j)
}

func diffuseMoments(t *testing.T, d int, x0 []float64, tt float64, m int) {
	e := EntropicSimplex{Simplex{D: d}}
	p := d + 1
	var r rng.Stream
	r.Reseed(7, int64(d), int(tt*1e4))
	x, y, xi := make([]float64, p), make([]float64, d), make([]float64, 2*p)
	sum, sq, sq2 := make([]float64, p), make([]float64, p*p), make([]float64, p*p)
	for range m {
		copy(x, x0)
		r.Normals(xi)
		e.Diffuse(y, x, tt, xi)
		for i := range p {
			dx := x[i] - x0[i]
			sum[i] += dx
			for j := range p {
				v := dx * (x[j] - x0[j])
				sq[i*p+j] += v
				sq2[i*p+j] += v * v
			}
		}
	}
	n := float64(m)
	c := 1 / float64(p)
	allow := 2 * float64(p) * tt * tt
	for i := range p {
		mean := sum[i] / n
		want := (c - x0[i]) * (1 - math.Exp(-float64(p)*tt)) // E[X_t] − x0, exactly
		v := sq[i*p+i]/n - mean*mean
		se := math.Sqrt(v / n)
		if math.Abs(mean-want) > 4*se+allow {
			t.Errorf("mean of Δx%d = %.6g, want %.6g ± (4 SE %.2g + 2(d+1)t² %.2g)", i+1, mean, want, 4*se, allow)
		}
		for j := range p {
			cov := sq[i*p+j]/n - mean*sum[j]/n
			wantCov := wrightFisherCov(x0, i, j, tt)
			pm := sq[i*p+j] / n
			seCov := math.Sqrt((sq2[i*p+j]/n - pm*pm) / n)
			if math.Abs(cov-wantCov) > 4*seCov+allow {
				t.Errorf("cov(Δx%d, Δx%d) = %.6g, want %.6g ± (4 SE %.2g + 2(d+1)t² %.2g)", i+1, j+1, cov, wantCov, 4*seCov, allow)
			}
		}
	}
}

// TestDiffuseKeepsUniform checks that the scheme leaves the uniform law on
// Δ^d, Dirichlet(1, …, 1), invariant at any step (its kernel on the sphere
// is symmetric; EntropicSimplex.Diffuse): M points drawn from it (as
// normalised |Gᵢ|² of complex Gaussians) take 20 steps of t = 0.3, far
// beyond where the scheme follows the diffusion, and still have E xᵢ =
// 1/(d+1), E xᵢ² = 2/((d+1)(d+2)), E x₁x₂ = 1/((d+1)(d+2)) (Dirichlet's
// moments) and the boundary mass P(x₁ < 10⁻³) = 1 − (1 − 10⁻³)^d, each
// within 4 standard errors (the sample's own).
func TestDiffuseKeepsUniform(t *testing.T) {
	t.Parallel()
	const m, steps, tt = 100000, 20, 0.3
	for _, d := range []int{2, 4} {
		e := EntropicSimplex{Simplex{D: d}}
		p := d + 1
		src := rand.New(rand.NewPCG(11, uint64(d)))
		var r rng.Stream
		r.Reseed(11, int64(d), 0)
		x, y, xi := make([]float64, p), make([]float64, d), make([]float64, 2*p)
		var m1, m11, m12, near, m1sq, m11sq, m12sq float64
		for range m {
			var norm float64
			for j := range x {
				a, b := src.NormFloat64(), src.NormFloat64()
				x[j] = a*a + b*b
				norm += x[j]
			}
			for j := range x {
				x[j] /= norm
			}
			for range steps {
				r.Normals(xi)
				e.Diffuse(y, x, tt, xi)
			}
			for j := range x {
				if !(x[j] > 0) {
					t.Fatalf("d=%d: x = %v, want every coordinate positive", d, x)
				}
			}
			m1, m11, m12 = m1+x[0], m11+x[0]*x[0], m12+x[0]*x[1]
			m1sq, m11sq, m12sq = m1sq+x[0]*x[0], m11sq+math.Pow(x[0], 4), m12sq+x[0]*x[0]*x[1]*x[1]
			if x[0] < 1e-3 {
				near++
			}
		}
		n, dd := float64(m), float64(d)
		check := func(name string, sum, sumSq, want float64) {
			mean := sum / n
			se := math.Sqrt((sumSq/n - mean*mean) / n)
			if math.Abs(mean-want) > 4*se {
				t.Errorf("d=%d: %s = %.6g, want %.6g ± 4 SE (%.2g)", d, name, mean, want, 4*se)
			}
		}
		check("E x₁", m1, m1sq, 1/(dd+1))
		check("E x₁²", m11, m11sq, 2/((dd+1)*(dd+2)))
		check("E x₁x₂", m12, m12sq, 1/((dd+1)*(dd+2)))
		check("P(x₁ < 10⁻³)", near, near, 1-math.Pow(1-1e-3, dd))
	}
}

// TestDiffuseExtremes checks that every step stays strictly inside Δ^d with
// a finite dual point that is the primal point's, from points as close to
// the faces and vertices as the dual region allows (|yᵢ| = DualBound) and
// for t from 10⁻¹² to 1.
func TestDiffuseExtremes(t *testing.T) {
	t.Parallel()
	var r rng.Stream
	r.Reseed(3, 0, 0)
	for _, d := range []int{1, 2, 5} {
		e := EntropicSimplex{Simplex{D: d}}
		p := d + 1
		src := rand.New(rand.NewPCG(3, uint64(d)))
		x, y, xi := make([]float64, p), make([]float64, d), make([]float64, 2*p)
		yin := make([]float64, d)
		for k := range 2000 {
			for j := range yin {
				yin[j] = DualBound * (2*src.Float64() - 1)
				if k%3 == 0 {
					yin[j] = DualBound * math.Copysign(1, yin[j])
				}
			}
			e.GradConj(x, yin)
			tt := math.Pow(10, -12*src.Float64())
			r.Normals(xi)
			e.Diffuse(y, x, tt, xi)
			var sum float64
			for j, v := range x {
				if !(v > 0) || math.IsInf(v, 0) {
					t.Fatalf("d=%d, y=%v, t=%g: x⁺%d = %g, want positive and finite", d, yin, tt, j+1, v)
				}
				sum += v
			}
			if math.Abs(sum-1) > 1e-14 {
				t.Errorf("d=%d, y=%v, t=%g: Σx⁺ = %.17g, want 1", d, yin, tt, sum)
			}
			for j := range d {
				want := math.Max(-DualBound, math.Min(DualBound, math.Log(x[j]/x[d])))
				if math.IsNaN(y[j]) || math.Abs(y[j]-want) > 1e-12*math.Max(1, math.Abs(want)) {
					t.Errorf("d=%d, y=%v, t=%g: y⁺%d = %g, want log(x%d/x%d) = %g", d, yin, tt, j+1, y[j], j+1, p, want)
				}
			}
		}
	}
}

// TestDiffuseOrthantExact checks that the orthant's step is the exact
// transition of dX = dt + √(2X) dW (EntropicOrthant.Diffuse, λ = 1): over
// time t, E X = x + t and Var X = 2xt + t² (the generator on x and x²),
// within 4 standard errors and no allowance for a discretisation error, at
// t = 1 (a step no Euler scheme takes) from inside and from 10⁻¹² of the
// face.
func TestDiffuseOrthantExact(t *testing.T) {
	t.Parallel()
	const m = 200000
	e, err := NewEntropicOrthant(2)
	if err != nil {
		t.Fatal(err)
	}
	var r rng.Stream
	r.Reseed(5, 0, 0)
	x, y, xi := make([]float64, 2), make([]float64, 2), make([]float64, e.DiffuseLen())
	for _, tt := range []float64{1, 0.01} {
		x0 := []float64{0.3, 1e-12}
		var s1, s2, s3, s4 [2]float64
		for range m {
			copy(x, x0)
			r.Normals(xi)
			e.Diffuse(y, x, tt, xi)
			for j, v := range x {
				if !(v > 0) || math.Abs(y[j]-math.Log(v)) > 1e-12*math.Max(1, math.Abs(y[j])) {
					t.Fatalf("t=%g: x⁺ = %v, y⁺ = %v: want positive, y = log x", tt, x, y)
				}
				s1[j], s2[j], s3[j], s4[j] = s1[j]+v, s2[j]+v*v, s3[j]+v*v*v, s4[j]+v*v*v*v
			}
		}
		n := float64(m)
		for j, v := range x0 {
			mean, sq := s1[j]/n, s2[j]/n
			varx := sq - mean*mean
			if se := math.Sqrt(varx / n); math.Abs(mean-(v+tt)) > 4*se {
				t.Errorf("t=%g, x=%g: mean %.6g, exact %.6g (SE %.2g)", tt, v, mean, v+tt, se)
			}
			// The SE of the second moment: √(Var X²/n).
			wantSq := v*v + 4*v*tt + 2*tt*tt
			if se := math.Sqrt((s4[j]/n - sq*sq) / n); math.Abs(sq-wantSq) > 4*se {
				t.Errorf("t=%g, x=%g: E X² %.6g, exact %.6g (SE %.2g)", tt, v, sq, wantSq, se)
			}
		}
	}
}

// TestDiffuseFermiDirac checks the Fermi–Dirac box's sphere scheme on the
// box [−1, 3] (L = 4): one step from points inside and near either face
// against the two-type Wright–Fisher diffusion's exact moments of u at the
// time t/L (wrightFisherCov on (u, 1 − u), allowance 4τ² as in
// TestDiffuseMoments for d = 1), the slacks and the chart coordinate
// consistent, y = log(p/q); and 20 steps of t = 0.3L from the uniform law
// keeping it (E u = 1/2, E u² = 1/3 within 4 SE).
func TestDiffuseFermiDirac(t *testing.T) {
	t.Parallel()
	const m = 200000
	box, err := NewFermiDiracBox(1, -1, 3)
	if err != nil {
		t.Fatal(err)
	}
	const l = 4.0
	var r rng.Stream
	r.Reseed(13, 0, 0)
	x, y, xi := make([]float64, 3), make([]float64, 1), make([]float64, box.DiffuseLen())
	for _, u0 := range []float64{0.5, 1e-12, 1 - 1e-9} {
		for _, tt := range []float64{0.04, 0.01} {
			tau := tt / l
			var s1, s2, s4 float64
			for range m {
				box.GradConj(x, []float64{math.Log(u0) - math.Log1p(-u0)})
				r.Normals(xi)
				box.Diffuse(y, x, tt, xi)
				u := x[1] / l
				if !(x[1] > 0 && x[2] > 0) || math.Abs(x[1]+x[2]-l) > 1e-14*l || math.Abs(x[0]-(-1+x[1])) > 1e-14*l && math.Abs(x[0]-(3-x[2])) > 1e-14*l {
					t.Fatalf("u0=%g, t=%g: x⁺ = %v, want slacks positive, summing to L, and the chart coordinate from the nearer", u0, tt, x)
				}
				if want := math.Log(x[1] / x[2]); math.Abs(y[0]-want) > 1e-12*math.Max(1, math.Abs(want)) {
					t.Fatalf("u0=%g, t=%g: y⁺ = %g, want log(p/q) = %g", u0, tt, y[0], want)
				}
				du := u - u0
				s1, s2, s4 = s1+du, s2+du*du, s4+du*du*du*du
			}
			n := float64(m)
			mean := s1 / n
			want := (0.5 - u0) * (1 - math.Exp(-2*tau))
			if se := math.Sqrt((s2/n - mean*mean) / n); math.Abs(mean-want) > 4*se+4*tau*tau {
				t.Errorf("u0=%g, t=%g: mean Δu %.6g, want %.6g ± (4 SE %.2g + 4τ²)", u0, tt, mean, want, se)
			}
			cov := s2/n - mean*mean
			wantCov := wrightFisherCov([]float64{u0, 1 - u0}, 0, 0, tau)
			if se := math.Sqrt((s4/n - (s2/n)*(s2/n)) / n); math.Abs(cov-wantCov) > 4*se+4*tau*tau {
				t.Errorf("u0=%g, t=%g: Var Δu %.6g, want %.6g ± (4 SE %.2g + 4τ²)", u0, tt, cov, wantCov, se)
			}
		}
	}
	src := rand.New(rand.NewPCG(13, 1))
	var s1, s2, q1, q2 float64
	for range m / 2 {
		box.Lift(x, []float64{-1 + l*src.Float64()})
		for range 20 {
			r.Normals(xi)
			box.Diffuse(y, x, 0.3*l, xi)
		}
		u := x[1] / l
		s1, s2, q1, q2 = s1+u, s2+u*u, q1+u*u, q2+u*u*u*u
	}
	n := float64(m / 2)
	if mean, se := s1/n, math.Sqrt((s2/n-(s1/n)*(s1/n))/n); math.Abs(mean-0.5) > 4*se {
		t.Errorf("uniform after 20 steps of t = 0.3L: E u = %.6g, want 0.5 (SE %.2g)", mean, se)
	}
	if mean, se := q1/n, math.Sqrt((q2/n-(q1/n)*(q1/n))/n); math.Abs(mean-1./3) > 4*se {
		t.Errorf("uniform after 20 steps of t = 0.3L: E u² = %.6g, want 1/3 (SE %.2g)", mean, se)
	}
}
