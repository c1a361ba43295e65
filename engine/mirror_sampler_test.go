package engine

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/mmfld/playground/engine/internal/vec"
	"github.com/mmfld/playground/engine/mirror"
)

// truncNormalMoments returns the mean and second moment of N(μ, σ²)
// truncated to [a, b] (Johnson, Kotz & Balakrishnan 1994, §10.1):
// with α = (a−μ)/σ, β = (b−μ)/σ, Z = Φ(β) − Φ(α),
// mean = μ + σ(φ(α) − φ(β))/Z, var = σ²[1 + (αφ(α) − βφ(β))/Z − ((φ(α) − φ(β))/Z)²].
func truncNormalMoments(mu, sigma, a, b float64) (mean, second float64) {
	pdf := func(t float64) float64 { return math.Exp(-t*t/2) / math.Sqrt(2*math.Pi) }
	cdf := func(t float64) float64 { return 0.5 * math.Erfc(-t/math.Sqrt2) }
	al, be := (a-mu)/sigma, (b-mu)/sigma
	z := cdf(be) - cdf(al)
	r := (pdf(al) - pdf(be)) / z
	mean = mu + sigma*r
	v := sigma * sigma * (1 + (al*pdf(al)-be*pdf(be))/z - r*r)
	return mean, v + mean*mean
}

