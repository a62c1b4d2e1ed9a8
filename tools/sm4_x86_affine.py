#!/usr/bin/env python3
"""Derive the constants of the x86-64 SM4 backends (src/sm4/x86_64_common.rs).

The SM4 S-box (GB/T 32907-2016 §6.2) is fitted as A·I(A·x ^ 0xD3) ^ 0xD3 over GF(2^8) mod 0x1F5,
a field isomorphism onto the AES field (mod 0x11B) is searched, and the affine maps around the
AES inverse (GFNI) and around AES SubBytes (AES-NI nibble tables) are derived and checked on
all 256 inputs; then the rewritten linear layer L = P ^ (Q<<<8) ^ (Q<<<16) ^ (R<<<24) is
checked on random words. Run: python3 tools/sm4_x86_affine.py"""
# The S-box table of GB/T 32907-2016 §6.2.
SBOX_HEX = """d6 90 e9 fe cc e1 3d b7 16 b6 14 c2 28 fb 2c 05 2b 67 9a 76 2a be 04 c3 aa 44 13 26 49 86 06 99
9c 42 50 f4 91 ef 98 7a 33 54 0b 43 ed cf ac 62 e4 b3 1c a9 c9 08 e8 95 80 df 94 fa 75 8f 3f a6
47 07 a7 fc f3 73 17 ba 83 59 3c 19 e6 85 4f a8 68 6b 81 b2 71 64 da 8b f8 eb 0f 4b 70 56 9d 35
1e 24 0e 5e 63 58 d1 a2 25 22 7c 3b 01 21 78 87 d4 00 46 57 9f d3 27 52 4c 36 02 e7 a0 c4 c8 9e
ea bf 8a d2 40 c7 38 b5 a3 f7 f2 ce f9 61 15 a1 e0 ae 5d a4 9b 34 1a 55 ad 93 32 30 f5 8c b1 e3
1d f6 e2 2e 82 66 ca 60 c0 29 23 ab 0d 53 4e 6f d5 db 37 45 de fd 8e 2f 03 ff 6a 72 6d 6c 5b 51
8d 1b af 92 bb dd bc 7f 11 d9 5c 41 1f 10 5a d8 0a c1 31 88 a5 cd 7b bd 2d 74 d0 12 b8 e5 b4 b0
89 69 97 4a 0c 96 77 7e 65 b9 f1 09 c5 6e c6 84 18 f0 7d ec 3a dc 4d 20 79 ee 5f 3e d7 cb 39 48"""
SBOX = [int(t, 16) for t in SBOX_HEX.split()]
assert len(SBOX) == 256 and sorted(SBOX) == list(range(256))

def gmul(a, b, poly):
    r = 0
    while b:
        if b & 1: r ^= a
        b >>= 1; a <<= 1
        if a & 0x100: a ^= poly
    return r
def ginv(a, poly):
    if a == 0: return 0
    for b in range(1, 256):
        if gmul(a, b, poly) == 1: return b
def par(x): return bin(x).count("1") & 1
# Matrices: a list of 8 row bytes; row i gives output bit i.
def mat_apply(M, x): return sum(par(M[i] & x) << i for i in range(8))
def mat_from_fn(f):  # linear f
    cols = [f(1 << j) for j in range(8)]
    return [sum(((cols[j] >> i) & 1) << j for j in range(8)) for i in range(8)]
def mat_mul(A, B): return mat_from_fn(lambda x: mat_apply(A, mat_apply(B, x)))
def mat_inv(A):
    tbl = {mat_apply(A, x): x for x in range(256)}
    assert len(tbl) == 256
    return mat_from_fn(lambda y: tbl[y])

PS, PA = 0x1F5, 0x11B
INV_S = [ginv(x, PS) for x in range(256)]
INV_A = [ginv(x, PA) for x in range(256)]
# SM4: S(x) = A*I(A*x ^ c) ^ c with A circulant: find the row pattern / bit order that fits.
found = None
for row in range(256):
    for rot_dir in (1, -1):
        A = []
        for i in range(8):
            # row i = row rotated by i
            s = (i * rot_dir) % 8
            A.append(((row << s) | (row >> (8 - s))) & 0xff)
        if len({mat_apply(A, x) for x in range(256)}) != 256: continue
        c = 0xD3
        if all(mat_apply(A, INV_S[mat_apply(A, x) ^ c]) ^ c == SBOX[x] for x in range(256)):
            found = A
