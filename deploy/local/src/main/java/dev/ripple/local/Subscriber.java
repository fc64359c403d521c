package dev.ripple.local;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Subscribes a webhook URL at notify-service (with the API key, when one is given; notify-service's subscriptions belong
 * to the key that made them) and writes the returned secret to a file only the owner can read (the
 * sink reads it from there). The previous subscription recorded in the id file is deleted first, so re-running the
 * demo does not leave subscriptions behind whose deliveries the sink can no longer verify.
 */
final class Subscriber {

    static final String SUBSCRIPTIONS = "/api/v1/subscriptions";

    /**
     * What the subscription asks for beyond its URL.
     *
     * @param apiKey the notify API key (null: send none)
     * @param minConfidence the lowest decision confidence that counts towards alerts (null: the server's default)
     * @param eventTypes the event types to receive (empty: the server's default)
     */
    record Options(String apiKey, Double minConfidence, java.util.List<String> eventTypes) {

        static final Options NONE = new Options(null, null, java.util.List.of());

        Options {
            eventTypes = eventTypes == null ? java.util.List.of() : java.util.List.copyOf(eventTypes);
        }

        HttpRequest.Builder authorize(HttpRequest.Builder request) {
            return apiKey == null ? request : request.header("X-Api-Key", apiKey);
        }
    }

    private final Http http;
    private final PrintStream out;

    Subscriber(Http http, PrintStream out) {
        this.http = http;
        this.out = out;
    }

    /** Returns the new subscription's id. */
    String subscribe(URI notify, URI webhookUrl, Path secretFile, Path idFile, Duration waitForNotify) {
        return subscribe(notify, webhookUrl, secretFile, idFile, waitForNotify, Options.NONE);
    }

    /** Returns the new subscription's id. */
    String subscribe(
            URI notify, URI webhookUrl, Path secretFile, Path idFile, Duration waitForNotify, Options options) {
        String previous = readIfPresent(idFile);
        if (previous != null) {
            HttpResponse<String> deleted = http.sendWhenUp(
                    options.authorize(Http.request(notify.resolve(SUBSCRIPTIONS + "/" + previous)))
                            .DELETE()
                            .build(),
                    waitForNotify);
            if (deleted.statusCode() / 100 == 2) {
                out.println("Removed the previous subscription " + previous);
            } else if (deleted.statusCode() != 404) {
                out.println("Could not remove the previous subscription (" + Http.describe(deleted) + "); continuing");
            }
        }
        ObjectNode body = Json.MAPPER.createObjectNode().put("url", webhookUrl.toString());
        if (options.minConfidence() != null) {
            body.put("minConfidence", options.minConfidence());
        }
        if (!options.eventTypes().isEmpty()) {
            options.eventTypes().forEach(body.putArray("eventTypes")::add);
        }
        HttpResponse<String> response = http.sendWhenUp(
                options.authorize(Http.request(notify.resolve(SUBSCRIPTIONS)))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(),
                waitForNotify);
        if (response.statusCode() != 201) {
            throw new CommandFailure("subscribing " + webhookUrl + " failed: " + Http.describe(response));
        }
        JsonNode subscription = Http.json(response);
        String id = Json.text(subscription, "id");
        String secret = Json.text(subscription, "secret");
        if (id == null || secret == null || !secret.startsWith("whsec_")) {
            throw new CommandFailure(
                    "notify-service answered 201 without an id and a whsec_ secret: " + Http.describe(response));
        }
        writePrivately(secretFile, secret + "\n");
        if (idFile != null) {
            writePrivately(idFile, id + "\n");
        }
        out.println("Subscribed " + webhookUrl + " (subscription " + id + "; secret written to " + secretFile + ")");
        return id;
    }

    /** Writes {@code content} to {@code file} readable by the owner only, replacing it in one step. */
    static void writePrivately(Path file, String content) {
        try {
            Path directory = file.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            Path temp = directory.resolve("." + file.getFileName() + ".tmp");
            Files.deleteIfExists(temp);
            try {
                Files.createFile(
                        temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
                Files.deleteIfExists(temp);
                Files.createFile(temp);
            }
            Files.writeString(temp, content);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String readIfPresent(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            return null;
        }
        try {
            String content = Files.readString(file).strip();
            return content.isEmpty() ? null : content;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