// TestMirroredLangevinKnownAnswers runs the mirrored Langevin algorithm
// (Hsieh, Kavis, Rolland & Cevher 2018), written against the MirrorMap
// interface alone, on every map, for a target with known moments:
//
//	Y⁺ = Y − η[∇²φ*(Y) g(X) − λ ∇_y log det ∇²φ*(Y)] + √(2λη) ξ,  X = ∇φ*(Y),
//
// with moves bounded by LimitMove and points by ClampDual, as System would.
// It checks that the interface suffices for an algorithm and that InvHessMul
// and GradLogDetHessConj give the right stationary law: the particles start
// from exact draws of the target and must keep its moments (a sign error
// moves them far outside the tolerances within this time).
//
// They start at the target, not at the centre, because with the log-barrier
// maps this algorithm mixes slowly: its primal noise covariance is
// 2λ[∇²φ]⁻² ∝ distance⁴ near the boundary, so reaching the boundary layer
// takes a time ∝ 1/distance². Measured on the box well below, from the
// centre: E x₀ = 0.366, 0.308, 0.288 after times 9, 90, 900 (target 0.278);
// the entropic maps (covariance ∝ distance²) mix within time 9.
func TestMirroredLangevinKnownAnswers(t *testing.T) {
	if testing.Short() {
		t.Skip("sampler known answers: slow")
	}
	t.Parallel()
	const (
		lambda = 1.0
		eta    = 3e-3
		steps  = 3000 // time 9
		n      = 2000
	)
	// A Gaussian well N(0.1, 0.3²) in each coordinate, truncated to the box
	// [0, 1]²: its mass sits against the face x = 0.
	tm, t2 := truncNormalMoments(0.1, 0.3, 0, 1)
	well := func(g, x []float64) {
		for i := range g {
			g[i] = (x[i] - 0.1) / (0.3 * 0.3)
		}
	}
	drawWell := func(rng *rand.Rand) []float64 { // rejection from the untruncated normal
		v := make([]float64, 2)
		for i := range v {
			for v[i] = -1; v[i] <= 0 || v[i] >= 1; {
				v[i] = 0.1 + 0.3*rng.NormFloat64()
			}
		}
		return v
	}
	zero := func(g, x []float64) { clear(g) }
	for _, tc := range []struct {
		name          string
		m             mirror.Map
		grad          func(g, x []float64)           // the chart gradient of V
		draw          func(rng *rand.Rand) []float64 // an exact draw of exp(−V/λ), chart coordinates
		mean, second  float64                        // of the first coordinate under exp(−V/λ)
		scale, sdSpan float64                        // typical size of x₀ and of its spread
	}{
		{"fermidirac", mustMap(mirror.NewFermiDiracBox(2, 0, 1)), well, drawWell, tm, t2, 1, 0.3},
		{"logbarrierbox", mustMap(mirror.NewLogBarrierBox(2, 0, 1)), well, drawWell, tm, t2, 1, 0.3},
		// Uniform on the unit disc: E x₀ = 0, E x₀² = R²/4.
		{"ball", mustMap(mirror.NewLogBarrierBall(2, 1)), zero, func(rng *rand.Rand) []float64 {
			for {
				v := []float64{2*rng.Float64() - 1, 2*rng.Float64() - 1}
				if vec.Dot(v, v) < 1 {
					return v
				}
			}
		}, 0, 0.25, 1, 0.5},
		// Uniform on Δ², Dirichlet(1,1,1): E x₁ = 1/3, E x₁² = 1/6.
		{"simplex", mustMap(mirror.NewEntropicSimplex(2)), zero, func(rng *rand.Rand) []float64 {
			e := []float64{rng.ExpFloat64(), rng.ExpFloat64(), rng.ExpFloat64()}
			s := e[0] + e[1] + e[2]
			return []float64{e[0] / s, e[1] / s}
		}, 1.0 / 3, 1.0 / 6, 1, 0.25},
		// V = Σx on the orthant: Exp(1), E x = 1, E x² = 2.
		{"orthant", mustMap(mirror.NewEntropicOrthant(2)), func(g, x []float64) { g[0], g[1] = 1, 1 }, func(rng *rand.Rand) []float64 {
			return []float64{rng.ExpFloat64(), rng.ExpFloat64()}
		}, 1, 2, 1, 1},
		// V = ‖x‖²/2 on ℝ²: N(0, 1).
		{"euclidean", mustMap(mirror.NewEuclidean(2)), func(g, x []float64) { copy(g, x[:2]) }, func(rng *rand.Rand) []float64 {
			return []float64{rng.NormFloat64(), rng.NormFloat64()}
		}, 0, 1, 1, 1},
		// Uniform on the triangle (0,0), (2,0), (1.5,0.8): E x₀ = 3.5/3 and
		// E x₀² = (Σvₓ² + (Σvₓ)²)/12 = 18.5/12 (E xxᵀ = (Σvvᵀ + (Σv)(Σv)ᵀ)/12).
		{"polygon", mustMap(mirror.NewPolygonBarrier([][2]float64{{0, 0}, {2, 0}, {1.5, 0.8}})), zero, func(rng *rand.Rand) []float64 {
			u, v := rng.Float64(), rng.Float64()
			if u+v > 1 {
				u, v = 1-u, 1-v
			}
			return []float64{2*u + 1.5*v, 0.8 * v}
		}, 3.5 / 3, 18.5 / 12, 1, 0.5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, d, w := tc.m, tc.m.Dim(), tc.m.PrimalLen()
			// An iterative ∇φ* starts from the particle's previous
			// position, as a System would do it (fewer particles: it
			// is still ~40 times slower than the closed forms).
			warm, isWarm := m.(mirror.WarmGradConj)
			np := n
			if isWarm {
				np = n / 4
			}
			rng := rand.New(rand.NewPCG(31, 32))
			y, xs := make([]float64, np*d), make([]float64, np*w)
			g, hg, ld := make([]float64, d), make([]float64, d), make([]float64, d)
			for i := range np {
				m.Grad(y[i*d:(i+1)*d], m.Lift(xs[i*w:(i+1)*w], tc.draw(rng)))
			}
			dy, dz := make([]float64, d), make([]float64, d)
			sq := math.Sqrt(2 * lambda * eta)
			cuts := 0
			for range steps {
				for i := range np {
					yi, x := y[i*d:(i+1)*d], xs[i*w:(i+1)*w]
					if isWarm {
						warm.GradConjFrom(x, yi, x)
					} else {
						m.GradConj(x, yi)
					}
					tc.grad(g, x)
					m.InvHessMul(hg, x, g)
					m.GradLogDetHessConj(ld, x)
					for j := range d {
						dy[j] = -eta * (hg[j] - lambda*ld[j])
						dz[j] = sq * rng.NormFloat64()
					}
					cuts += m.LimitMove(dy, yi) + m.LimitMove(dz, yi)
					for j := range d {
						yi[j] += dy[j] + dz[j]
					}
					cuts += m.ClampDual(yi)
				}
			}
			var s1, s2 float64
			x := make([]float64, w)
			for i := range np {
				m.GradConj(x, y[i*d:(i+1)*d])
				if !m.Inside(x) {
					t.Fatalf("particle %d at %v is not inside", i, x)
				}
				s1 += x[0]
				s2 += x[0] * x[0]
			}
			s1 /= float64(np)
			s2 /= float64(np)
			// Five standard errors of np independent draws (spread ≤ sdSpan),
			// plus 0.01·scale for the O(η) bias of the Euler scheme.
			tol1 := 5*tc.sdSpan/math.Sqrt(float64(np)) + 0.01*tc.scale
			tol2 := 5*2*tc.sdSpan*(math.Abs(tc.mean)+tc.sdSpan)/math.Sqrt(float64(np)) + 0.01*tc.scale*tc.scale
			if math.Abs(s1-tc.mean) > tol1 || math.Abs(s2-tc.second) > tol2 {
				t.Errorf("E x₀ = %.4g (want %.4g ± %.2g), E x₀² = %.4g (want %.4g ± %.2g); %d cuts", s1, tc.mean, tol1, s2, tc.second, tol2, cuts)
			}
			t.Logf("E x₀ = %.4g (want %.4g), E x₀² = %.4g (want %.4g); %d cuts in %d moves", s1, tc.mean, s2, tc.second, cuts, 2*np*steps)
		})
	}
}

// mustMap returns v, panicking on err (for maps made from constants).
func mustMap[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
