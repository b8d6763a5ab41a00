#!/usr/bin/env bash
# Applies the PostgreSQL settings a registry deployment (and the import benchmark) assumes,
# sized for this machine class (2 cores, 24 GiB): bigger buffers and WAL so bulk loads are not
# dominated by checkpoints. Needs superuser; restarts the local cluster. Values are conservative
# defaults for a dedicated server; size shared_buffers ~25 % of RAM elsewhere.
set -euo pipefail
PSQL=(psql -h "${PGHOST:-127.0.0.1}" -U "${PGUSER:-postgres}" -d postgres -qAt)
"${PSQL[@]}" <<'SQL'
ALTER SYSTEM SET shared_buffers = '4GB';
ALTER SYSTEM SET max_wal_size = '16GB';
ALTER SYSTEM SET min_wal_size = '2GB';
ALTER SYSTEM SET checkpoint_timeout = '15min';
ALTER SYSTEM SET checkpoint_completion_target = 0.9;
-- Off: it saves WAL only on full-page images, which a bulk load into new pages hardly writes,
-- while index builds (every page an image) pay for it in CPU: measured 30 % slower builds here.
ALTER SYSTEM SET wal_compression = 'off';
ALTER SYSTEM SET effective_cache_size = '16GB';
ALTER SYSTEM SET maintenance_work_mem = '1GB';
ALTER SYSTEM SET huge_pages = 'try';
SQL
version=$(ls /etc/postgresql)
restart() {
  pg_ctlcluster --skip-systemctl-redirect "$version" main restart
  for _ in $(seq 30); do pg_isready -h 127.0.0.1 -q && break; sleep 1; done
}
restart
# Huge pages for the shared buffers. Without them every backend takes a page fault for each
# 4 KiB of shared memory it touches, again in each new connection: on this machine class (a
# paravirtualised VM, where faults and syscalls are dear) person look-ups ran 5x slower
# (pgbench, 32 clients: 5,100 against 26,000 lookups/s). PostgreSQL says how many it needs.
pages=$("${PSQL[@]}" -c 'SHOW shared_memory_size_in_huge_pages')
if sysctl -qw vm.nr_hugepages="$((pages + 16))" && echo "vm.nr_hugepages = $((pages + 16))" > /etc/sysctl.d/60-postgres-huge-pages.conf; then
  restart
else
  echo "could not reserve $pages huge pages (not root, or a container): PostgreSQL runs on 4 KiB pages" >&2
fi
"${PSQL[@]}" -c 'SHOW shared_buffers' -c 'SHOW max_wal_size'
grep -E 'HugePages_(Total|Rsvd)' /proc/meminfo
