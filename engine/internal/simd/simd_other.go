//go:build !amd64

package simd

// useAVX2 and vecPoints say no: only amd64 has the vector loops
// (simd_amd64.go), and the functions below are never called.
const useAVX2 = false

func vecPoints(n int) int { return 0 }

func sum12AVX2(a *[12]float64, x *float64, n int) {
	panic("simd: no vector loops on this architecture")
}

func movesVec(y, g, xi, tmp []float64, n int, eta, sq float64) (cuts, rejected int) {
	panic("simd: no vector loops on this architecture")
}

func softmaxVec(x, y []float64, n int) { panic("simd: no vector loops on this architecture") }

func barrierGradVec(dst, x []float64, n int, c0, c1, beta float64) {
	panic("simd: no vector loops on this architecture")
}

// kernelRows is kernelFoursGo: only amd64 has the vector loop.
func kernelRows(acc *[12]float64, x0, x1 float64, b, gb, sb []float64, fours int, inv2h2 float64) {
	kernelFoursGo(acc, x0, x1, b, gb, sb, fours, inv2h2)
}
