#!/usr/bin/env bash
# The whole test suite: starts the real PostgreSQL + MariaDB topology, runs every test tier
# with Maven, and stops the topology again (also when the tests fail).
# Must run as root: scripts/topology.sh starts PostgreSQL as the postgres user via runuser, and
# installs the server packages with apt-get if they are missing. About 10 minutes.
# Formatting is only checked (-Dspotless.goal=check), never applied: a test run leaves the
# tracked files as they are. A developer's plain `mvn verify` still formats the code.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/topology.sh up
trap 'scripts/topology.sh down' EXIT
mvn -B verify -Dspotless.goal=check "$@"
