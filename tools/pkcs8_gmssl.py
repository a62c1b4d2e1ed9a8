#!/usr/bin/env python3
"""Write GmSSL-form encrypted SM2 keys (tests/data/sm2/gmssl_*.{der,pem}) from an OpenSSL key.

Usage: python3 tools/pkcs8_gmssl.py [DIR]        (default: tests/data/sm2)

OpenSSL 3.0 cannot write (or read) PBKDF2-HMAC-SM3, so the SM form of encrypted PKCS#8 is built
here, independently of gmkit, following the encoding GmSSL 3 uses (facts from GmSSL's
src/pkcs8.c and src/sm2_key.c; no code taken):

  EncryptedPrivateKeyInfo ::= SEQUENCE {
    SEQUENCE { OID id-PBES2 1.2.840.113549.1.5.13,
      SEQUENCE {                                           -- PBES2-params
        SEQUENCE { OID id-PBKDF2 1.2.840.113549.1.5.12,
          SEQUENCE { OCTET STRING salt (16 bytes), INTEGER 65536,
                     INTEGER 16 (keyLength; GmSSL 3.1 writes it),
                     SEQUENCE { OID hmac-sm3 1.2.156.10197.1.401.2 } } }  -- no NULL
        SEQUENCE { OID sm4-cbc 1.2.156.10197.1.104.2, OCTET STRING iv (16 bytes) } } }
    OCTET STRING SM4-CBC-PKCS7(PrivateKeyInfo) }

and the inner PrivateKeyInfo as GmSSL writes it: version 0, id-ecPublicKey + sm2p256v1, and an
ECPrivateKey carrying both [0] the curve and [1] the public key (150 bytes in all).

The early GmSSL 3.0 form (2021 sources) differs only in the PBKDF2 parameters: no keyLength, and
the PRF AlgorithmIdentifier with NULL parameters. Both forms are written:

  gmssl_sm4_sm3.der / .pem        GmSSL 3.1 form
  gmssl_early_sm4_sm3.pem         early GmSSL 3.0 form

The key is the one in DIR/genpkey.pem (made by `openssl genpkey -algorithm SM2`), the password
`gmkit-test-password`. Salt and IV are fixed (SM3 of a label), so a rerun reproduces the files
byte for byte. PBKDF2-HMAC-SM3 comes from Python's hashlib (OpenSSL's SM3), SM4-CBC from
tools/gmref.py (pure Python, from GB/T 32907); each is cross-checked against the other
implementation available (gmref's HMAC-SM3 for PBKDF2 at a small iteration count, the
`cryptography` package's SM4 for CBC).
"""

import base64
import hashlib
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gmref  # noqa: E402

PASSWORD = b"gmkit-test-password"
ITERATIONS = 65536

OID_EC_PUBLIC_KEY = "1.2.840.10045.2.1"
OID_SM2 = "1.2.156.10197.1.301"
OID_PBES2 = "1.2.840.113549.1.5.13"
OID_PBKDF2 = "1.2.840.113549.1.5.12"
OID_HMAC_SM3 = "1.2.156.10197.1.401.2"
OID_SM4_CBC = "1.2.156.10197.1.104.2"


# ---------------------------------------------------------------- DER (X.690 §10)

