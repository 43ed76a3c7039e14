#!/usr/bin/env bash
# Runs the whole test suite: unit tests, integration tests, formatting check, jar build.
set -o errexit -o nounset -o pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"
exec "${MVN[@]}" verify "$@"
