package simd

import (
	"math"
	"math/rand/v2"
	"reflect"
	"runtime/debug"
	"testing"
	"unsafe"
)

// TestConstsLayout checks that consts' fields sit at the offsets
// simd_amd64.s reads them from (its K_ names).
func TestConstsLayout(t *testing.T) {
	want := []struct {
		name string
		off  uintptr
	}{
		{"invL", 0}, {"shift", 32}, {"ln2Hi", 64}, {"ln2Lo", 96}, {"one", 128},
		{"c2", 160}, {"c3", 192}, {"c4", 224}, {"c5", 256}, {"half", 288},
		{"mask63", 320}, {"bias", 352}, {"sign", 384}, {"expLo", 416},
	}
	typ := reflect.TypeOf(kc)
	if typ.NumField() != len(want) {
		t.Fatalf("consts has %d fields, the assembly reads %d", typ.NumField(), len(want))
	}
	for i, w := range want {
		if f := typ.Field(i); f.Name != w.name || f.Offset != w.off {
			t.Errorf("field %d: %s at %d, the assembly reads %s at %d", i, f.Name, f.Offset, w.name, w.off)
		}
	}
	if unsafe.Sizeof(kc) != 448 {
		t.Errorf("consts is %d bytes, want 448", unsafe.Sizeof(kc))
	}
}

// points returns n dual points of Δ² (2 a point), gradients (2 a point),
// normals and primal points (3 a point) that reach the loops' cuts and
// rejections: dual points at and near ±DualBound, gradients whose drift is
// cut at ±MoveBound, non-finite gradients (±Inf, cut; NaN, the point kept),
// normals large enough for the noise move to be cut, and primal points
// near the faces. (A noise move that is not finite after a finite drift
// needs a non-finite normal, which the streams never draw.)
func points(rng *rand.Rand, n int) (y, g, xi, x []float64) {
	y, g, xi, x = make([]float64, 2*n), make([]float64, 2*n), make([]float64, 3*n), make([]float64, 3*n)
	for i := range y {
		switch rng.IntN(8) {
		case 0:
			y[i] = DualBound * float64(1-2*rng.IntN(2))
		case 1:
			y[i] = (DualBound - 5*rng.Float64()) * float64(1-2*rng.IntN(2))
		default:
			y[i] = DualBound * (2*rng.Float64() - 1) * math.Pow(rng.Float64(), 4)
		}
	}
	for i := range g {
		switch rng.IntN(40) {
		case 0:
			g[i] = math.NaN()
		case 1:
			g[i] = math.Inf(1 - 2*rng.IntN(2))
		case 2, 3, 4:
			g[i] = 1e4 * rng.NormFloat64()
		default:
			g[i] = 10 * rng.NormFloat64()
		}
	}
	for i := range xi {
		xi[i] = rng.NormFloat64()
		if rng.IntN(50) == 0 {
			xi[i] *= 1e6
		}
	}
	softmaxGo(x, y)
	return y, g, xi, x
}

// requireUnfused fails the test, saying why, when the binary was built
// with GOAMD64=v3 or above: Go then fuses multiplies and adds in the Go
// loops (and in purefloat), which the assembly does not, and the bits
// differ (the Makefile builds with v1).
func requireUnfused(t *testing.T) {
	t.Helper()
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "GOAMD64" && s.Value >= "v3" {
				t.Fatalf("built with GOAMD64=%s: Go fuses multiply–adds in the Go loops, the AVX2 loops do not; build with GOAMD64=v1 (the Makefile does)", s.Value)
			}
		}
	}
}

func bitsOf(v []float64) []uint64 {
	b := make([]uint64, len(v))
	for i, x := range v {
		b[i] = math.Float64bits(x)
	}
	return b
}

