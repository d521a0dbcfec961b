#!/bin/sh
# Every VM of the Vagrant lab, as root: the packages, the node distribution in /opt/fw443 (the node on the
# firewalls; its lib/ also carries the lab tools' libraries) and the lab tools (the TLS echo server, the session
# fleet) behind /usr/local/bin/fw443-lab. Reads /fw443-stage (see ../stage.sh). Idempotent.
set -eu
stage=/fw443-stage
[ -f "$stage/fw443.tar.gz" ] || { echo "common: $stage/fw443.tar.gz is missing (did stage.sh run?)" >&2; exit 1; }

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# libpcap-dev: pcap4j loads libpcap.so, which only the -dev package links. ethtool: offloads, see network.sh.
apt-get install -y -qq --no-install-recommends openjdk-17-jdk-headless libpcap-dev nftables openssl curl ethtool \
  >/dev/null

top=$(tar -tzf "$stage/fw443.tar.gz" | head -n 1 | cut -d/ -f1)
case "$top" in
  fw443-*) ;;
  *) echo "common: unexpected top directory '$top' in fw443.tar.gz" >&2; exit 1 ;;
esac
rm -rf "/opt/${top:?}"
tar -xzf "$stage/fw443.tar.gz" -C /opt
ln -sfn "/opt/$top" /opt/fw443
ln -sf /opt/fw443/bin/fw443 /usr/local/bin/fw443

rm -rf /opt/fw443-lab
mkdir -p /opt/fw443-lab
cp -R "$stage/lab-classes" /opt/fw443-lab/classes
cat >/usr/local/bin/fw443-lab <<'LAUNCHER'
#!/bin/sh
# Runs a main class of the lab tools (ha-tests) on the distribution's libraries, e.g.
#   fw443-lab io.fw443.lab.traffic.TlsEchoFleet --host 198.51.100.100 --port 443 ...
exec java -Xmx256m -XX:+UseSerialGC -Djava.net.preferIPv4Stack=true \
  -cp "/opt/fw443-lab/classes:/opt/fw443/lib/*" "$@"
LAUNCHER
chmod 0755 /usr/local/bin/fw443-lab
echo "common: $top in /opt/fw443, lab tools in /opt/fw443-lab"
