#!/usr/bin/env bash
# Benchmarks whole-process runs on generated workloads and prints medians.
# Usage: hack/bench.sh [ENTRIES] (default 100000); RUNS=N sets the repetitions (default 5).
#   file case:    desired state from a JSON file: schema validation into the instance DB,
#                 then the lifecycle into the request DB; custom domains stay pending against a
#                 local BIND (bench.LocalDns).
#   drop-in case: the instance DB written as SlapOS's slapconfiguration does; the lifecycle only.
#   dns case:     DNS_ENTRIES entries with custom domains against a local BIND (DomainBench).
set -o errexit -o nounset -o pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

entries="${1:-100000}"
runs="${RUNS:-5}"
"${MVN[@]}" --quiet -DskipTests -Dspotless.check.skip=true package
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"${MVN[@]}" --quiet dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/classpath"
java=("$JAVA_HOME/bin/java" -cp "$ROOT/target/test-classes:$JAR:$(cat "$work/classpath")")

# The DNS challenge of the workload's custom domains asks a local BIND (nothing published: they
# stay pending), never the machine's resolvers.
command -v /usr/sbin/named >/dev/null || { echo "bench.sh: BIND (named) is needed: apt-get install -y bind9" >&2; exit 1; }
coproc DNS { exec "${java[@]}" org.slapos.instancenode.bench.LocalDns; }
read -r nameserver <&"${DNS[0]}"
trap 'exec {DNS[1]}>&-; wait "$DNS_PID" 2>/dev/null; rm -rf "$work"' EXIT

config() { # config FILE DESIRED_STATE
  cat >"$1" <<INI
[slaposinstancenode]
desired-state = $2
instance-db-path = instance.sqlite
requestinstance-db-path = request.sqlite
domain-validation-db-path = domain.sqlite
software-schema = $ROOT/../shared/rapid-cdn/software.cfg.json
software-type = default
unstringify = true
dns-nameserver = $nameserver
INI
}

# Runs the node once; prints "WALL_MS PASS_MS RECONCILES RECONCILE_MS".
timed_run() {
  local start end
  start=$(date +%s%N)
  "$JAVA_HOME/bin/java" -jar "$JAR" run --once --config "$1" >"$work/last.out" 2>"$work/last.err" \
    || { cat "$work/last.err" >&2; exit 1; }
  end=$(date +%s%N)
  awk -v wall=$(((end - start) / 1000000)) \
    '/^work: pass/ {printf "%d %d %d %d\n", wall, $3 * 1000, $5, $8 * 1000}' "$work/last.out"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }

# report LABEL RESULTS...: medians of the wall, pass and reconcile times of the runs.
report() {
  local label="$1"; shift
  local column
  printf '%s: ' "$label"
  for column in 1 2 4; do
    printf '%s %s ms  ' "$(case $column in 1) echo wall;; 2) echo pass;; 4) echo reconciles;; esac)" \
      "$(printf '%s\n' "$@" | awk -v c=$column '{print $c}' | median)"
  done
  printf '(%s reconciles; wall per run: %s)\n' "$(printf '%s\n' "$@" | awk 'NR==1 {print $3}')" \
    "$(printf '%s\n' "$@" | awk '{printf "%s ", $1}')"
}

echo "workload: $entries entries, $runs runs, $(nproc) cores, JDK $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"

# File case.
mkdir -p "$work/file"
"${java[@]}" org.slapos.instancenode.bench.Workload "$entries" "$work/file/base.json"
"${java[@]}" org.slapos.instancenode.bench.Workload "$entries" "$work/file/changed.json" 1
config "$work/file/node.ini" "file:entries.json"
first=() steady=() changed=()
for ((i = 1; i <= runs; i++)); do
  rm -f "$work"/file/*.sqlite* "$work"/file/*.lock
  cp "$work/file/base.json" "$work/file/entries.json"
  first+=("$(timed_run "$work/file/node.ini")")
  steady+=("$(timed_run "$work/file/node.ini")")
  cp "$work/file/changed.json" "$work/file/entries.json"
  changed+=("$(timed_run "$work/file/node.ini")")
done
report "file, first run (empty DBs)          " "${first[@]}"
report "file, second run, listing unchanged  " "${steady[@]}"
report "file, third run, 1% of entries edited" "${changed[@]}"

# Drop-in case.
mkdir -p "$work/dropin"
config "$work/dropin/node.ini" "instance-db"
first=() steady=() changed=()
for ((i = 1; i <= runs; i++)); do
  rm -f "$work"/dropin/*.sqlite* "$work"/dropin/*.lock
  "${java[@]}" org.slapos.instancenode.bench.InstanceDbWorkload "$entries" "$work/dropin/instance.sqlite"
  first+=("$(timed_run "$work/dropin/node.ini")")
  steady+=("$(timed_run "$work/dropin/node.ini")")
  "${java[@]}" org.slapos.instancenode.bench.InstanceDbWorkload "$entries" "$work/dropin/instance.sqlite" 1
  changed+=("$(timed_run "$work/dropin/node.ini")")
done
report "drop-in, first pass (empty request DB)" "${first[@]}"
report "drop-in, steady pass (nothing changed)" "${steady[@]}"
report "drop-in, pass with 1% of entries edited" "${changed[@]}"
# The daemon's passes, in-process on a warm cache.
mkdir -p "$work/daemon"
"${java[@]}" org.slapos.instancenode.engine.PassBench "$entries" "$work/daemon" 2>"$work/daemon.err" \
  || { cat "$work/daemon.err" >&2; exit 1; }
# DNS challenges against a local BIND: DNS_ENTRIES entries (default 10,000), DNS_RUNS runs (default 3).
mkdir -p "$work/dns"
"${java[@]}" org.slapos.instancenode.engine.DomainBench "${DNS_ENTRIES:-10000}" "$work/dns" \
  "${DNS_RUNS:-3}" 2>"$work/dns.err" || { cat "$work/dns.err" >&2; exit 1; }
echo "last run's summary:"
head -6 "$work/last.out"
