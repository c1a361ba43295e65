// The loops of package simd four points at a time in AVX2 (simd_amd64.go),
// each with the bits of its Go loop: the same operations in
// the same order, with no FMA.
//
// Points are stored interleaved (dual points and gradients: 2 a point,
// primal points and normals: 3 a point). A loop turn loads four points,
// transposes them into one vector a coordinate, whose lanes are the points
// in order (LOAD2, LOAD3), and transposes back to store (STORE2, STORE3).
// Go assembly lists operands source first: VSUBPD A, B, C is C = B − A, and
// VCMPPD $p, A, B, C is C = (B p A).

#include "textflag.h"

// Offsets of consts' fields (TestConstsLayout).
#define K_INVL 0
#define K_SHIFT 32
#define K_LN2HI 64
#define K_LN2LO 96
#define K_ONE 128
#define K_C2 160
#define K_C3 192
#define K_C4 224
#define K_C5 256
#define K_HALF 288
#define K_MASK63 320
#define K_BIAS 352
#define K_SIGN 384
#define K_EXPLO 416

// Comparison predicates: greater, less, and both ordered (neither is NaN);
// all false when a lane is NaN (a NaN passes every cut uncounted, as in Go).
#define GT_OQ $0x1e
#define LT_OQ $0x11
#define ORD_Q $0x07

// LOAD2 loads four points of 2 coordinates at P into A (first coordinates)
// and B (second): the rows [a₀ a₁ b₀ b₁] [c₀ c₁ d₀ d₁] become [a₀ a₁ | c₀ c₁]
// and [b₀ b₁ | d₀ d₁] (128-bit halves), then [a₀ b₀ c₀ d₀] and
// [a₁ b₁ c₁ d₁]. T1 … T4 are clobbered.
#define LOAD2(P, A, B, T1, T2, T3, T4) \
	VMOVUPD    (P), T1           \
	VMOVUPD    32(P), T2         \
	VPERM2F128 $0x20, T2, T1, T3 \
	VPERM2F128 $0x31, T2, T1, T4 \
	VUNPCKLPD  T4, T3, A         \
	VUNPCKHPD  T4, T3, B

// STORE2 is LOAD2 backwards: A and B to four points of 2 coordinates at P.
#define STORE2(P, A, B, T1, T2, T3, T4) \
	VUNPCKLPD  B, A, T1          \
	VUNPCKHPD  B, A, T2          \
	VPERM2F128 $0x20, T2, T1, T3 \
	VPERM2F128 $0x31, T2, T1, T4 \
	VMOVUPD    T3, (P)           \
	VMOVUPD    T4, 32(P)

// LOAD3 loads four points of 3 coordinates at P into A, B and C: the rows
// [a₀ a₁ a₂ b₀] [b₁ b₂ c₀ c₁] [c₂ d₀ d₁ d₂] become [a₀ a₁ | c₀ c₁],
// [a₂ b₀ | c₂ d₀] and [b₁ b₂ | d₁ d₂], then one vector a coordinate.
// T1 … T6 are clobbered; A, B, C may be T1, T2, T3.
#define LOAD3(P, A, B, C, T1, T2, T3, T4, T5, T6) \
	VMOVUPD    (P), T1           \
	VMOVUPD    32(P), T2         \
	VMOVUPD    64(P), T3         \
	VPERM2F128 $0x30, T2, T1, T4 \
	VPERM2F128 $0x21, T3, T1, T5 \
	VPERM2F128 $0x30, T3, T2, T6 \
	VSHUFPD    $0x0a, T5, T4, A  \
	VSHUFPD    $0x05, T6, T4, B  \
	VSHUFPD    $0x0a, T6, T5, C

// STORE3 is LOAD3 backwards: A, B and C to four points of 3 coordinates at P.
#define STORE3(P, A, B, C, T1, T2, T3, T4, T5, T6) \
	VSHUFPD    $0x00, B, A, T1   \
	VSHUFPD    $0x0a, A, C, T2   \
	VSHUFPD    $0x0f, C, B, T3   \
	VPERM2F128 $0x20, T2, T1, T4 \
	VPERM2F128 $0x30, T1, T3, T5 \
	VPERM2F128 $0x31, T3, T2, T6 \
	VMOVUPD    T4, (P)           \
	VMOVUPD    T5, 32(P)         \
	VMOVUPD    T6, 64(P)

