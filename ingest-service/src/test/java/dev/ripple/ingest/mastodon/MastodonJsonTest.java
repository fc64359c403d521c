package dev.ripple.ingest.mastodon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class MastodonJsonTest {

    @Test
    void theScenarioNotificationsAreRead() {
        List<JsonNode> items =
                MastodonJson.array(Fixtures.text("GET_api_v1_notifications.alice.json"), "notifications");
        List<MastodonNotification> notifications =
                items.stream().map(item -> MastodonJson.notification(item, "n")).toList();

        assertThat(notifications)
                .extracting(MastodonNotification::type)
                .containsExactly("mention", "quote", "follow", "favourite", "reblog", "reblog");
        MastodonNotification quote = notifications.get(1);
        assertThat(quote.account().acct()).isEqualTo("erin@scholar.example");
        assertThat(quote.account().uri()).isEqualTo("https://scholar.example/users/erin");
        assertThat(quote.status().quote().accepted()).isTrue();
        assertThat(quote.status().quote().quotedStatus().uri())
                .isEqualTo("https://mastodon.example/users/alice/statuses/115486123630482542");
        MastodonNotification mention = notifications.getFirst();
        assertThat(mention.createdAt()).isEqualTo(Instant.parse("2025-11-03T14:55:00.374Z"));
        assertThat(mention.status().mentions())
                .extracting(MastodonStatus.Mention::acct)
                .containsExactly("alice");
        assertThat(notifications.get(2).status()).isNull();
    }

    @Test
    void theDocumentationsElidedExampleIsReportedByTheMissingField() {
        // The docs example had its "// ..." elisions removed (see the fixtures README): its objects are incomplete.
        List<JsonNode> items = MastodonJson.array(Fixtures.text("docs.GET_api_v1_notifications.200.json"), "n");
        assertThat(items)
                .isNotEmpty()
                .allSatisfy(item -> assertThatThrownBy(() -> MastodonJson.notification(item, "n"))
                        .isInstanceOf(MalformedDataException.class)
                        .hasMessageMatching("n\\.(status|account)\\.[a-z_]+ is missing"));
    }

    @Test
    void anHtmlErrorPageIsNotJsonAndSaysWhatCame() {
        assertThatThrownBy(() -> MastodonJson.array("<html><body>502 Bad Gateway</body></html>", "notifications"))
                .isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("notifications: not JSON (<html><body>502 Bad Gateway");
        assertThatThrownBy(() -> MastodonJson.array("{\"error\":\"x\"}", "followers"))
                .hasMessageContaining("followers: expected a JSON array, got object");
        assertThatThrownBy(() -> MastodonJson.array("", "followers")).hasMessageContaining("empty body");
    }

    @Test
    void aMissingFieldIsNamedByItsPath() {
        ObjectNode item = (ObjectNode) MastodonJson.array(Fixtures.text("GET_api_v1_notifications.alice.json"), "n")
                .get(4);
        ((ObjectNode) item.get("account")).remove("acct");
        assertThatThrownBy(() -> MastodonJson.notification(item, "notification 90876501"))
                .isInstanceOf(MalformedDataException.class)
                .hasMessage("notification 90876501.account.acct is missing");

        ObjectNode badTime = (ObjectNode) MastodonJson.array(Fixtures.text("GET_api_v1_notifications.alice.json"), "n")
                .get(2);
        badTime.put("created_at", "yesterday");
        assertThatThrownBy(() -> MastodonJson.notification(badTime, "n"))
                .hasMessage("n.created_at 'yesterday' is not an ISO-8601 time");
    }

    @Test
    void numericIdsAreAcceptedAsTextAndUnknownQuoteStatesAreNotAccepted() {
        JsonNode node =
                MockMastodon.JSON.readTree("{\"id\": 7, \"acct\": \"x\", \"username\": \"x\", \"followers_count\": 3}");
        assertThat(MastodonJson.account(node, "a").id()).isEqualTo("7");
        assertThat(new MastodonStatus.Quote("blocked_domain", null, "1").accepted())
                .isFalse();
        assertThat(new MastodonStatus.Quote("something_new", null, "1").accepted())
                .isFalse();
    }

    @Test
    void anAcctWithTwoAtSignsIsRefused() {
        JsonNode node = MockMastodon.JSON.readTree("{\"id\": \"7\", \"acct\": \"a@b@c\"}");
        assertThatThrownBy(() -> MastodonJson.account(node, "a")).hasMessageContaining("a.acct 'a@b@c'");
    }

    @Test
    void theScenarioListsAreReadAndTheirLinkCursorsDecodeToTheBoostTimes() {
        for (String list : List.of(
                "GET_api_v1_accounts_alice_followers.json",
                "GET_api_v1_accounts_dave_following.json",
                "GET_api_v1_statuses_S_reblogged_by.json")) {
            assertThat(MastodonJson.array(Fixtures.text(list), list))
                    .isNotEmpty()
                    .allSatisfy(item ->
                            assertThat(MastodonJson.account(item, list).id()).isNotBlank());
        }
        MastodonStatus s = MastodonJson.status(Fixtures.json("GET_api_v1_statuses_S.json"), "S");
        assertThat(s.reblogsCount()).isEqualTo(2);
        String link = Fixtures.text("headers.examples.txt")
                .lines()
                .filter(line -> line.startsWith("Link:") && line.contains("reblogged_by"))
                .findFirst()
                .orElseThrow()
                .substring("Link:".length());
        LinkHeader links = LinkHeader.parse(List.of(link));
        // The cursors are the boost statuses' Snowflake ids: carol's boost (newest) and bob's (oldest).
        assertThat(MastodonAccountSource.boostTime(links.prev(), "since_id"))
                .isEqualTo(Instant.parse("2025-11-03T14:19:00.200Z"));
        assertThat(MastodonAccountSource.boostTime(links.next(), "max_id"))
                .isEqualTo(Instant.parse("2025-11-03T14:04:00.635Z"));
    }
}
