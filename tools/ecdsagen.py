#!/usr/bin/env python3
"""Write vectors/ecdsa_p256_sign_with_k.json: ECDSA-P256-SHA256 signatures with a given k.

Usage: python3 tools/ecdsagen.py [OUTDIR]          (default: vectors/)

Every valid test is a published value: RFC 6979 Appendix A.2.5 (its private key, the messages
"sample" and "test", and the k, r and s printed for SHA-256) and the first two [P-256,SHA-256]
records of NIST CAVP's FIPS 186-3 SigGen.txt. Before anything is written, r and s are recomputed
from d, k and the message with a plain-integer ECDSA over sm2ref.Curve (the P-256 parameters of
SEC 2 / FIPS 186-5 below), the public key [d]G is compared with the published one, and, where
pyca/cryptography is installed, each signature is verified with it. The DER and P1363
encodings are derived here. The invalid tests alter one published value each (r, s, sig, pub,
k), so the signature a correct implementation makes is not the one the test gives.
"""

import hashlib
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sm2ref  # noqa: E402
from sm2gen import SCHEMA, layout  # noqa: E402

# secp256r1 (SEC 2 v2 §2.4.2; FIPS 186-5 / SP 800-186 §3.2.1.3).
P256 = sm2ref.Curve(dict(
    curve="secp256r1",
    p=0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF,
    a=0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFC,
    b=0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B,
    gx=0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
    gy=0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5,
    n=0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551,
    h=1,
))

SOURCES = {
    "rfc6979": {
        "document": "RFC 6979 Deterministic Usage of the Digital Signature Algorithm (DSA) and Elliptic Curve Digital Signature Algorithm (ECDSA)",
        "clause": "Appendix A.2.5 (ECDSA, 256 bits, prime field: NIST P-256), signatures with SHA-256",
    },
    "cavp-siggen": {
        "document": "NIST CAVP, FIPS 186-3 ECDSA test vectors (186-3ecdsatestvectors.zip), SigGen.txt",
        "clause": "[P-256,SHA-256], the first two records",
        "transcribedIn": {
            "repository": "intel/tinycrypt",
            "path": "tests/test_ecc_dsa.c",
            "commit": "297706a14d4024d0e98bbbcae45ce0dcfbcc5c4c",
        },
    },
    "ecdsagen": {
        "generator": "tools/ecdsagen.py (this repository): the published values above, recomputed with tools/sm2ref.py's curve arithmetic; DER and P1363 encodings derived; invalid tests are published values with one field altered",
        "command": "python3 tools/ecdsagen.py",
    },
}

NOTES = {
    "StandardExample": "The values are a worked example printed in the cited RFC.",
    "Cavp": "A NIST CAVP known answer (FIPS 186-3 SigGen), as transcribed in the cited source.",
    "HighBitInteger": "r or s has its top bit set, so its DER INTEGER needs a leading 00 byte.",
    "ModifiedR": "r is not the r that k gives (the published r plus one).",
    "ModifiedS": "s is not the s that k gives (the published s plus one).",
    "OtherSignature": "(r, n - s) verifies under the key, but it is not the signature k gives.",
    "ModifiedSig": "r and s are right, but `sig` is not their encoding (r and s swapped).",
    "WrongPublicKey": "`pub` is not [d]G (the public key of the other published key pair).",
    "NonceOutOfRange": "k is 0 or n, outside [1, n - 1]: signing must refuse it.",
}

# RFC 6979 A.2.5: the key pair, then (message, k, r, s) for SHA-256.
RFC_D = 0xC9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721
RFC_UX = 0x60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6
RFC_UY = 0x7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299
RFC_SIGS = [
    (b"sample",
     0xA6E3C57DD01ABE90086538398355DD4C3B17AA873382B0F24D6129493D8AAD60,
     0xEFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716,
     0xF7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8),
    (b"test",
     0xD16B6AE827F17175E040871A1C7EC3500192C4C92677336EC2537ACAEE0008E0,
     0xF1ABB023518351CD71D881567B1EA663ED3EFCF6C5132B354F28D3B0B7D38367,
     0x019F4113742A2B14BD25926B49C649155F267E60D3814B4C0CC84250E46F0083),
]