def tlv(tag, body):
    n = len(body)
    if n < 0x80:
        head = bytes([tag, n])
    else:
        ln = n.to_bytes((n.bit_length() + 7) // 8, "big")
        head = bytes([tag, 0x80 | len(ln)]) + ln
    return head + body


def seq(*parts):
    return tlv(0x30, b"".join(parts))


def integer(v):
    b = v.to_bytes(v.bit_length() // 8 + 1, "big")  # room for a clear sign bit
    while len(b) > 1 and b[0] == 0 and b[1] < 0x80:
        b = b[1:]
    return tlv(0x02, b)


def octets(b):
    return tlv(0x04, b)


def oid(dotted):
    arcs = [int(a) for a in dotted.split(".")]
    out = bytes([40 * arcs[0] + arcs[1]])
    for a in arcs[2:]:
        enc = [a & 0x7F]
        a >>= 7
        while a:
            enc.append(0x80 | (a & 0x7F))
            a >>= 7
        out += bytes(reversed(enc))
    return tlv(0x06, out)


def read_tlv(b):
    """(tag, contents, rest) of the first TLV in b."""
    tag, n = b[0], b[1]
    i = 2
    if n & 0x80:
        k = n & 0x7F
        n = int.from_bytes(b[2:2 + k], "big")
        i += k
    return tag, b[i:i + n], b[i + n:]


def pem(label, der):
    b = base64.b64encode(der).decode()
    lines = [b[i:i + 64] for i in range(0, len(b), 64)]
    return f"-----BEGIN {label}-----\n" + "\n".join(lines) + f"\n-----END {label}-----\n"


def unpem(text):
    body = "".join(line for line in text.splitlines() if not line.startswith("-----"))
    return base64.b64decode(body)


# ---------------------------------------------------------------- key

def read_openssl_pkcs8(path):
    """d and the uncompressed public point from OpenSSL's PKCS#8 SM2 key."""
    _, pki, _ = read_tlv(unpem(open(path).read()))
    _, version, rest = read_tlv(pki)
    assert version == b"\x00"
    _, alg, rest = read_tlv(rest)
    assert alg == oid(OID_EC_PUBLIC_KEY) + oid(OID_SM2), "not an SM2 key"
    _, ecpk, rest = read_tlv(rest)
    assert rest == b""
    _, body, _ = read_tlv(ecpk)
    _, _, body = read_tlv(body)  # version 1
    _, d, body = read_tlv(body)
    tag, pub, _ = read_tlv(body)
    assert tag == 0xA1 and len(d) == 32
    _, bits, _ = read_tlv(pub)
    assert bits[0] == 0 and bits[1] == 4 and len(bits) == 66
    return d, bits[1:]


def gmssl_private_key_info(d, point):
    """PrivateKeyInfo as GmSSL's sm2_private_key_info_to_der writes it."""
    ec = seq(
        integer(1),
        octets(d),
        tlv(0xA0, oid(OID_SM2)),
        tlv(0xA1, tlv(0x03, b"\x00" + point)),
    )
    return seq(integer(0), seq(oid(OID_EC_PUBLIC_KEY), oid(OID_SM2)), octets(ec))


# ---------------------------------------------------------------- PBES2

def pbkdf2_sm3_pure(password, salt, c, dklen):
    """RFC 8018 §5.2 over gmref's HMAC-SM3 (slow; for the cross-check)."""
    out = b""
    i = 1
    while len(out) < dklen:
        u = gmref.hmac_sm3(password, salt + i.to_bytes(4, "big"))
        t = u
        for _ in range(c - 1):
            u = gmref.hmac_sm3(password, u)
            t = gmref.xor(t, u)
        out += t
        i += 1
    return out[:dklen]


def pbkdf2_sm3(password, salt, c, dklen):
    if "sm3" in hashlib.algorithms_available:
        return hashlib.pbkdf2_hmac("sm3", password, salt, c, dklen)
    print("note: hashlib has no SM3; pure-Python PBKDF2 (minutes)", file=sys.stderr)
    return pbkdf2_sm3_pure(password, salt, c, dklen)


def sm4_cbc_pkcs7(key, iv, m):
    ct = gmref.cbc_pkcs7_encrypt(key, iv, m)
    try:
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    except ImportError:
        print("note: no `cryptography` package; SM4-CBC not cross-checked", file=sys.stderr)
        return ct
    p = 16 - len(m) % 16
    enc = Cipher(algorithms.SM4(key), modes.CBC(iv)).encryptor()
    assert enc.update(m + bytes([p]) * p) + enc.finalize() == ct, "SM4-CBC disagrees"
    return ct


def encrypted_private_key_info(plain, salt, iv, early):
    key = pbkdf2_sm3(PASSWORD, salt, ITERATIONS, 16)
    ct = sm4_cbc_pkcs7(key, iv, plain)
    if early:
        kdf_params = seq(octets(salt), integer(ITERATIONS), seq(oid(OID_HMAC_SM3), b"\x05\x00"))
    else:
        kdf_params = seq(octets(salt), integer(ITERATIONS), integer(16), seq(oid(OID_HMAC_SM3)))
    pbes2 = seq(
        oid(OID_PBES2),
        seq(seq(oid(OID_PBKDF2), kdf_params), seq(oid(OID_SM4_CBC), octets(iv))),
    )
    return seq(pbes2, octets(ct))


def self_check():
    # Two independent HMAC-SM3s agree on PBKDF2 (hashlib's when present, gmref's pure Python).
    if "sm3" in hashlib.algorithms_available:
        a = hashlib.pbkdf2_hmac("sm3", b"password", b"salt", 2, 40)
        assert pbkdf2_sm3_pure(b"password", b"salt", 2, 40) == a, "PBKDF2-HMAC-SM3 disagrees"
    # The DER helpers on known encodings (X.690 examples / OpenSSL output).
    assert oid(OID_SM2).hex() == "06082a811ccf5501822d"
    assert oid(OID_HMAC_SM3).hex() == "06092a811ccf5501831102"
    assert integer(65536).hex() == "0203010000" and integer(128).hex() == "02020080"


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join("tests", "data", "sm2")
    self_check()
    d, point = read_openssl_pkcs8(os.path.join(out_dir, "genpkey.pem"))
    plain = gmssl_private_key_info(d, point)
    assert len(plain) == 150
    salt = gmref.sm3(b"gmkit pkcs8_gmssl salt")[:16]
    iv = gmref.sm3(b"gmkit pkcs8_gmssl iv")[:16]
    der = encrypted_private_key_info(plain, salt, iv, early=False)
    with open(os.path.join(out_dir, "gmssl_sm4_sm3.der"), "wb") as f:
        f.write(der)
    with open(os.path.join(out_dir, "gmssl_sm4_sm3.pem"), "w") as f:
        f.write(pem("ENCRYPTED PRIVATE KEY", der))
    early = encrypted_private_key_info(plain, salt, iv, early=True)
    with open(os.path.join(out_dir, "gmssl_early_sm4_sm3.pem"), "w") as f:
        f.write(pem("ENCRYPTED PRIVATE KEY", early))
    print(f"wrote gmssl_sm4_sm3.der ({len(der)} bytes), .pem, gmssl_early_sm4_sm3.pem "
          f"({len(early)} bytes) in {out_dir}")


if __name__ == "__main__":
    main()
