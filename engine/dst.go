package engine

// Destination buffers: one rule across the engine.
//
// Every function or method that writes a slice of results takes a dst
// argument and returns the result:
//
//   - if len(dst) is at least the length n of the result, the result is
//     written into dst[:n] in place and dst[:n] is returned;
//   - otherwise (dst nil or too short) a new slice of length n is allocated,
//     written and returned; dst is left unchanged.
//
// No length of dst panics, so a caller that keeps buffers across a change of
// N, of the dimension or of the domain (a snapshot, the metrics, the browser
// bridge) cannot crash; it passes the buffer it has and keeps what comes
// back. Hot loops pass buffers of the right length, sized once per
// configuration, so they write in place and allocate nothing.
//
// grow implements the rule; every dst in the engine goes through it.

// grow returns dst[:n] if dst has at least n entries, and a new slice of
// length n otherwise (see the rule above).
func grow(dst []float64, n int) []float64 {
	if len(dst) >= n {
		return dst[:n]
	}
	return make([]float64, n)
}
