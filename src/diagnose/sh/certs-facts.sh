# Facts about a Docker certs.d tree, for `lab diagnose`: no judgement here, only what openssl and
# stat say, one TAB-separated record per line (parsed by src/diagnose/parse.ts).
# Usage: bash -s -- ROOT PROBE   (PROBE=1: also ask each folder's registry for its certificate)
set -u -o pipefail
ROOT=${1:-/etc/docker/certs.d}
PROBE=${2:-1}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

out() { local IFS=$'\t'; printf '%s\n' "$*"; }
oneline() { sed 's/^ *//' | paste -sd ' ' | tr '\t' ' '; }
# block HEADER FILE: the indented lines under an extension's header in openssl's output
block() { awk -v h="$1" 'index($0, h) == 1 { p = 1; next } p && /^    / { print; next } { p = 0 }' "$2" | oneline; }

# cert FILE PREFIX... : the certificate's facts, each record starting with PREFIX. One openssl
# call per certificate (each costs ~50 ms); nothing here may read stdin, which holds this script.
cert() {
  local f=$1 x=$TMP/x rc=0; shift
  openssl x509 -in "$f" -noout -nameopt RFC2253 -subject -issuer -enddate -checkend 0 -pubkey \
    -ext basicConstraints,subjectAltName,extendedKeyUsage </dev/null >"$x" 2>/dev/null || rc=$?
  if ! grep -q '^subject=' "$x"; then out "$@" error "not a PEM certificate"; return; fi
  out "$@" subject "$(sed -n 's/^subject=//p' "$x")"
  out "$@" issuer "$(sed -n 's/^issuer=//p' "$x")"
  out "$@" notAfter "$(sed -n 's/^notAfter=//p' "$x")"
  if [ "$rc" = 0 ]; then out "$@" expired no; else out "$@" expired yes; fi
  out "$@" basicConstraints "$(block 'X509v3 Basic Constraints' "$x")"
  out "$@" san "$(block 'X509v3 Subject Alternative Name' "$x")"
  out "$@" eku "$(block 'X509v3 Extended Key Usage' "$x")"
  out "$@" pubkey "$(sed -n '/BEGIN PUBLIC KEY/,/END PUBLIC KEY/p' "$x" | sha256sum | cut -d' ' -f1)"
}

# key FILE PREFIX... : the hash of its public key, comparable with a certificate's
key() {
  local f=$1; shift
  if openssl pkey -in "$f" -passin pass: -pubout </dev/null >"$TMP/pub" 2>/dev/null; then
    out "$@" pubkey "$(sha256sum <"$TMP/pub" | cut -d' ' -f1)"
  else
    out "$@" error "not a readable private key"
  fi
}

# probe DIR NAME: connect to the registry the folder is named after
probe() {
  local d=$1 name=$2 host port sni=()
  case "$name" in
    *:*) host=${name%:*}; port=${name##*:} ;;
    *) host=$name; port=443 ;;
  esac
  case "$port" in ''|*[!0-9]*) out server "$name" unreachable "no port in the folder name"; return ;; esac
  [[ "$host" =~ ^[0-9.]+$ ]] || sni=(-servername "$host")
  timeout 5 openssl s_client -connect "$host:$port" "${sni[@]}" -nameopt RFC2253 -showcerts </dev/null >"$TMP/s" 2>"$TMP/e" || true
  awk '/-----BEGIN CERTIFICATE-----/{p=1} p{print} /-----END CERTIFICATE-----/{exit}' "$TMP/s" >"$TMP/leaf.pem"
  awk '/-----BEGIN CERTIFICATE-----/{p=1} p{print} /-----END CERTIFICATE-----/{p=0}' "$TMP/s" >"$TMP/chain.pem"
  if [ ! -s "$TMP/leaf.pem" ]; then
    out server "$name" unreachable "$(grep -v '^ *$' "$TMP/e" | grep -m1 -iE 'connect|error|resolve|refused|timed|unknown' | oneline)"
    return
  fi
  out server "$name" address "$host:$port"
  cert "$TMP/leaf.pem" server "$name" cert
  for c in "$d"/*.crt; do
    [ -f "$c" ] || continue
    openssl verify -no_check_time -CAfile "$c" -untrusted "$TMP/chain.pem" "$TMP/leaf.pem" </dev/null >/dev/null 2>&1 && out server "$name" signedby "$(basename "$c")"
  done
  if grep -q '^Requested Signature Algorithms' "$TMP/s"; then out server "$name" clientauth requested; else out server "$name" clientauth none; fi
  sed -n '/^Acceptable client certificate CA names$/,/^Requested Signature Algorithms/p' "$TMP/s" | sed '1d;$d' | while IFS= read -r ca; do
    out server "$name" clientca "$ca"
  done
}

if [ ! -d "$ROOT" ]; then out root "$ROOT" missing; exit 0; fi
out root "$ROOT" present
for d in "$ROOT"/*/; do
  [ -d "$d" ] || continue
  d=${d%/}
  name=$(basename "$d")
  out dir "$name"
  for f in "$d"/*; do
    [ -e "$f" ] || continue
    base=$(basename "$f")
    out file "$name" "$base" mode "$(stat -L -c %a "$f" </dev/null)"
    [ -f "$f" ] || { out file "$name" "$base" type other; continue; }
    case "$base" in
      *.crt|*.cert) cert "$f" cert "$name" "$base" ;;
      *.key) key "$f" key "$name" "$base" ;;
    esac
  done
  [ "$PROBE" = 1 ] && probe "$d" "$name"
done
exit 0
