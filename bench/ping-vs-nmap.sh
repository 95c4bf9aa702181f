#!/usr/bin/env bash
# Host discovery (-sn) of the lab's LAN and the target's link, prtip against nmap, alternating, several runs each.
# Prints each run and the median wall-time ratio prtip/nmap; the hosts found up must be the same.
# Run as root: bash bench/ping-vs-nmap.sh [runs]
source "$(dirname "$0")/lib.sh"
RUNS=${1:-5}
RANGES=(198.18.1.0/24 198.18.0.0/29)
bash "$ROOT/tests/setup.sh"
"$LAB" up >/dev/null
build_prtip
tmp=$(mktemp -d)
for i in $(seq "$RUNS"); do
  n=$(time_in_lab "$tmp/nmap.txt" nmap -sn -n "${RANGES[@]}")
  p=$(time_in_lab "$tmp/prtip.txt" "$PRTIP" -sn -n "${RANGES[@]}")
  echo "run $i: nmap ${n}s prtip ${p}s"
  echo "$n" >>"$tmp/nmap.times"; echo "$p" >>"$tmp/prtip.times"
  if ! diff <(grep -oE 'scan report for [0-9.]+' "$tmp/nmap.txt" | sort) <(grep -oE 'scan report for [0-9.]+' "$tmp/prtip.txt" | sort); then
    echo "hosts up differ"; exit 1
  fi
done
nm=$(median <"$tmp/nmap.times"); pm=$(median <"$tmp/prtip.times")
printf 'median (-sn): nmap %.2fs, prtip %.2fs, ratio prtip/nmap = %.2f\n' "$nm" "$pm" "$(echo "$pm / $nm" | bc -l)"
rm -rf "$tmp"
