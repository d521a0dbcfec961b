#!/bin/sh
# Host side of `vagrant up`, `provision` and `reload` (a trigger in the Vagrantfile): gathers what the VMs install
# into vagrant/.stage/, which Vagrant syncs (rsync) to /fw443-stage in every VM:
#   fw443.tar.gz   the node distribution (node/target/fw443-*.tar.gz)
#   lab-classes/   ha-tests' classes: the TLS echo server and the session fleet (they run on the dist's lib/)
#   generated/     the node configs (vagrant/generated/fw-*.yaml)
#   keys/          the cluster's key material, made once into vagrant/.keys by config/gen-cluster-key.sh; the CA's
#                  key (ca.p12) stays on the host
# Vagrant runs the trigger once per VM, in parallel with libvirt: a lock directory serialises the runs, and .stage is
# replaced only when its content changes, so a VM already syncing never sees it vanish.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")

tarball=""
for f in "$ROOT"/node/target/fw443-*.tar.gz; do
  [ -e "$f" ] && tarball=$f
done
classes="$ROOT/ha-tests/target/classes"
if [ -z "$tarball" ] || [ ! -f "$classes/io/fw443/lab/traffic/TlsEchoFleet.class" ]; then
  echo "stage: build first, from the repository root: mvn -B package -DskipTests -pl ha-tests -am" >&2
  exit 1
fi

lock="$HERE/.stage.lock"
tries=0
until mkdir "$lock" 2>/dev/null; do
  tries=$((tries + 1))
  if [ "$tries" -gt 300 ]; then
    echo "stage: $lock has been held for 5 minutes; remove it if no vagrant command is running" >&2
    exit 1
  fi
  sleep 1
done
trap 'rm -rf "$HERE/.stage.new"; rmdir "$lock"' EXIT
trap 'exit 1' INT TERM

firewalls=""
for f in "$HERE"/generated/fw-*.yaml; do
  firewalls="$firewalls $(basename "$f" .yaml)"
done
missing=0
for fw in $firewalls; do
  [ -e "$HERE/.keys/$fw.p12" ] || missing=1
done
if [ "$missing" -eq 1 ]; then
  # shellcheck disable=SC2086 # one word per firewall
  sh "$ROOT/config/gen-cluster-key.sh" "$HERE/.keys" $firewalls
fi

new="$HERE/.stage.new"
rm -rf "$new"
mkdir -p "$new/keys" "$new/generated"
cp "$tarball" "$new/fw443.tar.gz"
cp -R "$classes" "$new/lab-classes"
cp "$HERE"/generated/fw-*.yaml "$new/generated/"
for f in "$HERE"/.keys/*; do
  [ "$(basename "$f")" = ca.p12 ] || cp "$f" "$new/keys/"
done
if [ -d "$HERE/.stage" ] && diff -r -q "$new" "$HERE/.stage" >/dev/null 2>&1; then
  echo "stage: $HERE/.stage is up to date"
else
  rm -rf "$HERE/.stage"
  mv "$new" "$HERE/.stage"
  echo "stage: $(basename "$tarball"), lab classes, configs and keys in $HERE/.stage"
fi