// HORNER sets P = P·R + C (two roundings, as Go's r*(c + …) computes them).
#define HORNER(C, R, P) \
	VMULPD R, P, P \
	VADDPD C, P, P

// EXP sets E = e^X in each lane, purefloat.ExpOf(purefloat.ExpParts(X)):
//   kf = (X·invL + shift) − shift,  m = kf as an integer (the low bits of
//   X·invL + shift, less shift's),  r = (X − kf·ln2Hi) − kf·ln2Lo,
//   p = 1 + r(1 + r(1/2 + r(1/6 + r(1/24 + r/120)))),
//   E = 2^q · (table[j] · p)  with m = 64q + j, 0 ≤ j < 64,
// 2^q's bits being (m − j) << 46 plus the exponent bias. R8 holds the
// constants and R9 the table. X, T, R, P and MK are clobbered.
#define EXP(X, E, T, R, P, MK) \
	VMULPD     K_INVL(R8), X, T   \
	VADDPD     K_SHIFT(R8), T, T  \
	VSUBPD     K_SHIFT(R8), T, R  \
	VPSUBQ     K_SHIFT(R8), T, T  \
	VMULPD     K_LN2HI(R8), R, P  \
	VSUBPD     P, X, P            \
	VMULPD     K_LN2LO(R8), R, R  \
	VSUBPD     R, P, R            \
	VMULPD     K_C5(R8), R, P     \
	VADDPD     K_C4(R8), P, P     \
	HORNER(K_C3(R8), R, P)        \
	HORNER(K_C2(R8), R, P)        \
	HORNER(K_ONE(R8), R, P)       \
	HORNER(K_ONE(R8), R, P)       \
	VPAND      K_MASK63(R8), T, X \
	VPSUBQ     X, T, T            \
	VPSLLQ     $46, T, T          \
	VPADDQ     K_BIAS(R8), T, T   \
	VPCMPEQQ   MK, MK, MK         \
	VGATHERQPD MK, (R9)(X*8), E   \
	VMULPD     P, E, E            \
	VMULPD     E, T, E

// CUT sets D to BOUND where D PRED BOUND holds, and counts those lanes in
// ACC (a true comparison is −1, subtracted). T is clobbered.
#define CUT(PRED, BOUND, D, ACC, T) \
	VCMPPD    PRED, BOUND, D, T \
	VBLENDVPD T, BOUND, D, D    \
	VPSUBQ    T, ACC, ACC

// MOVECUT is moveCut on each lane: D is cut to ±moveBound, B added, the sum
// cut to ±dualBound (the bounds on the stack, below); ACC counts the cuts.
#define MOVECUT(B, D, ACC, T) \
	CUT(GT_OQ, 64(SP), D, ACC, T)  \
	CUT(LT_OQ, 96(SP), D, ACC, T)  \
	VADDPD B, D, D                 \
	CUT(GT_OQ, 128(SP), D, ACC, T) \
	CUT(LT_OQ, 160(SP), D, ACC, T)

// LOOP loads a loop's registers from its arguments: DI and SI its two
// arrays, CX the points (or numbers) to go.
#define LOOP(DIARG, SIARG, CXARG) \
	MOVQ DIARG, DI \
	MOVQ SIARG, SI \
	MOVQ CXARG, CX

// NEXT moves DI and SI on by DSTEP and SSTEP bytes, past four points, and
// goes back to LABEL while points are left (CX counts them down).
#define NEXT(DSTEP, SSTEP, LABEL) \
	ADDQ DSTEP, DI \
	ADDQ SSTEP, SI \
	SUBQ $4, CX    \
	JNZ  LABEL

// SUM4 sets R to the sum of Y's four 64-bit integer lanes (X is Y's low
// half, XT a scratch register's).
#define SUM4(Y, X, XT, R) \
	VEXTRACTI128 $1, Y, XT    \
	VPADDQ       XT, X, X     \
	VPSHUFD      $0x4e, X, XT \
	VPADDQ       XT, X, X     \
	VMOVQ        X, R

