// The reference workload's loops on Δ², four points at a time in AVX2:
// mmfldMovesAVX2 and conjAVX2, documented in simplex_avx2_amd64.go. Each
// computes the bits of its Go loop (mmfldMovesGo, conjBlock2): the same
// operations in the same order, with no FMA.
//
// Points are stored interleaved (y: 2 a point, x and the normals: 3 a
// point); a loop turn loads four points' coordinates, transposes them into
// one vector a coordinate (lanes = points in order), and transposes back
// to store. Go assembly lists operands source first: VSUBPD A, B, C is
// C = B − A, and VCMPPD $p, A, B, C is C = (B p A).

#include "textflag.h"

// Offsets of avx2Consts' fields (TestAVX2ConstsLayout).
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
#define K_MOVEHI 320
#define K_MOVELO 352
#define K_DUALHI 384
#define K_DUALLO 416
#define K_MASK63 448
#define K_BIAS 480

// Comparison predicates: greater, less, and both ordered (neither is NaN);
// all false when a lane is NaN (a NaN passes every cut uncounted, as in Go).
#define GT_OQ $0x1e
#define LT_OQ $0x11
#define ORD_Q $0x07

// EXP sets E = e^X in each lane, purefloat.ExpOf(purefloat.ExpParts(X)):
//   kf = (X·invL + shift) − shift,  m = kf as an integer (the low bits of
//   X·invL + shift, less shift's),  r = (X − kf·ln2Hi) − kf·ln2Lo,
//   p = 1 + r(1 + r(1/2 + r(1/6 + r(1/24 + r/120)))),
//   E = 2^q · (table[j] · p)  with m = 64q + j, 0 ≤ j < 64,
// 2^q's bits being (m − j) << 46 plus the exponent bias. R8 holds the
// constants and R9 the table. X, T, R, P and MK are clobbered.
#define EXP(X, E, T, R, P, MK) \
	VMULPD     K_INVL(R8), X, T  \
	VADDPD     K_SHIFT(R8), T, T \
	VSUBPD     K_SHIFT(R8), T, R \
	VPSUBQ     K_SHIFT(R8), T, T \
	VMULPD     K_LN2HI(R8), R, P \
	VSUBPD     P, X, P           \
	VMULPD     K_LN2LO(R8), R, R \
	VSUBPD     R, P, R           \
	VMULPD     K_C5(R8), R, P    \
	VADDPD     K_C4(R8), P, P    \
	VMULPD     R, P, P           \
	VADDPD     K_C3(R8), P, P    \
	VMULPD     R, P, P           \
	VADDPD     K_C2(R8), P, P    \
	VMULPD     R, P, P           \
	VADDPD     K_ONE(R8), P, P   \
	VMULPD     R, P, P           \
	VADDPD     K_ONE(R8), P, P   \
	VPAND      K_MASK63(R8), T, X \
	VPSUBQ     X, T, T           \
	VPSLLQ     $46, T, T         \
	VPADDQ     K_BIAS(R8), T, T  \
	VPCMPEQQ   MK, MK, MK        \
	VGATHERQPD MK, (R9)(X*8), E  \
	VMULPD     P, E, E           \
	VMULPD     E, T, E

// MOVECUT is moveCut on each lane: D is cut to ±MoveBound, B added, the sum
// cut to ±DualBound; ACC's lanes count the cuts (a true comparison is −1,
// subtracted). T is clobbered.
#define MOVECUT(B, D, ACC, T) \
	VCMPPD    GT_OQ, K_MOVEHI(R8), D, T \
	VBLENDVPD T, K_MOVEHI(R8), D, D     \
	VPSUBQ    T, ACC, ACC               \
	VCMPPD    LT_OQ, K_MOVELO(R8), D, T \
	VBLENDVPD T, K_MOVELO(R8), D, D     \
	VPSUBQ    T, ACC, ACC               \
	VADDPD    B, D, D                   \
	VCMPPD    GT_OQ, K_DUALHI(R8), D, T \
	VBLENDVPD T, K_DUALHI(R8), D, D     \
	VPSUBQ    T, ACC, ACC               \
	VCMPPD    LT_OQ, K_DUALLO(R8), D, T \
	VBLENDVPD T, K_DUALLO(R8), D, D     \
	VPSUBQ    T, ACC, ACC

