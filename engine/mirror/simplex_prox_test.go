package mirror

import (
	"math"
	"math/rand/v2"
	"testing"
)

// proxCase is one input of the barrier's proximal map: the chart point v
// and the weights a (d+1, the step size folded in).
type proxCase struct{ v, a []float64 }

// randomProxCases returns inputs over the whole range the engine can meet
// and beyond: v from inside the simplex to PrimalBound outside it, weights
// from 10⁻³⁰⁰ to 10⁶ and some exactly 0.
func randomProxCases(rng *rand.Rand, n int) []proxCase {
	var out []proxCase
	for k := range n {
		d := []int{1, 2, 3, 5, 10}[k%5]
		v, a := make([]float64, d), make([]float64, d+1)
		scale := math.Pow(10, -3+9*rng.Float64()) // 10⁻³ … 10⁶
		for i := range v {
			v[i] = max(min(scale*(2*rng.Float64()-1)+1/float64(d+1), PrimalBound), -PrimalBound)
		}
		w := math.Pow(10, -300+306*rng.Float64()) // the weights' scale, 10⁻³⁰⁰ … 10⁶
		for i := range a {
			switch rng.IntN(6) {
			case 0:
				a[i] = 0
			case 1:
				a[i] = w * math.Pow(10, -6*rng.Float64())
			default:
				a[i] = w
			}
		}
		out = append(out, proxCase{v, a})
	}
	return out
}

// proxExtremeCases are the corners: huge and tiny weights (η and β at the
// ends of what the engine or a test may ask), v at ±PrimalBound, on a face,
// at a vertex, inside.
func proxExtremeCases() []proxCase {
	var out []proxCase
	for _, d := range []int{1, 2, 3, 10} {
		for _, w := range []float64{1e-300, 1e-100, 1e-20, 1e-12, 1e-6, 1, 1e3, 1e6} {
			for _, vv := range []float64{-PrimalBound, -1e3, -1, 0, 1e-300, 1 / float64(d+1), 1, 1e3, PrimalBound} {
				for _, pattern := range []int{0, 1, 2} {
					v, a := make([]float64, d), make([]float64, d+1)
					for i := range v {
						v[i] = vv
						if pattern == 1 && i == 0 {
							v[i] = -vv // one coordinate the other way
						}
					}
					for i := range a {
						a[i] = w
						if pattern == 2 && i%2 == 1 {
							a[i] = 0 // faces without a barrier
						}
					}
					out = append(out, proxCase{v, a})
				}
			}
		}
	}
	return out
}

// checkProxOptimal checks x = ProxBarrier(v, a) against the optimality
// conditions of min Σ aᵢ log(1/xᵢ) + ½‖x − v‖² over the closed simplex,
// derived afresh here: feasibility (x ≥ 0, Σx = 1, finite), strict
// positivity where aᵢ > 0, and stationarity, which says that
// νᵢ = vᵢ − xᵢ + aᵢ/xᵢ is one number ν for every chart coordinate with
// xᵢ > 0, that ν = a_{d+1}/x_{d+1} when a_{d+1} > 0 (and ν ≥ 0, = 0 if
// x_{d+1} > 0, when a_{d+1} = 0), and that vᵢ ≤ ν where xᵢ = 0.
func checkProxOptimal(t *testing.T, c proxCase, x []float64) {
	t.Helper()
	d := len(c.v)
	sum := 0.0
	for i, e := range x {
		if !(e >= 0) || math.IsInf(e, 0) || (c.a[i] > 0 && !(e > 0)) {
			t.Fatalf("v %v a %v: x %v: coordinate %d = %v is not finite, ≥ 0 and > 0 where its weight is", c.v, c.a, x, i, e)
		}
		sum += e
	}
	if math.Abs(sum-1) > 1e-13 {
		t.Fatalf("v %v a %v: x %v sums to 1%+.3g", c.v, c.a, x, sum-1)
	}
	scale := 1.0
	for _, e := range c.v {
		scale = max(scale, math.Abs(e))
	}
	tol := 1e-12 * scale
	nu, have := 0.0, false
	if c.a[d] > 0 {
		nu, have = c.a[d]/x[d], true
	} else if x[d] > 64*0x1p-52*scale {
		have = true // Σx ≤ 1 not binding: ν = 0
	}
	for i := range d {
		if x[i] == 0 {
			continue
		}
		// xᵢ carries a relative error of a few ulp of the input's scale (the
		// sum Σx = 1 the multiplier is found from is rounded at that
		// scale), which moves νᵢ by (xᵢ + aᵢ/xᵢ) times it.
		ni := c.v[i] - x[i] + c.a[i]/x[i]
		ti := tol + (x[i]+c.a[i]/x[i]+math.Abs(nu))*64*0x1p-52*scale
		if !have {
			nu, have = ni, true
			continue
		}
		if math.Abs(ni-nu) > ti {
			t.Fatalf("v %v a %v: x %v: stationarity: ν from coordinate %d is %v, from the others %v (off by %.3g > %.3g)",
				c.v, c.a, x, i, ni, nu, ni-nu, ti)
		}
	}
	if nu < -tol {
		t.Fatalf("v %v a %v: x %v: the multiplier of Σx ≤ 1 is %v < 0", c.v, c.a, x, nu)
	}
	for i := range d {
		if x[i] == 0 && c.v[i] > nu+tol+math.Abs(nu)*64*0x1p-52*scale {
			t.Fatalf("v %v a %v: x %v: coordinate %d is on its face but vᵢ = %v > ν = %v", c.v, c.a, x, i, c.v[i], nu)
		}
	}
}