if found is None:
    raise SystemExit("no circulant fit")
A_S = found
print("A_sm4 rows", [hex(r) for r in A_S])
C = 0xD3
# field isomorphism F_s -> F_a: x -> beta^... find beta in F_a root of 0x1F5
def minpoly_root(poly_s, poly_a):
    for beta in range(2, 256):
        # evaluate poly_s at beta in F_a
        acc, p = 0, 1
        for k in range(9):
            if (poly_s >> k) & 1: acc ^= p
            p = gmul(p, beta, poly_a)
        if acc == 0: yield beta
for beta in minpoly_root(PS, PA):
    # M maps basis x^j (in F_s) to beta^j in F_a
    pw = [1]
    for j in range(7): pw.append(gmul(pw[-1], beta, PA))
    def to_aes(v):
        acc = 0
        for j in range(8):
            if (v >> j) & 1: acc ^= pw[j]
        return acc
    M = mat_from_fn(to_aes)
    # a field isomorphism: multiplicative on every pair
    ok = all(mat_apply(M, gmul(a, b, PS)) == gmul(mat_apply(M, a), mat_apply(M, b), PA) for a in range(256) for b in range(256))
    if ok: break
Minv = mat_inv(M)
print("beta", hex(beta))
assert all(mat_apply(Minv, INV_A[mat_apply(M, y)]) == INV_S[y] for y in range(256))

# GFNI: pre = M*A_S with constant M*C; post = A_S*Minv with constant C.
PRE = mat_mul(M, A_S); PRE_C = mat_apply(M, C)
POST = mat_mul(A_S, Minv); POST_C = C
def gfni_qword(Mt):  # the instruction reads row i from byte 7-i of the matrix qword
    return sum(Mt[i] << (8 * (7 - i)) for i in range(8))
def affine(q, x, b): return sum((par(((q >> (8 * (7 - i))) & 0xff) & x) ^ ((b >> i) & 1)) << i for i in range(8))
def affineinv(q, x, b): return affine(q, INV_A[x], b)
qpre, qpost = gfni_qword(PRE), gfni_qword(POST)
for x in range(256):
    assert affineinv(qpost, affine(qpre, x, PRE_C), POST_C) == SBOX[x]
print(f"GFNI pre matrix 0x{qpre:016x} imm 0x{PRE_C:02x}; post matrix 0x{qpost:016x} imm 0x{POST_C:02x}")

# AES: SubBytes(y) = A_aes*inv(y) ^ 0x63, A_aes rows: bit i = b_i ^ b_{i+4} ^ b_{i+5} ^ b_{i+6} ^ b_{i+7}
A_AES = [sum(1 << ((i + k) % 8) for k in (0, 4, 5, 6, 7)) for i in range(8)]
AES_SBOX = [mat_apply(A_AES, INV_A[x]) ^ 0x63 for x in range(256)]
assert AES_SBOX[0] == 0x63 and AES_SBOX[1] == 0x7c and AES_SBOX[0x53] == 0xed
# inv_a(y) = A_aes^-1 (SubBytes(y) ^ 0x63) ; S(x) = POST(inv_a(PRE x ^ PRE_C)) ^ C
P2 = mat_mul(POST, mat_inv(A_AES)); P2_C = mat_apply(P2, 0x63) ^ C
pre_lo = [mat_apply(PRE, n) ^ PRE_C for n in range(16)]
pre_hi = [mat_apply(PRE, n << 4) for n in range(16)]
post_lo = [mat_apply(P2, n) ^ P2_C for n in range(16)]
post_hi = [mat_apply(P2, n << 4) for n in range(16)]
for x in range(256):
    y = pre_lo[x & 15] ^ pre_hi[x >> 4]
    z = AES_SBOX[y]
    assert post_lo[z & 15] ^ post_hi[z >> 4] == SBOX[x]
h = lambda t: "[" + ", ".join(f"0x{v:02x}" for v in t) + "]"
print("AES pre lo ", h(pre_lo)); print("AES pre hi ", h(pre_hi))
print("AES post lo", h(post_lo)); print("AES post hi", h(post_hi))
print("all 256 entries verified")

