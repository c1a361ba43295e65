//go:build goexperiment.simd && amd64

// Package lanes moves points stored interleaved (two or three numbers a
// point, as the engine keeps dual points, barycentric coordinates and
// normals) in and out of AVX-512 vectors of eight points a coordinate, for
// the engine's 8-lane loops (Go's SIMD experiment, GOEXPERIMENT=simd;
// purefloat.SIMD says whether they may run). Each group of eight is
// gathered into one vector a coordinate by two-vector permutes, and
// scattered back the same way.
package lanes

import "simd/archsimd"

// Permute indices (ConcatPermute reads lanes 0–7 of x and 8–15 of y) and
// blend masks. The vectors and masks are separate values, never arrays or
// structs of them: Go copies those through memory with SSE moves, which
// wait on the vector registers' upper halves: with them the reference
// step ran no faster than the scalar loops.
var (
	evens = idx(0, 2, 4, 6, 8, 10, 12, 14)
	odds  = idx(1, 3, 5, 7, 9, 11, 13, 15)
	// The three coordinates of eight points stored in three vectors
	// v0 v1 v2 (24 numbers): coordinate k of point i is number 3i+k. The
	// first five or six points come from v0 and v1 (getK01), the rest from
	// v2 (getK2), where inK01 says.
	get001, get101, get201 = idx(0, 3, 6, 9, 12, 15, 0, 0), idx(1, 4, 7, 10, 13, 0, 0, 0), idx(2, 5, 8, 11, 14, 0, 0, 0)
	get02, get12, get22    = idx(0, 0, 0, 0, 0, 0, 2, 5), idx(0, 0, 0, 0, 0, 0, 3, 6), idx(0, 0, 0, 0, 0, 1, 4, 7)
	in001, in101, in201    = archsimd.Mask64x8FromBits(0b00111111), archsimd.Mask64x8FromBits(0b00011111), archsimd.Mask64x8FromBits(0b00011111)
	// And back: output vector k of c0 c1 c2 (eight points' three
	// coordinates), its lanes from c0 and c1 (putK01) where fromK01 says,
	// else from c2 (putK2).
	put001, put101, put201    = idx(0, 8, 0, 1, 9, 0, 2, 10), idx(0, 3, 11, 0, 4, 12, 0, 5), idx(13, 0, 6, 14, 0, 7, 15, 0)
	put02, put12, put22       = idx(0, 0, 0, 0, 0, 1, 0, 0), idx(2, 0, 0, 3, 0, 0, 4, 0), idx(0, 5, 0, 0, 6, 0, 0, 7)
	from001, from101, from201 = archsimd.Mask64x8FromBits(0b11011011), archsimd.Mask64x8FromBits(0b10110110), archsimd.Mask64x8FromBits(0b01101101)
	// Two coordinates back: lanes 0–3 and 4–7 of c0 and c1, interleaved.
	zipLo = idx(0, 8, 1, 9, 2, 10, 3, 11)
	zipHi = idx(4, 12, 5, 13, 6, 14, 7, 15)
)

func idx(v ...uint64) archsimd.Uint64x8 {
	return archsimd.LoadUint64x8((*[8]uint64)(v))
}

// Load2 returns the vectors of the two coordinates of the 8 points in p
// (16 numbers).
func Load2(p []float64) (c0, c1 archsimd.Float64x8) {
	a := archsimd.LoadFloat64x8((*[8]float64)(p[0:8]))
	b := archsimd.LoadFloat64x8((*[8]float64)(p[8:16]))
	return a.ConcatPermute(b, evens), a.ConcatPermute(b, odds)
}

// Store2 writes the two coordinates c0, c1 of 8 points into p, interleaved.
func Store2(p []float64, c0, c1 archsimd.Float64x8) {
	c0.ConcatPermute(c1, zipLo).Store((*[8]float64)(p[0:8]))
	c0.ConcatPermute(c1, zipHi).Store((*[8]float64)(p[8:16]))
}

// Load3 returns the vectors of the three coordinates of the 8 points in p
// (24 numbers).
func Load3(p []float64) (c0, c1, c2 archsimd.Float64x8) {
	v0 := archsimd.LoadFloat64x8((*[8]float64)(p[0:8]))
	v1 := archsimd.LoadFloat64x8((*[8]float64)(p[8:16]))
	v2 := archsimd.LoadFloat64x8((*[8]float64)(p[16:24]))
	c0 = v0.ConcatPermute(v1, get001).Merge(v2.Permute(get02), in001)
	c1 = v0.ConcatPermute(v1, get101).Merge(v2.Permute(get12), in101)
	c2 = v0.ConcatPermute(v1, get201).Merge(v2.Permute(get22), in201)
	return c0, c1, c2
}

// Store3 writes the three coordinates c0 c1 c2 of 8 points into p,
// interleaved.
func Store3(p []float64, c0, c1, c2 archsimd.Float64x8) {
	c0.ConcatPermute(c1, put001).Merge(c2.Permute(put02), from001).Store((*[8]float64)(p[0:8]))
	c0.ConcatPermute(c1, put101).Merge(c2.Permute(put12), from101).Store((*[8]float64)(p[8:16]))
	c0.ConcatPermute(c1, put201).Merge(c2.Permute(put22), from201).Store((*[8]float64)(p[16:24]))
}
