#!/bin/sh
# Makes the key material of one fw443 cluster's sync link with openssl and keytool (a JDK's), nothing else.
#
#   config/gen-cluster-key.sh [--force] [--days N] DIR NODE...
#
# Writes into DIR (created if missing, mode 700):
#   cluster.pass     random password of every store below (mode 600); the nodes read it at start
#   ca.p12           the cluster CA (key pair). Keep it off the nodes: it is only needed to add a node.
#   ca.crt           the CA certificate (PEM), for inspection
#   truststore.p12   the CA certificate alone: what the TCP stack's TLS trusts (tls.client_auth=NEED)
#   NODE.p12         per node: its key pair, certificate signed by the CA (CN=NODE), and the chain
#   cluster.p12      for the UDP stack: the shared AES-256 key "clusterkey" (SYM_ENCRYPT) and the shared RSA key
#                    pair "clusterauth" (AUTH with X509Token)
# Never overwrites: without --force an existing file is kept, so running it again with a new NODE adds that node
# (signed by the existing CA). With --force every file is made anew (a new CA: every node needs its new store).
# The certificates are made with openssl (fast); keytool makes what only Java reads: the trusted-certificate store
# and the secret-key entry.
set -eu

usage() {
  echo "usage: $0 [--force] [--days N] DIR NODE..." >&2
  exit 2
}

force=0
days=3650
while [ $# -gt 0 ]; do
  case "$1" in
    --force) force=1; shift ;;
    --days) [ $# -ge 2 ] || usage; days=$2; shift 2 ;;
    --help|-h) usage ;;
    --*) echo "unknown option $1" >&2; usage ;;
    *) break ;;
  esac
done
[ $# -ge 2 ] || usage
dir=$1
shift
for node in "$@"; do
  case "$node" in
    *[!A-Za-z0-9_-]*|'') echo "node name must be letters, digits, - or _: '$node'" >&2; exit 2 ;;
    ca|truststore|cluster) echo "node name '$node' is reserved" >&2; exit 2 ;;
  esac
done
command -v keytool >/dev/null 2>&1 || { echo "keytool not found (install a JDK)" >&2; exit 1; }

umask 077
mkdir -p "$dir"
chmod 700 "$dir"

# Should $1 be (re)made? Existing files survive unless --force.
fresh() {
  if [ -e "$1" ] && [ "$force" -eq 0 ]; then
    echo "keeping $1 (use --force to replace it)" >&2
    return 1
  fi
  rm -f "$1"
  return 0
}

pwfile="$dir/cluster.pass"
if fresh "$pwfile"; then
  # 32 characters from the kernel's random pool, shell-safe.
  LC_ALL=C tr -dc 'A-Za-z0-9' </dev/urandom | head -c 32 >"$pwfile"
  force_rest=1
else
  force_rest=0
fi
pw=$(cat "$pwfile")
# A new password invalidates every store made with the old one.
[ "$force_rest" -eq 1 ] && force=1

kt() {
  # A short-lived JVM per call: skip the optimising compiler, it only costs start-up time here.
  keytool -J-XX:TieredStopAtLevel=1 -J-XX:+UseSerialGC -noprompt "$@" >/dev/null 2>&1 \
    || { echo "keytool failed: keytool $*" >&2; keytool -noprompt "$@" >&2; exit 1; }
}
ossl() {
  openssl "$@" >/dev/null 2>&1 || { echo "openssl failed: openssl $*" >&2; openssl "$@" >&2; exit 1; }
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

ca="$dir/ca.p12"
if fresh "$ca"; then
  ossl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:secp384r1 -sha384 -nodes -days "$days" \
    -subj "/CN=fw443 cluster CA" -addext "basicConstraints=critical,CA:true" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" -keyout "$work/ca.key" -out "$dir/ca.crt"
  ossl pkcs12 -export -name ca -inkey "$work/ca.key" -in "$dir/ca.crt" -out "$ca" -passout "file:$pwfile"
  rm -f "$dir/truststore.p12"
else
  ossl pkcs12 -in "$ca" -nocerts -nodes -passin "file:$pwfile" -out "$work/ca.key"
  [ -e "$dir/ca.crt" ] || ossl pkcs12 -in "$ca" -nokeys -passin "file:$pwfile" -out "$dir/ca.crt"
fi
if [ ! -e "$dir/truststore.p12" ]; then
  kt -importcert -alias ca -file "$dir/ca.crt" -storetype PKCS12 -keystore "$dir/truststore.p12" -storepass "$pw"
fi

printf '%s\n' "keyUsage=critical,digitalSignature,keyAgreement" "extendedKeyUsage=serverAuth,clientAuth" \
  >"$work/node.ext"
for node in "$@"; do
  store="$dir/$node.p12"
  fresh "$store" || continue
  ossl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=$node/O=fw443 cluster" \
    -keyout "$work/$node.key" -out "$work/$node.csr"
  ossl x509 -req -sha256 -in "$work/$node.csr" -CA "$dir/ca.crt" -CAkey "$work/ca.key" \
    -set_serial "0x$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')" -days "$days" -extfile "$work/node.ext" \
    -out "$work/$node.crt"
  ossl pkcs12 -export -name "$node" -inkey "$work/$node.key" -in "$work/$node.crt" -certfile "$dir/ca.crt" \
    -out "$store" -passout "file:$pwfile"
  echo "made $store"
done

cluster="$dir/cluster.p12"
if fresh "$cluster"; then
  kt -genseckey -alias clusterkey -keyalg AES -keysize 256 -storetype PKCS12 -keystore "$cluster" \
    -storepass "$pw" -keypass "$pw"
  ossl req -x509 -newkey rsa:3072 -sha256 -nodes -days "$days" -subj "/CN=fw443 cluster auth" \
    -keyout "$work/auth.key" -out "$work/auth.crt"
  ossl pkcs12 -export -name clusterauth -inkey "$work/auth.key" -in "$work/auth.crt" -out "$work/auth.p12" \
    -passout "file:$pwfile"
  kt -importkeystore -srckeystore "$work/auth.p12" -srcstoretype PKCS12 -srcstorepass "$pw" \
    -destkeystore "$cluster" -deststoretype PKCS12 -deststorepass "$pw" -destkeypass "$pw"
  echo "made $cluster"
fi
chmod 600 "$dir"/*
echo "key material in $dir"
