package dev.ripple.ingest.publish;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;

/**
 * Who this ingest-service instance is ({@code ripple.ingest.*}).
 *
 * @param instanceId {@code RIPPLE_INGEST_INSTANCE_ID} (default: the host name): names the transactional producer
 *     that writes events with source cursors, so it must be stable across restarts of one instance and unique among
 *     instances
 */
@Context
@ConfigurationProperties("ripple.ingest")
public record InstanceSettings(String instanceId) {

    public InstanceSettings {
        if (instanceId == null || instanceId.isBlank()) {
            instanceId = hostName();
        }
        if (instanceId == null || !instanceId.matches("[A-Za-z0-9._-]{1,100}")) {
            throw new IllegalArgumentException("ripple.ingest.instance-id (RIPPLE_INGEST_INSTANCE_ID) must be 1-100 "
                    + "letters, digits, '.', '_' or '-', was '" + instanceId + "'");
        }
    }

    /** The host name (a container's or pod's name in a deployment), made safe for a transactional id. */
    static String hostName() {
        String name = System.getenv("HOSTNAME");
        if (name == null || name.isBlank()) {
            try {
                name = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                name = "ingest";
            }
        }
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "-");
        return safe.length() > 100 ? safe.substring(0, 100) : safe;
    }
}
