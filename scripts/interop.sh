#!/usr/bin/env bash
# Interop of `gmkit sm2` with the OpenSSL 3.0 command line, both ways: keys made by each side and
# read by the other, signatures (default and custom ID) made here and checked there and the
# reverse, encryption (DER ciphertext) here and decryption there and the reverse, and changed
# messages and ciphertexts refused by both sides. cli/tests/interop_openssl.rs runs the same matrix.
#
#   scripts/interop.sh                      # builds and uses target/release/gmkit
#   GMKIT=path/to/gmkit scripts/interop.sh  # uses that binary
#
# OpenSSL 3.0 notes, checked with 3.0.19:
# - `pkeyutl -sign/-verify -rawin -digest sm3` without `-pkeyopt distid:` hashes Z_A over an
#   EMPTY ID (ENTL = 0), not GM/T 0009's default 1234567812345678; pass
#   `-pkeyopt distid:1234567812345678` to match gmkit's default (or give gmkit `--id ''`).
# - `ecparam -name SM2 -genkey` writes an `SM2 PARAMETERS` block, then a PKCS#8 `PRIVATE KEY`.
# - `openssl ec` writes SEC1 under the label `SM2 PRIVATE KEY`; it reads `EC PRIVATE KEY` too.
# - `pkeyutl -encrypt` refuses an empty message, as gmkit does.
# - `pkeyutl -decrypt -out F` leaves an empty F behind when decryption fails; gmkit writes nothing.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "${GMKIT:-}" ]; then
  echo "== cargo build --release --bin gmkit"
  (cd "$root" && cargo build --release --bin gmkit)
  GMKIT=$root/target/release/gmkit
fi
[ -x "$GMKIT" ] || { echo "FAIL: $GMKIT is not an executable" >&2; exit 1; }
# The checks run in a temporary directory: make the path absolute.
GMKIT=$(cd "$(dirname "$GMKIT")" && pwd)/$(basename "$GMKIT")
command -v openssl >/dev/null || { echo "FAIL: the openssl command is not installed" >&2; exit 1; }
case "$(openssl version)" in
  "OpenSSL 3."*) ;;
  *) echo "FAIL: OpenSSL 3.x needed, found: $(openssl version)" >&2; exit 1 ;;
esac
echo "== $(openssl version); $("$GMKIT" --version)"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"

passed=0
failed=0
log="$tmp/step.log"

pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1"; sed 's/^/    /' "$log"; failed=$((failed + 1)); }

# ok DESC CMD...: CMD must succeed.
ok() {
  local desc=$1; shift
  if "$@" >"$log" 2>&1; then pass "$desc"; else fail "$desc"; fi
}

# status N DESC CMD...: CMD must exit with status N.
status() {
  local want=$1 desc=$2 got=0; shift 2
  "$@" >"$log" 2>&1 || got=$?
  if [ "$got" -eq "$want" ]; then pass "$desc"; else echo "    exit status $got, expected $want" >>"$log"; fail "$desc"; fi
}

# refused DESC TEXT CMD...: CMD must fail and say TEXT (so it failed for the reason tested).
refused() {
  local desc=$1 text=$2; shift 2
  if "$@" >"$log" 2>&1; then
    echo "    succeeded, expected a failure" >>"$log"; fail "$desc"
  elif grep -q "$text" "$log"; then
    pass "$desc"
  else
    echo "    failed without saying \"$text\"" >>"$log"; fail "$desc"
  fi
}

# same DESC A B: files A and B are identical.
same() { ok "$1" cmp "$2" "$3"; }

# flip IN OUT: OUT is IN with the last byte's low bit flipped.
flip() {
  local n last
  n=$(wc -c <"$1")
  last=$(tail -c 1 "$1" | od -An -tu1 | tr -d ' ')
  head -c $((n - 1)) "$1" >"$2"
  # shellcheck disable=SC2059 # the format is the escaped byte itself
  printf "\\$(printf '%03o' $((last ^ 1)))" >>"$2"
}

ossl_sign() { openssl pkeyutl -sign -rawin -digest sm3 -inkey "$1" -in "$2" -out "$3" -pkeyopt "distid:$4"; }
ossl_verify() { openssl pkeyutl -verify -rawin -digest sm3 -pubin -inkey "$1" -in "$2" -sigfile "$3" -pkeyopt "distid:$4"; }

BADSIG="Signature Verification Failure"
BADCT="Public Key operation error"
DEFAULT_ID=1234567812345678
CUSTOM_ID=alice@example.com
openssl rand -out msg 1000
flip msg msg.changed

