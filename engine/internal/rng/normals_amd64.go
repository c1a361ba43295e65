package rng

import "golang.org/x/sys/cpu"

// useAVX2 reports whether Normals draws its four lanes together in AVX2
// (normals_amd64.s): the processor has AVX2, and the tests have not turned
// it off.
var useAVX2 = cpu.X86.HasAVX2

// normalsAVX2 draws n numbers from each of the four lanes of the state s
// (Stream.s), lane l's to dst[l·stride + t] for t < n, with normalsLane's
// bits: one xoshiro256++ step of the four lanes, then zigFast on each (AVX2
// converts no 64-bit integers: float64(j) is computed from its bits,
// exactly). Where one or more of four draws fall outside their layers'
// cores, it notes them in misses (their numbers in dst are to be
// overwritten) and goes on; it returns how many numbers of each lane it
// drew and how many misses it noted, stopping early when misses is full.
//
//go:noescape
func normalsAVX2(s *[4][Lanes]uint64, dst *float64, stride, n int, k, w *[zigLayers]float64, misses *[missCap]miss) (done, noted int)

// normalsVec fills dst, q numbers a lane, as Normals' lanes would, four at a
// time in AVX2, and reports whether it did (not without AVX2, nor for q =
// 0): each miss goes to normalSlow with its lane, in the order of the lane's
// numbers, as normalsLane would take it.
func normalsVec(r *Stream, dst []float64, q int) bool {
	if !useAVX2 || q == 0 {
		return false
	}
	for t := 0; t < q; {
		done, noted := normalsAVX2(&r.s, &dst[t], q, q-t, &zigK, &zigW, &r.misses)
		for _, m := range r.misses[:noted] {
			for l := range Lanes {
				if m.lanes>>l&1 != 0 {
					dst[l*q+t+m.at] = r.normalSlow(l, m.u[l])
				}
			}
		}
		t += done
	}
	return true
}
