-- notify-service v2: subscriptions owned by API keys with filters and delivery settings, signing keys with rotation,
-- alert state per (subscription, stream) ("feeds"), one outbox message per (alert, subscription) with an attempt log,
-- and operational notices. Pending deliveries of v1 are carried over as messages.

-- Subscriptions: owner (the API key's owner), filters, delivery settings and endpoint health.
ALTER TABLE subscriptions
    ADD COLUMN owner                 text,
    ADD COLUMN description           text,
    ADD COLUMN subjects              text[]           NOT NULL DEFAULT '{}',
    ADD COLUMN event_types           text[]           NOT NULL DEFAULT '{}',
    ADD COLUMN min_confidence        double precision NOT NULL DEFAULT 0.7 CHECK (min_confidence BETWEEN 0 AND 1),
    ADD COLUMN digest_window_ms      bigint           NOT NULL DEFAULT 60000 CHECK (digest_window_ms > 0),
    ADD COLUMN min_interval_ms       bigint           NOT NULL DEFAULT 3600000 CHECK (min_interval_ms >= 0),
    ADD COLUMN ordered               boolean          NOT NULL DEFAULT false,
    ADD COLUMN max_concurrency       integer          NOT NULL DEFAULT 4 CHECK (max_concurrency > 0),
    ADD COLUMN rate_limit            double precision NOT NULL DEFAULT 50 CHECK (rate_limit > 0),
    ADD COLUMN rate_tokens           double precision,
    ADD COLUMN rate_updated_at       timestamptz,
    ADD COLUMN paused                boolean          NOT NULL DEFAULT false,
    ADD COLUMN disabled_at           timestamptz,
    ADD COLUMN updated_at            timestamptz,
    ADD COLUMN failing_since         timestamptz,
    ADD COLUMN consecutive_failures  integer          NOT NULL DEFAULT 0,
    ADD COLUMN last_success_at       timestamptz,
    ADD COLUMN last_failure_at       timestamptz,
    ADD COLUMN failing_notified      boolean          NOT NULL DEFAULT false,
    ADD COLUMN circuit_open_until    timestamptz,
    ADD COLUMN circuit_trips         integer          NOT NULL DEFAULT 0;

-- Subscriptions made before API keys existed belong to the owner named "legacy" (configure a key "legacy:…" to
-- manage them).
UPDATE subscriptions SET owner = 'legacy', updated_at = created_at;
ALTER TABLE subscriptions ALTER COLUMN owner SET NOT NULL;
CREATE INDEX subscriptions_owner ON subscriptions (owner, id) WHERE deleted_at IS NULL;

-- Signing keys: v1 (HMAC-SHA256, whsec_) and v1a (Ed25519: the private key, PKCS#8 base64, and the whpk_ public key).
-- Every key not yet expired signs every attempt; a rotation sets the old keys' expires_at to now + the overlap.
CREATE TABLE signing_keys (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subscription_id  uuid        NOT NULL REFERENCES subscriptions (id),
    scheme           text        NOT NULL CHECK (scheme IN ('v1', 'v1a')),
    secret           text        NOT NULL,
    public_key       text,
    created_at       timestamptz NOT NULL,
    expires_at       timestamptz
);
CREATE INDEX signing_keys_subscription ON signing_keys (subscription_id);
INSERT INTO signing_keys (subscription_id, scheme, secret, created_at)
SELECT id, 'v1', secret, created_at FROM subscriptions;
ALTER TABLE subscriptions DROP COLUMN secret;

-- The credit log gains what the feeds need to decide per subscription.
ALTER TABLE credits DROP CONSTRAINT credits_stream_id_fkey;
ALTER TABLE credits DROP COLUMN stream_id;
ALTER TABLE credits ADD COLUMN tier text, ADD COLUMN cascade_id text, ADD COLUMN subject_ref text;

-- The newest decision per follow, over all its messages: whether it is attributed to someone (for subject digests)
-- or only cascade-level burst credit (for summaries).
CREATE TABLE follow_decisions (
    follow_id         text             PRIMARY KEY,
    decision_version  integer          NOT NULL,
    subject_ref       text             NOT NULL,
    cascade_id        text,
    attributed        boolean          NOT NULL,
    burst             boolean          NOT NULL,
    confidence        double precision NOT NULL,
    exposer_ref       text,
    exposer_handle    text,
    root_handle       text,
    follower_handle   text             NOT NULL,
    followed_at       timestamptz      NOT NULL,
    updated_at        timestamptz      NOT NULL
);
CREATE INDEX follow_decisions_burst ON follow_decisions (cascade_id) WHERE burst;

-- Latest activity seen per cascade: a cascade quiet for the quiet period gets its summaries.
CREATE TABLE cascade_activity (
    cascade_id       text        PRIMARY KEY,
    subject_ref      text        NOT NULL,
    last_event_time  timestamptz NOT NULL,
    last_seen_at     timestamptz NOT NULL
);

-- One alert feed per (subscription, kind, sharer, subject, cascade): the policy's state for one subscriber.
-- kind 'share': a sharer's follows in one cascade ('' never appears in sharer_ref/cascade_id for it);
-- kind 'subject': every follow of one subject ("who brought me followers"), sharer_ref and cascade_id ''.
CREATE TABLE feeds (
    id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subscription_id        uuid             NOT NULL REFERENCES subscriptions (id),
    kind                   text             NOT NULL CHECK (kind IN ('share', 'subject')),
    sharer_ref             text             NOT NULL,
    subject_ref            text             NOT NULL,
    cascade_id             text             NOT NULL,
    sharer_handle          text             NOT NULL,
    subject_handle         text             NOT NULL,
    -- the attributions partition whose watermark closes this feed's windows (share feeds; -1 for subject feeds,
    -- whose follows arrive on every partition: the lowest watermark closes theirs)
    partition_id           integer          NOT NULL,
    total_follows          integer          NOT NULL DEFAULT 0 CHECK (total_follows >= 0),
    first_sent             boolean          NOT NULL DEFAULT false,
    last_milestone         integer          NOT NULL DEFAULT 0,
    latest_path            text[]           NOT NULL DEFAULT '{}',
    -- changes since the last alert this subscriber received
    pending_new            integer          NOT NULL DEFAULT 0 CHECK (pending_new >= 0),
    pending_withdrawn      integer          NOT NULL DEFAULT 0 CHECK (pending_withdrawn >= 0),
    pending_min_confidence double precision,
    pending_sample         text[]           NOT NULL DEFAULT '{}',
    pending_by             jsonb            NOT NULL DEFAULT '[]',
    pending_since          timestamptz,
    -- the open digest window: event time, and the wall-clock deadline
    window_start           timestamptz,
    window_end             timestamptz,
    window_deadline        timestamptz,
    -- for the quiet-cascade summary
    first_follow_at        timestamptz,
    last_follow_at         timestamptz,
    summary_pending        boolean          NOT NULL DEFAULT false,
    -- event time of the subscriber's last alert about this feed (windows opened soon after it last longer)
    last_alert_at          timestamptz,
    created_at             timestamptz      NOT NULL,
    updated_at             timestamptz      NOT NULL,
    UNIQUE (subscription_id, kind, sharer_ref, subject_ref, cascade_id),
    CHECK ((window_start IS NULL) = (window_end IS NULL) AND (window_end IS NULL) = (window_deadline IS NULL))
);
CREATE INDEX feeds_open_windows ON feeds (window_deadline) WHERE window_end IS NOT NULL;
CREATE INDEX feeds_summary_pending ON feeds (cascade_id) WHERE summary_pending;
CREATE INDEX feeds_sharer ON feeds (subscription_id, sharer_ref) WHERE kind = 'share';

-- The follows counted in each feed: what a later withdrawal or move takes back.
CREATE TABLE feed_follows (
    feed_id    bigint NOT NULL REFERENCES feeds (id),
    follow_id  text   NOT NULL,
    PRIMARY KEY (feed_id, follow_id)
);
CREATE INDEX feed_follows_follow ON feed_follows (follow_id);

-- The outbox: one message per (alert, subscription), with its delivery state. The body is serialized once; the same
-- bytes are signed and sent on every attempt under the same webhook-id.
CREATE TABLE messages (
    id                uuid        PRIMARY KEY,
    message_id        text        NOT NULL,
    subscription_id   uuid        NOT NULL REFERENCES subscriptions (id),
    type              text        NOT NULL,
    feed_id           bigint      REFERENCES feeds (id),
    ordering_key      text,
    sequence          bigint,
    event_time        timestamptz NOT NULL,
    body              bytea       NOT NULL,
    status            text        NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED', 'CANCELLED')),
    attempts          integer     NOT NULL DEFAULT 0,
    cycle_attempts    integer     NOT NULL DEFAULT 0,
    next_attempt_at   timestamptz NOT NULL,
    leased_until      timestamptz,
    last_attempt_at   timestamptz,
    last_status_code  integer,
    last_error        text,
    delivered_at      timestamptz,
    -- 'redeliver' or 'replay' while a manual request's attempts run; null for the scheduled ones
    requeued_by       text        CHECK (requeued_by IN ('redeliver', 'replay')),
    -- when the attribution that caused it was published to Kafka (first alerts), for the latency figures
    caused_at         timestamptz,
    created_at        timestamptz NOT NULL
);
-- webhook-id is unique per endpoint (v1 sent one alert to several endpoints under one id).
CREATE UNIQUE INDEX messages_webhook_id ON messages (subscription_id, message_id);
CREATE INDEX messages_due ON messages (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX messages_pending_subscription ON messages (subscription_id, next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX messages_subscription ON messages (subscription_id, created_at);
CREATE UNIQUE INDEX messages_order ON messages (subscription_id, ordering_key, sequence) WHERE ordering_key IS NOT NULL;

CREATE TABLE ordering_sequences (
    subscription_id  uuid   NOT NULL REFERENCES subscriptions (id),
    ordering_key     text   NOT NULL,
    last_sequence    bigint NOT NULL,
    PRIMARY KEY (subscription_id, ordering_key)
);

-- Every attempt: what was sent where, and what came back.
CREATE TABLE attempts (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_uuid      uuid        NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    subscription_id   uuid        NOT NULL,
    attempt           integer     NOT NULL,
    trigger           text        NOT NULL CHECK (trigger IN ('scheduled', 'redeliver', 'replay')),
    url               text        NOT NULL,
    started_at        timestamptz NOT NULL,
    duration_ms       bigint      NOT NULL,
    status_code       integer,
    response_excerpt  text,
    error             text,
    outcome           text        NOT NULL CHECK (outcome IN ('DELIVERED', 'RETRY', 'FAILED', 'BLOCKED'))
);
CREATE INDEX attempts_message ON attempts (message_uuid, id);
CREATE INDEX attempts_subscription ON attempts (subscription_id, id);

-- Operational notices to an owner (endpoint failing, disabled, recovered): readable through the API, and also sent
-- as events to the owner's other endpoints.
CREATE TABLE notices (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner            text        NOT NULL,
    subscription_id  uuid        NOT NULL REFERENCES subscriptions (id),
    type             text        NOT NULL,
    detail           text        NOT NULL,
    created_at       timestamptz NOT NULL
);
CREATE INDEX notices_owner ON notices (owner, id);

-- v1's pending deliveries (and their history) carry over as messages of type share.follows.
INSERT INTO messages (id, message_id, subscription_id, type, event_time, body, status, attempts, cycle_attempts,
                      next_attempt_at, last_attempt_at, last_status_code, last_error, delivered_at, created_at)
SELECT md5(d.id::text || a.id::text)::uuid,
       a.message_id,
       d.subscription_id, 'share.follows', a.event_time, a.body, d.status, d.attempts, d.attempts,
       d.next_attempt_at, d.last_attempt_at, d.last_status_code, d.last_error, d.delivered_at, d.created_at
  FROM deliveries d JOIN alerts a ON a.id = d.alert_id;

DROP TABLE deliveries;
DROP TABLE alerts;
DROP TABLE streams;
