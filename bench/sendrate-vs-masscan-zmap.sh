#!/usr/bin/env bash
# Raw send rate: SYNs to a /16 routed through the lab target (where nothing answers) plus the real target, at
# unlimited rate, by prtip, masscan and zmap in turn. Packets per second are counted on the target's interface
# (rx_packets sampled every 20 ms, over the intervals that carried the burst). prtip must still find the target's open
# ports.
# Run as root: bash bench/sendrate-vs-masscan-zmap.sh [runs]
source "$(dirname "$0")/lib.sh"
RUNS=${1:-3}
RANGE=198.19.0.0/16
TARGET=198.18.0.2
PORTS=1-16,22,80,8080
bash "$ROOT/tests/setup.sh"
"$LAB" up >/dev/null
build_prtip
MAC=$(ip -n prtip-t1 -br link show veth-t1 | awk '{print $3}')
tmp=$(mktemp -d)
: >"$tmp/empty-blocklist"

rx() { ip netns exec prtip-t1 cat /sys/class/net/veth-t1/statistics/rx_packets; }

# Runs a command in the lab while sampling the target's counter; prints packets/second over the sending period.
measure() {
  local out=$1; shift
  local samples="$tmp/samples"
  : >"$samples"
  ( while :; do echo "$(date +%s.%N) $(rx)" >>"$samples"; sleep 0.02; done ) &
  local sampler=$!
  "$LAB" exec timeout -s KILL 120 "$@" >"$out" 2>&1 || true
  sleep 0.1
  kill "$sampler"; wait "$sampler" 2>/dev/null || true
  # The sending period is the sampling intervals that carried more than 500 frames: stray packets before or after
  # (ARP, resets of answered probes) do not stretch it.
  awk 'NR==1 {c0=$2} NR>1 {d=$2-pc; if (d > 500) {sent+=d; secs+=$1-pt}} {pt=$1; pc=$2}
       END {if (secs > 0) printf "%.0f %d\n", sent/secs, pc-c0; else print "0 0"}' "$samples"
}

for i in $(seq "$RUNS"); do
  read -r p pn < <(measure "$tmp/prtip.txt" "$PRTIP" -sS -Pn -n -p "$PORTS" --max-retries 0 --min-rate 10000000 "$RANGE" "$TARGET")
  for port in 22 80 8080; do
    grep -qE "^$port/tcp +open" "$tmp/prtip.txt" || { echo "prtip missed open port $port"; cat "$tmp/prtip.txt"; exit 1; }
  done
  # masscan's receive thread may never finish waiting in a namespace; the counter has what matters by then.
  read -r m mn < <(measure "$tmp/masscan.txt" timeout -s INT 20 masscan -e veth-s1 --router-mac "$MAC" \
    --adapter-ip 198.18.0.1 -p"$PORTS" "$RANGE" "$TARGET" --rate 100000000 --wait 1)
  # zmap scans one port per run; -P sends that many probes per target, so it sends as many packets as the others.
  read -r z zn < <(measure "$tmp/zmap.txt" zmap -i veth-s1 -G "$MAC" -S 198.18.0.1 -p 80 -P 19 -r 0 \
    -b "$tmp/empty-blocklist" -c 1 -q "$RANGE" "$TARGET")
  echo "run $i: prtip $p pps ($pn frames)  masscan $m pps ($mn)  zmap $z pps ($zn)"
  echo "$p" >>"$tmp/p"; echo "$m" >>"$tmp/m"; echo "$z" >>"$tmp/z"
done
pm=$(median <"$tmp/p"); mm=$(median <"$tmp/m"); zm=$(median <"$tmp/z")
printf 'median pps: prtip %.0f, masscan %.0f, zmap %.0f; prtip/masscan = %.2f, prtip/zmap = %.2f\n' \
  "$pm" "$mm" "$zm" "$(echo "$pm / $mm" | bc -l)" "$(echo "$pm / $zm" | bc -l)"
rm -rf "$tmp"
