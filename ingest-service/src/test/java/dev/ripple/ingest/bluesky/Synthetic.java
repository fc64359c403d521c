package dev.ripple.ingest.bluesky;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The synthetic Bluesky cascade of the shared fixtures (copied to {@code src/test/resources/bluesky}): alice posts P;
 * bob reposts P; carol reposts P via bob's repost; dave likes P via carol's repost, then follows alice; erin quotes P;
 * greg mentions alice and replies to P; frank follows alice from sam's starter pack; bob deletes his repost.
 */
public final class Synthetic {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    public static final String ALICE = "did:plc:teix674xturiz723icjh47qu";
    public static final String BOB = "did:plc:ejvhld3zwojou3bu47ojax4c";
    public static final String CAROL = "did:plc:z526dd3ngszr6cb7whnqbl3m";
    public static final String DAVE = "did:plc:dhb3qbblatq32y7whvkkjspg";
    public static final String ERIN = "did:plc:fhwrzinoedgm7j2qgytv7n6c";
    public static final String FRANK = "did:plc:w2wrtyfzujjaczivc3nsnrdj";
    public static final String GREG = "did:plc:n475xqt7c6xhs45iezxguja6";
    public static final String SAM = "did:plc:lsyyxnw3hxslvtqi4oeni6xq";

    public static final String P = "at://" + ALICE + "/app.bsky.feed.post/3m4q6kt5y5s2b";
    public static final String RB = "at://" + BOB + "/app.bsky.feed.repost/3m4q6ryjt5s2b";
    public static final String RC = "at://" + CAROL + "/app.bsky.feed.repost/3m4q7msgem22b";
    public static final String LD = "at://" + DAVE + "/app.bsky.feed.like/3m4qacbu5cs2b";
    public static final String FD = "at://" + DAVE + "/app.bsky.graph.follow/3m4qae2j6vc2b";
    public static final String EQ = "at://" + ERIN + "/app.bsky.feed.post/3m4qasdyd222b";
    public static final String GM = "at://" + GREG + "/app.bsky.feed.post/3m4qbn6jmkc2b";
    public static final String GR = "at://" + GREG + "/app.bsky.feed.post/3m4qbqrdmvs2b";
    public static final String FF = "at://" + FRANK + "/app.bsky.graph.follow/3m4qc3i2s4s2b";
    public static final String SP = "at://" + SAM + "/app.bsky.graph.starterpack/3m3naxzya5s2b";
    public static final String FC = "at://" + CAROL + "/app.bsky.graph.follow/3m4hh64uk5s2b";
    public static final String FDC = "at://" + DAVE + "/app.bsky.graph.follow/3m4kwwfrw5s2b";

    private Synthetic() {}

    public static String text(String name) {
        try (InputStream in = Synthetic.class.getResourceAsStream("/bluesky/" + name)) {
            if (in == null) {
                throw new IOException("missing fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode json(String name) {
        return JSON.readTree(text(name));
    }

    /** The recorded Jetstream frames, one per line, in time_us order. */
    public static List<String> stream() {
        return text("jetstream-v1/stream.jsonl")
                .lines()
                .filter(line -> !line.isBlank())
                .toList();
    }

    public static Path streamFile() {
        try {
            return Path.of(Synthetic.class
                    .getResource("/bluesky/jetstream-v1/stream.jsonl")
                    .toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
