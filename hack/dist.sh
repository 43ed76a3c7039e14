#!/usr/bin/env bash
# Builds the distribution that brings its own Java runtime, so the node runs where the system Java
# is older than 21 (Debian 12 has 17):
#   target/cdn-instance-node-VERSION-linux-ARCH.tar.gz
#     cdn-instance-node-VERSION/bin/cdn-instance-node   the launcher (JVM settings: see the README)
#     cdn-instance-node-VERSION/bin/healthcheck         GET /healthz without curl or a second JVM
#     cdn-instance-node-VERSION/lib/cdn-instance-node.jar
#     cdn-instance-node-VERSION/lib/libsqlitejdbc.so    sqlite-jdbc's native library, from the jar
#     cdn-instance-node-VERSION/lib/cdn-instance-node.aot  class data sharing archive of a training
#                                                       run (.jsa instead when the runtime is 21-24)
#     cdn-instance-node-VERSION/runtime/                a jlink runtime of the modules jdeps finds
#     cdn-instance-node-VERSION/share/                  systemd unit, sysusers.d, tmpfiles.d, examples
# Usage: hack/dist.sh (builds the jar first when a source is newer than it).
set -o errexit -o nounset -o pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"
ensure_jar

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The version Maven stamped into the jar, so the file name cannot disagree with its content.
(cd "$work" && "$JAVA_HOME/bin/jar" xf "$JAR" META-INF/maven/org.slapos.instancenode/cdn-instance-node/pom.properties)
version="$(sed -n 's/^version=//p' "$work/META-INF/maven/org.slapos.instancenode/cdn-instance-node/pom.properties")"
[[ -n "$version" ]] || { echo "dist.sh: no version in $JAR" >&2; exit 1; }
name="cdn-instance-node-$version"
dist="$work/$name"

# Modules: what jdeps finds in the jar's bytecode, plus those only reached by reflection or
# service lookup: jdk.management (com.sun.management beans of the JVM and process metrics) and
# jdk.naming.dns (dnsjava's JNDI fallback for finding the system resolvers).
feature="$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}')"
modules="$("$JAVA_HOME/bin/jdeps" --ignore-missing-deps --multi-release "$feature" --print-module-deps "$JAR")"
modules="$modules,jdk.management,jdk.naming.dns"
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --output "$dist/runtime" \
  --strip-debug --no-man-pages --no-header-files --compress=zip-6 --generate-cds-archive >&2

mkdir -p "$dist/bin" "$dist/lib" "$dist/share"
cp "$JAR" "$dist/lib/cdn-instance-node.jar"
# sqlite-jdbc's native library for this machine, taken out of the jar once here: the launcher
# points org.sqlite.lib.path at it, so a start loads it from lib/ instead of inflating it from the
# jar into java.io.tmpdir and comparing the copy byte by byte (300 ms of a start on a loaded machine).
# The library's own OSInfo names the jar's directory for this OS and architecture (Linux/x86_64).
native="org/sqlite/native/$("$JAVA_HOME/bin/java" -cp "$JAR" org.sqlite.util.OSInfo)/libsqlitejdbc.so"
(cd "$work" && "$JAVA_HOME/bin/jar" xf "$JAR" "$native")
[[ -f "$work/$native" ]] || { echo "dist.sh: no $native in $JAR" >&2; exit 1; }
install -m 0755 "$work/$native" "$dist/lib/libsqlitejdbc.so"
install -m 0755 deploy/dist/cdn-instance-node deploy/dist/healthcheck "$dist/bin/"
cp -r README.md deploy/cdn-instance-node.service deploy/systemd deploy/logrotate deploy/examples "$dist/share/"

# Dated by the last commit, before the training run: a class data sharing archive is only used
# with the jar of the size and date it was made with, and tar gives every file this date.
mtime="$(git log -1 --format=%ct 2>/dev/null || date +%s)"
find "$dist" -exec touch -h -d "@$mtime" {} +

# Class data sharing: the classes a drop-in `run --once` loads (parsed, verified, linked, and on
# JDK 25 also its resolved call sites), saved by a training run through the launcher itself (the
# same JVM options) and mapped read-only by the launcher at every start. JDK 25+ writes an AOT
# cache (-XX:AOTCacheOutput), older ones a dynamic CDS archive (-XX:ArchiveClassesAtExit).
# The training: the demo's entries in file mode (which writes an instance DB as slapconfiguration
# does), then the drop-in form over that instance DB, recorded. DNS is refused on the loopback and
# the deadline short, so both end in seconds (exit 4, challenges left unchecked, is expected).
if [[ "$feature" -ge 25 ]]; then
  archive=(-XX:AOTCacheOutput="$dist/lib/cdn-instance-node.aot")
else
  archive=(-XX:ArchiveClassesAtExit="$dist/lib/cdn-instance-node.jsa")
fi
train="$work/train"
mkdir -p "$train"
cp deploy/examples/entries.json "$train/"
for mode in file instance-db; do
  cat >"$train/$mode.ini" <<INI
[slaposinstancenode]
desired-state = $([[ $mode == file ]] && echo file:entries.json || echo instance-db)
instance-db-path = instance.sqlite
requestinstance-db-path = $mode-request.sqlite
domain-validation-db-path = $mode-domain.sqlite
software-schema = $ROOT/../shared/rapid-cdn/software.cfg.json
software-type = default
unstringify = true
dns-nameserver = 127.0.0.1:1
run-once-deadline = 3s
INI
done
trained() { # trained LAUNCHER_ARGS...: runs the launcher in $train, exit 0 or 4 expected
  local status=0
  (cd "$train" && "$dist/bin/cdn-instance-node" "$@") >>"$train/log" 2>&1 || status=$?
  [[ $status == 0 || $status == 4 ]] || { cat "$train/log" >&2; echo "dist.sh: training run failed ($status)" >&2; exit 1; }
}
trained run --once --config file.ini
CDN_INSTANCE_NODE_JAVA_OPTS="${archive[*]}" trained --cfg instance-db.ini
touch -h -d "@$mtime" "$dist/lib"/cdn-instance-node.*

out="target/$name-linux-$(uname -m).tar.gz"
# Sorted, owned by root, dated by the last commit: the same sources give the same archive.
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$mtime" \
  -C "$work" -czf "$out" "$name"
echo "$out"
