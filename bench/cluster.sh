#!/usr/bin/env bash
# Cluster throughput: the same full-port connect scan of the lab's four live hosts (4 x 65,535 ports) run by
# 1, 2 and 3 `prtip node` processes in the scanner namespace, sharing a fresh PostgreSQL journal; and by one
# plain prtip process for reference. Prints each run and the median wall time per cluster size, as a ratio to
# one node (lower is faster). All nodes share this machine's cores, so at full speed the ratio shows coordination
# cost, not added hardware; with a per-member --max-rate (each member's own sending budget, what a cluster of
# machines adds) it shows how the work spreads.
# Run as root: bash bench/cluster.sh [runs] [max-rate per member]
source "$(dirname "$0")/lib.sh"
RUNS=${1:-3}
RATE=${2:-}
LIMIT=()
[ -n "$RATE" ] && LIMIT=(--max-rate "$RATE")
TARGETS=(198.18.0.2 198.18.1.2-4)
DB=prtip_bench_cluster
JOURNAL="postgres:///$DB?host=/var/run/postgresql"
bash "$ROOT/tests/setup.sh"
"$LAB" up >/dev/null
build_prtip
tmp=$(mktemp -d)
nodes=()
stop_nodes() { for pid in "${nodes[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; nodes=(); }
trap 'stop_nodes; psql -qd prtip -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1; rm -rf "$tmp"' EXIT

start_nodes() {
  local count=$1 i
  for i in $(seq 0 $((count - 1))); do
    "$LAB" exec "$PRTIP" node --cluster-port $((4500 + i)) --seed 127.0.0.1:4500 --journal "$JOURNAL" >"$tmp/node$i.log" 2>&1 &
    nodes+=($!)
  done
  for i in $(seq 0 $((count - 1))); do
    for _ in $(seq 300); do grep -q "up (scanner)" "$tmp/node$i.log" 2>/dev/null && break; sleep 0.1; done
    grep -q "up (scanner)" "$tmp/node$i.log" || { echo "node $i did not come up"; cat "$tmp/node$i.log"; exit 1; }
  done
}

for i in $(seq "$RUNS"); do
  s=$(time_in_lab "$tmp/single.txt" "$PRTIP" -sT -p- -n --no-journal "${LIMIT[@]}" "${TARGETS[@]}")
  echo "$s" >>"$tmp/single.times"
  line="run $i: one process ${s}s"
  for n in 1 2 3; do
    psql -qd prtip -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" >/dev/null
    start_nodes "$n"
    t=$(time_in_lab "$tmp/cluster$n.txt" "$PRTIP" -sT -p- -n --cluster 127.0.0.1:4500 --journal "$JOURNAL" "${LIMIT[@]}" "${TARGETS[@]}")
    stop_nodes
    if ! diff <(grep -E '^[0-9]+/tcp|scan report' "$tmp/single.txt" | sort) <(grep -E '^[0-9]+/tcp|scan report' "$tmp/cluster$n.txt" | sort) >/dev/null; then
      echo "the $n-node scan's results differ from one process's"; exit 1
    fi
    echo "$t" >>"$tmp/nodes$n.times"
    line="$line, $n node(s) ${t}s"
  done
  echo "$line"
done
one=$(median <"$tmp/nodes1.times")
printf 'median%s: one process %.2fs' "${RATE:+ at --max-rate $RATE}" "$(median <"$tmp/single.times")"
for n in 1 2 3; do
  m=$(median <"$tmp/nodes$n.times")
  printf ', %d node(s) %.2fs (%.2f of one node)' "$n" "$m" "$(echo "$m / $one" | bc -l)"
done
echo
