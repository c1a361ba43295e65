package objective

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestMeanLogProduct: the one-Log-a-particle sum agrees with the sum of
// each coordinate's Log to rounding, on the simplex's points, on points with
// coordinates so small that their product underflows (the fallback), with
// a floor, and a NaN coordinate gives NaN as it does there.
func TestMeanLogProduct(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	one := func(int) float64 { return 1 }
	for _, tc := range []struct {
		name  string
		scale float64 // coordinates are exp(−scale·U), U uniform on [0, 1)
		floor float64
	}{
		{"interior", 3, 0},
		{"near the faces", 700, 0}, // down to 1e-304: most products underflow
		{"floored", 700, 1e-12},
	} {
		x := make([]float64, 3*2000)
		for i := range x {
			x[i] = math.Exp(-tc.scale * r.Float64())
		}
		under := 0
		for i := 0; i < len(x); i += 3 {
			if x[i]*x[i+1]*x[i+2] < 0x1p-1022 {
				under++
			}
		}
		if tc.scale > 3 && under == 0 {
			t.Fatalf("%s: no product underflows: the fallback is not tested", tc.name)
		}
		got, want := meanLogProduct(x, 3, tc.floor), meanLogSum(x, 3, one, tc.floor)
		if !(math.Abs(got-want) <= 1e-13*math.Abs(want)) {
			t.Errorf("%s: meanLogProduct %v, meanLogSum %v", tc.name, got, want)
		}
	}
	x := []float64{0.2, 0.3, 0.5, 0.1, math.NaN(), 0.9}
	if got := meanLogProduct(x, 3, 0); !math.IsNaN(got) {
		t.Errorf("with a NaN coordinate: %v, want NaN", got)
	}
}
