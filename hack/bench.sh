#!/usr/bin/env bash
# Benchmarks whole-process runs of `run --once` on generated workloads and prints one table:
# medians of RUNS runs of each case at each size, the ratio between the two sizes, the DNS
# questions each run sent (counted by the local BIND itself, on its statistics channel) and the
# peak RSS of the process (/usr/bin/time -v).
# Usage: hack/bench.sh [SIZE_A [SIZE_B]] (default 10000 100000); RUNS=N repetitions (default 3);
#   DAEMON_CASES=0 skips the daemon's in-process cases (PassBench, DomainBench); CASES=drop-in
#   (or CASES=file) runs only that case of `run --once` (default: CASES="file drop-in").
#   file case:    desired state from a JSON file (70% with a custom domain, asked of a local BIND
#                 where nothing is published: they stay pending): schema validation, lifecycle.
#   drop-in case: the instance DB written as SlapOS's slapconfiguration does; the lifecycle only.
# JVM: the launcher's settings, its class data sharing archive included: the bench makes one for
# its own JDK and jar with a training run before timing anything (see below).
# Needs: BIND (apt-get install -y bind9), GNU time (apt-get install -y time), curl and jq
# (apt-get install -y curl jq).
set -o errexit -o nounset -o pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

sizes=("${1:-10000}" "${2:-100000}")
runs="${RUNS:-3}"
# The distribution launcher's JVM settings (deploy/dist/cdn-instance-node), so that the memory
# figures are those of the node as shipped; keep them in step.
jvm=(-Xms32m -Xmx512m -XX:+UseSerialGC -XX:MaxMetaspaceSize=256m -XX:+ExitOnOutOfMemoryError
  -Djdk.nio.maxCachedBufferSize=262144)

need() { command -v "$1" >/dev/null || { echo "bench.sh: $1 is needed: apt-get install -y $2" >&2; exit 1; }; }
need /usr/sbin/named bind9
need /usr/bin/time time
need curl curl
need jq jq

"${MVN[@]}" --quiet -DskipTests -Dspotless.check.skip=true package
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"${MVN[@]}" --quiet dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/classpath"
java=("$JAVA_HOME/bin/java" -cp "$ROOT/target/test-classes:$JAR:$(cat "$work/classpath")")

# The workload's custom domains ask a local BIND, never the machine's resolvers.
coproc DNS { exec "${java[@]}" org.slapos.instancenode.bench.LocalDns; }
read -r nameserver <&"${DNS[0]}"
read -r statistics <&"${DNS[0]}"
trap 'exec {DNS[1]}>&-; wait "$DNS_PID" 2>/dev/null; rm -rf "$work"' EXIT
txt_queries() { curl --silent --fail "http://$statistics/json/v1/server" | jq '.qtypes.TXT // 0'; }

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
# The bench measures whole runs: the largest take longer than the default 50 s deadline.
run-once-deadline = 1h
INI
}

# The launcher maps the class data sharing archive of a training run (hack/dist.sh): the bench
# makes its own for its JDK and jar, the same way (a drop-in first run, here of 100 entries), and
# times every run with it. JDK 25+: an AOT cache; before: a dynamic CDS archive.
train="$work/train"
mkdir -p "$train"
"${java[@]}" org.slapos.instancenode.bench.InstanceDbWorkload 100 "$train/instance.sqlite"
config "$train/node.ini" "instance-db"
if [[ "$(jdk_version "$JAVA_HOME")" -ge 25 ]]; then
  write_archive=(-XX:AOTCacheOutput="$work/node.aot") read_archive=(-XX:AOTCache="$work/node.aot")
else
  write_archive=(-XX:ArchiveClassesAtExit="$work/node.jsa") read_archive=(-XX:SharedArchiveFile="$work/node.jsa")
fi
"$JAVA_HOME/bin/java" "${jvm[@]}" "${write_archive[@]}" -jar "$JAR" run --once --config "$train/node.ini" \
  >"$train/log" 2>&1 || { cat "$train/log" >&2; exit 1; }
jvm+=("${read_archive[@]}")

# Runs the node once; prints "WALL_MS PEAK_RSS_KIB DNS_QUESTIONS".
timed_run() {
  local start end before after rss
  before=$(txt_queries)
  start=$(date +%s%N)
  /usr/bin/time -v -o "$work/time" "$JAVA_HOME/bin/java" "${jvm[@]}" -jar "$JAR" run --once \
    --config "$1" >"$work/last.out" 2>"$work/last.err" || { cat "$work/last.err" >&2; exit 1; }
  end=$(date +%s%N)
  after=$(txt_queries)
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time")
  echo "$(((end - start) / 1000000)) $rss $((after - before))"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }

