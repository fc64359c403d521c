package dev.ripple.ingest.jetstream.live;

import dev.ripple.ingest.jetstream.FrameSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Jetstream WebSocket as a {@link FrameSource}, with back-pressure: frames wait in a bounded queue, and the socket
 * is asked for a new message only when one has been taken from the queue (the JDK WebSocket's {@code request(n)}
 * demand). A slow consumer therefore never makes this buffer without bound: the queue holds at most
 * {@code capacity} frames, then reading stops and TCP pushes back to the server. Jetstream drops a reader that falls
 * too far behind; the source then reconnects from its committed cursor, so nothing is lost, only delayed.
 */
final class WebSocketFrames implements FrameSource, WebSocket.Listener {

    private static final Object CLOSED = new Object();

    private final BlockingQueue<Object> queue;
    private final AtomicLong queued;
    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket socket;
    private volatile String endReason;
    private volatile Throwable endCause;

    private final int capacity;

    private WebSocketFrames(int capacity, AtomicLong queued) {
        // One extra slot, so that the close marker always fits.
        this.queue = new ArrayBlockingQueue<>(capacity + 1);
        this.capacity = capacity;
        this.queued = queued;
    }

    /**
     * Opens the socket.
     *
     * @throws FrameSource.Ended when the server cannot be reached or refuses the upgrade (e.g. 400 for a bad cursor)
     */
    static WebSocketFrames connect(HttpClient http, URI uri, int capacity, Duration timeout, AtomicLong queued)
            throws FrameSource.Ended, InterruptedException {
        WebSocketFrames frames = new WebSocketFrames(capacity, queued);
        CompletableFuture<WebSocket> opening =
                http.newWebSocketBuilder().connectTimeout(timeout).buildAsync(uri, frames);
        try {
            frames.socket = opening.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            return frames;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String why = cause instanceof WebSocketHandshakeException handshake
                    ? "the server refused the upgrade with HTTP "
                            + handshake.getResponse().statusCode()
                    : String.valueOf(cause);
            throw new FrameSource.Ended("cannot connect to " + uri + ": " + why, false, cause);
        } catch (TimeoutException e) {
            opening.cancel(true);
            throw new FrameSource.Ended("cannot connect to " + uri + " within " + timeout, false, e);
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(capacity);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String frame = partial.toString();
            partial.setLength(0);
            // Never fails: at most `capacity` messages are ever requested beyond what was taken.
            queue.add(frame);
            queued.incrementAndGet();
        } else {
            webSocket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        // Compressed frames (zstd with Jetstream's dictionary) are never asked for; count and skip as text would.
        if (last) {
            queue.add("{\"binary\":true}");
            queued.incrementAndGet();
        } else {
            webSocket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        end("the server closed the connection (" + statusCode + (reason.isEmpty() ? "" : " " + reason) + ")", null);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        end("the connection failed: " + error, error);
    }

    private void end(String reason, Throwable cause) {
        if (endReason == null) {
            endReason = reason;
            endCause = cause;
            queue.offer(CLOSED);
        }
    }

    @Override
    public String next(Duration timeout) throws InterruptedException, Ended {
        Object item = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (item == null) {
            return null;
        }
        if (item == CLOSED) {
            queue.offer(CLOSED);
            throw new Ended(endReason, false, endCause);
        }
        queued.decrementAndGet();
        WebSocket open = socket;
        if (open != null && endReason == null) {
            open.request(1);
        }
        return (String) item;
    }

    @Override
    public void close() {
        WebSocket open = socket;
        if (open != null && !open.isOutputClosed()) {
            open.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(2, TimeUnit.SECONDS);
        }
        if (open != null) {
            open.abort();
        }
        queued.addAndGet(-queue.stream().filter(item -> item != CLOSED).count());
        queue.clear();
    }
}
