"""Plain-integer SM2 (GB/T 32918.1-.5) for generating and re-checking gmkit's SM2 vectors.

Independent of gmkit: prime-field curves given by parameters, Jacobian arithmetic, SEC1 point
encodings, Z_A, signatures with a fixed k, strict DER, public-key encryption with a fixed k
(C1C3C2, C1C2C3 and the GM/T 0009 DER form), and the key-exchange protocol. Variable time:
for test data only.
"""

import hashlib

import gmref

# ---------------------------------------------------------------- curves

SM2P256V1 = dict(
    curve="sm2p256v1",
    p=0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF,
    a=0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC,
    b=0x28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93,
    gx=0x32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7,
    gy=0xBC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0,
    n=0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123,
    h=1,
)

# The 256-bit example curve over Fp of GB/T 32918.2/.3/.4 Annex A.
EXAMPLE_FP256 = dict(
    curve="gbt32918-fp256-example",
    p=0x8542D69E4C044F18E8B92435BF6FF7DE457283915C45517D722EDB8B08F1DFC3,
    a=0x787968B4FA32C3FD2417842E73BBFEFF2F3C848B6831D7E0EC65228B3937E498,
    b=0x63E4C6D3B23B0C849CF84241484BFE48F61D59A5B16BA06E6E12D1DA27C5249A,
    gx=0x421DEBD61B62EAB6746434EBC3CC315E32220B3BADD50BDC4C4E6C147FEDD43D,
    gy=0x0680512BCBB42C07D47349D2153B70C4E5D7FDFCBFA36EA1A85841B9E46E09A2,
    n=0x8542D69E4C044F18E8B92435BF6FF7DD297720630485628D5AE74EE7C32E79B7,
    h=1,
)


class Invalid(gmref.InvalidInput):
    pass