echo "== keys"
# OpenSSL-made: PKCS#8 from genpkey; ecparam's parameters block + PKCS#8; SEC1 (`SM2 PRIVATE KEY`)
# and PKCS#8 DER of the same key; public keys as SPKI PEM and DER.
ok "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:SM2" \
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:SM2 -out ossl_genpkey.key
ok "openssl ecparam -name SM2 -genkey" openssl ecparam -name SM2 -genkey -out ossl_ecparam.key
ok "openssl ec (SEC1 'SM2 PRIVATE KEY')" openssl ec -in ossl_genpkey.key -out ossl_sec1.key
ok "openssl pkey -outform DER" openssl pkey -in ossl_genpkey.key -outform DER -out ossl_der.key
for k in ossl_genpkey ossl_ecparam; do
  ok "openssl pkey -pubout ($k)" openssl pkey -in $k.key -pubout -out $k.pub
done
ok "openssl pkey -pubout -outform DER" openssl pkey -in ossl_genpkey.key -pubout -outform DER -out ossl_genpkey.pub.der
# gmkit-made: PKCS#8 PEM, SEC1 PEM, PKCS#8 DER.
ok "gmkit sm2 keygen" "$GMKIT" sm2 keygen --out gmkit_pkcs8.key
ok "gmkit sm2 keygen --sec1" "$GMKIT" sm2 keygen --sec1 --out gmkit_sec1.key
ok "gmkit sm2 keygen --der" "$GMKIT" sm2 keygen --der --out gmkit_der.key
ok "gmkit key file mode 0600" test "$(stat -c %a gmkit_pkcs8.key)" = 600
for k in gmkit_pkcs8 gmkit_sec1; do
  ok "gmkit sm2 pub ($k)" "$GMKIT" sm2 pub --key $k.key --out $k.pub
done

# Each side derives the same SPKI from the other's key files.
for k in ossl_genpkey ossl_ecparam ossl_sec1 ossl_der; do
  case $k in ossl_sec1 | ossl_der) src=ossl_genpkey ;; *) src=$k ;; esac
  ok "gmkit reads $k" "$GMKIT" sm2 pub --key $k.key --out $k.gmkit.pub
  same "gmkit's public key of $k = openssl's" $k.gmkit.pub $src.pub
done
ok "gmkit reads an SPKI DER public key" "$GMKIT" sm2 encrypt --pub ossl_genpkey.pub.der --in msg --out der_pub.ct
ok "openssl decrypts to that key" openssl pkeyutl -decrypt -inkey ossl_genpkey.key -in der_pub.ct -out der_pub.out
same "  and gets the message back" msg der_pub.out
for k in gmkit_pkcs8 gmkit_sec1 gmkit_der; do
  case $k in gmkit_der) form=DER ;; *) form=PEM ;; esac
  ok "openssl reads $k" openssl pkey -inform $form -in $k.key -pubout -out $k.ossl.pub
  [ "$k" = gmkit_der ] || same "openssl's public key of $k = gmkit's" $k.ossl.pub $k.pub
done

for k in ossl_genpkey ossl_ecparam gmkit_pkcs8 gmkit_sec1; do
  for idname in default custom; do
    if [ $idname = default ]; then id=$DEFAULT_ID; other=$CUSTOM_ID; gid=(); else id=$CUSTOM_ID; other=$DEFAULT_ID; gid=(--id "$CUSTOM_ID"); fi
    echo "== signatures, $k, $idname ID ($id)"
    ok "gmkit sign" "$GMKIT" sm2 sign --key $k.key "${gid[@]}" --in msg --out $k.$idname.gsig
    ok "openssl verifies gmkit's signature" ossl_verify $k.pub msg $k.$idname.gsig "$id"
    refused "openssl refuses it on a changed message" "$BADSIG" ossl_verify $k.pub msg.changed $k.$idname.gsig "$id"
    refused "openssl refuses it under the other ID" "$BADSIG" ossl_verify $k.pub msg $k.$idname.gsig "$other"
    ok "openssl sign" ossl_sign $k.key msg $k.$idname.osig "$id"
    status 0 "gmkit verifies openssl's signature" "$GMKIT" sm2 verify --pub $k.pub "${gid[@]}" --in msg --sig $k.$idname.osig
    status 1 "gmkit refuses it on a changed message" "$GMKIT" sm2 verify --pub $k.pub "${gid[@]}" --in msg.changed --sig $k.$idname.osig
    status 1 "gmkit refuses it under the other ID" "$GMKIT" sm2 verify --pub $k.pub --id "$other" --in msg --sig $k.$idname.osig
  done
  echo "== encryption, $k (DER ciphertext)"
  ok "gmkit encrypt" "$GMKIT" sm2 encrypt --pub $k.pub --in msg --out $k.gct
  ok "openssl decrypts gmkit's ciphertext" openssl pkeyutl -decrypt -inkey $k.key -in $k.gct -out $k.gct.out
  same "  and gets the message back" msg $k.gct.out
  flip $k.gct $k.gct.changed
  refused "openssl refuses a changed ciphertext" "$BADCT" openssl pkeyutl -decrypt -inkey $k.key -in $k.gct.changed -out $k.gct.changed.out
  ok "openssl encrypt" openssl pkeyutl -encrypt -pubin -inkey $k.pub -in msg -out $k.oct
  ok "gmkit decrypts openssl's ciphertext" "$GMKIT" sm2 decrypt --key $k.key --in $k.oct --out $k.oct.out
  same "  and gets the message back" msg $k.oct.out
  flip $k.oct $k.oct.changed
  status 1 "gmkit refuses a changed ciphertext" "$GMKIT" sm2 decrypt --key $k.key --in $k.oct.changed --out $k.oct.changed.out
  ok "  and writes no output" test ! -e $k.oct.changed.out
