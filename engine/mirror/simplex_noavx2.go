//go:build !amd64

package mirror

// mmfldMoves is MMFLDBlock's moves; on amd64, four points at a time
// (simplex_avx2_amd64.go).
func mmfldMoves(y, g, xi []float64, eta, sq float64) (cuts, rejected int) {
	return mmfldMovesGo(y, g, xi, eta, sq)
}

// conjBlock is conjBlock2; on amd64, four points at a time.
func conjBlock(x, y []float64) { conjBlock2(x, y) }
