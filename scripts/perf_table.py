#!/usr/bin/env python3
"""Turn the criterion results of one `cargo bench --all-features` run into the README tables.

Reads target/criterion/<group>/<function>/<parameter>/new/{estimates,benchmark}.json, so every
number comes from the same run. Prints Markdown: the issue targets (ratio, target, met?) and,
per group, each implementation's throughput and gmkit's ratio to it.

    cargo bench --all-features && scripts/perf_table.py [--criterion DIR] [--peers-only]
"""

import argparse
import json
import os
import sys

# (label, group, function, parameter, peer group, peer function, peer parameter, target ratio)
TARGETS = [
    ("SM4-CTR vs OpenSSL SM4-CTR", "sm4-ctr", "gmkit", 8192, "sm4-ctr", "openssl", 8192, 25.0),
    ("SM4-GCM seal vs OpenSSL AES-128-GCM seal", "sm4-gcm-seal", "gmkit", 8192,
     "aes128-gcm-seal", "openssl", 8192, 0.6),
    ("SM3 vs OpenSSL SM3", "sm3", "gmkit", 8192, "sm3", "openssl", 8192, 1.6),
    ("SM3 batch (1,024 x 64 B) vs single-stream SM3 on 64 B", "sm3-batch", "gmkit", 64,
     "sm3", "gmkit", 64, 5.0),
    ("SM4-CBC encrypt vs the portable path", "sm4-cbc-enc", "gmkit", 8192,
     "sm4-cbc-enc", "gmkit-soft", 8192, 1.0),
    ("SM4-CBC encrypt vs OpenSSL SM4-CBC", "sm4-cbc-enc", "gmkit", 8192,
     "sm4-cbc-enc", "openssl", 8192, None),
    ("SM2 sign vs efficient-sm2", "sm2-sign", "gmkit", 32, "sm2-sign", "efficient-sm2", 32, 1.5),
    ("SM2 verify vs efficient-sm2", "sm2-verify", "gmkit", 32,
     "sm2-verify", "efficient-sm2", 32, 1.2),
    ("SM2 sign vs efficient-sm2 given e (same work)", "sm2-sign", "gmkit", 32,
     "sm2-sign", "efficient-sm2-prehashed", 32, None),
    ("SM2 verify vs efficient-sm2 given e (same work)", "sm2-verify", "gmkit", 32,
     "sm2-verify", "efficient-sm2-prehashed", 32, None),
    ("SM2 sign vs OpenSSL SM2 sign", "sm2-sign", "gmkit", 32, "sm2-sign", "openssl", 32, None),
    ("SM2 verify vs OpenSSL SM2 verify", "sm2-verify", "gmkit", 32,
     "sm2-verify", "openssl", 32, None),
    ("SM2 sign vs OpenSSL ECDSA-P256 sign", "sm2-sign", "gmkit", 32,
     "ecdsa-p256-sign", "openssl", 32, None),
    ("SM2 verify vs OpenSSL ECDSA-P256 verify", "sm2-verify", "gmkit", 32,
     "ecdsa-p256-verify", "openssl", 32, None),
]

# The parameter shown per group in the detail table (the issues' reference sizes).
DETAIL_PARAM = {"sm3-batch": 64}
SM2_PARAM = 32
BYTES_PARAM = 8192


def load(root):
    """{(group, function, parameter): (throughput per second, unit)}"""
    out = {}
    for dirpath, _dirs, files in os.walk(root):
        if "benchmark.json" not in files or os.path.basename(dirpath) != "new":
            continue
        with open(os.path.join(dirpath, "benchmark.json")) as f:
            bench = json.load(f)
        with open(os.path.join(dirpath, "estimates.json")) as f:
            est = json.load(f)
        ns = est["mean"]["point_estimate"]
        tp = bench.get("throughput") or {}
        if "Bytes" in tp:
            rate, unit = tp["Bytes"] / ns * 1e9, "B/s"
        elif "Elements" in tp:
            rate, unit = tp["Elements"] / ns * 1e9, "op/s"
        else:
            rate, unit = 1e9 / ns, "iter/s"
        try:
            param = int(bench["value_str"])
        except (KeyError, TypeError, ValueError):
            continue
        out[(bench["group_id"], bench["function_id"], param)] = (rate, unit)
    return out


def fmt(rate, unit):
    if unit == "B/s":
        if rate >= 1e9:
            return f"{rate / 1e9:.2f} GB/s"
        return f"{rate / 1e6:.0f} MB/s"
    if unit == "op/s":
        return f"{rate / 1e3:.1f} k op/s"
    return f"{rate:.0f} {unit}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--criterion", default="target/criterion")
    ap.add_argument("--peers-only", action="store_true",
                    help="leave out the forced-backend rows (gmkit-<backend>)")
    args = ap.parse_args()
    data = load(args.criterion)
    if not data:
        sys.exit(f"no criterion results under {args.criterion}; run cargo bench first")

    print("| Target | gmkit | peer | ratio | target | met |")
    print("|---|---:|---:|---:|---:|:-:|")
    for label, g, f, p, pg, pf, pp, target in TARGETS:
        a, b = data.get((g, f, p)), data.get((pg, pf, pp))
        if not a or not b:
            print(f"| {label} | – | – | not measured | {target or ''} | |")
            continue
        ratio = a[0] / b[0]
        met = "" if target is None else ("yes" if ratio >= target else "**no**")
        tgt = "" if target is None else f"≥ {target:g}×"
        print(f"| {label} | {fmt(*a)} | {fmt(*b)} | {ratio:.2f}× | {tgt} | {met} |")

    print()
    print("| Operation | Size | Implementation | Throughput | gmkit ÷ it |")
    print("|---|---:|---|---:|---:|")
    for g in sorted({k[0] for k in data}):
        params = {k[2] for k in data if k[0] == g}
        p = DETAIL_PARAM.get(g)
        if p is None:
            p = SM2_PARAM if SM2_PARAM in params and BYTES_PARAM not in params else BYTES_PARAM
        if p not in params:
            p = max(params)
        base = data.get((g, "gmkit", p))
        rows = sorted((k[1], v) for k, v in data.items() if k[0] == g and k[2] == p)
        for name, (rate, unit) in rows:
            if args.peers_only and name.startswith("gmkit-"):
                continue
            ratio = f"{base[0] / rate:.2f}×" if base and name != "gmkit" else ""
            print(f"| {g} | {p} | {name} | {fmt(rate, unit)} | {ratio} |")


if __name__ == "__main__":
    main()
