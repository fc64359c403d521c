-- W3C trace context (docs/observability.md). A message keeps the trace of what caused it (the attribution consumed,
-- or for a window closed later, the feed's latest credit), so its webhook carries a traceparent that leads back to
-- the platform event; a feed keeps the trace of its latest credit for the alerts the window flusher makes.
ALTER TABLE messages
    ADD COLUMN trace_parent text,
    ADD COLUMN trace_state  text;
ALTER TABLE feeds
    ADD COLUMN trace_parent text,
    ADD COLUMN trace_state  text;