// BOUND puts the float64 argument ARG in four lanes at OFF(SP) and its
// negative at OFF+32(SP), through AX and Y0.
#define BOUND(ARG, OFF) \
	MOVQ         ARG, AX        \
	VMOVQ        AX, X0         \
	VBROADCASTSD X0, Y0         \
	VMOVUPD      Y0, OFF(SP)    \
	BTCQ         $63, AX        \
	VMOVQ        AX, X0         \
	VBROADCASTSD X0, Y0         \
	VMOVUPD      Y0, (OFF+32)(SP)

// BOUNDS lays out the stack of the moves: −η at 0(SP), sq at 32(SP), then
// ±moveBound at 64 and 96 and ±dualBound at 128 and 160 (MOVECUT's).
#define BOUNDS(ETA, SQ, MB, DB) \
	BOUND(ETA, 0)        \
	VMOVUPD 32(SP), Y0   \
	VMOVUPD Y0, 0(SP)    \
	VBROADCASTSD SQ, Y0  \
	VMOVUPD Y0, 32(SP)   \
	BOUND(MB, 64)        \
	BOUND(DB, 128)

// func driftAVX2(y, grad, tmp *float64, n int, eta, sq, moveBound, dualBound float64, k *consts, tab *[64]float64) (cuts int)
//
// The first pass of the moves: Y' = Y + cut(−η g) to grad, and
// h = e^{Y'/2}, s = sq √((1 + h₁²) + h₂²) to tmp (h₁, h₂, s a point).
// Registers: DI y, SI grad, DX tmp, CX points left, R8 k, R9 tab; Y0 Y1
// the dual points, Y2 Y3 Y', Y14 the cuts. The stack as in MOVECUT.
TEXT ·driftAVX2(SB), NOSPLIT, $192-88
	LOOP(y+0(FP), grad+8(FP), n+24(FP))
	MOVQ tmp+16(FP), DX
	MOVQ k+64(FP), R8
	MOVQ tab+72(FP), R9
	BOUNDS(eta+32(FP), sq+40(FP), moveBound+48(FP), dualBound+56(FP))
	VPXOR Y14, Y14, Y14

drift:
	LOAD2(DI, Y0, Y1, Y7, Y8, Y9, Y10)
	LOAD2(SI, Y2, Y3, Y7, Y8, Y9, Y10)
	VMULPD 0(SP), Y2, Y2
	MOVECUT(Y0, Y2, Y14, Y7)
	VMULPD 0(SP), Y3, Y3
	MOVECUT(Y1, Y3, Y14, Y7)
	VMULPD K_HALF(R8), Y2, Y8
	EXP(Y8, Y4, Y9, Y10, Y11, Y12)
	VMULPD K_HALF(R8), Y3, Y9
	EXP(Y9, Y5, Y10, Y11, Y12, Y13)
	VMULPD  Y4, Y4, Y6
	VADDPD  K_ONE(R8), Y6, Y6
	VMULPD  Y5, Y5, Y7
	VADDPD  Y7, Y6, Y6
	VSQRTPD Y6, Y6
	VMULPD  32(SP), Y6, Y6
	STORE2(SI, Y2, Y3, Y7, Y8, Y9, Y10)
	STORE3(DX, Y4, Y5, Y6, Y7, Y8, Y9, Y10, Y11, Y12)

	ADDQ $96, DX
	NEXT($64, $64, drift)

	SUM4(Y14, X14, X7, AX)
	MOVQ AX, cuts+80(FP)
	VZEROUPPER
	RET

// func noiseAVX2(y, grad, xi, tmp *float64, n int, moveBound, dualBound float64) (cuts, accepted int)
//
// The second pass: Y⁺ = Y' + cut(s (ξᵢ/hᵢ − ξ₃)) from Y' in grad and h, s
// in tmp, its cuts counted where Y' is finite; Y⁺ to y where both moves
// are finite. Registers: DI y, SI grad, DX xi, BX tmp, CX points left; Y0
// Y1 the dual points, Y2 Y3 Y', Y4 Y5 Y6 the normals, Y7 Y8 Y9 h₁ h₂ s,
// Y14 the cuts, Y15 the points kept. The bounds on the stack as in MOVECUT.
TEXT ·noiseAVX2(SB), NOSPLIT, $192-72
	LOOP(y+0(FP), grad+8(FP), n+32(FP))
	MOVQ xi+16(FP), DX
	MOVQ tmp+24(FP), BX
	BOUND(moveBound+40(FP), 64)
	BOUND(dualBound+48(FP), 128)
	VPXOR Y14, Y14, Y14
	VPXOR Y15, Y15, Y15

