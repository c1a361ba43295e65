package purefloat

import (
	"math"
	"math/rand/v2"
	"testing"
)

// ulps returns how many units in the last place got is from want (for a
// subnormal want, units of the smallest subnormal; +Inf when exactly one of
// them is infinite).
func ulps(got, want float64) float64 {
	switch {
	case got == want:
		return 0
	case math.IsInf(got, 0) || math.IsInf(want, 0):
		return math.Inf(1)
	}
	return math.Abs(got-want) / (math.Nextafter(math.Abs(want), math.Inf(1)) - math.Abs(want))
}

// TestFrexp: Log's split of a normal x into frac·2^exp gives math.Frexp's
// bits, across the range; subnormal ones are refused (Log leaves them to
// math.Frexp).
func TestFrexp(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	xs := []float64{0x1p-1074, 0x1p-1022, math.Nextafter(0x1p-1022, 0), 0.5, 1, math.SmallestNonzeroFloat64 * 3, math.MaxFloat64}
	for range 100000 {
		xs = append(xs, math.Float64frombits(rng.Uint64()>>1)) // positive: sign bit clear
	}
	for _, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) || x == 0 {
			continue
		}
		f, e, ok := frexpNormal(x)
		if normal := x >= 0x1p-1022; ok != normal {
			t.Fatalf("frexpNormal(%g): ok = %v for a number that is normal: %v", x, ok, normal)
		}
		if wf, we := math.Frexp(x); ok && (math.Float64bits(f) != math.Float64bits(wf) || e != we) {
			t.Fatalf("frexpNormal(%g) = %v, %d; math.Frexp: %v, %d", x, f, e, wf, we)
		}
	}
}

// TestPureFloat compares Exp, Log, Hypot and Tanh with
// package math over random arguments spanning their ranges, and checks the
// special values.
func TestPureFloat(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	worst := map[string]float64{}
	check := func(name string, got, want, tol float64, arg ...float64) {
		t.Helper()
		e := ulps(got, want)
		if math.IsNaN(got) != math.IsNaN(want) || !(e <= tol) && !math.IsNaN(want) {
			t.Fatalf("%s%v = %.17g, math: %.17g (%.2g ulp)", name, arg, got, want, e)
		}
		worst[name] = max(worst[name], e)
	}
	for range 200000 {
		x := (2*rng.Float64() - 1) * 745
		if rng.IntN(2) == 0 {
			x = (2*rng.Float64() - 1) * 2 // near 0, where most arguments are
		}
		want := math.Exp(x)
		if x > 709 {
			// math.Exp on amd64 (assembly) returns +Inf from about 709.5
			// on, below the true overflow at 709.78: compare with e·e^{x−1}.
			want = math.E * math.Exp(x-1)
		}
		check("Exp", Exp(x), want, 4, x)
		tt := math.Exp(rng.Float64()*80 - 60) // tiny to large, log-uniformly
		check("ExpNeg", ExpNeg(tt), math.Exp(-tt), 3, tt)
		y := math.Exp((2*rng.Float64() - 1) * 700)
		if rng.IntN(2) == 0 {
			y = 1 + (2*rng.Float64()-1)*0.5
		}
		check("Log", Log(y), math.Log(y), 1, y)
		p, q := (2*rng.Float64()-1)*math.Exp(rng.NormFloat64()*50), (2*rng.Float64()-1)*math.Exp(rng.NormFloat64()*50)
		check("Hypot", Hypot(p, q), math.Hypot(p, q), 1, p, q)
		z := rng.NormFloat64() * 3
		check("Tanh", Tanh(z), math.Tanh(z), 3, z)
	}
	t.Logf("worst: %v", worst)
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"exp(0)", Exp(0), 1},
		{"exp(+Inf)", Exp(math.Inf(1)), math.Inf(1)},
		{"exp(-Inf)", Exp(math.Inf(-1)), 0},
		{"exp(710)", Exp(710), math.Inf(1)},
		{"exp(-746)", Exp(-746), 0},
		{"exp(709.78)", Exp(709.78), math.E * math.Exp(708.78)},
		{"exp(-745)", Exp(-745), math.Exp(-745)},
		{"exp(Ln2/128)", Exp(math.Ln2 / 128), math.Exp(math.Ln2 / 128)},
		{"exp(-5e-324)", Exp(-5e-324), 1},
		{"ExpNeg(-1)", ExpNeg(-1), math.E},
		{"log(1)", Log(1), 0},
		{"log(0)", Log(0), math.Inf(-1)},
		{"log(+Inf)", Log(math.Inf(1)), math.Inf(1)},
		// −1074·ln 2; math.Log on amd64 (assembly) gives −709.09 here.
		{"log(min subnormal)", Log(0x1p-1074), -1074 * math.Ln2},
		{"hypot(0, 0)", Hypot(0, 0), 0},
		{"hypot(Inf, NaN)", Hypot(math.Inf(-1), math.NaN()), math.Inf(1)},
		{"hypot(1e300, 1e300)", Hypot(1e300, 1e300), math.Hypot(1e300, 1e300)},
		{"tanh(0)", Tanh(0), 0},
		{"tanh(50)", Tanh(50), 1},
		{"tanh(-50)", Tanh(-50), -1},
	} {
		if ulps(c.got, c.want) > 3 && !(math.IsInf(c.got, 0) && c.got == c.want) {
			t.Errorf("%s = %.17g, want %.17g", c.name, c.got, c.want)
		}
	}
	for _, v := range []float64{Exp(math.NaN()), Log(math.NaN()), Log(-1), Hypot(math.NaN(), 1), Tanh(math.NaN())} {
		if !math.IsNaN(v) {
			t.Errorf("NaN in, %v out", v)
		}
	}
}

// BenchmarkPureFloat measures the engine's functions against package math's.
func BenchmarkPureFloat(b *testing.B) {
	xs := make([]float64, 1024)
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range xs {
		xs[i] = rng.Float64() * 20
	}
	for _, f := range []struct {
		name string
		f    func(float64) float64
	}{
		{"Exp", Exp}, {"math.Exp", math.Exp},
		{"Log", Log}, {"math.Log", math.Log},
		{"Hypot", func(x float64) float64 { return Hypot(x, 3) }}, {"math.Hypot", func(x float64) float64 { return math.Hypot(x, 3) }},
	} {
		b.Run(f.name, func(b *testing.B) {
			b.ReportAllocs()
			s := 0.0
			for i := 0; b.Loop(); i++ {
				s += f.f(xs[i&1023])
			}
			_ = s
		})
	}
}

// TestMinMax checks Min and Max against Go's min and max on numbers, and
// their one-comparison rule where those differ: a NaN first argument is
// returned, a NaN second one is not.
func TestMinMax(t *testing.T) {
	vals := []float64{-math.MaxFloat64, -3, -1e-300, 0, 1e-300, 2.5, math.Inf(1), math.Inf(-1)}
	for _, a := range vals {
		for _, b := range vals {
			if Min(a, b) != min(a, b) || Max(a, b) != max(a, b) {
				t.Errorf("Min, Max(%v, %v) = %v, %v; want %v, %v", a, b, Min(a, b), Max(a, b), min(a, b), max(a, b))
			}
		}
		nan := math.NaN()
		if !math.IsNaN(Min(nan, a)) || !math.IsNaN(Max(nan, a)) || Min(a, nan) != a || Max(a, nan) != a {
			t.Errorf("with NaN and %v: Min %v %v, Max %v %v", a, Min(nan, a), Min(a, nan), Max(nan, a), Max(a, nan))
		}
	}
}
