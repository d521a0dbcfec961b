#!/bin/sh
# Makes the key material of one fw443 cluster's sync link, with keytool only (any JDK has it).
#
#   config/gen-cluster-key.sh [--force] [--days N] DIR NODE...
#
# Writes into DIR (created if missing, mode 700):
#   store-password   random password of every store below (mode 600); the nodes read it at start
#   ca.p12           the cluster CA (key pair). Keep it off the nodes: it is only needed to add a node.
#   ca.crt           the CA certificate (PEM), for inspection
#   truststore.p12   the CA certificate alone: what the TCP stack's TLS trusts (tls.client_auth=NEED)
#   NODE.p12         per node: its key pair, certificate signed by the CA (CN=NODE), and the chain
#   cluster.p12      for the UDP stack: the shared AES-256 key "clusterkey" (SYM_ENCRYPT) and the shared RSA key
#                    pair "clusterauth" (AUTH with X509Token)
# Never overwrites: without --force an existing file is kept, so running it again with a new NODE adds that node
# (signed by the existing CA). With --force every file is made anew (a new CA: every node needs its new store).
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

pwfile="$dir/store-password"
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

ca="$dir/ca.p12"
if fresh "$ca"; then
  kt -genkeypair -alias ca -keyalg EC -groupname secp384r1 -sigalg SHA384withECDSA -validity "$days" \
    -dname "CN=fw443 cluster CA" -ext bc:c -ext ku:c=keyCertSign,cRLSign \
    -storetype PKCS12 -keystore "$ca" -storepass "$pw" -keypass "$pw"
  rm -f "$dir/ca.crt" "$dir/truststore.p12"
fi
[ -e "$dir/ca.crt" ] || kt -exportcert -rfc -alias ca -keystore "$ca" -storepass "$pw" -file "$dir/ca.crt"
if [ ! -e "$dir/truststore.p12" ]; then
  kt -importcert -alias ca -file "$dir/ca.crt" -storetype PKCS12 -keystore "$dir/truststore.p12" -storepass "$pw"
fi

for node in "$@"; do
  store="$dir/$node.p12"
  fresh "$store" || continue
  csr="$dir/$node.csr"
  crt="$dir/$node.crt"
  kt -genkeypair -alias "$node" -keyalg EC -groupname secp256r1 -sigalg SHA256withECDSA -validity "$days" \
    -dname "CN=$node, O=fw443 cluster" -storetype PKCS12 -keystore "$store" -storepass "$pw" -keypass "$pw"
  kt -certreq -alias "$node" -keystore "$store" -storepass "$pw" -file "$csr"
  kt -gencert -alias ca -keystore "$ca" -storepass "$pw" -infile "$csr" -outfile "$crt" -rfc -validity "$days" \
    -ext ku:c=digitalSignature,keyAgreement -ext eku=serverAuth,clientAuth
  kt -importcert -alias ca -file "$dir/ca.crt" -keystore "$store" -storepass "$pw"
  kt -importcert -alias "$node" -file "$crt" -keystore "$store" -storepass "$pw" -keypass "$pw"
  rm -f "$csr" "$crt"
  echo "made $store"
done

cluster="$dir/cluster.p12"
if fresh "$cluster"; then
  kt -genseckey -alias clusterkey -keyalg AES -keysize 256 -storetype PKCS12 -keystore "$cluster" \
    -storepass "$pw" -keypass "$pw"
  kt -genkeypair -alias clusterauth -keyalg RSA -keysize 3072 -validity "$days" -dname "CN=fw443 cluster auth" \
    -storetype PKCS12 -keystore "$cluster" -storepass "$pw" -keypass "$pw"
  echo "made $cluster"
fi
chmod 600 "$dir"/*
echo "key material in $dir"
