#!/usr/bin/env bash
# The reliability harness at full size (docs/reliability.md), on the packaged services with real Kafka,
# PostgreSQL and Keycloak — the same ReliabilityIT the README's test command runs short:
#
#   deploy/local/reliability.sh [FUZZ_COUNT] [OUTAGE_SECONDS]     (default 10000 and 60)
#
# It packages the services, makes sure PostgreSQL and Keycloak are up (the tests start their own Kafka
# node), and runs ReliabilityIT: the fuzz of every write operation, a database outage of the response
# service while calls flow, kill -9 of each service in turn under load, the Kafka broker stopped, and the
# forged tokens. The figures are printed (look for "fuzz" and "database outage")
# and the run fails when an invariant does not hold. Loopback only; it leaves the demo system (808x)
# alone: the system under test runs on 1808x with its own databases.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
FUZZ=${1:-10000}
OUTAGE=${2:-60}
cd "$ROOT"
"$ROOT/deploy/local/huying" infra up
mkdir -p "$ROOT/system-tests/target"
# -am packages what the system tests start; -Dtest=none runs no module's unit tests on the way.
./mvnw -B verify -pl system-tests -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ReliabilityIT -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dhuying.reliability.fuzz-count="$FUZZ" -Dhuying.reliability.outage-seconds="$OUTAGE" -Dhuying.reliability.full=true 2>&1 \
  | tee "$ROOT/system-tests/target/reliability.log" \
  | grep -E "^fuzz |^database outage|^kill -9|^Kafka stopped|Tests run:|FAIL|BUILD" || true
grep -q "BUILD SUCCESS" "$ROOT/system-tests/target/reliability.log"
