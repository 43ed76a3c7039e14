#!/usr/bin/env bash
# Sourced by the other hack/ scripts: finds a JDK 21+ and the project root.
set -o errexit -o nounset -o pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/target/cdn-instance-node.jar"

# Prints the feature version (17, 21, 25...) of the JDK at $1, or nothing.
jdk_version() {
  local home="$1"
  [[ -x "$home/bin/java" && -x "$home/bin/javac" ]] || return 0
  "$home/bin/java" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ {print $2; exit}' \
    | sed 's/^1\.//'
}

find_jdk() {
  if [[ -n "${JAVA_HOME:-}" ]]; then
    local v
    v="$(jdk_version "$JAVA_HOME")"
    if [[ -n "$v" && "$v" -ge 21 ]]; then
      echo "$JAVA_HOME"
      return 0
    fi
  fi
  local best="" best_v=0 home v
  for home in /usr/lib/jvm/*; do
    [[ -d "$home" && ! -L "$home" ]] || continue
    v="$(jdk_version "$home")"
    if [[ -n "$v" && "$v" -ge 21 && "$v" -gt "$best_v" ]]; then
      best="$home"
      best_v="$v"
    fi
  done
  if [[ -z "$best" ]]; then
    echo "error: no JDK 21 or newer found (JAVA_HOME=${JAVA_HOME:-unset}, nothing suitable under /usr/lib/jvm)." >&2
    echo "Install one (for example: apt-get install -y openjdk-21-jdk-headless) or point JAVA_HOME at it." >&2
    return 1
  fi
  echo "$best"
}

JAVA_HOME="$(find_jdk)"
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"

MVN=(mvn --batch-mode --no-transfer-progress)

# Builds the shaded jar unless it is newer than every source file.
ensure_jar() {
  if [[ -f "$JAR" ]] && [[ -z "$(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$JAR" -print -quit)" ]]; then
    return 0
  fi
  (cd "$ROOT" && "${MVN[@]}" --quiet -DskipTests -Dspotless.check.skip=true package) >&2
}
