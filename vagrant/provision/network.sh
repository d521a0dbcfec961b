#!/bin/sh
# The lab NICs of a VM, as root:  network.sh [nic NAME MAC CIDR]... [route DEST GATEWAY]...
# Vagrant leaves these NICs alone (auto_config: false); each is found by the MAC the Vagrantfile gave it and named
# NAME, the device the node config names (inside0, outside0, sync0: io.fw443.lab.VagrantConfigs). A VM's own names
# for them depend on the box and the provider (eth1.., ens6..), and eth1..eth3 themselves are kernel names that a
# rename would race with. A systemd .link file keeps name and offloads across reboots, a .network file (networkd)
# holds the address and routes; the current boot is renamed and configured at once.
# Offloads off: a user-space forwarder needs real frames on the wire. GRO/LRO would hand the firewalls' pcap ports
# coalesced super-frames, and TSO/GSO/TX checksum offload would send frames with partial checksums that the node
# forwards as they are (the namespace lab turns TX checksum offload off for the same reason).
set -eu
netdir=/etc/systemd/network
mkdir -p "$netdir"
routes=""
nics=""
while [ $# -gt 0 ]; do
  case "$1" in
    nic)
      [ $# -ge 4 ] || { echo "network: nic needs NAME MAC CIDR" >&2; exit 2; }
      nics="$nics $2=$3=$4"
      shift 4 ;;
    route)
      [ $# -ge 3 ] || { echo "network: route needs DEST GATEWAY" >&2; exit 2; }
      routes="$routes $2=$3"
      shift 3 ;;
    *) echo "network: unknown word '$1'" >&2; exit 2 ;;
  esac
done

# The device that has MAC $1 now, or nothing.
device_of() {
  for dev in /sys/class/net/*; do
    if [ "$(cat "$dev/address")" = "$1" ]; then
      basename "$dev"
      return 0
    fi
  done
}

for spec in $nics; do
  name=${spec%%=*}
  rest=${spec#*=}
  mac=${rest%%=*}
  cidr=${rest#*=}
  cat >"$netdir/10-fw443-$name.link" <<LINK
[Match]
MACAddress=$mac

[Link]
Name=$name
GenericReceiveOffload=false
LargeReceiveOffload=false
TCPSegmentationOffload=false
GenericSegmentationOffload=false
TransmitChecksumOffload=false
LINK
  {
    printf '[Match]\nName=%s\n\n[Network]\nAddress=%s\nLinkLocalAddressing=no\nIPv6AcceptRA=no\n' "$name" "$cidr"
    for r in $routes; do
      # A route belongs on the NIC whose segment holds its gateway (the VIP on this VM's side; the lab's segments
      # are /24s).
      gw=${r#*=}
      if [ "${gw%.*}" = "$(echo "$cidr" | cut -d/ -f1 | sed 's/\.[0-9]*$//')" ]; then
        printf '\n[Route]\nDestination=%s\nGateway=%s\n' "${r%%=*}" "$gw"
      fi
    done
  } >"$netdir/10-fw443-$name.network"

  dev=$(device_of "$mac")
  if [ -z "$dev" ]; then
    echo "network: no NIC with MAC $mac (for $name)" >&2
    exit 1
  fi
  if [ "$dev" != "$name" ]; then
    ip link set dev "$dev" down
    ip link set dev "$dev" name "$name"
  fi
  # LRO is not a feature of every NIC model; the rest matter more than a refused one.
  ethtool -K "$name" gro off lro off tso off gso off tx off 2>/dev/null \
    || ethtool -K "$name" gro off tso off gso off tx off \
    || echo "network: warning: $name refused some offload changes: $(ethtool -k "$name" | grep -E 'offload|checksumming')" >&2
  echo "network: $name ($mac) $cidr"
done

systemctl enable systemd-networkd >/dev/null 2>&1
systemctl restart systemd-networkd
for spec in $nics; do
  name=${spec%%=*}
  tries=0
  until ip -4 -o addr show dev "$name" | grep -q inet; do
    tries=$((tries + 1))
    [ "$tries" -le 30 ] || { echo "network: $name has no address after 30 s" >&2; networkctl status "$name" >&2; exit 1; }
    sleep 1
  done
done
ip -br addr
ip route
