//go:build !(goexperiment.simd && amd64)

package purefloat

// SIMD is false: without Go's SIMD experiment on amd64 the engine's loops
// are scalar (simd.go).
const SIMD = false