noise:
	LOAD2(DI, Y0, Y1, Y7, Y8, Y9, Y10)
	LOAD2(SI, Y2, Y3, Y7, Y8, Y9, Y10)
	LOAD3(DX, Y4, Y5, Y6, Y4, Y5, Y6, Y10, Y11, Y12)
	LOAD3(BX, Y7, Y8, Y9, Y7, Y8, Y9, Y10, Y11, Y12)
	VDIVPD Y7, Y4, Y4
	VSUBPD Y6, Y4, Y4
	VMULPD Y4, Y9, Y4
	VDIVPD Y8, Y5, Y5
	VSUBPD Y6, Y5, Y5
	VMULPD Y5, Y9, Y5
	VPXOR  Y6, Y6, Y6
	MOVECUT(Y2, Y4, Y6, Y7)
	MOVECUT(Y3, Y5, Y6, Y7)
	VCMPPD ORD_Q, Y3, Y2, Y8
	VPAND  Y8, Y6, Y6
	VPADDQ Y6, Y14, Y14

	// Keep Y⁺ where both moves are finite, else Y.
	VCMPPD    ORD_Q, Y5, Y4, Y9
	VPAND     Y9, Y8, Y8
	VPSUBQ    Y8, Y15, Y15
	VBLENDVPD Y8, Y4, Y0, Y0
	VBLENDVPD Y8, Y5, Y1, Y1
	STORE2(DI, Y0, Y1, Y7, Y9, Y10, Y11)

	ADDQ $96, DX
	ADDQ $96, BX
	NEXT($64, $64, noise)

	SUM4(Y14, X14, X7, AX)
	MOVQ AX, cuts+56(FP)
	SUM4(Y15, X15, X7, AX)
	MOVQ AX, accepted+64(FP)
	VZEROUPPER
	RET

// func softmaxAVX2(x, y *float64, n int, k *consts, tab *[64]float64)
//
// x = (e^{y₁}, e^{y₂}, 1)/Z with Z = (1 + e^{y₁}) + e^{y₂}.
TEXT ·softmaxAVX2(SB), NOSPLIT, $0-40
	LOOP(x+0(FP), y+8(FP), n+16(FP))
	MOVQ k+24(FP), R8
	MOVQ tab+32(FP), R9

softmax:
	LOAD2(SI, Y0, Y1, Y4, Y5, Y6, Y7)
	EXP(Y0, Y2, Y4, Y5, Y6, Y7)
	EXP(Y1, Y3, Y4, Y5, Y6, Y7)
	VADDPD  K_ONE(R8), Y2, Y4
	VADDPD  Y3, Y4, Y4
	VMOVUPD K_ONE(R8), Y5
	VDIVPD  Y4, Y5, Y5 // 1/Z = x₃
	VMULPD  Y5, Y2, Y2 // x₁
	VMULPD  Y5, Y3, Y3 // x₂
	STORE3(DI, Y2, Y3, Y5, Y6, Y7, Y8, Y9, Y10, Y11)

	NEXT($96, $64, softmax)
	VZEROUPPER
	RET

// func barrierGradAVX2(dst, x *float64, n int, c0, c1, beta float64)
//
// gⱼ = cⱼ − (β/xⱼ − β/x₃); Y13 Y14 hold c₁ c₂ and Y15 β.
TEXT ·barrierGradAVX2(SB), NOSPLIT, $0-48
	LOOP(dst+0(FP), x+8(FP), n+16(FP))
	VBROADCASTSD c0+24(FP), Y13
	VBROADCASTSD c1+32(FP), Y14
	VBROADCASTSD beta+40(FP), Y15

grad:
	LOAD3(SI, Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y8)
	VDIVPD Y2, Y15, Y2 // β/x₃
	VDIVPD Y0, Y15, Y0
	VSUBPD Y2, Y0, Y0
	VSUBPD Y0, Y13, Y0
	VDIVPD Y1, Y15, Y1
	VSUBPD Y2, Y1, Y1
	VSUBPD Y1, Y14, Y1
	STORE2(DI, Y0, Y1, Y3, Y4, Y5, Y6)

	NEXT($64, $96, grad)
	VZEROUPPER
	RET

