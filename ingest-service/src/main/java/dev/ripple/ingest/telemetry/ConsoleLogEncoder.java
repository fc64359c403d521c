package dev.ripple.ingest.telemetry;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;

/**
 * The console's encoder, chosen by {@code RIPPLE_LOG_FORMAT}: {@code json} writes one ECS JSON object per line
 * ({@link JsonLogEncoder}); anything else writes text with {@link #setPattern the pattern} (a bad value is reported by
 * {@link TelemetrySettings} at start-up, readable as text).
 */
public final class ConsoleLogEncoder extends EncoderBase<ILoggingEvent> {

    private String pattern = "%d %-5level [%thread] %logger{36} - %msg%n";
    private Encoder<ILoggingEvent> delegate;

    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    static boolean json() {
        String format = System.getProperty("ripple.telemetry.log-format", System.getenv("RIPPLE_LOG_FORMAT"));
        return format != null && format.strip().equals("json");
    }

    @Override
    public void start() {
        if (json()) {
            delegate = new JsonLogEncoder();
        } else {
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setPattern(pattern);
            delegate = text;
        }
        delegate.setContext(getContext());
        delegate.start();
        super.start();
    }

    @Override
    public void stop() {
        if (delegate != null) {
            delegate.stop();
        }
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return delegate.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return delegate.encode(event);
    }

    @Override
    public byte[] footerBytes() {
        return delegate.footerBytes();
    }
}
