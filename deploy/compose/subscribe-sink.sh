#!/bin/sh
# One shot for the demo: subscribes the webhook sink at notify-service (with an API key; notify-service scopes the
# subscription to the key's owner) and writes the webhook secret where the sink reads it. The subscription asks for
# every alert type, subject digests included, from confidence MIN_CONFIDENCE up, as ./ripple demo does (default 0.05,
# to show every claim of the seed story: its evening follows are follow-graph exposures hours after the share, which
# the calibrated engine rates 0.11 to 0.48; docs/webhooks.md, "The local demo"). A subscription made by an earlier run
# (its id is kept beside the secret) is deleted first, so restarts never pile up subscriptions. Runs in the
# curlimages/curl image.
set -eu
: "${NOTIFY_URL:?}" "${WEBHOOK_URL:?}" "${SECRET_DIR:?}" "${RIPPLE_NOTIFY_API_KEY:?}"
min_confidence="${MIN_CONFIDENCE:-0.05}"
event_types="${EVENT_TYPES:-share.follows.first,share.follows.digest,share.follows.milestone,cascade.summary,subject.follows.digest}"
case "$min_confidence" in
  0 | 1 | 0.[0-9] | 0.[0-9][0-9] | 0.[0-9][0-9][0-9] | 1.0) ;;
  *) echo "webhook-subscribe: MIN_CONFIDENCE must be a number from 0 to 1, got '$min_confidence'" >&2; exit 2 ;;
esac
# a,b,c → "a","b","c" (event type names are letters, digits, dots and dashes only)
case "$event_types" in
  *[!a-z0-9.,-]* | "" | ,* | *, | *,,*)
    echo "webhook-subscribe: EVENT_TYPES must be comma-separated event types, got '$event_types'" >&2; exit 2 ;;
esac
types_json="\"$(printf '%s' "$event_types" | sed 's/,/","/g')\""
umask 077
id_file="$SECRET_DIR/subscription"
response="$SECRET_DIR/.subscribe-response"

# The key goes in both usual headers, so either way notify-service accepts it. Transient failures (refused
# connections, timeouts, 408, 429, 5xx) are retried; a refused key or a rejected body fails at once.
api() {
  curl --silent --show-error --fail-with-body --max-time 20 \
    --retry 30 --retry-delay 2 --retry-connrefused \
    -H "X-Api-Key: $RIPPLE_NOTIFY_API_KEY" -H "Authorization: Bearer $RIPPLE_NOTIFY_API_KEY" "$@"
}

if [ -s "$id_file" ]; then
  previous="$(cat "$id_file")"
  # 404: already gone; anything else but 204 is a failure worth seeing.
  status="$(curl --silent --output /dev/null --write-out '%{http_code}' --max-time 20 \
    -H "X-Api-Key: $RIPPLE_NOTIFY_API_KEY" -H "Authorization: Bearer $RIPPLE_NOTIFY_API_KEY" \
    -X DELETE "$NOTIFY_URL/api/v1/subscriptions/$previous")"
  case "$status" in
    204|404) echo "webhook-subscribe: previous subscription $previous removed ($status)" ;;
    *) echo "webhook-subscribe: deleting subscription $previous answered $status" >&2; exit 1 ;;
  esac
fi

api -X POST -H 'Content-Type: application/json' \
  --data "{\"url\": \"$WEBHOOK_URL\", \"minConfidence\": $min_confidence, \"eventTypes\": [$types_json]}" \
  "$NOTIFY_URL/api/v1/subscriptions" >"$response"

# The body is one JSON object; the secret (whsec_ + base64) and the id need no unescaping.
secret="$(sed -n 's/.*"secret" *: *"\(whsec_[A-Za-z0-9+\/=]*\)".*/\1/p' "$response")"
id="$(sed -n 's/.*"id" *: *"\([^"]*\)".*/\1/p' "$response")"
rm -f "$response"
if [ -z "$secret" ] || [ -z "$id" ]; then
  echo "webhook-subscribe: notify-service answered without an id and a whsec_ secret" >&2
  exit 1
fi
printf '%s' "$secret" >"$SECRET_DIR/secret.tmp"
mv "$SECRET_DIR/secret.tmp" "$SECRET_DIR/secret"
printf '%s\n' "$id" >"$id_file"
echo "webhook-subscribe: $WEBHOOK_URL subscribed as $id"
