#!/usr/bin/env bash
# Every figure of the performance goals in one run, prtip beside nmap (-T4) and masscan in the same lab:
# wall time (median of RUNS) and peak RSS (/usr/bin/time -f %M, the largest of the runs) of
#   -sS -p 80 on one host (default journal, and --no-journal), -sS -p- on one host, on 10 and on 40 live hosts
#   (the lab's farm), and the stateless sweep -Pn --max-retries 0 -p- of a /27 with 19 live hosts against masscan.
# prtip's port states must equal nmap's (and the sweep's open ports masscan's), or the run fails.
# Prints a Markdown table (also written to bench/out/speed-and-memory.md, which the README's table is made from).
# Run as root: bash bench/speed-and-memory.sh [runs]
source "$(dirname "$0")/lib.sh"
RUNS=${1:-3}
ONE=198.18.0.2
TEN=198.18.2.1-10
FORTY=198.18.2.1-19,33-53
SWEEP=198.18.2.0/27
RATE=100000
SWEEP_OPEN=76 # 19 live hosts x :22 :80 :199 :443
bash "$ROOT/tests/setup.sh" >/dev/null
"$LAB" up >/dev/null
build_prtip
MAC=$(ip -n prtip-t1 -br link show veth-t1 | awk '{print $3}')
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_DATA_HOME="$tmp/data"
table="$ROOT/bench/out/speed-and-memory.md"

# run NAME OUTFILE CMD...: one timed run in the scanner namespace; appends "seconds kilobytes" to $tmp/NAME.
run() {
  local name=$1 out=$2; shift 2
  local start end
  start=$(date +%s.%N)
  "$LAB" exec /usr/bin/time -f "%M" -o "$tmp/rss" "$@" >"$out" 2>"$tmp/$name.err" || {
    echo "$name failed:"; cat "$tmp/$name.err"; exit 1; }
  end=$(date +%s.%N)
  echo "$(echo "$end - $start" | bc -l) $(cat "$tmp/rss")" >>"$tmp/$name"
}

secs() { awk '{print $1}' "$tmp/$1" | median; }
rss() { awk '{print $2}' "$tmp/$1" | sort -g | tail -1 | awk '{printf "%.0f", $1 / 1024}'; }

# Port states from normal output, host by host: "address port/proto state" lines, "Not shown" summaries expanded.
states() {
  awk '/scan report for/ {host=$NF} /^[0-9]+\/(tcp|udp)/ {print host, $1, $2}
       /^Not shown:/ {print host, "not-shown", $3, $4}' "$1" | sort
}

same_states() {
  if ! diff <(states "$1") <(states "$2") >"$tmp/diff"; then
    echo "port states differ ($3): nmap < > prtip"; head -20 "$tmp/diff"; exit 1
  fi
}

for i in $(seq "$RUNS"); do
  run nmap-1p "$tmp/n.txt" nmap -sS -T4 -p 80 -Pn -n "$ONE"
  run prtip-1p "$tmp/p.txt" "$PRTIP" -sS -p 80 -Pn -n "$ONE"
  same_states "$tmp/n.txt" "$tmp/p.txt" "-p 80"
  run prtip-1p-nj "$tmp/p.txt" "$PRTIP" -sS -p 80 -Pn -n --no-journal "$ONE"
  run nmap-full "$tmp/n.txt" nmap -sS -T4 -p- -Pn -n "$ONE"
  run prtip-full "$tmp/p.txt" "$PRTIP" -sS -p- -Pn -n "$ONE"
  same_states "$tmp/n.txt" "$tmp/p.txt" "-p- one host"
  run prtip-full-nj "$tmp/p.txt" "$PRTIP" -sS -p- -Pn -n --no-journal "$ONE"
  run nmap-10 "$tmp/n.txt" nmap -sS -T4 -p- -Pn -n "$TEN"
  run prtip-10 "$tmp/p.txt" "$PRTIP" -sS -p- -Pn -n "$TEN"
  same_states "$tmp/n.txt" "$tmp/p.txt" "-p- 10 hosts"
  echo "run $i: small and 10-host scans done" >&2
done
# The 40-host scans and the sweeps take longest: once each.
run nmap-40 "$tmp/n.txt" nmap -sS -T4 -p- -n "$FORTY"
run prtip-40 "$tmp/p.txt" "$PRTIP" -sS -p- -n "$FORTY"
same_states "$tmp/n.txt" "$tmp/p.txt" "-p- 40 hosts"
run masscan-sweep "$tmp/m.txt" masscan -e veth-s1 --router-mac "$MAC" --adapter-ip 198.18.0.1 -p0-65535 "$SWEEP" \
  --rate "$RATE" --wait 1
run prtip-sweep "$tmp/p.txt" "$PRTIP" -sS -Pn -n --max-retries 0 -p- --max-rate "$RATE" "$SWEEP"
m_open=$(grep -c "^Discovered open port" "$tmp/m.txt" || true)
p_open=$(grep -cE "^[0-9]+/tcp +open" "$tmp/p.txt" || true)
# A sweep does not retry: at a rate the path cannot carry, both lose answers. The table says what each found.

ratio() { echo "$1 / $2" | bc -l | xargs printf '%.2f'; }
row() { # work, peer name, peer key, prtip key
  local ps pp
  ps=$(secs "$3"); pp=$(secs "$4")
  printf '| %s | %s %.2f s, %s MB | %.2f s, %s MB | %s | %s |\n' "$1" "$2" "$ps" "$(rss "$3")" "$pp" "$(rss "$4")" \
    "$(ratio "$pp" "$ps")" "$(ratio "$(rss "$4")" "$(rss "$3")")"
}
{
  echo "| work | peer | prtip | time ratio | RSS ratio |"
  echo "|---|---|---|---|---|"
  row '`-sS -p 80` one host' nmap nmap-1p prtip-1p
  row '`-sS -p 80` one host, `--no-journal`' nmap nmap-1p prtip-1p-nj
  row '`-sS -p-` one host' nmap nmap-full prtip-full
  row '`-sS -p-` one host, `--no-journal`' nmap nmap-full prtip-full-nj
  row '`-sS -p-` 10 live hosts' nmap nmap-10 prtip-10
  row '`-sS -p-` 40 live hosts' nmap nmap-40 prtip-40
  row "sweep \`-Pn --max-retries 0 -p-\` of a /27 (19 live), $RATE pps" masscan masscan-sweep prtip-sweep
  echo
  echo "sweep: $SWEEP_OPEN open ports listen; masscan found $m_open, prtip $p_open"
  echo "prtip RSS, 40 live hosts / 10 live hosts: $(ratio "$(rss prtip-40)" "$(rss prtip-10)")"
  echo "($RUNS runs of the small and 10-host scans, median time and largest RSS; one run of the 40-host scans and the sweeps; $(nproc) cores; $(date -u +%F))"
} | tee "$table"
