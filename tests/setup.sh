#!/usr/bin/env bash
# Installs what building, the lab and the peer scanners need on a fresh Debian machine (run as root).
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "setup: run as root" >&2; exit 1; }
if ! command -v dotnet >/dev/null; then
  echo "setup: the .NET 10 SDK is required (dotnet on PATH)" >&2
  exit 1
fi
packages=(python3 nmap nginx-light openssh-server redis-server vsftpd openssl iptables iproute2 libpcap0.8-dev masscan zmap libxml2-utils ndiff procps bc dnsmasq-base snmpd postgresql tcpdump)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  # Debian's packages start their daemons where they can; the lab starts its own inside namespaces.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# PostgreSQL for the journal and results-database tests: started on its Unix socket, which the lab's network
# namespaces share with the host (no TCP port is needed). The tests connect as root to the database "prtip".
bash tests/postgres.sh