// TestAVX2MatchesGo checks that the AVX2 loops compute the bits of the Go
// loops they stand for, on points built to reach every cut and a NaN
// (points), with large and small steps: driftAVX2 and noiseAVX2 against
// movesGo (the
// moved dual points, the cuts, the points kept), softmaxAVX2 against
// softmaxGo, barrierGradAVX2 against barrierGradGo, sum12AVX2 against
// sum12Go; and that Moves, Softmax and BarrierGrad agree with the Go loops
// for lengths that are not multiples of 4.
func TestAVX2MatchesGo(t *testing.T) {
	if !useAVX2 {
		t.Skip("this processor has no AVX2")
	}
	requireUnfused(t)
	rng := rand.New(rand.NewPCG(7, 8))
	equal := func(what string, a, b []float64) {
		t.Helper()
		for i := range a {
			if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
				t.Fatalf("%s: number %d is %v in AVX2, %v in Go", what, i, a[i], b[i])
			}
		}
	}
	for _, tc := range []struct{ eta, lambda float64 }{{3e-3, 0.1}, {0.5, 1}, {30, 100}, {1e-9, 1e-6}} {
		sq := math.Sqrt(2 * tc.lambda * tc.eta)
		for _, n := range []int{4, 8, 1000, 4096} {
			y, g, xi, x := points(rng, n)
			yGo := append([]float64(nil), y...)
			cutsGo, rejGo := movesGo(yGo, g, xi, tc.eta, sq)
			cuts, rej := movesVec(y, append([]float64(nil), g...), xi, make([]float64, 3*n), n, tc.eta, sq)
			if cuts != cutsGo || rej != rejGo {
				t.Errorf("η=%g n=%d: AVX2 %d cuts, %d rejected; Go %d cuts, %d rejected", tc.eta, n, cuts, rej, cutsGo, rejGo)
			}
			if n >= 1000 && (rejGo == 0 || cutsGo == 0) {
				t.Errorf("η=%g n=%d: the points reached %d cuts and %d rejections; want both", tc.eta, n, cutsGo, rejGo)
			}
			equal("moves", y, yGo)
			xv, xGo := make([]float64, 3*n), make([]float64, 3*n)
			softmaxVec(xv, y, n)
			softmaxGo(xGo, y)
			equal("softmax", xv, xGo)
			gv, gGo := make([]float64, 2*n), make([]float64, 2*n)
			barrierGradVec(gv, x, n, 0.3, -1.7, tc.lambda)
			barrierGradGo(gGo, x, 0.3, -1.7, tc.lambda)
			equal("barrier gradient", gv, gGo)
		}
	}
	for _, n := range []int{4, 8, 1000, 4096} {
		_, _, _, x := points(rng, n)
		var av, ag [12]float64
		sum12AVX2(&av, &x[0], len(x))
		sum12Go(&ag, x)
		equal("sums", av[:], ag[:])
	}
	for _, n := range []int{1, 3, 5, 7, 1001} {
		y, g, xi, x := points(rng, n)
		yGo := append([]float64(nil), y...)
		cutsGo, rejGo := movesGo(yGo, g, xi, 0.1, 0.3)
		cuts, rej := Moves(y, g, xi, make([]float64, 3*n), 0.1, 0.3)
		xv, xGo := make([]float64, 3*n), make([]float64, 3*n)
		Softmax(xv, y)
		softmaxGo(xGo, yGo)
		gv, gGo := make([]float64, 2*n), make([]float64, 2*n)
		BarrierGrad(gv, x, 1, 2, 0.1)
		barrierGradGo(gGo, x, 1, 2, 0.1)
		if cuts != cutsGo || rej != rejGo || !reflect.DeepEqual(bitsOf(y), bitsOf(yGo)) ||
			!reflect.DeepEqual(bitsOf(xv), bitsOf(xGo)) || !reflect.DeepEqual(bitsOf(gv), bitsOf(gGo)) {
			t.Errorf("n=%d: Moves, Softmax or BarrierGrad differ from the Go loops (cuts %d/%d, rejected %d/%d)", n, cuts, cutsGo, rej, rejGo)
		}
	}
}

// TestKernelAVX2MatchesGo checks that KernelTile2 computes the same bits
// with its fours in AVX2 (kernelFoursAVX2) as in Go (kernelFoursGo): the
// three ways mmd calls it (against the target, against a later block with
// its partial sums, a block with itself), on points of the unit box and on
// points far enough apart that some exponents fall below ExpFastLo (the
// vector loop hands those fours to Go).
func TestKernelAVX2MatchesGo(t *testing.T) {
	if !useAVX2 {
		t.Skip("this processor has no AVX2")
	}
	requireUnfused(t)
	rng := rand.New(rand.NewPCG(9, 10))
	pts := func(n int, spread float64) []float64 {
		p := make([]float64, 2*n)
		for i := range p {
			p[i] = spread * rng.Float64()
		}
		return p
	}
	for _, tc := range []struct {
		spread, inv2h2 float64
	}{{1, 3.7}, {1, 0.01}, {40, 2}} {
		a, b := pts(37, tc.spread), pts(258, tc.spread)
		for _, mode := range []string{"target", "partial", "diag"} {
			run := func(avx bool) (ga, sa, gb, sb []float64) {
				saved := useAVX2
				useAVX2 = avx
				defer func() { useAVX2 = saved }()
				bb := b
				if mode == "diag" {
					bb = a
				}
				ga, sa = make([]float64, len(a)), make([]float64, len(a)/2)
				gb, sb = make([]float64, len(bb)), make([]float64, len(bb)/2)
				switch mode {
				case "target":
					KernelTile2(ga, sa, nil, nil, a, bb, tc.inv2h2, false)
				case "partial":
					KernelTile2(ga, sa, gb, sb, a, bb, tc.inv2h2, false)
				case "diag":
					KernelTile2(ga, sa, ga, sa, a, a, tc.inv2h2, true)
				}
				return ga, sa, gb, sb
			}
			ga, sa, gb, sb := run(true)
			wa, wsa, wb, wsb := run(false)
			for _, c := range []struct {
				what      string
				got, want []float64
			}{{"pull on a", ga, wa}, {"sum on a", sa, wsa}, {"pull on b", gb, wb}, {"sum on b", sb, wsb}} {
				if !reflect.DeepEqual(bitsOf(c.got), bitsOf(c.want)) {
					t.Errorf("spread %g, 1/2h² %g, %s: the %s differs in AVX2", tc.spread, tc.inv2h2, mode, c.what)
				}
			}
		}
	}
}

// BenchmarkLoops times each loop on 50,000 points (one worker's share of
// the reference workload's N = 100,000), four points at a time in AVX2 and
// in Go (the peer: the loops WebAssembly runs).
func BenchmarkLoops(b *testing.B) {
	const n = 50000
	y, g, g0, xi, x := benchPoints(n)
	for _, avx := range []bool{false, true} {
		name := "Go"
		if avx {
			name = "AVX2"
			if !useAVX2 {
				continue
			}
		}
		run := func(loop string, f func()) {
			b.Run(loop+"/"+name, func(b *testing.B) {
				saved := useAVX2
				useAVX2 = avx
				defer func() { useAVX2 = saved }()
				b.ReportAllocs()
				for b.Loop() {
					f()
				}
				b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "points/s")
			})
		}
		run("Moves", func() { copy(g, g0); Moves(y, g, xi, x, 1e-3, 0.01) })
		run("Softmax", func() { Softmax(x, y) })
		run("BarrierGrad", func() { BarrierGrad(g, x, 0.1, 0.2, 0.1) })
	}
}
