#!/usr/bin/env bash
# The test lab: network namespaces joined by veth pairs, addresses in 198.18.0.0/15 (RFC 2544), no default route,
# so nothing sent inside can leave this machine.
#
#   prtip-scan  198.18.0.1/24 --veth-- 198.18.0.2/24  prtip-t1   (nginx :80 :8080 and TLS :443, sshd :22, vsftpd :21,
#                                                               redis :6379, DROP :81, REJECT :82,
#                                                               dnsmasq udp+tcp :53, snmpd udp :161)
#               198.18.0.3 on the same target: hostile services (tests/lab/hostile.py, ports 7101-7106)
#               198.18.2.1-70 on the same target, routed through 198.18.0.2: the farm, for scans of many hosts.
#                 40 live (198.18.2.1-19,33-53: :22 :80 :443 open, :199 open, :81 :8081 dropped, :82 rejected,
#                 the rest closed) and 30 silent (198.18.2.20-32,54-70: everything dropped). 198.18.2.0/27 holds 19 live.
#   prtip-scan  198.18.1.1/24 on bridge lab1, a small LAN for host discovery:
#                 198.18.1.2  prtip-t2 (nginx :80)
#                 198.18.1.3  prtip-t3 (drops every ICMP message)
#                 198.18.1.4  prtip-t4 (nothing listening)
#                 198.18.1.5-254: nobody
#
# Usage: lab.sh up | down | status | exec CMD...
#        | loss PCT | loss-clear   drop PCT% of what the target sends (tc netem; iptables' statistic match where the
#                                 kernel has no netem, as on the VMs this project runs on)
#        | netem ARGS... | netem-clear   any tc netem setting on the target's link, e.g. "delay 20ms" (needs netem)
# Idempotent: "up" tears down what a previous run left and builds afresh. Needs root.
set -euo pipefail

SCAN_NS=prtip-scan
T1_NS=prtip-t1
SCAN_IP=198.18.0.1
T1_IP=198.18.0.2
HOSTILE_IP=198.18.0.3
LAB_DIR=$(cd "$(dirname "$0")" && pwd)
RUN_DIR=/run/prtip-lab

