package dev.ripple.ingest.bluesky.poll;

import dev.ripple.ingest.bluesky.xrpc.XrpcClient;
import dev.ripple.ingest.bluesky.xrpc.XrpcException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Finds an account's PDS from its DID document (the {@code #atproto_pds} service): {@code did:plc} from the PLC
 * directory, {@code did:web} from {@code https://<host>/.well-known/did.json}. Third parties' repost and follow records
 * (with their {@code via}) are read from their own PDS. Answers are cached for an hour, bounded.
 */
public final class DidResolver {

    private record Cached(URI pds, Instant until) {}

    private final XrpcClient xrpc;
    private final URI plc;
    private final Clock clock;
    private final Map<String, Cached> cache = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            return size() > 10_000;
        }
    };

    public DidResolver(XrpcClient xrpc, URI plc, Clock clock) {
        this.xrpc = xrpc;
        this.plc = plc;
        this.clock = clock;
    }

    public URI pds(String did) throws InterruptedException {
        synchronized (cache) {
            Cached cached = cache.get(did);
            if (cached != null && cached.until().isAfter(clock.instant())) {
                return cached.pds();
            }
        }
        URI document;
        if (did.startsWith("did:plc:")) {
            document = URI.create(plc.toString().replaceAll("/+$", "") + "/" + did);
        } else if (did.startsWith("did:web:")) {
            document = URI.create(
                    "https://" + did.substring("did:web:".length()).replace("%3A", ":") + "/.well-known/did.json");
        } else {
            throw new XrpcException("resolveDid", 0, "UnsupportedDid", did, null, null);
        }
        JsonNode doc = xrpc.getJson(document, "resolveDid");
        for (JsonNode service : doc.path("service")) {
            String id = service.path("id").asString("");
            if (id.endsWith("#atproto_pds") && service.path("serviceEndpoint").isString()) {
                URI pds = URI.create(service.path("serviceEndpoint").stringValue());
                synchronized (cache) {
                    cache.put(did, new Cached(pds, clock.instant().plus(Duration.ofHours(1))));
                }
                return pds;
            }
        }
        throw new XrpcException("resolveDid", 200, "NoPds", "the DID document of " + did + " names no PDS", null, null);
    }
}