// LOAD2 loads four points of 2 coordinates at P into A (first coordinates)
// and B (second): the rows [a₀ a₁ b₀ b₁], [c₀ c₁ d₀ d₁] become [a₀ b₀ c₀ d₀]
// and [a₁ b₁ c₁ d₁]. T1 … T4 are clobbered.
#define LOAD2(P, A, B, T1, T2, T3, T4) \
	VMOVUPD    (P), T1          \
	VMOVUPD    32(P), T2        \
	VPERM2F128 $0x20, T2, T1, T3 \
	VPERM2F128 $0x31, T2, T1, T4 \
	VUNPCKLPD  T4, T3, A        \
	VUNPCKHPD  T4, T3, B

// SUM4 sets R to the sum of Y's four 64-bit integer lanes (X is Y's low
// half, XT a scratch register's).
#define SUM4(Y, X, YT, XT, R) \
	VEXTRACTI128 $1, Y, XT \
	VPADDQ       XT, X, X  \
	VPSHUFD      $0x4e, X, XT \
	VPADDQ       XT, X, X  \
	VMOVQ        X, R

// func mmfldMovesAVX2(y, grad, xi *float64, n int, eta, sq float64, k *avx2Consts, tab *[64]float64) (cuts, accepted int)
//
// Registers: DI y, SI g, DX xi, CX points left, R8 k, R9 tab; Y0 Y1 the
// dual points, Y2 Y3 Y' (the drift move), Y4 Y5 Y6 the normals, Y14 the
// cuts, Y15 the points accepted; −η and √(2λη) on the stack.
TEXT ·mmfldMovesAVX2(SB), NOSPLIT, $64-80
	MOVQ y+0(FP), DI
	MOVQ grad+8(FP), SI
	MOVQ xi+16(FP), DX
	MOVQ n+24(FP), CX
	MOVQ k+48(FP), R8
	MOVQ tab+56(FP), R9
	MOVQ eta+32(FP), AX
	BTCQ $63, AX // −η
	MOVQ AX, X0
	VBROADCASTSD X0, Y0
	VMOVUPD Y0, 0(SP)
	VBROADCASTSD sq+40(FP), Y0
	VMOVUPD Y0, 32(SP)
	VPXOR Y14, Y14, Y14
	VPXOR Y15, Y15, Y15

