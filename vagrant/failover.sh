#!/bin/sh
# The failover scenario of the namespace lab (kill -9 of the master mid-stream), on the Vagrant lab, from the host
# after `vagrant up`:  vagrant/failover.sh
# Starts the session fleet on the client (SESSIONS long-lived TLS sessions to the server's echo port through the
# VIPs, a record every 20 ms each), lets it run BEFORE_S seconds, kills fw443 on the current master with SIGKILL
# (systemctl kill -s KILL: the unit's Restart=on-failure brings it back 2 s later; it resyncs and, with preempt,
# takes its VIPs back: the run covers that too), lets it run AFTER_S seconds, stops the fleet and prints the lab's
# report line:
#   survived=200/200 worst_gap_ms=… takeover_ms=… recovery_ms=… resets=0 reconnects=0 echo_errors=0
# takeover_ms is from the kill (the victim's clock) to the survivor's BACKUP -> MASTER log line (its clock): the
# VMs' clock skew is part of it. Files (fleet report and series, the survivor's log, timeline.svg) go to
# vagrant/out/. The report is computed on the host by io.fw443.lab.traffic.ReportMain (needs the build).
# Environment: SESSIONS (200), BEFORE_S (5), AFTER_S (15).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
export VAGRANT_CWD="$HERE"
sessions=${SESSIONS:-200}
before_s=${BEFORE_S:-5}
after_s=${AFTER_S:-15}
server=198.51.100.100
port=443
run=/var/tmp/fw443-failover
out="$HERE/out"
classpath="$ROOT/ha-tests/target/classes:$(cat "$ROOT/ha-tests/target/classpath.txt" 2>/dev/null || true)"
[ -f "$ROOT/ha-tests/target/classpath.txt" ] || { echo "failover: build first: mvn -B package -DskipTests -pl ha-tests -am" >&2; exit 1; }

# A command on a VM, its output on stdout without a terminal's carriage returns.
on() {
  vm=$1
  shift
  vagrant ssh "$vm" --no-tty -c "$*" 2>/dev/null
}

# How many VRRP groups a firewall masters (0 when its node does not answer).
mastered() {
  on "$1" "sudo fw443 vrrp --socket /var/lib/fw443/$1.sock" | awk '$3 == "master" { n++ } END { print n + 0 }'
}

master=""
successor=""
for fw in fw-a fw-b; do
  if [ "$(mastered "$fw")" -eq 2 ]; then
    master=$fw
  else
    successor=$fw
  fi
done
if [ -z "$master" ] || [ -z "$successor" ]; then
  echo "failover: expected one firewall mastering both VRRP groups (is the lab up? vagrant status)" >&2
  exit 1
fi
echo "failover: master $master, backup $successor"

if ! on client "curl -sk --max-time 10 -o /dev/null https://$server:8443/large?bytes=1000"; then
  echo "failover: the client cannot reach https://$server:8443 through the VIPs" >&2
  exit 1
fi

mkdir -p "$out"
rm -f "$out/fleet.json" "$out/fleet.csv" "$out/$successor.log" "$out/timeline.svg"
on client "sudo systemctl stop fw443-fleet 2>/dev/null; sudo rm -rf $run; sudo mkdir -p $run" || true
trap 'on client "sudo systemctl stop fw443-fleet" >/dev/null 2>&1 || true' EXIT
trap 'exit 130' INT TERM
on client "sudo systemd-run --quiet --unit=fw443-fleet --collect /usr/local/bin/fw443-fleet --host $server \
  --port $port --sessions $sessions --report $run/fleet.json --series $run/fleet.csv --status-file $run/fleet.status"

# Until every session is open (the fleet's status line: alive=N target=N failed=0).
tries=0
while :; do
  status=$(on client "cat $run/fleet.status 2>/dev/null" || true)
  alive=$(echo "$status" | sed -n 's/.* alive=\([0-9]*\).*/\1/p')
  failed=$(echo "$status" | sed -n 's/.* failed=\([0-9]*\).*/\1/p')
  [ -n "$alive" ] && [ "$alive" -eq "$sessions" ] && break
  if [ -n "$failed" ] && [ "$failed" -gt 0 ]; then
    echo "failover: sessions failed to open: $status" >&2
    exit 1
  fi
  tries=$((tries + 1))
  if [ "$tries" -gt 60 ]; then
    echo "failover: not every session opened: $status" >&2
    exit 1
  fi
  sleep 2
done
echo "failover: $sessions sessions open; kill -9 of $master in $before_s s"
sleep "$before_s"

fault_ms=$(on "$master" "date +%s%3N; sudo systemctl kill -s KILL fw443" | head -n 1 | tr -d '\r')
echo "failover: killed fw443 on $master at $fault_ms; running $after_s s more"
sleep "$after_s"

on client "sudo systemctl stop fw443-fleet"
trap - EXIT
tries=0
until on client "test -s $run/fleet.json"; do
  tries=$((tries + 1))
  [ "$tries" -le 15 ] || { echo "failover: the fleet wrote no report" >&2; exit 1; }
  sleep 2
done
on client "sudo cat $run/fleet.json" >"$out/fleet.json"
on client "sudo cat $run/fleet.csv" >"$out/fleet.csv"
on "$successor" "sudo journalctl -u fw443 -o cat --no-pager" >"$out/$successor.log"
java -cp "$classpath" io.fw443.lab.traffic.ReportMain "$out/fleet.json" "$out/fleet.csv" "$fault_ms" \
  "$out/$successor.log" "$out/timeline.svg"
