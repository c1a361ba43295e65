package xor

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/mmfld/playground/engine/internal/vec"
	"github.com/mmfld/playground/engine/mirror"
)

// TestXORLossStable: the logistic loss ℓ(z) = log(1 + e^{−z}) is finite and
// accurate for margins of any size, where the naive formula overflows
// (z → −∞) or rounds to 0 (z → +∞); F and the gradient stay finite for a
// network with outputs of size 10³; Value equals a direct computation.
func TestXORLossStable(t *testing.T) {
	for _, tc := range []struct{ z, want float64 }{
		{-1000, 1000},                     // log(1 + e^{1000}) = 1000 + log1p(e^{−1000})
		{1000, 0},                         // e^{−1000} underflows
		{40, 4.248354255291589e-18},       // e^{−40}(1 − e^{−40}/2); naive: 0
		{-40, 40.00000000000000000425},    // 40 + e^{−40}
		{0, math.Ln2},                     // log 2
		{1e-3, math.Ln2 - 5e-4 + 1.25e-7}, // log 2 − z/2 + z²/8 − z⁴/192 + …
		{-709.9, 709.9},                   // near the overflow of e^{−z}
		{math.MaxFloat64, 0},              // no Inf − Inf
		{-math.MaxFloat64, math.MaxFloat64},
	} {
		got := logistic(tc.z)
		if math.IsNaN(got) || math.IsInf(got, 0) || math.Abs(got-tc.want) > 1e-13*max(tc.want, 1e-300) && math.Abs(got-tc.want) > 1e-300 {
			t.Errorf("logistic(%g) = %.17g, want %.17g", tc.z, got, tc.want)
		}
	}

	// The activation: tanh to a few ulps of 1, ±1 far out, never NaN.
	for z := -30.0; z <= 30; z += 0.01 {
		if d := math.Abs(tanh(z) - math.Tanh(z)); !(d <= 5e-16) {
			t.Fatalf("tanh(%g) = %.17g, tanh %.17g", z, tanh(z), math.Tanh(z))
		}
	}
	for _, z := range []float64{-1e300, -800, 800, 1e300} {
		if got := tanh(z); got != math.Copysign(1, z) {
			t.Errorf("tanh(%g) = %v", z, got)
		}
	}

	// Radius 100: output weights up to 100, so |f| up to S·100 = 1000.
	o := New(4, 5)
	x := make([]float64, 3*5)
	for p, theta := range [][]float64{{60, -60, 0, 70}, {-50, 50, 1, 80}, {0.3, 0.3, -0.1, -90}} {
		copy(x[p*5:], theta)
	}
	o.Observe(x)
	loss := o.Value(x, 0)
	// Direct: f(uᵢ) from its definition, ℓ by cases (e^{−z} overflows for
	// z < −709).
	direct, big := 0.0, 0
	for i := range Train {
		f := 0.0
		for p := range 3 {
			th := x[p*5 : p*5+4]
			f += th[3] * math.Tanh(InputScale*(th[0]*o.u[2*i]+th[1]*o.u[2*i+1]+th[2]))
		}
		z := o.y[i] * OutputScale * f / 3
		if math.Abs(z) > 100 {
			big++
		}
		if z < 0 {
			direct += -z + math.Log(1+math.Exp(z))
		} else {
			direct += math.Log(1 + math.Exp(-z))
		}
	}
	direct /= Train
	if big < Train/4 {
		t.Fatalf("only %d of %d margins above 100: the test does not reach large margins", big, Train)
	}
	if math.IsNaN(loss) || math.IsInf(loss, 0) || math.Abs(loss-direct) > 1e-12*direct {
		t.Errorf("F = %.15g, direct %.15g", loss, direct)
	}
	g := make([]float64, 4)
	for p := range 3 {
		o.Grad(g, x[p*5:p*5+5], p)
		if !vec.AllFinite(g) {
			t.Errorf("particle %d: gradient %v", p, g)
		}
	}
}

