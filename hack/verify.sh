#!/usr/bin/env bash
# Formats the sources, then runs the full verification (what CI runs).
set -o errexit -o nounset -o pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"
"${MVN[@]}" spotless:apply
exec "$ROOT/hack/test.sh" "$@"
