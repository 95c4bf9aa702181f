#!/usr/bin/env bash
# A -Pn SYN scan of the lab's /24 LAN, where 252 of 256 addresses are absent: every address is resolved with ARP
# (off the packet actor and the sending threads, retried on timers), so the absent ones cost one ARP timeout each,
# in parallel. prtip against nmap, median of N runs each; prints both and the ratio prtip/nmap and peak RSS.
# Run as root: bash bench/lan-pn-vs-nmap.sh [N]
source "$(dirname "$0")/lib.sh"
N=${1:-5}
bash "$ROOT/tests/setup.sh" >/dev/null
"$LAB" up >/dev/null
build_prtip
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
run() { "$LAB" exec /usr/bin/time -f "%e %M" -o "$tmp/t" "$@" >"$tmp/out" 2>&1; cat "$tmp/t"; }
for _ in $(seq "$N"); do
  run nmap -Pn -sS -p 22,80 -n 198.18.1.0/24 >>"$tmp/nmap"
  run "$PRTIP" -Pn -sS -p 22,80 -n --no-journal 198.18.1.0/24 >>"$tmp/prtip"
done
n=$(awk '{print $1}' "$tmp/nmap" | median); p=$(awk '{print $1}' "$tmp/prtip" | median)
nr=$(awk '{print $2}' "$tmp/nmap" | median); pr=$(awk '{print $2}' "$tmp/prtip" | median)
printf -- '-Pn -sS -p 22,80 of a /24 LAN (4 hosts present): nmap %.2f s (%d KB), prtip %.2f s (%d KB), ratio prtip/nmap = %.2f\n' \
  "$n" "$nr" "$p" "$pr" "$(echo "$p / $n" | bc -l)"
