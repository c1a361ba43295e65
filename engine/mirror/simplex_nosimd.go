//go:build !(goexperiment.simd && amd64)

package mirror

// mmfldMoves8 and conj8 are the 8-lane loops of simplex_simd.go; without
// Go's SIMD experiment on amd64 they do nothing and the scalar loops do
// every point.
func mmfldMoves8(y, g, xi []float64, n int, eta, sq float64) (done, cuts, rejected int) {
	return 0, 0, 0
}

func conj8(x, y []float64, n int) (done int) { return 0 }
