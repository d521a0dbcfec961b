#!/bin/sh
# keepalived's notify script for io.fw443.lab.BaselinePair. Arguments: conntrackd config, transition log, state
# directory, then keepalived's own: INSTANCE|GROUP, name, state, priority.
# An instance's transition becomes a timestamped line in the log ("... group 51 (VI_51) BACKUP -> MASTER"), the format
# io.fw443.lab.FailoverRun reads; a sync group's transition drives conntrackd the way a primary-backup setup must:
# the new master puts the flows its peer synced into its kernel table, a backup asks the master for a resync.
set -u
conf=$1 log=$2 states=$3 type=$4 name=$5 state=$6
now() { date -u +%Y-%m-%dT%H:%M:%S.%3NZ; }
case $type in
INSTANCE)
  prev=$(cat "$states/$name" 2>/dev/null || echo INIT)
  echo "$state" > "$states/$name"
  echo "$(now) group ${name#VI_} ($name) $prev -> $state" >> "$log"
  ;;
GROUP)
  case $state in
  MASTER)
    conntrackd -C "$conf" -c # commit the peer's flows (external cache) into the kernel table
    conntrackd -C "$conf" -f # flush both caches: what is ours now is in the kernel
    conntrackd -C "$conf" -R # refill the internal cache from the kernel table
    conntrackd -C "$conf" -B # and send it all to the backup
    ;;
  BACKUP)
    conntrackd -C "$conf" -n # ask the master for a full resync
    ;;
  FAULT)
    conntrackd -C "$conf" -t # shorten the kernel timers: flows we no longer forward age out
    ;;
  esac
  echo "$(now) sync group $name -> $state: conntrackd done" >> "$log"
  ;;
esac