declare -A result # "case|size" -> "WALL_MS RSS_KIB QUESTIONS" (medians)
cases=()
record() { # record CASE SIZE RUN_RESULTS...
  local name="$1" size="$2" column out=""
  shift 2
  [[ " ${cases[*]} " == *" $name "* ]] || cases+=("$name")
  for column in 1 2 3; do
    out+="$(printf '%s\n' "$@" | awk -v c=$column '{print $c}' | median) "
  done
  result["$name|$size"]="$out"
}

echo "workload sizes ${sizes[*]}, $runs runs, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), JDK $("$JAVA_HOME/bin/java" -version 2>&1 | head -1), JVM ${jvm[*]}"
wanted() { [[ " ${CASES:-file drop-in} " == *" $1 "* ]]; }
for size in "${sizes[@]}"; do
  if wanted file; then
    # File case.
    dir="$work/file-$size"
    mkdir -p "$dir"
    "${java[@]}" org.slapos.instancenode.bench.Workload "$size" "$dir/base.json"
    "${java[@]}" org.slapos.instancenode.bench.Workload "$size" "$dir/changed.json" 1
    config "$dir/node.ini" "file:entries.json"
    first=() steady=() due=() changed=()
    for ((i = 1; i <= runs; i++)); do
      rm -f "$dir"/*.sqlite* "$dir"/*.lock
      cp "$dir/base.json" "$dir/entries.json"
      first+=("$(timed_run "$dir/node.ini")")
      steady+=("$(timed_run "$dir/node.ini")")
      cp "$dir/changed.json" "$dir/entries.json"
      changed+=("$(timed_run "$dir/node.ini")")
      # What every run of the Python node does: every pending challenge asked again.
      "$JAVA_HOME/bin/java" -jar "$JAR" recheck --config "$dir/node.ini" --all >/dev/null
      due+=("$(timed_run "$dir/node.ini")")
    done
    record "file-first-run-empty-DBs" "$size" "${first[@]}"
    record "file-nothing-changed-none-due" "$size" "${steady[@]}"
    record "file-1%-edited" "$size" "${changed[@]}"
    record "file-every-challenge-due(recheck--all)" "$size" "${due[@]}"
  fi

  if wanted drop-in; then
    # Drop-in case.
    dir="$work/dropin-$size"
    mkdir -p "$dir"
    config "$dir/node.ini" "instance-db"
    first=() steady=() changed=()
    for ((i = 1; i <= runs; i++)); do
      rm -f "$dir"/*.sqlite* "$dir"/*.lock
      "${java[@]}" org.slapos.instancenode.bench.InstanceDbWorkload "$size" "$dir/instance.sqlite"
      first+=("$(timed_run "$dir/node.ini")")
      steady+=("$(timed_run "$dir/node.ini")")
      "${java[@]}" org.slapos.instancenode.bench.InstanceDbWorkload "$size" "$dir/instance.sqlite" 1
      changed+=("$(timed_run "$dir/node.ini")")
    done
    record "drop-in-first-run(no-custom-domains)" "$size" "${first[@]}"
    record "drop-in-nothing-changed" "$size" "${steady[@]}"
    record "drop-in-1%-edited" "$size" "${changed[@]}"
  fi
done

a="${sizes[0]}" b="${sizes[1]}"
printf '\n| run --once (medians of %s) | wall %s | wall %s | ratio | DNS questions %s | %s | peak RSS %s | %s |\n' \
  "$runs" "$a" "$b" "$a" "$b" "$a" "$b"
echo '|---|---|---|---|---|---|---|---|'
for name in "${cases[@]}"; do
  read -r wa ra qa <<<"${result["$name|$a"]}"
  read -r wb rb qb <<<"${result["$name|$b"]}"
  awk -v n="$name" -v wa="$wa" -v wb="$wb" -v qa="$qa" -v qb="$qb" -v ra="$ra" -v rb="$rb" 'BEGIN {
    printf "| %s | %.2f s | %.2f s | %.1f | %d | %d | %d MiB | %d MiB |\n",
      n, wa / 1000, wb / 1000, (wa > 0 ? wb / wa : 0), qa, qb, ra / 1024, rb / 1024 }'
done
echo "(ratio: wall time at $b entries over wall time at $a; linear growth is $((b / a)))"

if [[ "${DAEMON_CASES:-1}" != 0 ]]; then
  # The daemon's passes, in-process on a warm cache.
  mkdir -p "$work/daemon"
  "${java[@]}" org.slapos.instancenode.engine.PassBench "$b" "$work/daemon" 2>"$work/daemon.err" \
    || { cat "$work/daemon.err" >&2; exit 1; }
  # DNS challenges against a local BIND: DNS_ENTRIES entries (default 10,000), DNS_RUNS runs.
  mkdir -p "$work/dns"
  "${java[@]}" org.slapos.instancenode.engine.DomainBench "${DNS_ENTRIES:-10000}" "$work/dns" \
    "${DNS_RUNS:-3}" 2>"$work/dns.err" || { cat "$work/dns.err" >&2; exit 1; }
fi
echo "last run's summary:"
head -7 "$work/last.out"
