#!/usr/bin/env bash
# The webhook delivery benchmark: deliveries per second to a local receiver, and the latency from an attribution
# published to Kafka to its webhook arriving (p50/p95/p99). Embedded Kafka and PostgreSQL, notify-service in-process.
#   notify-service/bench/delivery-benchmark.sh [N=5000] [RATE=200] [SECONDS=30]
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -q -pl notify-service -am test-compile -DskipTests
./mvnw -q -pl notify-service dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$PWD/notify-service/target/bench.classpath" >/dev/null
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
for candidate in /usr/lib/jvm/*25*/bin/java; do [[ -x $candidate ]] && JAVA="$candidate" && break; done
exec "$JAVA" -Xmx1g -XX:+EnableDynamicAgentLoading --enable-native-access=ALL-UNNAMED \
  --sun-misc-unsafe-memory-access=allow \
  -cp "notify-service/target/test-classes:notify-service/target/classes:$(cat notify-service/target/bench.classpath)" \
  dev.ripple.notify.DeliveryBenchmark "$@"
