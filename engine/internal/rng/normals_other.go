//go:build !amd64

package rng

// normalsVec fills nothing: only amd64 has the vector loop
// (normals_amd64.go); Normals draws every lane with normalsLane.
func normalsVec(r *Stream, dst []float64, q int) bool { return false }
