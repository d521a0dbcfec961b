#!/bin/sh
# The client VM of the Vagrant lab, as root: the session fleet (io.fw443.lab.traffic.TlsEchoFleet) as
# /usr/local/bin/fw443-fleet; ../failover.sh runs it as a transient systemd unit.
set -eu
cat >/usr/local/bin/fw443-fleet <<'FLEET'
#!/bin/sh
# Long-lived TLS sessions through the firewalls' VIPs, e.g.
#   fw443-fleet --host 198.51.100.100 --port 443 --sessions 200 --report fleet.json --series fleet.csv \
#     --status-file fleet.status
# SIGTERM stops it; it writes its JSON report first.
exec /usr/local/bin/fw443-lab io.fw443.lab.traffic.TlsEchoFleet "$@"
FLEET
chmod 0755 /usr/local/bin/fw443-fleet
echo "client: fw443-fleet installed"