# ---- Folded linear layer (GB/T 32907 §6.2 T = L∘τ) ----
# rol(B,2) = U ^ rol8(V) with U = bytewise (b<<2), V = bytewise (b>>6), so
# L(B) = (B^U) ^ rol8(U^V) ^ rol16(U^V) ^ rol24(V^B): three bytewise affine images of the inverse.
I8 = [1 << i for i in range(8)]
SHL2 = mat_from_fn(lambda x: (x << 2) & 0xff)
SHR6 = mat_from_fn(lambda x: x >> 6)
def madd(A, B): return [a ^ b for a, b in zip(A, B)]
FP = madd(I8, SHL2); FQ = madd(SHL2, SHR6); FR = madd(SHR6, I8)
outs = {}
for name, F in (("P", FP), ("Q", FQ), ("R", FR)):
    Mx = mat_mul(F, POST); cx = mat_apply(F, POST_C)
    outs[name] = (gfni_qword(Mx), cx)
    print(f"GFNI post {name}: matrix 0x{gfni_qword(Mx):016x} imm 0x{cx:02x}")
def rol32(w, r): return ((w << r) | (w >> (32 - r))) & 0xffffffff
def tau(w): return sum(SBOX[(w >> (8 * j)) & 0xff] << (8 * j) for j in range(4))
def T(w):
    b = tau(w); return b ^ rol32(b, 2) ^ rol32(b, 10) ^ rol32(b, 18) ^ rol32(b, 24)
def bytewise(w, f): return sum(f((w >> (8 * j)) & 0xff) << (8 * j) for j in range(4))
import random
for _ in range(20000):
    w = random.getrandbits(32)
    a = bytewise(w, lambda x: affine(qpre, x, PRE_C))
    P = bytewise(a, lambda x: affineinv(outs["P"][0], x, outs["P"][1]))
    Q = bytewise(a, lambda x: affineinv(outs["Q"][0], x, outs["Q"][1]))
    R = bytewise(a, lambda x: affineinv(outs["R"][0], x, outs["R"][1]))
    assert P ^ rol32(Q, 8) ^ rol32(Q, 16) ^ rol32(R, 24) == T(w)
    # little-endian register words: bswap representation, byte rotations reversed
    bs = lambda v: int.from_bytes(v.to_bytes(4, "big"), "little")
    wl = bs(w)
    al = bytewise(wl, lambda x: affine(qpre, x, PRE_C))
    Pl = bytewise(al, lambda x: affineinv(outs["P"][0], x, outs["P"][1]))
    Ql = bytewise(al, lambda x: affineinv(outs["Q"][0], x, outs["Q"][1]))
    Rl = bytewise(al, lambda x: affineinv(outs["R"][0], x, outs["R"][1]))
    assert Pl ^ rol32(Ql, 24) ^ rol32(Ql, 16) ^ rol32(Rl, 8) == bs(T(w))
print("folded L verified on 20000 random words (BE and LE lanes)")

# ---- AES-NI: P and Q straight from the AES S-box output y (R = P ^ Q) ----
AINV = mat_inv(A_AES)
def post_from_y(F):
    Mx = mat_mul(F, mat_mul(POST, AINV)); cx = mat_apply(Mx, 0x63) ^ mat_apply(F, POST_C)
    return [mat_apply(Mx, n) ^ cx for n in range(16)], [mat_apply(Mx, n << 4) for n in range(16)]
plo, phi = post_from_y(FP); qlo, qhi = post_from_y(FQ)
for x in range(256):
    y = AES_SBOX[pre_lo[x & 15] ^ pre_hi[x >> 4]]
    b = SBOX[x]; u = (b << 2) & 0xff; v = b >> 6
    assert plo[y & 15] ^ phi[y >> 4] == b ^ u
    assert qlo[y & 15] ^ qhi[y >> 4] == u ^ v
    assert (plo[y & 15] ^ phi[y >> 4]) ^ (qlo[y & 15] ^ qhi[y >> 4]) == v ^ b
print("AES P lo", h(plo)); print("AES P hi", h(phi)); print("AES Q lo", h(qlo)); print("AES Q hi", h(qhi))
print("GFNI R = P ^ Q check:", all(affineinv(outs['P'][0], x, outs['P'][1]) ^ affineinv(outs['Q'][0], x, outs['Q'][1]) == affineinv(outs['R'][0], x, outs['R'][1]) for x in range(256)))
