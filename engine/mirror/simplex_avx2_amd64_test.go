package mirror

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
	"unsafe"

	"github.com/mmfld/playground/engine/internal/purefloat"
)

// TestAVX2ConstsLayout checks that avx2Consts' fields sit at the offsets
// simplex_avx2_amd64.s reads them from (its K_ names).
func TestAVX2ConstsLayout(t *testing.T) {
	var k avx2Consts
	want := []struct {
		name string
		off  uintptr
	}{
		{"invL", 0}, {"shift", 32}, {"ln2Hi", 64}, {"ln2Lo", 96}, {"one", 128},
		{"c2", 160}, {"c3", 192}, {"c4", 224}, {"c5", 256}, {"half", 288},
		{"moveHi", 320}, {"moveLo", 352}, {"dualHi", 384}, {"dualLo", 416},
		{"mask63", 448}, {"bias", 480},
	}
	typ := reflect.TypeOf(k)
	if typ.NumField() != len(want) {
		t.Fatalf("avx2Consts has %d fields, the assembly reads %d", typ.NumField(), len(want))
	}
	for i, w := range want {
		f := typ.Field(i)
		if f.Name != w.name || f.Offset != w.off {
			t.Errorf("field %d: %s at %d, the assembly reads %s at %d", i, f.Name, f.Offset, w.name, w.off)
		}
	}
	if unsafe.Sizeof(k) != 512 {
		t.Errorf("avx2Consts is %d bytes, want 512", unsafe.Sizeof(k))
	}
}

// avx2Points returns n dual points of Δ² (2 a point), gradients (2 a
// point) and normals (3 a point) that reach every branch of the moves: dual
// points at and near ±DualBound, gradients whose drift is cut at
// ±MoveBound, non-finite gradients (±Inf, cut; NaN, the point kept), and
// normals large enough for the noise move to be cut.
func avx2Points(rng *rand.Rand, n int) (y, g, xi []float64) {
	y, g, xi = make([]float64, 2*n), make([]float64, 2*n), make([]float64, 3*n)
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
	return y, g, xi
}

// TestAVX2MatchesGo checks that the AVX2 loops compute the bits of the Go
// loops they stand for: mmfldMovesAVX2 against mmfldMovesGo (the moved dual
// points, the cuts, the points kept) and conjAVX2 against conjBlock2, on
// points built to reach every cut and a NaN (avx2Points), with large and
// small steps; and that the dispatchers (mmfldMoves, conjBlock) agree with
// the Go loops for lengths that are not multiples of 4.
func TestAVX2MatchesGo(t *testing.T) {
	if !useAVX2 {
		t.Skip("this processor has no AVX2")
	}
	rng := rand.New(rand.NewPCG(7, 8))
	tab := purefloat.ExpTable()
	for _, tc := range []struct{ eta, lambda float64 }{{3e-3, 0.1}, {0.5, 1}, {30, 100}, {1e-9, 1e-6}} {
		sq := math.Sqrt(2 * tc.lambda * tc.eta)
		for _, n := range []int{4, 8, 1000, 4096} {
			y, g, xi := avx2Points(rng, n)
			yGo := append([]float64(nil), y...)
			cutsGo, rejGo := mmfldMovesGo(yGo, g, xi, tc.eta, sq)
			cuts, kept := mmfldMovesAVX2(&y[0], &g[0], &xi[0], n, tc.eta, sq, &avx2K, tab)
			if cuts != cutsGo || n-kept != rejGo {
				t.Errorf("η=%g n=%d: AVX2 %d cuts, %d kept; Go %d cuts, %d rejected", tc.eta, n, cuts, kept, cutsGo, rejGo)
			}
			if n >= 1000 && (rejGo == 0 || cutsGo == 0) {
				t.Errorf("η=%g n=%d: the points reached %d cuts and %d rejections; want both", tc.eta, n, cutsGo, rejGo)
			}
			for i := range y {
				if math.Float64bits(y[i]) != math.Float64bits(yGo[i]) {
					t.Fatalf("η=%g n=%d: y[%d] = %v in AVX2, %v in Go (g %v, ξ %v)", tc.eta, n, i, y[i], yGo[i], g[i&^1:i&^1+2], xi[3*(i/2):3*(i/2)+3])
				}
			}
			x, xGo := make([]float64, 3*n), make([]float64, 3*n)
			conjAVX2(&x[0], &y[0], n, &avx2K, tab)
			conjBlock2(xGo, y)
			for i := range x {
				if math.Float64bits(x[i]) != math.Float64bits(xGo[i]) {
					t.Fatalf("n=%d: x[%d] = %v in AVX2, %v in Go (y %v)", n, i, x[i], xGo[i], y[2*(i/3):2*(i/3)+2])
				}
			}
		}
	}
	for _, n := range []int{1, 3, 5, 7, 1001} {
		y, g, xi := avx2Points(rng, n)
		yGo := append([]float64(nil), y...)
		cutsGo, rejGo := mmfldMovesGo(yGo, g, xi, 0.1, 0.3)
		cuts, rej := mmfldMoves(y, g, xi, 0.1, 0.3)
		x, xGo := make([]float64, 3*n), make([]float64, 3*n)
		conjBlock(x, y)
		conjBlock2(xGo, yGo)
		if cuts != cutsGo || rej != rejGo || !reflect.DeepEqual(bitsOf(y), bitsOf(yGo)) || !reflect.DeepEqual(bitsOf(x), bitsOf(xGo)) {
			t.Errorf("n=%d: the dispatchers differ from the Go loops (cuts %d/%d, rejected %d/%d)", n, cuts, cutsGo, rej, rejGo)
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

// BenchmarkMMFLDMoves compares the moves and the primal points four points
// at a time (AVX2) with the Go loops, on 50,000 points of the reference
// workload's size (one worker's share of N = 100,000).
func BenchmarkMMFLDMoves(b *testing.B) {
	const n = 50000
	rng := rand.New(rand.NewPCG(1, 2))
	y, g, xi := make([]float64, 2*n), make([]float64, 2*n), make([]float64, 3*n)
	for i := range y {
		y[i], g[i] = rng.NormFloat64(), rng.NormFloat64()
	}
	for i := range xi {
		xi[i] = rng.NormFloat64()
	}
	x := make([]float64, 3*n)
	for _, avx := range []bool{false, true} {
		name := "Go"
		if avx {
			name = "AVX2"
			if !useAVX2 {
				continue
			}
		}
		b.Run(name, func(b *testing.B) {
			saved := useAVX2
			useAVX2 = avx
			defer func() { useAVX2 = saved }()
			b.ReportAllocs()
			for b.Loop() {
				mmfldMoves(y, g, xi, 1e-3, 0.01)
				conjBlock(x, y)
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "points/s")
		})
	}
}