die() { echo "lab: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root"

in_t1() { ip netns exec "$T1_NS" "$@"; }

kill_daemons() {
  if [ -d "$RUN_DIR" ]; then
    for pidfile in "$RUN_DIR"/*.pid; do
      [ -f "$pidfile" ] || continue
      kill "$(cat "$pidfile")" 2>/dev/null || true
    done
  fi
  # Anything still running inside the target namespace belongs to the lab.
  if ip netns list | grep -qw "$T1_NS"; then
    for pid in $(ip netns pids "$T1_NS" 2>/dev/null); do kill "$pid" 2>/dev/null || true; done
  fi
}

LAN_NS=(prtip-t2 prtip-t3 prtip-t4)

down() {
  kill_daemons
  for ns in "${LAN_NS[@]}"; do
    if ip netns list | grep -qw "$ns"; then
      for pid in $(ip netns pids "$ns" 2>/dev/null); do kill "$pid" 2>/dev/null || true; done
    fi
  done
  for ns in "$SCAN_NS" "$T1_NS" "${LAN_NS[@]}"; do
    ip netns list | grep -qw "$ns" && ip netns del "$ns"
  done
  rm -rf "$RUN_DIR"
}

start_nginx() {
  mkdir -p "$RUN_DIR/nginx/www"
  echo "prtip lab target" > "$RUN_DIR/nginx/www/index.html"
  # A self-signed certificate for the TLS listener, made afresh each time the lab comes up.
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=lab.test -keyout "$RUN_DIR/nginx/lab.key" \
    -out "$RUN_DIR/nginx/lab.crt" 2>/dev/null
  cat > "$RUN_DIR/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $RUN_DIR/nginx.pid;
error_log $RUN_DIR/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  server {
    listen $T1_IP:80 backlog=4096;
    listen $T1_IP:8080 backlog=4096;
    listen $T1_IP:8081;
    listen $T1_IP:443 ssl;
    ssl_certificate $RUN_DIR/nginx/lab.crt;
    ssl_certificate_key $RUN_DIR/nginx/lab.key;
    root $RUN_DIR/nginx/www;
  }
}
CONF
  in_t1 nginx -c "$RUN_DIR/nginx/nginx.conf"
}

start_lan_nginx() {
  mkdir -p "$RUN_DIR/nginx-t2"
  cat > "$RUN_DIR/nginx-t2/nginx.conf" <<CONF
worker_processes 1;
pid $RUN_DIR/nginx-t2.pid;
error_log $RUN_DIR/nginx-t2/error.log;
events { worker_connections 64; }
http { access_log off; server { listen 198.18.1.2:80; root $RUN_DIR/nginx/www; } }
CONF
  ip netns exec prtip-t2 nginx -c "$RUN_DIR/nginx-t2/nginx.conf"
}

start_udp_daemons() {
  # dnsmasq answers DNS for a made-up zone only (no upstream: nothing leaves the lab).
  in_t1 dnsmasq --conf-file=/dev/null --listen-address="$T1_IP" --bind-interfaces --port=53 --no-resolv \
    --no-hosts --address=/lab.test/"$T1_IP" --pid-file="$RUN_DIR/dnsmasq.pid" --user=root
  cat > "$RUN_DIR/snmpd.conf" <<CONF
agentAddress udp:$T1_IP:161
rocommunity public
sysDescr prtip lab target
CONF
  in_t1 snmpd -C -c "$RUN_DIR/snmpd.conf" -p "$RUN_DIR/snmpd.pid" -Lf /dev/null
}

start_sshd() {
  mkdir -p /run/sshd
  [ -f /etc/ssh/ssh_host_ed25519_key ] || ssh-keygen -A >/dev/null
  cat > "$RUN_DIR/sshd_config" <<CONF
ListenAddress $T1_IP:22
PidFile $RUN_DIR/sshd.pid
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
CONF
  in_t1 /usr/sbin/sshd -f "$RUN_DIR/sshd_config"
}

start_tcp_daemons() {
  # redis: no persistence, bound to the target's address only.
  in_t1 redis-server --bind "$T1_IP" --port 6379 --protected-mode no --daemonize yes --save '' --appendonly no \
    --pidfile "$RUN_DIR/redis.pid" --logfile "$RUN_DIR/redis.log" --dir "$RUN_DIR"
  # vsftpd in standalone mode, anonymous login refused.
  mkdir -p /var/run/vsftpd/empty
  cat > "$RUN_DIR/vsftpd.conf" <<CONF
listen=YES
listen_ipv6=NO
listen_address=$T1_IP
listen_port=21
anonymous_enable=NO
local_enable=NO
background=YES
secure_chroot_dir=/var/run/vsftpd/empty
pam_service_name=vsftpd
CONF
  in_t1 vsftpd "$RUN_DIR/vsftpd.conf"
}

FARM_LIVE=198.18.2.1-19,33-53

start_farm() {
  local n
  for n in $(seq 1 70); do ip -n "$T1_NS" addr add "198.18.2.$n/24" dev veth-t1; done
  ip -n "$SCAN_NS" route add 198.18.2.0/24 via "$T1_IP"
  in_t1 iptables -A INPUT -m iprange --dst-range 198.18.2.20-198.18.2.32 -j DROP
  in_t1 iptables -A INPUT -m iprange --dst-range 198.18.2.54-198.18.2.70 -j DROP
  # Listening is enough for SYN scans (the kernel answers), so one process holds every live host's ports.
  setsid ip netns exec "$T1_NS" /usr/bin/python3 -c '
import socket, sys, time
held = []
for n in list(range(1, 20)) + list(range(33, 54)):
    for port in (22, 80, 443):
        s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("198.18.2.%d" % n, port)); s.listen(128); held.append(s)
while True: time.sleep(3600)
' </dev/null >/dev/null 2>&1 &
  echo $! > "$RUN_DIR/farm.pid"
}

start_hostile() {
  # Services built to hurt -sV, on an address of their own so that full-port scans of the target stay as they were.
  setsid ip netns exec "$T1_NS" /usr/bin/python3 "$LAB_DIR/hostile.py" "$HOSTILE_IP" </dev/null >/dev/null 2>&1 &
  echo $! > "$RUN_DIR/hostile.pid"
}

wait_listening() {
  local port=$1
  for _ in $(seq 50); do
    in_t1 ss -ltn "sport = :$port" | grep -q LISTEN && return 0
    sleep 0.1
  done
  die "nothing listens on $T1_IP:$port"
}

up() {
  down
  mkdir -p "$RUN_DIR"
  ip netns add "$SCAN_NS"
  ip netns add "$T1_NS"
  ip link add veth-s1 netns "$SCAN_NS" type veth peer name veth-t1 netns "$T1_NS"
  ip -n "$SCAN_NS" addr add "$SCAN_IP/24" dev veth-s1
  ip -n "$T1_NS" addr add "$T1_IP/24" dev veth-t1
  ip -n "$T1_NS" addr add "$HOSTILE_IP/24" dev veth-t1
  for ns in "$SCAN_NS" "$T1_NS"; do ip -n "$ns" link set lo up; done
  ip -n "$SCAN_NS" link set veth-s1 up
  ip -n "$T1_NS" link set veth-t1 up
  # A /16 routed through the target, where nothing answers: room for send-rate benchmarks.
  ip -n "$SCAN_NS" route add 198.19.0.0/16 via "$T1_IP"

  # Filtered ports: 81 and 8081 silently dropped (8081 has a listener behind the firewall), 82 rejected.
  in_t1 iptables -A INPUT -p tcp --dport 81 -j DROP
  in_t1 iptables -A INPUT -p tcp --dport 8081 -j DROP
  in_t1 iptables -A INPUT -p tcp --dport 82 -j REJECT --reject-with icmp-admin-prohibited
  # Linux rate-limits ICMP errors; the lab's targets answer every probe, like an unthrottled host.
  in_t1 sysctl -qw net.ipv4.icmp_ratelimit=0

  # The LAN: a bridge in the scanner's namespace, one veth per host.
  ip -n "$SCAN_NS" link add lab1 type bridge
  ip -n "$SCAN_NS" addr add 198.18.1.1/24 dev lab1
  ip -n "$SCAN_NS" link set lab1 up
  local i=2
  for ns in "${LAN_NS[@]}"; do
    ip netns add "$ns"
    ip link add "veth-l$i" netns "$SCAN_NS" type veth peer name eth0 netns "$ns"
    ip -n "$SCAN_NS" link set "veth-l$i" master lab1 up
    ip -n "$ns" addr add "198.18.1.$i/24" dev eth0
    ip -n "$ns" link set lo up
    ip -n "$ns" link set eth0 up
    i=$((i + 1))
  done
  ip netns exec prtip-t3 iptables -A INPUT -p icmp -j DROP
  start_lan_nginx

  start_nginx
  start_sshd
  start_udp_daemons
  start_tcp_daemons
  start_hostile
  start_farm
  for port in 80 443 22 21 6379 7101 7104; do wait_listening "$port"; done
  for _ in $(seq 50); do
    [ "$(in_t1 ss -ltnH 'src 198.18.2.0/24' | wc -l)" -ge 120 ] && break
    sleep 0.1
  done
  ip netns exec "$SCAN_NS" timeout 5 bash -c "exec 3<>/dev/tcp/$T1_IP/80" || die "target $T1_IP:80 does not answer"
  echo "lab: up (scanner $SCAN_NS $SCAN_IP, target $T1_NS $T1_IP)"
}

status() {
  ip netns list
  ip -n "$SCAN_NS" -br addr 2>/dev/null || true
  in_t1 ss -ltn 2>/dev/null || true
}

case "${1:-}" in
  up) up ;;
  down) down; echo "lab: down" ;;
  status) status ;;
  exec) shift; exec ip netns exec "$SCAN_NS" "$@" ;;
  netem) shift; in_t1 tc qdisc replace dev veth-t1 root netem "$@" ;;
  netem-clear) in_t1 tc qdisc del dev veth-t1 root 2>/dev/null || true ;;
  loss)
    pct=${2:?loss needs a percentage}; pct=${pct%\%}
    "$0" loss-clear
    if ! in_t1 tc qdisc replace dev veth-t1 root netem loss "$pct%" 2>/dev/null; then
      in_t1 iptables -I OUTPUT -o veth-t1 -m statistic --mode random --probability "$(echo "scale=4; $pct/100" | bc)" \
        -m comment --comment prtip-loss -j DROP
    fi ;;
  loss-clear)
    in_t1 tc qdisc del dev veth-t1 root 2>/dev/null || true
    rules=$(in_t1 iptables -S OUTPUT | grep -- 'prtip-loss' | sed 's/^-A/-D/') || true
    while read -r rule; do
      if [ -n "$rule" ]; then eval in_t1 iptables "$rule"; fi
    done <<<"$rules" ;;
  *) echo "usage: $0 up|down|status|exec CMD...|loss PCT|loss-clear|netem ARGS...|netem-clear" >&2; exit 2 ;;
esac
