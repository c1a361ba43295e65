//go:build !(goexperiment.simd && amd64)

package objective

// grad8 is the 8-lane loop of meanmatch_simd.go; without Go's SIMD
// experiment on amd64 it does nothing and Grad's scalar loop does every
// point.
func grad8(dst, x []float64, c0, c1, beta float64) (done int) { return 0 }
