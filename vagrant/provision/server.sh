#!/bin/sh
# The server VM of the Vagrant lab, as root: the lab's TLS echo server (io.fw443.lab.traffic.TlsEchoServer) on 443
# and its HTTPS port (h2 and http/1.1: /large?bytes=N, /stream?ms=D) on 8443, as the systemd unit fw443-echo.
set -eu
cat >/etc/systemd/system/fw443-echo.service <<'UNIT'
[Unit]
Description=fw443 lab TLS echo server (443) and HTTPS (8443)
Wants=network-online.target
After=network-online.target

[Service]
Type=exec
ExecStart=/usr/local/bin/fw443-lab io.fw443.lab.traffic.TlsEchoServer --echo-port 443 --https-port 8443
DynamicUser=yes
AmbientCapabilities=CAP_NET_BIND_SERVICE
CapabilityBoundingSet=CAP_NET_BIND_SERVICE
PrivateTmp=yes
Restart=on-failure
RestartSec=2s

[Install]
WantedBy=multi-user.target
UNIT
systemctl daemon-reload
systemctl enable fw443-echo >/dev/null 2>&1
systemctl restart fw443-echo
tries=0
until journalctl -u fw443-echo -o cat --no-pager | grep -q '^ready echo=443'; do
  tries=$((tries + 1))
  if [ "$tries" -gt 60 ]; then
    echo "server: the echo server did not start" >&2
    journalctl -u fw443-echo --no-pager -n 30 >&2
    exit 1
  fi
  sleep 1
done
echo "server: TLS echo on 443, HTTPS on 8443"
