#!/usr/bin/env bash
# -sV against the lab's hostile services (tests/lab/hostile.py on 198.18.0.3: backtracking bait, an endless stream,
# one byte a second, reset on accept, binary noise, a doubling echo) beside real daemons on 198.18.0.2, nmap against
# prtip in one run. Prints wall time, CPU time (user + sys) and peak RSS of each, their ratios, whether the service
# names agree, and prtip's peak RSS on the real ports alone (what the hostile ports add must stay a few MB).
# Run as root: bash bench/sv-hostile.sh
source "$(dirname "$0")/lib.sh"
REAL=198.18.0.2
HOSTILE=198.18.0.3
PORTS=21,22,80,443,7101-7106
bash "$ROOT/tests/setup.sh" >/dev/null
"$LAB" up >/dev/null
build_prtip
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Runs a command in the lab under /usr/bin/time; prints "wall cpu rss_kb".
measure() {
  local out=$1; shift
  "$LAB" exec /usr/bin/time -f "%e %U %S %M" -o "$tmp/time" "$@" >"$out" 2>&1
  awk '{printf "%.2f %.2f %d\n", $1, $2 + $3, $4}' "$tmp/time"
}

read -r nw nc nr < <(measure "$tmp/nmap.txt" nmap -sV -p "$PORTS" -n "$REAL" "$HOSTILE")
read -r pw pc pr < <(measure "$tmp/prtip.txt" "$PRTIP" -sV -p "$PORTS" -n --no-journal "$REAL" "$HOSTILE")
read -r bw bc br < <(measure "$tmp/base.txt" "$PRTIP" -sV -p 21,22,80,443 -n --no-journal "$REAL")

names() { grep -E '^[0-9]+/tcp' "$1" | awk '{print $1, $2, $3}'; }
if diff <(awk '/scan report for/{h=$NF} /^[0-9]+\/tcp/{print h, $1, $2, $3}' "$tmp/nmap.txt") \
        <(awk '/scan report for/{h=$NF} /^[0-9]+\/tcp/{print h, $1, $2, $3}' "$tmp/prtip.txt"); then
  same="same port states and service names"
else
  same="SERVICE NAMES DIFFER"
fi
printf 'nmap -sV:  %6.1f s wall, %5.2f s CPU, %6d KB peak RSS\n' "$nw" "$nc" "$nr"
printf 'prtip -sV: %6.1f s wall, %5.2f s CPU, %6d KB peak RSS\n' "$pw" "$pc" "$pr"
printf 'prtip/nmap: wall %.2f, CPU %.2f (%s)\n' "$(echo "$pw / $nw" | bc -l)" "$(echo "$pc / $nc" | bc -l)" "$same"
printf 'prtip on the 4 real ports alone: %.1f s, %.2f s CPU, %d KB; the 6 hostile ports add %d KB of peak RSS\n' \
  "$bw" "$bc" "$br" "$((pr - br))"