// proxValue is the objective the proximal point minimises.
func proxValue(c proxCase, x []float64) float64 {
	f := 0.0
	for i, e := range x {
		if c.a[i] > 0 {
			f -= c.a[i] * math.Log(e)
		}
	}
	for i, e := range c.v {
		f += (x[i] - e) * (x[i] - e) / 2
	}
	return f
}

func TestProxBarrierOptimality(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 1))
	cases := append(randomProxCases(rng, 4000), proxExtremeCases()...)
	for _, c := range cases {
		d := len(c.v)
		m := EntropicSimplex{Simplex{D: d}}
		x := m.ProxBarrier(nil, c.v, c.a)
		checkProxOptimal(t, c, x)
		// A second, independent check: no feasible point nearby has a
		// lower objective (moves along eᵢ − eⱼ, which keep Σx = 1).
		if c.a[0] < 1e-20 || math.Abs(c.v[0]) > 1e3 {
			continue // the objective's differences are below its rounding
		}
		f := proxValue(c, x)
		for range 8 {
			i, j := rng.IntN(d+1), rng.IntN(d+1)
			if i == j {
				continue
			}
			step := 1e-4 * min(x[i], x[j], 1)
			y := append([]float64(nil), x...)
			y[i] += step
			y[j] -= step
			if !(y[j] > 0) || (y[j] == 0 && c.a[j] > 0) {
				continue
			}
			if g := proxValue(c, y); g < f-1e-12*max(math.Abs(f), 1) {
				t.Fatalf("v %v a %v: x %v has objective %v; moving %g from %d to %d gives %v", c.v, c.a, x, f, step, j, i, g)
			}
		}
	}
}

// TestProxBarrierProjection: without a barrier the proximal map is the
// Euclidean projection (Project, which sorts): equal to a few ulp of the
// input's size, and the very bits when v is already in the simplex.
func TestProxBarrierProjection(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 2))
	for k := range 20000 {
		d := []int{1, 2, 3, 5, 10}[k%5]
		m := EntropicSimplex{Simplex{D: d}}
		v := make([]float64, d)
		scale := math.Pow(10, -3+9*rng.Float64())
		if k%4 == 0 {
			scale = 0
		}
		inside := randomBarycentric(rng, d, -20)
		size := 1.0
		for i := range v {
			v[i] = inside[i] + scale*(2*rng.Float64()-1)
			size = max(size, math.Abs(v[i]))
		}
		a := make([]float64, d+1)
		got := m.ProxBarrier(nil, v, a)
		want := m.Project(nil, v)
		for i := range want {
			if diff := math.Abs(got[i] - want[i]); diff > 8*0x1p-52*size || (scale == 0 && got[i] != want[i] && i < d) {
				t.Fatalf("d %d v %v: prox with a = 0 %v, projection %v: coordinate %d differs by %.3g ulp of %g",
					d, v, got, want, i, diff/(0x1p-52*size), size)
			}
		}
	}
}

// TestProxBarrierIterations: the root finder ends well inside its bound
// on every input, from the least to the most extreme.
func TestProxBarrierIterations(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 3))
	most := 0
	for _, c := range append(randomProxCases(rng, 4000), proxExtremeCases()...) {
		s := Simplex{D: len(c.v)}
		hi := 0.0
		for _, e := range c.v {
			hi = max(hi, e)
		}
		for _, e := range c.a {
			hi += 2 * e
		}
		if c.a[s.D] == 0 {
			if h, _, _ := s.proxF(c.v, c.a, 0); h <= 0 {
				continue
			}
		}
		lo := c.a[s.D]
		sum := 0.0
		for i, e := range c.v {
			lo = max(lo, e+c.a[i]-1)
			sum += e
		}
		lo = max(lo, (sum-1)/float64(s.D))
		_, n := s.proxRoot(c.v, c.a, lo, hi)
		most = max(most, n)
	}
	if most > proxMaxIter/2 {
		t.Errorf("the root finder took up to %d evaluations (bound %d)", most, proxMaxIter)
	}
	t.Logf("at most %d evaluations of h", most)
}

// TestProxBarrierLimit: as the weights vanish the proximal point tends to
// the projection, by at most √a per coordinate (p(u, a) − max(u, 0) ≤ √a),
// so projected MFLD is the β → 0 limit of the proximal algorithm.
func TestProxBarrierLimit(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 4))
	for k := range 2000 {
		d := []int{1, 2, 3, 10}[k%4]
		m := EntropicSimplex{Simplex{D: d}}
		v := make([]float64, d)
		for i := range v {
			v[i] = 3 * (2*rng.Float64() - 1)
		}
		want := m.Project(nil, v)
		for _, w := range []float64{1e-4, 1e-8, 1e-12} {
			a := make([]float64, d+1)
			for i := range a {
				a[i] = w
			}
			got := m.ProxBarrier(nil, v, a)
			for i := range got {
				if math.Abs(got[i]-want[i]) > float64(d+1)*math.Sqrt(w) {
					t.Fatalf("v %v, a = %g: prox %v, projection %v: coordinate %d is more than (d+1)√a away", v, w, got, want, i)
				}
			}
		}
	}
}
