#!/usr/bin/env bash
# Full-port TCP connect scan of the lab target: prtip -sT against nmap -sT -T4, alternating, several runs each.
# Prints each run and the median wall-time ratio prtip/nmap (lower is better). Run as root: bash bench/connect-vs-nmap.sh [runs]
source "$(dirname "$0")/lib.sh"
RUNS=${1:-5}
TARGET=198.18.0.2
bash "$ROOT/tests/setup.sh"
"$LAB" up >/dev/null
build_prtip
tmp=$(mktemp -d)
for i in $(seq "$RUNS"); do
  n=$(time_in_lab "$tmp/nmap.txt" nmap -sT -T4 -p- -Pn -n "$TARGET")
  p=$(time_in_lab "$tmp/prtip.txt" "$PRTIP" -sT -p- -Pn -n "$TARGET")
  echo "run $i: nmap ${n}s prtip ${p}s"
  echo "$n" >>"$tmp/nmap.times"; echo "$p" >>"$tmp/prtip.times"
  # Same ports, same states: the table lines of both outputs must agree.
  diff <(grep -E '^[0-9]+/tcp' "$tmp/nmap.txt") <(grep -E '^[0-9]+/tcp' "$tmp/prtip.txt") >/dev/null \
    || { echo "port tables differ:"; diff <(grep -E '^[0-9]+/tcp' "$tmp/nmap.txt") <(grep -E '^[0-9]+/tcp' "$tmp/prtip.txt"); exit 1; }
done
nm=$(median <"$tmp/nmap.times"); pm=$(median <"$tmp/prtip.times")
printf 'median: nmap %.2fs, prtip %.2fs, ratio prtip/nmap = %.2f\n' "$nm" "$pm" "$(echo "$pm / $nm" | bc -l)"
rm -rf "$tmp"
