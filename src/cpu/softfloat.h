/* Soft-float for the guest F and D extensions: IEEE 754-2008 binary32/64.
 * SPDX-License-Identifier: MIT
 *
 * Guest floating point never touches the host FPU environment: every
 * operation takes its rounding mode as an argument and ORs the exceptions
 * it raises into *flags, so results depend on nothing but the arguments.
 *
 * Semantics are those of the RISC-V unprivileged spec, chapters "F" and
 * "D" (version 2.2 fmin/fmax):
 *  - a NaN result is always the canonical NaN (0x7fc00000 for binary32,
 *    0x7ff8000000000000 for binary64); payloads are never propagated;
 *  - tininess is detected after rounding; subnormals are fully supported;
 *  - NaN boxing of binary32 values in 64-bit registers is the caller's job;
 *  - conversions to integers saturate: NaN and too-large values give the
 *    largest integer, too-small values the smallest; out-of-range sets NV
 *    and not NX.  fcvt.w[u] on RV64 sign-extends the 32-bit result: the
 *    caller does that, these functions return int32_t/uint32_t.
 *
 * Rounding modes and flag bits have the values of the frm and fflags CSR
 * fields, so the caller passes frm through and ORs *flags into fflags.
 * The dynamic rounding mode (7) and the reserved ones (5, 6) must be
 * resolved or rejected by the caller; passing them is a caller bug. */
#ifndef CPU_SOFTFLOAT_H
#define CPU_SOFTFLOAT_H

#include <stdint.h>

/* Rounding modes (frm encoding). */
enum { SF_RNE = 0, SF_RTZ = 1, SF_RDN = 2, SF_RUP = 3, SF_RMM = 4 };

/* Exception flags (fflags encoding). */
enum { SF_NX = 1, SF_UF = 2, SF_OF = 4, SF_DZ = 8, SF_NV = 16 };

typedef uint32_t SfFlags;

/* Canonical NaNs. */
#define SF_NAN_F32 UINT32_C(0x7fc00000)
#define SF_NAN_F64 UINT64_C(0x7ff8000000000000)

/* fclass result bits. */
enum {
    SF_CLASS_NEG_INF = 1 << 0,
    SF_CLASS_NEG_NORMAL = 1 << 1,
    SF_CLASS_NEG_SUBNORMAL = 1 << 2,
    SF_CLASS_NEG_ZERO = 1 << 3,
    SF_CLASS_POS_ZERO = 1 << 4,
    SF_CLASS_POS_SUBNORMAL = 1 << 5,
    SF_CLASS_POS_NORMAL = 1 << 6,
    SF_CLASS_POS_INF = 1 << 7,
    SF_CLASS_SNAN = 1 << 8,
    SF_CLASS_QNAN = 1 << 9,
};

/* binary32 arithmetic.  fma computes a*b+c with one rounding; the caller
 * flips sign bits for fmsub/fnmsub/fnmadd. */
uint32_t sf_add_f32(uint32_t a, uint32_t b, int rm, SfFlags *flags);
uint32_t sf_sub_f32(uint32_t a, uint32_t b, int rm, SfFlags *flags);
uint32_t sf_mul_f32(uint32_t a, uint32_t b, int rm, SfFlags *flags);
uint32_t sf_div_f32(uint32_t a, uint32_t b, int rm, SfFlags *flags);
uint32_t sf_sqrt_f32(uint32_t a, int rm, SfFlags *flags);
uint32_t sf_fma_f32(uint32_t a, uint32_t b, uint32_t c, int rm,
                    SfFlags *flags);

/* binary32 min/max (minimumNumber/maximumNumber), compares, fclass. */
uint32_t sf_min_f32(uint32_t a, uint32_t b, SfFlags *flags);
uint32_t sf_max_f32(uint32_t a, uint32_t b, SfFlags *flags);
int sf_eq_f32(uint32_t a, uint32_t b, SfFlags *flags);
int sf_lt_f32(uint32_t a, uint32_t b, SfFlags *flags);
int sf_le_f32(uint32_t a, uint32_t b, SfFlags *flags);
uint32_t sf_class_f32(uint32_t a);

/* binary32 <-> integer conversions. */
int32_t sf_f32_to_i32(uint32_t a, int rm, SfFlags *flags);
uint32_t sf_f32_to_u32(uint32_t a, int rm, SfFlags *flags);
int64_t sf_f32_to_i64(uint32_t a, int rm, SfFlags *flags);
uint64_t sf_f32_to_u64(uint32_t a, int rm, SfFlags *flags);
uint32_t sf_i32_to_f32(int32_t v, int rm, SfFlags *flags);
uint32_t sf_u32_to_f32(uint32_t v, int rm, SfFlags *flags);
uint32_t sf_i64_to_f32(int64_t v, int rm, SfFlags *flags);
uint32_t sf_u64_to_f32(uint64_t v, int rm, SfFlags *flags);

/* binary64 arithmetic. */
uint64_t sf_add_f64(uint64_t a, uint64_t b, int rm, SfFlags *flags);
uint64_t sf_sub_f64(uint64_t a, uint64_t b, int rm, SfFlags *flags);
uint64_t sf_mul_f64(uint64_t a, uint64_t b, int rm, SfFlags *flags);
uint64_t sf_div_f64(uint64_t a, uint64_t b, int rm, SfFlags *flags);
uint64_t sf_sqrt_f64(uint64_t a, int rm, SfFlags *flags);
uint64_t sf_fma_f64(uint64_t a, uint64_t b, uint64_t c, int rm,
                    SfFlags *flags);

/* binary64 min/max, compares, fclass. */
uint64_t sf_min_f64(uint64_t a, uint64_t b, SfFlags *flags);
uint64_t sf_max_f64(uint64_t a, uint64_t b, SfFlags *flags);
int sf_eq_f64(uint64_t a, uint64_t b, SfFlags *flags);
int sf_lt_f64(uint64_t a, uint64_t b, SfFlags *flags);
int sf_le_f64(uint64_t a, uint64_t b, SfFlags *flags);
uint32_t sf_class_f64(uint64_t a);

/* binary64 <-> integer conversions. */
int32_t sf_f64_to_i32(uint64_t a, int rm, SfFlags *flags);
uint32_t sf_f64_to_u32(uint64_t a, int rm, SfFlags *flags);
int64_t sf_f64_to_i64(uint64_t a, int rm, SfFlags *flags);
uint64_t sf_f64_to_u64(uint64_t a, int rm, SfFlags *flags);
uint64_t sf_i32_to_f64(int32_t v, int rm, SfFlags *flags);
uint64_t sf_u32_to_f64(uint32_t v, int rm, SfFlags *flags);
uint64_t sf_i64_to_f64(int64_t v, int rm, SfFlags *flags);
uint64_t sf_u64_to_f64(uint64_t v, int rm, SfFlags *flags);

/* binary32 <-> binary64 (widening is exact and needs no rounding mode). */
uint64_t sf_f32_to_f64(uint32_t a, SfFlags *flags);
uint32_t sf_f64_to_f32(uint64_t a, int rm, SfFlags *flags);

#endif /* CPU_SOFTFLOAT_H */