moves:
	LOAD2(DI, Y0, Y1, Y7, Y8, Y9, Y10)
	LOAD2(SI, Y2, Y3, Y7, Y8, Y9, Y10)

	// The drift move Y' = Y + cut(−η g).
	VMULPD 0(SP), Y2, Y2
	MOVECUT(Y0, Y2, Y14, Y7)
	VMULPD 0(SP), Y3, Y3
	MOVECUT(Y1, Y3, Y14, Y7)

	// The normals: rows [a₀ a₁ a₂ b₀] [b₁ b₂ c₀ c₁] [c₂ d₀ d₁ d₂] become
	// [a₀ a₁ | c₀ c₁], [a₂ b₀ | c₂ d₀], [b₁ b₂ | d₁ d₂] (128-bit halves),
	// then one vector a coordinate.
	VMOVUPD    (DX), Y7
	VMOVUPD    32(DX), Y8
	VMOVUPD    64(DX), Y9
	VPERM2F128 $0x30, Y8, Y7, Y10
	VPERM2F128 $0x21, Y9, Y7, Y11
	VPERM2F128 $0x30, Y9, Y8, Y12
	VSHUFPD    $0x0a, Y11, Y10, Y4
	VSHUFPD    $0x05, Y12, Y10, Y5
	VSHUFPD    $0x0a, Y12, Y11, Y6

	// h = e^{Y'/2}, s = √(2λη) √(1 + h₁² + h₂²).
	VMULPD K_HALF(R8), Y2, Y8
	EXP(Y8, Y7, Y9, Y10, Y11, Y12)
	VMULPD K_HALF(R8), Y3, Y9
	EXP(Y9, Y8, Y10, Y11, Y12, Y13)
	VMULPD Y7, Y7, Y9
	VADDPD K_ONE(R8), Y9, Y9
	VMULPD Y8, Y8, Y10
	VADDPD Y10, Y9, Y9
	VSQRTPD Y9, Y9
	VMULPD 32(SP), Y9, Y9

	// The noise move Y⁺ = Y' + cut(s (ξᵢ/hᵢ − ξ₃)), its cuts in Y6,
	// counted where Y' is finite.
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
	VUNPCKLPD  Y1, Y0, Y7
	VUNPCKHPD  Y1, Y0, Y9
	VPERM2F128 $0x20, Y9, Y7, Y10
	VPERM2F128 $0x31, Y9, Y7, Y11
	VMOVUPD    Y10, (DI)
	VMOVUPD    Y11, 32(DI)

	ADDQ $64, DI
	ADDQ $64, SI
	ADDQ $96, DX
	SUBQ $4, CX
	JNZ  moves

	SUM4(Y14, X14, Y7, X7, AX)
	MOVQ AX, cuts+64(FP)
	SUM4(Y15, X15, Y7, X7, AX)
	MOVQ AX, accepted+72(FP)
	VZEROUPPER
	RET

// func conjAVX2(x, y *float64, n int, k *avx2Consts, tab *[64]float64)
//
// x = softmax(y₁, y₂, 0) = (e^{y₁}, e^{y₂}, 1)/Z, Z = (1 + e^{y₁}) + e^{y₂}.
TEXT ·conjAVX2(SB), NOSPLIT, $0-40
	MOVQ x+0(FP), DI
	MOVQ y+8(FP), SI
	MOVQ n+16(FP), CX
	MOVQ k+24(FP), R8
	MOVQ tab+32(FP), R9

conj:
	LOAD2(SI, Y0, Y1, Y4, Y5, Y6, Y7)
	EXP(Y0, Y2, Y4, Y5, Y6, Y7)
	EXP(Y1, Y3, Y4, Y5, Y6, Y7)
	VADDPD  K_ONE(R8), Y2, Y4
	VADDPD  Y3, Y4, Y4
	VMOVUPD K_ONE(R8), Y5
	VDIVPD  Y4, Y5, Y5 // 1/Z = x₃
	VMULPD  Y5, Y2, Y2 // x₁
	VMULPD  Y5, Y3, Y3 // x₂

	// One vector a coordinate back to rows [a₀ a₁ a₂ b₀] [b₁ b₂ c₀ c₁]
	// [c₂ d₀ d₁ d₂], through [a₀ a₁ | c₀ c₁], [a₂ b₀ | c₂ d₀], [b₁ b₂ | d₁ d₂].
	VSHUFPD    $0x00, Y3, Y2, Y6
	VSHUFPD    $0x0a, Y2, Y5, Y7
	VSHUFPD    $0x0f, Y5, Y3, Y8
	VPERM2F128 $0x20, Y7, Y6, Y9
	VPERM2F128 $0x30, Y6, Y8, Y10
	VPERM2F128 $0x31, Y8, Y7, Y11
	VMOVUPD    Y9, (DI)
	VMOVUPD    Y10, 32(DI)
	VMOVUPD    Y11, 64(DI)

	ADDQ $96, DI
	ADDQ $64, SI
	SUBQ $4, CX
	JNZ  conj
	VZEROUPPER
	RET
