package dev.ripple.notify.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The signer against the test vectors A–D of shared/reference/webhooks.md §1.9, byte for byte. */
class WebhookSignerTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ROTATED = "whsec_MDEyMzQ1Njc4OWFiY2RlZmdoaWprbG1ub3BxcnN0dXY=";
    private static final String SPEC_BODY =
            "{\"type\":\"contact.created\",\"timestamp\":\"2022-11-03T20:26:10.344522Z\",\"data\":{\"id\":\"1f81eb52-5198-4599-803e-771906343485\"}}";

    @Test
    void vectorAOfficial() {
        String signature = WebhookSigner.sign(
                "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, utf8("{\"test\": 2432232314}"), List.of(SECRET));

        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void vectorBSpecPayload() {
        assertThat(utf8(SPEC_BODY)).hasSize(121);

        String signature =
                WebhookSigner.sign("msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", 1674087231, utf8(SPEC_BODY), List.of(SECRET));

        assertThat(signature).isEqualTo("v1,ARw42xaAApl/nxRo+iPGYwSaMQaOwMo2eyH5JBRA+bQ=");
    }

    @Test
    void vectorCNonAsciiBodyIsSignedAsUtf8Bytes() {
        String body =
                "{\"type\":\"share.followed\",\"timestamp\":\"2026-01-02T03:04:05Z\",\"data\":{\"follower\":\"Zo\u00eb \ud83d\ude00\"}}";
        assertThat(body).hasSize(89);
        assertThat(utf8(body)).hasSize(92);

        String signature = WebhookSigner.sign("msg_utf8test", 1767323045, utf8(body), List.of(SECRET));

        assertThat(signature).isEqualTo("v1,5Fd7lvUQlalQLOIPsbu15Zi/H+49Cgdt418oav2O/Bc=");
    }

    @Test
    void vectorDRotationSignsWithEveryKeySpaceSeparated() {
        String signature = WebhookSigner.sign(
                "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", 1674087231, utf8(SPEC_BODY), List.of(SECRET, ROTATED));

        assertThat(signature)
                .isEqualTo("v1,ARw42xaAApl/nxRo+iPGYwSaMQaOwMo2eyH5JBRA+bQ= "
                        + "v1,r6+tWwdDJaaP27gOVqqKftvOE2SaFiZbHPqEEAKJusE=");
    }

    @Test
    void officialLibraryVerifiesWhatWeSign() throws Exception {
        long now = Instant.now().getEpochSecond();
        String body = "{\"data\":{\"follower\":\"Zo\u00eb \ud83d\ude00\"}}";
        String signature = WebhookSigner.sign("msg_now", now, utf8(body), List.of(ROTATED, SECRET));

        HttpHeaders headers = HttpHeaders.of(
                Map.of(
                        "webhook-id", List.of("msg_now"),
                        "webhook-timestamp", List.of(Long.toString(now)),
                        "webhook-signature", List.of(signature)),
                (name, value) -> true);

        new Webhook(SECRET).verify(body, headers);
        new Webhook(ROTATED).verify(body, headers);
    }

    @Test
    void oneChangedByteNoLongerVerifies() {
        long now = Instant.now().getEpochSecond();
        String signature = WebhookSigner.sign("msg_now", now, utf8("{\"n\":1}"), List.of(SECRET));
        Map<String, List<String>> headers = Map.of(
                "webhook-id", List.of("msg_now"),
                "webhook-timestamp", List.of(Long.toString(now)),
                "webhook-signature", List.of(signature));

        assertThatThrownBy(() -> new Webhook(SECRET).verify("{\"n\":2}", headers))
                .hasMessageContaining("No matching signature");
    }

    @Test
    void refusesIdsWithDotsAndEmptySecrets() {
        assertThatThrownBy(() -> WebhookSigner.sign("msg.1", 1, new byte[0], List.of(SECRET)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WebhookSigner.sign("msg_1", 1, new byte[0], List.of("whsec_")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WebhookSigner.sign("msg_1", 1, new byte[0], List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
