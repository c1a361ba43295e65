// Stream.Normals four numbers at a time in AVX2: normalsAVX2, documented in
// normals_amd64.go, with the bits of normalsLane. Go assembly lists operands
// source first: VSUBPD A, B, C is C = B − A, VCMPPD $0x11, A, B, C is
// C = (B < A).

#include "go_asm.h"
#include "textflag.h"

// C4 defines a 32-byte constant: the 64-bit word v four times.
#define C4(name, v) \
	DATA name<>+0(SB)/8, v  \
	DATA name<>+8(SB)/8, v  \
	DATA name<>+16(SB)/8, v \
	DATA name<>+24(SB)/8, v \
	GLOBL name<>(SB), RODATA|NOPTR, $32

C4(layerMask, $255)             // zigLayers − 1
C4(magic, $0x4338000000000000)  // 1.5·2⁵²: the bits of 1.5·2⁵² + j, |j| ≤ 2⁵¹, are its bits plus j
C4(absMask, $0x7fffffffffffffff)

// func normalsAVX2(s *[4][Lanes]uint64, dst *float64, stride, n int, k, w *[zigLayers]float64, misses *[missCap]miss) (done, noted int)
//
// Registers: Y0 … Y3 the four lanes' words s0 … s3, Y4 the random bits u;
// SI s, DI lane 0's next number, R11 and R12 a stride and three strides in
// bytes, CX numbers left a lane, BX numbers drawn a lane, R8 zigK, R9 zigW,
// R10 the next miss, DX misses noted.
TEXT ·normalsAVX2(SB), NOSPLIT, $0-72
	MOVQ s+0(FP), SI
	MOVQ dst+8(FP), DI
	MOVQ stride+16(FP), R11
	SHLQ $3, R11
	LEAQ (R11)(R11*2), R12
	MOVQ n+24(FP), CX
	MOVQ k+32(FP), R8
	MOVQ w+40(FP), R9
	MOVQ misses+48(FP), R10
	XORQ BX, BX
	XORQ DX, DX
	VMOVDQU 0(SI), Y0
	VMOVDQU 32(SI), Y1
	VMOVDQU 64(SI), Y2
	VMOVDQU 96(SI), Y3

draw:
	// xoshiro256++: u = rotl(s0 + s3, 23) + s0, then the state's step.
	VPADDQ Y3, Y0, Y5
	VPSLLQ $23, Y5, Y6
	VPSRLQ $41, Y5, Y5
	VPOR   Y6, Y5, Y5
	VPADDQ Y0, Y5, Y4
	VPSLLQ $17, Y1, Y5
	VPXOR  Y0, Y2, Y2
	VPXOR  Y1, Y3, Y3
	VPXOR  Y2, Y1, Y1
	VPXOR  Y3, Y0, Y0
	VPXOR  Y5, Y2, Y2
	VPSLLQ $45, Y3, Y5
	VPSRLQ $19, Y3, Y3
	VPOR   Y5, Y3, Y3

	// zigFast: layer l = u & 255, j = u >> 12 (arithmetic: 52 bits), a
	// float exactly: 1.5·2⁵² + j has the bits of 1.5·2⁵² plus j, that is
	// (u >> 12 logical) XOR 2⁵¹ in the mantissa under 1.5·2⁵²'s exponent
	// (one XOR with 1.5·2⁵²'s bits), less 1.5·2⁵². The number is
	// j·zigW[l], in the core if |j| < zigK[l].
	VPAND      layerMask<>(SB), Y4, Y7
	VPSRLQ     $const_zigShift, Y4, Y8
	VPXOR      magic<>(SB), Y8, Y8
	VSUBPD     magic<>(SB), Y8, Y8
	VANDPD     absMask<>(SB), Y8, Y10
	VPCMPEQQ   Y11, Y11, Y11
	VGATHERQPD Y11, (R8)(Y7*8), Y9
	VCMPPD     $0x11, Y9, Y10, Y10
	VPCMPEQQ   Y11, Y11, Y11
	VGATHERQPD Y11, (R9)(Y7*8), Y13
	VMULPD     Y13, Y8, Y5

	// Lane l's number to its quarter, l strides on.
	VMOVSD       X5, (DI)
	VMOVHPD      X5, (DI)(R11*1)
	VEXTRACTF128 $1, Y5, X6
	VMOVSD       X6, (DI)(R11*2)
	VMOVHPD      X6, (DI)(R12*1)

	ADDQ      $8, DI
	INCQ      BX
	VMOVMSKPD Y10, AX
	CMPQ      AX, $15
	JNE       miss

next:
	DECQ CX
	JNZ  draw

store:
	VMOVDQU Y0, 0(SI)
	VMOVDQU Y1, 32(SI)
	VMOVDQU Y2, 64(SI)
	VMOVDQU Y3, 96(SI)
	MOVQ    BX, done+56(FP)
	MOVQ    DX, noted+64(FP)
	VZEROUPPER
	RET

	// Note the miss {at, lanes, u} (go_asm.h has miss's layout) and stop
	// if the notes are full.
miss:
	LEAQ    -1(BX), R13
	MOVQ    R13, miss_at(R10)
	XORQ    $15, AX
	MOVQ    AX, miss_lanes(R10)
	VMOVDQU Y4, miss_u(R10)
	ADDQ    $miss__size, R10
	INCQ    DX
	CMPQ    DX, $const_missCap
	JEQ     store
	JMP     next
