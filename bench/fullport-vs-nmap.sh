#!/usr/bin/env bash
# Full-port scan of the lab target, prtip against nmap -T4 with the same technique, alternating, several runs each.
# Prints each run and the median wall-time ratio prtip/nmap (lower is better); prtip also runs with --no-journal,
# to show what journaling every result costs at full speed.
# Run as root: bash bench/fullport-vs-nmap.sh [-sT|-sS] [runs]
source "$(dirname "$0")/lib.sh"
TECHNIQUE=${1:--sT}
RUNS=${2:-5}
TARGET=198.18.0.2
case "$TECHNIQUE" in -sT|-sS) ;; *) echo "technique must be -sT or -sS" >&2; exit 2 ;; esac
bash "$ROOT/tests/setup.sh"
"$LAB" up >/dev/null
build_prtip
tmp=$(mktemp -d)
for i in $(seq "$RUNS"); do
  n=$(time_in_lab "$tmp/nmap.txt" nmap "$TECHNIQUE" -T4 -p- -Pn -n "$TARGET")
  p=$(time_in_lab "$tmp/prtip.txt" "$PRTIP" "$TECHNIQUE" -p- -Pn -n "$TARGET")
  u=$(time_in_lab "$tmp/unjournaled.txt" "$PRTIP" "$TECHNIQUE" -p- -Pn -n --no-journal "$TARGET")
  echo "run $i: nmap ${n}s prtip ${p}s (without journal ${u}s)"
  echo "$n" >>"$tmp/nmap.times"; echo "$p" >>"$tmp/prtip.times"; echo "$u" >>"$tmp/unjournaled.times"
  # Same ports, same states: the port tables of both outputs must agree.
  if ! diff <(grep -E '^[0-9]+/tcp' "$tmp/nmap.txt") <(grep -E '^[0-9]+/tcp' "$tmp/prtip.txt"); then
    echo "port tables differ"; exit 1
  fi
done
nm=$(median <"$tmp/nmap.times"); pm=$(median <"$tmp/prtip.times"); um=$(median <"$tmp/unjournaled.times")
printf 'median (%s): nmap %.2fs, prtip %.2fs, ratio prtip/nmap = %.2f\n' "$TECHNIQUE" "$nm" "$pm" "$(echo "$pm / $nm" | bc -l)"
printf 'journal: prtip %.2fs with it, %.2fs without, ratio %.2f\n' "$pm" "$um" "$(echo "$pm / $um" | bc -l)"
rm -rf "$tmp"
