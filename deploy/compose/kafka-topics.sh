#!/bin/bash
# Creates Ripple's topics with the partition counts and retention the services expect. Idempotent: an existing
# topic is kept, and its partition count is checked. Runs in the apache/kafka image (compose service kafka-init).
set -euo pipefail

bootstrap="${KAFKA_BOOTSTRAP:?KAFKA_BOOTSTRAP is not set}"
partitions="${RIPPLE_KAFKA_PARTITIONS:?RIPPLE_KAFKA_PARTITIONS is not set}"
replication="${RIPPLE_KAFKA_REPLICATION_FACTOR:-1}"
# Overridable so a test can run this script against a broker outside the image.
topics_cli="${KAFKA_TOPICS_CLI:-/opt/kafka/bin/kafka-topics.sh}"

# 14d, 12h, 30m, 500ms → milliseconds
to_ms() {
  local value="$1" number unit
  if [[ ! "$value" =~ ^([0-9]+)(ms|s|m|h|d)$ ]]; then
    echo "kafka-init: '$value' is not a duration like 14d, 12h, 30m, 45s or 500ms" >&2
    exit 2
  fi
  number="${BASH_REMATCH[1]}"
  unit="${BASH_REMATCH[2]}"
  case "$unit" in
    ms) echo "$number" ;;
    s) echo $((number * 1000)) ;;
    m) echo $((number * 60000)) ;;
    h) echo $((number * 3600000)) ;;
    d) echo $((number * 86400000)) ;;
  esac
}

if [[ ! "$partitions" =~ ^[1-9][0-9]*$ ]]; then
  echo "kafka-init: RIPPLE_KAFKA_PARTITIONS must be a positive integer, got '$partitions'" >&2
  exit 2
fi
events_ms="$(to_ms "${RIPPLE_KAFKA_EVENT_RETENTION:-14d}")"
dlq_ms="$(to_ms "${RIPPLE_KAFKA_DLQ_RETENTION:-30d}")"

# name partitions config...
create() {
  local name="$1" count="$2"
  shift 2
  local configs=()
  for c in "$@"; do configs+=(--config "$c"); done
  "$topics_cli" --bootstrap-server "$bootstrap" --create --if-not-exists --topic "$name" \
    --partitions "$count" --replication-factor "$replication" "${configs[@]}" >/dev/null
  local actual
  actual="$("$topics_cli" --bootstrap-server "$bootstrap" --describe --topic "$name" \
    | sed -n 's/.*PartitionCount: *\([0-9]*\).*/\1/p' | head -n 1)"
  if [[ -z "$actual" ]]; then
    echo "kafka-init: topic $name was not created" >&2
    exit 1
  fi
  if [[ "$actual" != "$count" ]]; then
    echo "kafka-init: topic $name has $actual partitions, $count expected (kept as it is: partitions are never" \
      "removed, and adding some moves keys to other partitions)" >&2
  fi
  echo "kafka-init: $name ready ($actual partitions)"
  eval "partitions_of_${name//[.-]/_}=$actual"
}

# Events: keyed by account, co-partitioned (same count) so one consumer sees an account's shares, follows and
# engagements (likes, with the share they came through) together.
create ripple.shares.v1 "$partitions" "retention.ms=$events_ms" compression.type=producer
create ripple.follows.v1 "$partitions" "retention.ms=$events_ms" compression.type=producer
create ripple.engagements.v1 "$partitions" "retention.ms=$events_ms" compression.type=producer
create ripple.following.v1 "$partitions" "retention.ms=$events_ms" compression.type=producer
create ripple.attributions.v1 "$partitions" "retention.ms=$events_ms" compression.type=producer
# Dead letters are kept longer: someone has to read them.
create ripple.cascade-service.dlq.v1 "$partitions" "retention.ms=$dlq_ms"
create ripple.notify-service.dlq.v1 "$partitions" "retention.ms=$dlq_ms"
# ingest-service's source cursors (written in the same transaction as the events): only the latest per source matters.
cursor_partitions=$((partitions < 3 ? partitions : 3))
create ripple.ingest.cursors.v1 "$cursor_partitions" cleanup.policy=compact
# The Jetstream records that produced shares, so a delete after a restart is recognised: one entry per record
# (tombstoned when deleted or evicted; bounded by RIPPLE_JETSTREAM_INDEX_CAPACITY), kept until replaced.
create ripple.ingest.remembered.v1 "$cursor_partitions" cleanup.policy=compact

# shellcheck disable=SC2154 # set by create through eval
for other in "$partitions_of_ripple_follows_v1" "$partitions_of_ripple_engagements_v1"; do
  if [[ "$partitions_of_ripple_shares_v1" != "$other" ]]; then
    echo "kafka-init: ripple.shares.v1 ($partitions_of_ripple_shares_v1), ripple.follows.v1" \
      "($partitions_of_ripple_follows_v1) and ripple.engagements.v1 ($partitions_of_ripple_engagements_v1) must" \
      "have the same partition count: they are co-partitioned" >&2
    exit 1
  fi
done
echo "kafka-init: all topics ready"
