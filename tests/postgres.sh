#!/usr/bin/env bash
# Starts Debian's PostgreSQL cluster (no systemd on CI machines) and creates the role "root" and the database
# "prtip" the tests use: postgres:///prtip?host=/var/run/postgresql. Idempotent; run as root.
set -euo pipefail
read -r version cluster < <(pg_lsclusters -h | awk 'NR==1 {print $1, $2}')
[ -n "${version:-}" ] || { echo "postgres: no cluster (is the postgresql package installed?)" >&2; exit 1; }
pg_ctlcluster "$version" "$cluster" status >/dev/null 2>&1 || pg_ctlcluster "$version" "$cluster" start
for _ in $(seq 1 30); do
  su postgres -c "psql -qtAc 'select 1'" >/dev/null 2>&1 && break
  sleep 0.5
done
su postgres -c "psql -qtAc \"select 1 from pg_roles where rolname='root'\"" | grep -q 1 ||
  su postgres -c "psql -qc 'create role root superuser login'"
su postgres -c "psql -qtAc \"select 1 from pg_database where datname='prtip'\"" | grep -q 1 ||
  su postgres -c "createdb -O root prtip"
# PostgresPasswordSpecs log in with a password over TCP on loopback (Debian's pg_hba: scram-sha-256 for 127.0.0.1),
# where a password is really checked; the socket's peer authentication would not. Loopback only, never another address.
if [ -z "$(su postgres -c "psql -qtAc 'show listen_addresses'")" ]; then
  su postgres -c "psql -qc \"alter system set listen_addresses = '127.0.0.1'\""
  pg_ctlcluster "$version" "$cluster" restart
fi