// TestXORData: the data (which NewXOR draws from DataSeed, whatever the
// run's seed) agree with the Bayes rule sign(u₁u₂) as often as the noise
// predicts: p² + (1 − p)², p = Φ(1/ν) (BayesAccuracy), within 4 SE of a
// binomial proportion over the Train + Test points.
func TestXORData(t *testing.T) {
	for _, dim := range []int{4, 10} {
		o := New(dim, dim+1)
		right, pos := 0, 0
		count := func(u, y []float64) {
			for i, yi := range y {
				if u[i*o.k]*u[i*o.k+1]*yi > 0 {
					right++
				}
				if yi > 0 {
					pos++
				}
			}
		}
		count(o.uTest, o.yTest)
		if got, want := o.BayesTestAccuracy(), float64(right)/Test; got != want {
			t.Errorf("dim %d: BayesTestAccuracy = %v, the Bayes rule is right on %v of the test points", dim, got, want)
		}
		count(o.u, o.y)
		n := float64(Train + Test)
		p := BayesAccuracy()
		se := math.Sqrt(p * (1 - p) / n)
		if got := float64(right) / n; math.Abs(got-p) > 4*se {
			t.Errorf("dim %d: the Bayes rule is right on %.4f of the points, want %.4f ± 4·%.4f", dim, got, p, se)
		}
		// Labels ±1 with probability ½: SE √(1/(4n)).
		if got := float64(pos) / n; math.Abs(got-0.5) > 4*math.Sqrt(0.25/n) {
			t.Errorf("dim %d: %.4f of the labels are +1", dim, got)
		}
	}
}

// TestXOROutputs: the exported evaluation on Snapshot.Primal agrees with the
// objective's own outputs.
func TestXOROutputs(t *testing.T) {
	const dim, n = 5, 30
	o := New(dim, dim+1)
	x := ballPoints(t, dim, n, 3)
	o.Observe(x)
	shown := make([]float64, 0, n*dim) // the chart coordinates, as System.Primal gives them
	for i := range n {
		shown = append(shown, x[i*(dim+1):i*(dim+1)+dim]...)
	}
	got := Outputs(nil, shown, dim, o.u)
	for i, f := range o.f {
		if math.Abs(got[i]-f) > 1e-12*(1+math.Abs(f)) {
			t.Fatalf("point %d: Outputs %v, objective %v", i, got[i], f)
		}
	}
	if got := Outputs(nil, nil, 4, []float64{1, 1}); len(got) != 1 || got[0] != 0 {
		t.Errorf("no neurons: %v", got)
	}
}

// TestXORAccuracyCached: the accuracy is computed once per version of the
// particles and again for the next version.
func TestXORAccuracyCached(t *testing.T) {
	o := New(4, 5)
	x := ballPoints(t, 4, 64, 5)
	a := o.Accuracy(x, 1)
	o.acc = -1 // a recomputation would overwrite it
	if got := o.Accuracy(x, 1); got != -1 {
		t.Errorf("unchanged version: accuracy recomputed (%v)", got)
	}
	if got := o.Accuracy(x, 2); got != a {
		t.Errorf("next version of the same particles: accuracy %v, want %v", got, a)
	}
}

// ballPoints returns n primal points of the unit ball in dimension d (d+1
// numbers each), uniform in the ball of radius 0.9, drawn from seed.
func ballPoints(t testing.TB, d, n int, seed uint64) []float64 {
	t.Helper()
	ball, err := mirror.NewLogBarrierBall(d, 1)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(seed, 1))
	x := make([]float64, n*(d+1))
	v := make([]float64, d)
	for i := range n {
		for {
			for j := range v {
				v[j] = 1.8*r.Float64() - 0.9
			}
			if vec.Dot(v, v) < 0.81 {
				break
			}
		}
		ball.Lift(x[i*(d+1):(i+1)*(d+1)], v)
	}
	return x
}