// func sum12AVX2(a *[12]float64, x *float64, n int)
//
// a[k] += x[i] for i ≡ k (mod 12): Y0 Y1 Y2 hold a[0:4], a[4:8], a[8:12].
TEXT ·sum12AVX2(SB), NOSPLIT, $0-24
	LOOP(a+0(FP), x+8(FP), n+16(FP))
	VMOVUPD (DI), Y0
	VMOVUPD 32(DI), Y1
	VMOVUPD 64(DI), Y2

sum:
	VADDPD (SI), Y0, Y0
	VADDPD 32(SI), Y1, Y1
	VADDPD 64(SI), Y2, Y2
	ADDQ   $96, SI
	SUBQ   $12, CX
	JNZ    sum

	VMOVUPD Y0, (DI)
	VMOVUPD Y1, 32(DI)
	VMOVUPD Y2, 64(DI)
	VZEROUPPER
	RET

// func kernelFoursAVX2(acc *[12]float64, x0, x1 float64, b, gb, sb *float64, fours int, inv2h2 float64, k *consts, tab *[64]float64) (done int)
//
// For four points b of a row at a time: u = x − b, k = e^{−(u₀² + u₁²) inv2h2},
// the lanes s += k, g += k u, and gb −= k u, sb += k where gb is not nil.
// Registers: SI b, DI gb, DX sb, CX fours left, BX fours done, R8 k, R9
// tab; Y10 Y11 Y12 the lanes of s, g₀, g₁; Y13 Y14 x₀ x₁, Y15 inv2h2.
TEXT ·kernelFoursAVX2(SB), NOSPLIT, $0-88
	MOVQ acc+0(FP), AX
	LOOP(gb+32(FP), b+24(FP), fours+48(FP))
	MOVQ sb+40(FP), DX
	MOVQ k+64(FP), R8
	MOVQ tab+72(FP), R9
	XORQ BX, BX
	VBROADCASTSD x0+8(FP), Y13
	VBROADCASTSD x1+16(FP), Y14
	VBROADCASTSD inv2h2+56(FP), Y15
	VMOVUPD (AX), Y10
	VMOVUPD 32(AX), Y11
	VMOVUPD 64(AX), Y12

kernel:
	LOAD2(SI, Y0, Y1, Y2, Y3, Y4, Y5)
	VSUBPD    Y0, Y13, Y0
	VSUBPD    Y1, Y14, Y1
	VMULPD    Y0, Y0, Y2
	VMULPD    Y1, Y1, Y3
	VADDPD    Y3, Y2, Y2
	VXORPD    K_SIGN(R8), Y2, Y2
	VMULPD    Y15, Y2, Y2
	VCMPPD    LT_OQ, K_EXPLO(R8), Y2, Y3
	VMOVMSKPD Y3, R10
	TESTQ     R10, R10
	JNZ       kerneldone
	EXP(Y2, Y3, Y4, Y5, Y6, Y7)
	VADDPD    Y3, Y10, Y10
	VMULPD    Y3, Y0, Y0
	VMULPD    Y3, Y1, Y1
	VADDPD    Y0, Y11, Y11
	VADDPD    Y1, Y12, Y12
	TESTQ     DI, DI
	JZ        kernelnext
	LOAD2(DI, Y4, Y5, Y6, Y7, Y8, Y9)
	VSUBPD    Y0, Y4, Y4
	VSUBPD    Y1, Y5, Y5
	STORE2(DI, Y4, Y5, Y6, Y7, Y8, Y9)
	VMOVUPD   (DX), Y6
	VADDPD    Y3, Y6, Y6
	VMOVUPD   Y6, (DX)
	ADDQ      $64, DI
	ADDQ      $32, DX

kernelnext:
	ADDQ $64, SI
	INCQ BX
	DECQ CX
	JNZ  kernel

kerneldone:
	VMOVUPD Y10, (AX)
	VMOVUPD Y11, 32(AX)
	VMOVUPD Y12, 64(AX)
	MOVQ    BX, done+80(FP)
	VZEROUPPER
	RET
