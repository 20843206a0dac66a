#!/usr/bin/env bash
# The whole test suite: starts the real PostgreSQL + MariaDB topology, runs every test tier
# with Maven, and stops the topology again (also when the tests fail).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/topology.sh up
trap 'scripts/topology.sh down' EXIT
mvn -B verify "$@"
