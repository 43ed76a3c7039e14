#!/usr/bin/env bash
# Benchmarks whole-process runs on a generated workload and prints medians.
# Usage: hack/bench.sh [ENTRIES] (default 100000); RUNS=N sets the repetitions (default 5).
set -o errexit -o nounset -o pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

entries="${1:-100000}"
runs="${RUNS:-5}"
"${MVN[@]}" --quiet -DskipTests -Dspotless.check.skip=true package
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
java=("$JAVA_HOME/bin/java" -cp "$ROOT/target/test-classes:$JAR")
"${java[@]}" org.slapos.instancenode.bench.Workload "$entries" "$work/base.json"
"${java[@]}" org.slapos.instancenode.bench.Workload "$entries" "$work/changed.json" 1

cat >"$work/bench.ini" <<INI
[slaposinstancenode]
desired-state = file:entries.json
instance-db-path = instance.sqlite
requestinstance-db-path = request.sqlite
domain-validation-db-path = domain.sqlite
software-schema = $ROOT/../shared/rapid-cdn/software.cfg.json
software-type = default
unstringify = true
INI

# Runs the node once on the workload; prints the wall time in milliseconds.
timed_run() {
  local start end
  start=$(date +%s%N)
  "$JAVA_HOME/bin/java" -jar "$JAR" run --once --config "$work/bench.ini" >"$work/last.out" 2>"$work/last.err" \
    || { cat "$work/last.err" >&2; exit 1; }
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }

first=() steady=() changed=()
for ((i = 1; i <= runs; i++)); do
  rm -f "$work"/*.sqlite*
  cp "$work/base.json" "$work/entries.json"
  first+=("$(timed_run)")
  steady+=("$(timed_run)")
  cp "$work/changed.json" "$work/entries.json"
  changed+=("$(timed_run)")
done
report() { echo "$1: median $(printf '%s\n' "${@:2}" | median) ms  (runs: ${*:2})"; }
echo "workload: $entries entries, $runs runs, $(nproc) cores, JDK $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
report "schema + instance DB, first run (empty DB)             " "${first[@]}"
report "schema + instance DB, second run, listing unchanged    " "${steady[@]}"
report "schema + instance DB, third run, 1% of entries changed " "${changed[@]}"
echo "last run's summary:"
head -5 "$work/last.out"
