#!/usr/bin/env bash
# Builds the jar if needed and runs it: hack/run.sh run --once --config deploy/examples/demo.ini
set -o errexit -o nounset -o pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ensure_jar
exec "$JAVA_HOME/bin/java" -jar "$JAR" "$@"