class Curve:
    def __init__(self, c):
        self.name = c["curve"]
        self.p, self.a, self.b = c["p"], c["a"], c["b"]
        self.gx, self.gy, self.n, self.h = c["gx"], c["gy"], c["n"], c["h"]
        self.size = (self.p.bit_length() + 7) // 8
        self.G = (self.gx, self.gy)
        assert self.on_curve(self.G)

    @staticmethod
    def from_group(g):
        return Curve(dict(curve=g["curve"], p=int(g["p"], 16), a=int(g["a"], 16), b=int(g["b"], 16),
                          gx=int(g["gx"], 16), gy=int(g["gy"], 16), n=int(g["n"], 16), h=int(g["h"])))

    def group_fields(self):
        w = 2 * self.size
        return {"curve": self.name, "p": f"{self.p:0{w}x}", "a": f"{self.a:0{w}x}", "b": f"{self.b:0{w}x}",
                "gx": f"{self.gx:0{w}x}", "gy": f"{self.gy:0{w}x}", "n": f"{self.n:0{w}x}", "h": self.h}

    # -- points: None is the point at infinity; affine tuples otherwise.
    def on_curve(self, P):
        if P is None:
            return False
        x, y = P
        p = self.p
        return 0 <= x < p and 0 <= y < p and (y * y - x * x * x - self.a * x - self.b) % p == 0

    def _jdouble(self, X, Y, Z):
        p = self.p
        if Y == 0 or Z == 0:
            return (1, 1, 0)
        YY = Y * Y % p
        S = 4 * X * YY % p
        ZZ = Z * Z % p
        M = (3 * X * X + self.a * ZZ * ZZ) % p
        X3 = (M * M - 2 * S) % p
        Y3 = (M * (S - X3) - 8 * YY * YY) % p
        Z3 = 2 * Y * Z % p
        return (X3, Y3, Z3)

    def _jadd(self, P, Q):
        p = self.p
        X1, Y1, Z1 = P
        X2, Y2, Z2 = Q
        if Z1 == 0:
            return Q
        if Z2 == 0:
            return P
        Z1Z1 = Z1 * Z1 % p
        Z2Z2 = Z2 * Z2 % p
        U1 = X1 * Z2Z2 % p
        U2 = X2 * Z1Z1 % p
        S1 = Y1 * Z2 * Z2Z2 % p
        S2 = Y2 * Z1 * Z1Z1 % p
        if U1 == U2:
            if S1 != S2:
                return (1, 1, 0)
            return self._jdouble(X1, Y1, Z1)
        H = (U2 - U1) % p
        R = (S2 - S1) % p
        HH = H * H % p
        HHH = H * HH % p
        V = U1 * HH % p
        X3 = (R * R - HHH - 2 * V) % p
        Y3 = (R * (V - X3) - S1 * HHH) % p
        Z3 = H * Z1 * Z2 % p
        return (X3, Y3, Z3)

    def _affine(self, J):
        X, Y, Z = J
        if Z == 0:
            return None
        zi = pow(Z, -1, self.p)
        zi2 = zi * zi % self.p
        return (X * zi2 % self.p, Y * zi2 * zi % self.p)

    def add(self, P, Q):
        jp = (1, 1, 0) if P is None else (P[0], P[1], 1)
        jq = (1, 1, 0) if Q is None else (Q[0], Q[1], 1)
        return self._affine(self._jadd(jp, jq))

    def mul(self, k, P):
        if P is None or k % self.n == 0 and self.on_curve(P) and self.h == 1:
            return None
        R = (1, 1, 0)
        J = (P[0], P[1], 1)
        for bit in bin(k)[2:]:
            R = self._jdouble(*R)
            if bit == "1":
                R = self._jadd(R, J)
        return self._affine(R)

    def neg(self, P):
        return None if P is None else (P[0], (-P[1]) % self.p)

    # -- encodings (GB/T 32918.1 4.2.9-4.2.10 = SEC1)
    def fe(self, x):
        return x.to_bytes(self.size, "big")

    def encode(self, P, form="uncompressed"):
        if P is None:
            return b"\x00"
        x, y = P
        if form == "uncompressed":
            return b"\x04" + self.fe(x) + self.fe(y)
        if form == "compressed":
            return bytes([2 + (y & 1)]) + self.fe(x)
        if form == "hybrid":
            return bytes([6 + (y & 1)]) + self.fe(x) + self.fe(y)
        raise ValueError(form)

    def sqrt(self, v):
        assert self.p % 4 == 3
        r = pow(v, (self.p + 1) // 4, self.p)
        return r if r * r % self.p == v % self.p else None

    def decode(self, data, allow_compressed=True):
        """Strict SEC1 decoding of a finite point on the curve; Invalid otherwise."""
        s = self.size
        if len(data) == 1 + 2 * s and data[0] == 4:
            P = (int.from_bytes(data[1:1 + s], "big"), int.from_bytes(data[1 + s:], "big"))
        elif allow_compressed and len(data) == 1 + s and data[0] in (2, 3):
            x = int.from_bytes(data[1:], "big")
            if x >= self.p:
                raise Invalid("x out of range")
            y = self.sqrt((x ** 3 + self.a * x + self.b) % self.p)
            if y is None:
                raise Invalid("no point with this x")
            if y & 1 != data[0] & 1:
                y = self.p - y
            P = (x, y)
        else:
            raise Invalid("bad point encoding")
        if not self.on_curve(P):
            raise Invalid("point not on the curve")
        if self.h != 1 and self.mul(self.n, P) is not None:
            raise Invalid("point not in the subgroup")
        return P


# ---------------------------------------------------------------- hashes, Z_A, KDF

def sm3(b):
    return gmref.sm3(b)


def hash_fn(name):
    if name == "SM3":
        return gmref.sm3
    if name == "SHA-256":
        return lambda b: hashlib.sha256(b).digest()
    raise ValueError(name)


def za(curve, uid, P):
    """GB/T 32918.2 5.5: Z_A = H256(ENTL_A || ID_A || a || b || x_G || y_G || x_A || y_A)."""
    if 8 * len(uid) > 0xFFFF:
        raise Invalid("ID longer than 8191 bytes")
    f = curve.fe
    return sm3((8 * len(uid)).to_bytes(2, "big") + uid + f(curve.a) + f(curve.b) + f(curve.gx) + f(curve.gy)
               + f(P[0]) + f(P[1]))


def kdf(z, klen, h=gmref.sm3):
    """GB/T 32918.4 5.4.3 KDF with a 32-bit big-endian counter from 1."""
    out = b""
    ct = 1
    while len(out) < klen:
        out += h(z + ct.to_bytes(4, "big"))
        ct += 1
    return out[:klen]


# ---------------------------------------------------------------- DER

def _der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def der_int(v):
    b = v.to_bytes(max(1, (v.bit_length() + 7) // 8), "big")
    if b[0] & 0x80:
        b = b"\x00" + b
    return b"\x02" + _der_len(len(b)) + b


def der_seq(*items):
    body = b"".join(items)
    return b"\x30" + _der_len(len(body)) + body


def der_octets(b):
    return b"\x04" + _der_len(len(b)) + b


def sig_der(r, s):
    return der_seq(der_int(r), der_int(s))


def _der_read(data, pos):
    """Strict DER TLV reader: returns (tag, value, next_pos)."""
    if pos + 2 > len(data):
        raise Invalid("truncated DER")
    tag = data[pos]
    ln = data[pos + 1]
    pos += 2
    if ln & 0x80:
        nb = ln & 0x7F
        if nb == 0 or nb > 4 or pos + nb > len(data):
            raise Invalid("bad DER length")
        ln = int.from_bytes(data[pos:pos + nb], "big")
        if ln < 0x80 or data[pos] == 0:
            raise Invalid("non-minimal DER length")
        pos += nb
    if pos + ln > len(data):
        raise Invalid("truncated DER value")
    return tag, data[pos:pos + ln], pos + ln


def _der_uint(v):
    if len(v) == 0:
        raise Invalid("empty INTEGER")
    if v[0] & 0x80:
        raise Invalid("negative INTEGER")
    if len(v) > 1 and v[0] == 0 and not v[1] & 0x80:
        raise Invalid("non-minimal INTEGER")
    return int.from_bytes(v, "big")


def parse_sig_der(data):
    tag, body, end = _der_read(data, 0)
    if tag != 0x30 or end != len(data):
        raise Invalid("not one DER SEQUENCE")
    t1, v1, p = _der_read(body, 0)
    t2, v2, p = _der_read(body, p)
    if t1 != 2 or t2 != 2 or p != len(body):
        raise Invalid("not SEQUENCE{INTEGER, INTEGER}")
    return _der_uint(v1), _der_uint(v2)


# ---------------------------------------------------------------- signatures (GB/T 32918.2)

def e_of(curve, uid, P, msg):
    z = za(curve, uid, P)
    return z, sm3(z + msg)


def sign_with_k(curve, d, uid, msg, k):
    """A1-A7 with the given k; None when k must be redrawn (r = 0, r + k = n, s = 0)."""
    n = curve.n
    P = curve.mul(d, curve.G)
    z, e = e_of(curve, uid, P, msg)
    x1, _ = curve.mul(k, curve.G)
    r = (int.from_bytes(e, "big") + x1) % n
    if r == 0 or r + k == n:
        return None
    s = pow(1 + d, -1, n) * (k - r * d) % n
    if s == 0:
        return None
    return z, e, r, s


def verify_e(curve, P, e_int, r, s):
    """B1-B7 on e given as an integer (reduced mod n here)."""
    n = curve.n
    if not (1 <= r < n and 1 <= s < n):
        return False
    t = (r + s) % n
    if t == 0:
        return False
    Q = curve.add(curve.mul(s, curve.G), curve.mul(t, P))
    if Q is None:
        return False
    return (e_int + Q[0]) % n == r


def verify(curve, P, uid, msg, r, s):
    _, e = e_of(curve, uid, P, msg)
    return verify_e(curve, P, int.from_bytes(e, "big"), r, s)


# ---------------------------------------------------------------- encryption (GB/T 32918.4)

def encrypt_with_k(curve, P, msg, k, hname="SM3"):
    """A1-A8 with the given k: (C1 point, C2, C3) or None when t is all zero."""
    h = hash_fn(hname)
    C1 = curve.mul(k, curve.G)
    if curve.h != 1 and curve.mul(curve.h, P) is None:
        raise Invalid("public key of small order")
    x2, y2 = curve.mul(k, P)
    t = kdf(curve.fe(x2) + curve.fe(y2), len(msg), h)
    if not any(t):
        return None
    c2 = gmref.xor(msg, t)
    c3 = h(curve.fe(x2) + msg + curve.fe(y2))
    return C1, c2, c3


def ct_der(curve, C1, c3, c2):
    """GM/T 0009-2012 7.2: SEQUENCE { INTEGER x, INTEGER y, OCTET STRING C3, OCTET STRING C2 }."""
    return der_seq(der_int(C1[0]), der_int(C1[1]), der_octets(c3), der_octets(c2))


def parse_ct(curve, ct, encoding, hlen=32):
    if encoding == "DER":
        tag, body, end = _der_read(ct, 0)
        if tag != 0x30 or end != len(ct):
            raise Invalid("not one DER SEQUENCE")
        parts = []
        p = 0
        for want in (2, 2, 4, 4):
            t, v, p = _der_read(body, p)
            if t != want:
                raise Invalid("unexpected DER tag")
            parts.append(v)
        if p != len(body):
            raise Invalid("trailing data in SEQUENCE")
        x, y = _der_uint(parts[0]), _der_uint(parts[1])
        if x >= curve.p or y >= curve.p:
            raise Invalid("coordinate out of range")
        C1 = curve.decode(b"\x04" + curve.fe(x) + curve.fe(y))
        c3, c2 = parts[2], parts[3]
        if len(c3) != hlen:
            raise Invalid("C3 length")
        return C1, c3, c2
    # C1C3C2 with an uncompressed C1 (compressed C1 is accepted too: GB/T 32918.4 allows it).
    if len(ct) == 0:
        raise Invalid("empty ciphertext")
    if ct[0] == 4:
        clen = 1 + 2 * curve.size
    elif ct[0] in (2, 3):
        clen = 1 + curve.size
    else:
        raise Invalid("bad C1 encoding")
    if len(ct) < clen + hlen + 1:
        raise Invalid("ciphertext too short")
    C1 = curve.decode(ct[:clen])
    return C1, ct[clen:clen + hlen], ct[clen + hlen:]


def decrypt(curve, d, ct, encoding, hname="SM3"):
    h = hash_fn(hname)
    C1, c3, c2 = parse_ct(curve, ct, encoding, len(h(b"")))
    if len(c2) == 0:
        raise Invalid("empty C2")
    S = curve.mul(curve.h, C1)
    if S is None:
        raise Invalid("[h]C1 is infinity")
    x2, y2 = curve.mul(d, C1)
    t = kdf(curve.fe(x2) + curve.fe(y2), len(c2), h)
    if not any(t):
        raise Invalid("t is all zero")
    m = gmref.xor(c2, t)
    if h(curve.fe(x2) + m + curve.fe(y2)) != c3:
        raise Invalid("C3 mismatch")
    return m


# ---------------------------------------------------------------- key exchange (GB/T 32918.3)

def _xbar(curve, x):
    w = (curve.n.bit_length() + 1) // 2 - 1  # ceil(ceil(log2 n) / 2) - 1
    return (1 << w) + (x & ((1 << w) - 1))


def key_exchange(curve, idA, dA, rA, idB, dB, rB, klen, RA=None, RB=None):
    """Both sides of the protocol with fixed ephemeral scalars; returns a dict of every value.

    RA / RB may be given (e.g. invalid points) instead of being derived from rA / rB; each side
    validates the peer's ephemeral point (A6 / B5) and raises Invalid when it is not on the curve.
    """
    PA, PB = curve.mul(dA, curve.G), curve.mul(dB, curve.G)
    RA = curve.mul(rA, curve.G) if RA is None else RA
    RB = curve.mul(rB, curve.G) if RB is None else RB
    zA, zB = za(curve, idA, PA), za(curve, idB, PB)
    f = curve.fe
    # B side (B1-B9)
    if not curve.on_curve(RA):
        raise Invalid("RA not on the curve")
    tB = (dB + _xbar(curve, RB[0]) * rB) % curve.n
    V = curve.mul(curve.h * tB, curve.add(PA, curve.mul(_xbar(curve, RA[0]), RA)))
    if V is None:
        raise Invalid("V is infinity")
    KB = kdf(f(V[0]) + f(V[1]) + zA + zB, klen)
    inner_b = sm3(f(V[0]) + zA + zB + f(RA[0]) + f(RA[1]) + f(RB[0]) + f(RB[1]))
    SB = sm3(b"\x02" + f(V[1]) + inner_b)
    S2 = sm3(b"\x03" + f(V[1]) + inner_b)
    # A side (A4-A10)
    if not curve.on_curve(RB):
        raise Invalid("RB not on the curve")
    tA = (dA + _xbar(curve, RA[0]) * rA) % curve.n
    U = curve.mul(curve.h * tA, curve.add(PB, curve.mul(_xbar(curve, RB[0]), RB)))
    if U is None:
        raise Invalid("U is infinity")
    KA = kdf(f(U[0]) + f(U[1]) + zA + zB, klen)
    inner_a = sm3(f(U[0]) + zA + zB + f(RA[0]) + f(RA[1]) + f(RB[0]) + f(RB[1]))
    S1 = sm3(b"\x02" + f(U[1]) + inner_a)
    SA = sm3(b"\x03" + f(U[1]) + inner_a)
    assert U == V and KA == KB and S1 == SB and SA == S2
    return dict(PA=PA, PB=PB, RA=RA, RB=RB, zA=zA, zB=zB, U=U, K=KA, sB=SB, sA=SA)