# CAVP SigGen [P-256,SHA-256] records 0 and 1: Msg, d, Qx, Qy, k, R, S.
CAVP = [
    ("5905238877c77421f73e43ee3da6f2d9e2ccad5fc942dcec0cbd25482935faaf416983fe165b1a045ee2bcd2e6dca3bd"
     "f46c4310a7461f9a37960ca672d3feb5473e253605fb1ddfd28065b53cb5858a8ad28175bf9bd386a5e471ea7a65c17c"
     "c934a9d791e91491eb3754d03799790fe2d308d16146d5c9b0d0debd97d79ce8",
     0x519b423d715f8b581f4fa8ee59f4771a5b44c8130b4e3eacca54a56dda72b464,
     0x1ccbe91c075fc7f4f033bfa248db8fccd3565de94bbfb12f3c59ff46c271bf83,
     0xce4014c68811f9a21a1fdb2c0e6113e06db7ca93b7404e78dc7ccd5ca89a4ca9,
     0x94a1bbb14b906a61a280f245f9e93c7f3b4a6247824f5d33b9670787642a68de,
     0xf3ac8061b514795b8843e3d6629527ed2afd6b1f6a555a7acabb5e6f79c8c2ac,
     0x8bf77819ca05a6b2786c76262bf7371cef97b218e96f175a3ccdda2acc058903),
    ("c35e2f092553c55772926bdbe87c9796827d17024dbb9233a545366e2e5987dd344deb72df987144b8c6c43bc41b654b"
     "94cc856e16b96d7a821c8ec039b503e3d86728c494a967d83011a0e090b5d54cd47f4e366c0912bc808fbb2ea96efac8"
     "8fb3ebec9342738e225f7c7c2b011ce375b56621a20642b4d36e060db4524af1",
     0x0f56db78ca460b055c500064824bed999a25aaf48ebb519ac201537b85479813,
     0xe266ddfdc12668db30d4ca3e8f7749432c416044f2d2b8c10bf3d4012aeffa8a,
     0xbfa86404a2e9ffe67d47c587ef7a97a7f456b863b4d02cfc6928973ab5b1cb39,
     0x6d3e71882c3b83b156bb14e0ab184aa9fb728068d3ae9fac421187ae0b2f34c6,
     0x976d3a4e9d23326dc0baa9fa560b7c4e53f42864f508483a6473b6a11079b2db,
     0x1b766e9ceb71ba6c01dcd46e0af462cd4cfa652ae5017d4555b8eeefe36e1932),
]


def sign_with_k(d, msg, k):
    """FIPS 186-5 §6.4.1 with the given k (SHA-256 is as long as n: no truncation)."""
    n = P256.n
    e = int.from_bytes(hashlib.sha256(msg).digest(), "big")
    x, _ = P256.mul(k, P256.G)
    r = x % n
    s = pow(k, -1, n) * (e + r * d) % n
    assert r and s
    return r, s


def verify(Q, msg, r, s):
    """FIPS 186-5 §6.4.2."""
    n = P256.n
    if not (0 < r < n and 0 < s < n):
        return False
    e = int.from_bytes(hashlib.sha256(msg).digest(), "big")
    w = pow(s, -1, n)
    R = P256.add(P256.mul(e * w % n, P256.G), P256.mul(r * w % n, Q))
    return R is not None and R[0] % n == r


def pyca_verify(d, msg, r, s):
    """An independent check of (r, s), where pyca/cryptography is installed."""
    try:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
    except ImportError:
        return False
    key = ec.derive_private_key(d, ec.SECP256R1()).public_key()
    key.verify(encode_dss_signature(r, s), msg, ec.ECDSA(hashes.SHA256()))
    return True


def x32(v):
    return f"{v:064x}"


def published():
    """(comment, d, pub, msg, k, r, s, flags, source) for each published signature."""
    out = []
    rfc_pub = P256.encode((RFC_UX, RFC_UY))
    for msg, k, r, s in RFC_SIGS:
        out.append((f"RFC 6979 A.2.5, SHA-256, message \"{msg.decode()}\"", RFC_D, rfc_pub, msg, k, r, s,
                    ["StandardExample"], [{"id": "rfc6979", "ref": "A.2.5"}]))
    for i, (msg, d, qx, qy, k, r, s) in enumerate(CAVP):
        out.append((f"CAVP SigGen [P-256,SHA-256] record {i}", d, P256.encode((qx, qy)), bytes.fromhex(msg),
                    k, r, s, ["Cavp"], [{"id": "cavp-siggen", "ref": f"[P-256,SHA-256] record {i}"}]))
    pyca = True
    for comment, d, pub, msg, k, r, s, _, _ in out:
        assert P256.encode(P256.mul(d, P256.G)) == pub, f"{comment}: [d]G"
        assert sign_with_k(d, msg, k) == (r, s), f"{comment}: r, s"
        assert verify(P256.decode(pub), msg, r, s), f"{comment}: verification"
        pyca = pyca_verify(d, msg, r, s) and pyca
    print("published values recomputed" + (", verified with pyca" if pyca else " (pyca not installed)"))
    return out


