#!/usr/bin/env bash
# UDP scan of the spec's five payload ports plus 100 closed ports on the lab target, with Linux's default ICMP
# rate limit switched on for the run (about one port unreachable per second), prtip against nmap -sU.
# Prints both times and the ratio prtip/nmap; the port states must agree. Run as root: bash bench/udp-vs-nmap.sh
source "$(dirname "$0")/lib.sh"
TARGET=198.18.0.2
PORTS=53,111,123,137,161,1000-1099
bash "$ROOT/tests/setup.sh"
"$LAB" up >/dev/null
build_prtip
tmp=$(mktemp -d)
ip netns exec prtip-t1 sysctl -qw net.ipv4.icmp_ratelimit=1000
trap 'ip netns exec prtip-t1 sysctl -qw net.ipv4.icmp_ratelimit=0; rm -rf "$tmp"' EXIT
# Linux lets a burst of about six errors through after a quiet spell: wait for the target's bucket to refill
# before each tool, so neither starts with the other's leftovers.
sleep 8
n=$(time_in_lab "$tmp/nmap.txt" nmap -sU -p "$PORTS" -Pn -n "$TARGET")
sleep 8
p=$(time_in_lab "$tmp/prtip.txt" "$PRTIP" -sU -p "$PORTS" -Pn -n "$TARGET")
if ! diff <(grep -E '^[0-9]+/udp|Not shown' "$tmp/nmap.txt") <(grep -E '^[0-9]+/udp|Not shown' "$tmp/prtip.txt"); then
  echo "port states differ"; exit 1
fi
printf -- '-sU, 105 ports, rate-limited ICMP: nmap %.1fs, prtip %.1fs, ratio prtip/nmap = %.2f\n' "$n" "$p" "$(echo "$p / $n" | bc -l)"