done

echo "== a 100,000-byte message (DER lengths of three octets)"
openssl rand -out large 100000
ok "gmkit encrypt" "$GMKIT" sm2 encrypt --pub ossl_genpkey.pub --in large --out large.gct
ok "openssl decrypts it" openssl pkeyutl -decrypt -inkey ossl_genpkey.key -in large.gct -out large.gct.out
same "  and gets the message back" large large.gct.out
ok "openssl encrypt" openssl pkeyutl -encrypt -pubin -inkey gmkit_pkcs8.pub -in large -out large.oct
ok "gmkit decrypts it" "$GMKIT" sm2 decrypt --key gmkit_pkcs8.key --in large.oct --out large.oct.out
same "  and gets the message back" large large.oct.out
ok "gmkit signs it" "$GMKIT" sm2 sign --key gmkit_pkcs8.key --in large --out large.gsig
ok "openssl verifies it" ossl_verify gmkit_pkcs8.pub large large.gsig $DEFAULT_ID

echo "== more key forms, IDs and stdin/stdout"
for k in ossl_sec1 ossl_der gmkit_der; do
  case $k in gmkit_der) pub=gmkit_der.ossl.pub ;; *) pub=ossl_genpkey.pub ;; esac
  ok "gmkit signs with $k" "$GMKIT" sm2 sign --key $k.key --in msg --out $k.gsig
  ok "openssl verifies it" ossl_verify $pub msg $k.gsig $DEFAULT_ID
done
ok "openssl signs with gmkit's DER key (-keyform DER)" \
  openssl pkeyutl -sign -rawin -digest sm3 -keyform DER -inkey gmkit_der.key -in msg -out gmkit_der.osig -pkeyopt distid:$DEFAULT_ID
status 0 "gmkit verifies it" "$GMKIT" sm2 verify --pub gmkit_der.ossl.pub --in msg --sig gmkit_der.osig
ok "openssl signs with hexdistid:616c696365" \
  openssl pkeyutl -sign -rawin -digest sm3 -inkey ossl_genpkey.key -in msg -out hexid.osig -pkeyopt hexdistid:616c696365
status 0 "gmkit verifies it with --id-hex 616c696365" "$GMKIT" sm2 verify --pub ossl_genpkey.pub --id-hex 616c696365 --in msg --sig hexid.osig
# OpenSSL 3.0 without distid: Z_A over the empty ID.
ok "openssl signs without -pkeyopt distid" \
  openssl pkeyutl -sign -rawin -digest sm3 -inkey ossl_genpkey.key -in msg -out noid.osig
status 0 "gmkit verifies it with --id '' (OpenSSL 3.0's default is the empty ID)" \
  "$GMKIT" sm2 verify --pub ossl_genpkey.pub --id '' --in msg --sig noid.osig
status 1 "gmkit refuses it under its default ID 1234567812345678" \
  "$GMKIT" sm2 verify --pub ossl_genpkey.pub --in msg --sig noid.osig
ok "gmkit signs with --id ''" "$GMKIT" sm2 sign --key ossl_genpkey.key --id '' --in msg --out noid.gsig
ok "openssl verifies it without -pkeyopt distid" \
  openssl pkeyutl -verify -rawin -digest sm3 -pubin -inkey ossl_genpkey.pub -in msg -sigfile noid.gsig
ok "gmkit sign --in - --out - (pipes)" sh -c "'$GMKIT' sm2 sign --key gmkit_pkcs8.key --in - --out - <msg >pipe.gsig"
ok "openssl verifies it" ossl_verify gmkit_pkcs8.pub msg pipe.gsig $DEFAULT_ID
ok "gmkit decrypt --in - --out - (pipes)" sh -c "'$GMKIT' sm2 decrypt --key gmkit_pkcs8.key --in - --out - <gmkit_pkcs8.oct >pipe.out"
same "  and gets the message back" msg pipe.out

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