def test(comment, d, pub, msg, k, r, s, sig, flags, source, result="valid"):
    if (r >> 255) or (s >> 255):
        flags = flags + ["HighBitInteger"]
    return {"comment": comment, "d": x32(d), "pub": pub.hex(), "msg": msg.hex(), "k": x32(k),
            "r": x32(r), "s": x32(s), "sig": sig.hex(), "result": result, "flags": flags, "source": source}


def der(r, s):
    return sm2ref.sig_der(r, s)


def p1363(r, s):
    return r.to_bytes(32, "big") + s.to_bytes(32, "big")


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    outdir = argv[0] if argv else os.path.join(here, "..", "vectors")
    pub = published()
    n = P256.n
    group = {"curve": "secp256r1", "sha": "SHA-256"}
    groups = []

    tests = [test(c, d, q, m, k, r, s, der(r, s), f, src) for c, d, q, m, k, r, s, f, src in pub]
    c, d, q, m, k, r, s, f, src = pub[0]
    tests.append(test(c + ", r + 1", d, q, m, k, r + 1, s, der(r + 1, s), ["ModifiedR"], src, "invalid"))
    tests.append(test(c + ", s + 1", d, q, m, k, r, s + 1, der(r, s + 1), ["ModifiedS"], src, "invalid"))
    tests.append(test(c + ", k = 0", d, q, m, 0, r, s, der(r, s), ["NonceOutOfRange"], src, "invalid"))
    tests.append(test(c + ", k = n", d, q, m, n, r, s, der(r, s), ["NonceOutOfRange"], src, "invalid"))
    other_pub = pub[2][2]
    tests.append(test(c + ", pub of another key", d, other_pub, m, k, r, s, der(r, s), ["WrongPublicKey"], src,
                      "invalid"))
    c, d, q, m, k, r, s, f, src = pub[1]
    assert verify(P256.decode(q), m, r, n - s), "(r, n - s) verifies"
    tests.append(test(c + ", s -> n - s", d, q, m, k, r, n - s, der(r, n - s), ["OtherSignature"], src, "invalid"))
    tests.append(test(c + ", sig with r and s swapped", d, q, m, k, r, s, der(s, r), ["ModifiedSig"], src, "invalid"))
    groups.append((dict(group, encoding="DER"), tests))

    tests = [test(c, d, q, m, k, r, s, p1363(r, s), f, src) for c, d, q, m, k, r, s, f, src in pub[:2]]
    c, d, q, m, k, r, s, f, src = pub[0]
    tests.append(test(c + ", s + 1", d, q, m, k, r, s + 1, p1363(r, s + 1), ["ModifiedS"], src, "invalid"))
    tests.append(test(c + ", sig with r and s swapped", d, q, m, k, r, s, p1363(s, r), ["ModifiedSig"], src,
                      "invalid"))
    groups.append((dict(group, encoding="P1363"), tests))

    tc = 0
    flags = set()
    out_groups = []
    for g, ts in groups:
        out = []
        for t in ts:
            tc += 1
            out.append({"tcId": tc, **t})
            flags.update(t["flags"])
        out_groups.append({"type": "EcdsaSignWithKTest", **g, "tests": out})
    doc = {
        "algorithm": "ECDSA-P256",
        "schema": SCHEMA,
        "source": SOURCES,
        "numberOfTests": tc,
        "header": [
            "ECDSA over P-256 with SHA-256, signing with a given k (group type EcdsaSignWithKTest):",
            "RFC 6979 Appendix A.2.5 (messages \"sample\" and \"test\") and NIST CAVP FIPS 186-3 SigGen",
            "[P-256,SHA-256] records 0 and 1. r and s are checked, and `sig` in the group's encoding",
            "(DER, or P1363 r || s). Invalid tests change one published value each.",
        ],
        "notes": {f: NOTES[f] for f in sorted(flags)},
        "testGroups": out_groups,
    }
    path = os.path.join(outdir, "ecdsa_p256_sign_with_k.json")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(layout(doc))
    print(f"{tc} tests written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
