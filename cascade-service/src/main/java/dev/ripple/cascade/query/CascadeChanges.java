package dev.ripple.cascade.query;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Listens on PostgreSQL for the engine's {@code NOTIFY cascade_changed, '<cascade id>'} (sent at commit for every
 * cascade a batch changed) on a dedicated connection outside the pool, and tells the registered observers. Because
 * the notification goes through the database, every instance of the service hears about changes made by any
 * instance. When the connection drops it reconnects with back-off and tells observers to re-synchronise, since
 * notifications sent while nobody listened are lost.
 */
@Component
public class CascadeChanges implements SmartLifecycle {

    /** The channel the engine notifies on (the engine's {@code ChangeWriter.CHANGES_CHANNEL}). */
    public static final String CHANNEL = "cascade_changed";

    /** The listener's {@code application_name}, so operators (and tests) can find its backend. */
    public static final String APPLICATION_NAME = "ripple-cascade-changes";

    private static final Logger log = LoggerFactory.getLogger(CascadeChanges.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration PING = Duration.ofSeconds(15);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** Told about changes; called on the listener thread, so implementations must return quickly. */
    public interface Observer {

        void changed(UUID cascadeId);

        /** The listener (re)connected: changes may have been missed since the last notification. */
        void resynchronise();
    }

    private final DataSourceProperties dataSource;
    private final List<Observer> observers = new CopyOnWriteArrayList<>();
    private volatile boolean running;
    private volatile boolean listening;
    private volatile Thread thread;

    CascadeChanges(DataSourceProperties dataSource) {
        this.dataSource = dataSource;
    }

    public void observe(Observer observer) {
        observers.add(observer);
    }

    /** Whether the listener is connected and listening right now. */
    public boolean listening() {
        return listening;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name("cascade-changes").daemon().start(this::run);
    }

    @Override
    public synchronized void stop() {
        running = false;
        Thread listener = thread;
        if (listener != null) {
            listener.interrupt();
            try {
                listener.join(POLL.multipliedBy(4).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        thread = null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        Duration backoff = Duration.ofMillis(250);
        while (running) {
            try (Connection connection = connect();
                    Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + CHANNEL);
                PGConnection postgres = connection.unwrap(PGConnection.class);
                listening = true;
                log.info("Listening for cascade changes on channel {}", CHANNEL);
                backoff = Duration.ofMillis(250);
                notifyResynchronise();
                long lastPing = System.nanoTime();
                while (running) {
                    PGNotification[] notifications = postgres.getNotifications((int) POLL.toMillis());
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            dispatch(notification.getParameter());
                        }
                    }
                    // A connection that died quietly (no FIN) never fails a wait for notifications: ping it.
                    if (System.nanoTime() - lastPing > PING.toNanos()) {
                        statement.execute("select 1");
                        lastPing = System.nanoTime();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (!running) {
                    return;
                }
                log.warn(
                        "Cascade change listener lost its connection ({}); reconnecting in {} ms",
                        e.getMessage(),
                        backoff.toMillis());
                try {
                    TimeUnit.MILLISECONDS.sleep(backoff.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            } finally {
                listening = false;
            }
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        if (dataSource.determineUsername() != null) {
            properties.setProperty("user", dataSource.determineUsername());
        }
        if (dataSource.determinePassword() != null) {
            properties.setProperty("password", dataSource.determinePassword());
        }
        properties.setProperty("ApplicationName", APPLICATION_NAME);
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("connectTimeout", "10");
        return DriverManager.getConnection(dataSource.determineUrl(), properties);
    }

    private void dispatch(String payload) {
        UUID id;
        try {
            id = UUID.fromString(payload.trim());
        } catch (IllegalArgumentException e) {
            log.warn("Ignoring a {} notification whose payload is not a cascade id: '{}'", CHANNEL, payload);
            return;
        }
        for (Observer observer : observers) {
            try {
                observer.changed(id);
            } catch (RuntimeException e) {
                log.warn("A cascade change observer failed; the others are still told", e);
            }
        }
    }

    private void notifyResynchronise() {
        for (Observer observer : observers) {
            try {
                observer.resynchronise();
            } catch (RuntimeException e) {
                log.warn("A cascade change observer failed to resynchronise", e);
            }
        }
    }
}
