-- notify-service: alert streams, the credits that feed them, and the webhook outbox.
-- Hot tables use time-ordered keys (identity sequences, UUIDv7) or natural keys, never random UUIDs.

-- Event-time watermark per partition of ripple.attributions.v1: the latest followedAt consumed there.
-- Per partition, because all of one sharer's credits share a partition and arrive there in order; one global
-- maximum would let a fast partition close the windows of a lagging one.
CREATE TABLE watermarks (
    topic         text        NOT NULL,
    partition_id  integer     NOT NULL,
    event_time    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    PRIMARY KEY (topic, partition_id)
);

-- One alert stream per (sharer, subject, cascade): the policy's state between changes.
CREATE TABLE streams (
    id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sharer_ref              text        NOT NULL,
    subject_ref             text        NOT NULL,
    cascade_id              text        NOT NULL,
    sharer_handle           text        NOT NULL,
    subject_handle          text        NOT NULL,
    -- the attributions partition the sharer's credits arrive on: its watermark closes this stream's windows
    partition_id            integer     NOT NULL,
    total_follows           integer     NOT NULL DEFAULT 0 CHECK (total_follows >= 0),
    first_sent              boolean     NOT NULL DEFAULT false,
    latest_path             text[]      NOT NULL DEFAULT '{}',
    -- the open digest window (all null when none is open)
    window_start            timestamptz,
    window_end              timestamptz,
    window_opened_at        timestamptz,
    window_new_follows      integer     NOT NULL DEFAULT 0 CHECK (window_new_follows >= 0),
    window_withdrawals      integer     NOT NULL DEFAULT 0 CHECK (window_withdrawals >= 0),
    window_min_confidence   double precision,
    window_sample           text[]      NOT NULL DEFAULT '{}',
    created_at              timestamptz NOT NULL,
    updated_at              timestamptz NOT NULL,
    UNIQUE (sharer_ref, subject_ref, cascade_id),
    CHECK ((window_start IS NULL) = (window_end IS NULL) AND (window_end IS NULL) = (window_opened_at IS NULL))
);

-- The scheduled flush looks only at streams with an open window.
CREATE INDEX streams_open_windows ON streams (window_opened_at) WHERE window_end IS NOT NULL;

-- The newest decision applied per (follow, sharer): the idempotency log. A message whose decision_version is not
-- newer than the stored one changes nothing.
CREATE TABLE credits (
    follow_id         text             NOT NULL,
    sharer_ref        text             NOT NULL,
    decision_version  integer          NOT NULL,
    event_id          text             NOT NULL,
    credited          boolean          NOT NULL,
    -- the stream the follow is counted in (or was, before a withdrawal); null when never counted
    stream_id         bigint           REFERENCES streams (id),
    follower_ref      text             NOT NULL,
    follower_handle   text             NOT NULL,
    followed_at       timestamptz      NOT NULL,
    decided_at        timestamptz      NOT NULL,
    confidence        double precision NOT NULL,
    consumed_at       timestamptz      NOT NULL,
    PRIMARY KEY (follow_id, sharer_ref)
);

CREATE INDEX credits_stream ON credits (stream_id);

-- Webhook endpoints. The secret is kept to sign deliveries; it is returned once, at creation.
CREATE TABLE subscriptions (
    id               uuid        PRIMARY KEY,
    url              text        NOT NULL,
    -- sharer refs to alert about; empty = every sharer
    sharers          text[]      NOT NULL DEFAULT '{}',
    secret           text        NOT NULL,
    enabled          boolean     NOT NULL DEFAULT true,
    disabled_reason  text,
    created_at       timestamptz NOT NULL,
    deleted_at       timestamptz
);

-- Alerts: the exact body bytes sent (and signed) on every attempt.
CREATE TABLE alerts (
    id             uuid        PRIMARY KEY,
    message_id     text        NOT NULL UNIQUE,
    stream_id      bigint      NOT NULL REFERENCES streams (id),
    reason         text        NOT NULL,
    event_time     timestamptz NOT NULL,
    new_follows    integer     NOT NULL,
    total_follows  integer     NOT NULL,
    corrected      integer     NOT NULL,
    body           bytea       NOT NULL,
    created_at     timestamptz NOT NULL
);

CREATE INDEX alerts_stream ON alerts (stream_id, created_at);

-- The outbox: one row per (alert, subscription), claimed by delivery workers with FOR UPDATE SKIP LOCKED and a lease.
CREATE TABLE deliveries (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    alert_id          uuid        NOT NULL REFERENCES alerts (id),
    subscription_id   uuid        NOT NULL REFERENCES subscriptions (id),
    status            text        NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED', 'CANCELLED')),
    attempts          integer     NOT NULL DEFAULT 0,
    next_attempt_at   timestamptz NOT NULL,
    leased_until      timestamptz,
    last_attempt_at   timestamptz,
    last_status_code  integer,
    last_error        text,
    delivered_at      timestamptz,
    created_at        timestamptz NOT NULL,
    UNIQUE (alert_id, subscription_id)
);

CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX deliveries_subscription_pending ON deliveries (subscription_id) WHERE status = 'PENDING';
