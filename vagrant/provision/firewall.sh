#!/bin/sh
# A firewall VM of the Vagrant lab, as root:  firewall.sh NAME  (fw-a, fw-b)
# Installs the node as "Install as a service" in README.md says: user fw443, /etc/fw443/fw443.yaml (the config
# io.fw443.lab.VagrantConfigs generated for NAME), the cluster keys in /etc/fw443/keys, the systemd unit from the
# distribution; then enables and (re)starts it and waits until the node answers on its management socket.
set -eu
name=${1:?usage: firewall.sh NAME}
stage=/fw443-stage
socket=/var/lib/fw443/$name.sock
[ -f "$stage/generated/$name.yaml" ] || { echo "firewall: no config $stage/generated/$name.yaml" >&2; exit 1; }

id -u fw443 >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin fw443
install -d -o root -g fw443 -m 0750 /etc/fw443 /etc/fw443/keys
install -o root -g fw443 -m 0640 "$stage/generated/$name.yaml" /etc/fw443/fw443.yaml
# The node's own store, the trust store, the shared cluster store and their password; never the CA's key.
for f in cluster.pass cluster.p12 truststore.p12 "$name.p12"; do
  install -o root -g fw443 -m 0640 "$stage/keys/$f" "/etc/fw443/keys/$f"
done

# The kernel does not forward between the data links: the node does (its ingress chains keep the kernel off them).
printf 'net.ipv4.ip_forward = 0\n' >/etc/sysctl.d/60-fw443.conf
sysctl -q -w net.ipv4.ip_forward=0

install -m 0644 /opt/fw443/config/systemd/fw443.service /etc/systemd/system/fw443.service
systemctl daemon-reload
systemctl enable fw443 >/dev/null 2>&1
systemctl restart fw443

# fw443 status: 0 healthy, 1 degraded (fw-a before fw-b is up: no peer), 2 unreachable.
tries=0
while :; do
  rc=0
  fw443 status --socket "$socket" >/dev/null 2>&1 || rc=$?
  [ "$rc" -ne 2 ] && break
  tries=$((tries + 1))
  if [ "$tries" -gt 90 ]; then
    echo "firewall: fw443 on $name did not answer on $socket within 90 s" >&2
    journalctl -u fw443 --no-pager -n 40 >&2
    exit 1
  fi
  sleep 1
done
fw443 status --socket "$socket" || true
