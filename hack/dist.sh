#!/usr/bin/env bash
# Builds the distribution that brings its own Java runtime, so the node runs where the system Java
# is older than 21 (Debian 12 has 17):
#   target/cdn-instance-node-VERSION-linux-ARCH.tar.gz
#     cdn-instance-node-VERSION/bin/cdn-instance-node   the launcher (JVM settings: see the README)
#     cdn-instance-node-VERSION/bin/healthcheck         GET /healthz without curl or a second JVM
#     cdn-instance-node-VERSION/lib/cdn-instance-node.jar
#     cdn-instance-node-VERSION/lib/libsqlitejdbc.so    sqlite-jdbc's native library, from the jar
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

out="target/$name-linux-$(uname -m).tar.gz"
# Sorted, owned by root, dated by the last commit: the same sources give the same archive.
mtime="$(git log -1 --format=%ct 2>/dev/null || date +%s)"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$mtime" \
  -C "$work" -czf "$out" "$name"
echo "$out"
