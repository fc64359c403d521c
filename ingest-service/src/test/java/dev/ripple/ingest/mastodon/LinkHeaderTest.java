package dev.ripple.ingest.mastodon;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkHeaderTest {

    @Test
    void everyLinkExampleOfTheMastodonDocumentationIsRead() {
        List<String> lines = Fixtures.text("link-headers.txt")
                .lines()
                .filter(line -> line.contains("Link: "))
                .map(line -> line.substring(line.indexOf("Link: ") + "Link: ".length()))
                .toList();
        assertThat(lines).hasSize(9);
        for (String line : lines) {
            LinkHeader links = LinkHeader.parse(List.of(line));
            assertThat(links.next()).as(line).isPresent();
            assertThat(LinkHeader.queryParameter(links.next().orElseThrow(), "max_id"))
                    .as(line)
                    .isPresent();
        }
    }

    @Test
    void aLinkWithoutRelIsIgnoredAndAStraySemicolonIsTolerated() {
        // Verbatim from the documentation: the second link has no rel at all.
        LinkHeader missingRel = LinkHeader.parse(
                List.of("<https://mastodon.example/api/v1/notifications?max_id=34975535>; rel=\"next\", "
                        + "<https://mastodon.example/api/v1/notifications?min_id=34975861>;"));
        assertThat(missingRel.next())
                .contains(URI.create("https://mastodon.example/api/v1/notifications?max_id=34975535"));
        assertThat(missingRel.prev()).isEmpty();

        LinkHeader trailing = LinkHeader.parse(
                List.of("<https://mastodon.social/api/v2/notifications?limit=2&max_id=196012>; rel=\"next\", "
                        + "<https://mastodon.social/api/v2/notifications?limit=2&min_id=196014>; rel=\"prev\";"));
        assertThat(trailing.prev().flatMap(uri -> LinkHeader.queryParameter(uri, "min_id")))
                .contains("196014");
    }

    @Test
    void unquotedRelationsSeveralHeadersAndCaseAreAccepted() {
        LinkHeader links = LinkHeader.parse(List.of(
                "<https://a.example/x?max_id=1>; REL=next", "<https://a.example/x?since_id=9>;rel=\"prev first\""));
        assertThat(links.next()).contains(URI.create("https://a.example/x?max_id=1"));
        assertThat(links.prev()).contains(URI.create("https://a.example/x?since_id=9"));
    }

    @Test
    void garbageYieldsNoLinks() {
        LinkHeader links = LinkHeader.parse(List.of("not a link header", "<:::>; rel=next"));
        assertThat(links.next()).isEmpty();
        assertThat(links.prev()).isEmpty();
    }

    @Test
    void queryParametersAreDecoded() {
        URI uri = URI.create("https://a.example/api/v1/notifications?limit=80&types%5B%5D=follow&min_id=42");
        assertThat(LinkHeader.queryParameter(uri, "types[]")).contains("follow");
        assertThat(LinkHeader.queryParameter(uri, "min_id")).contains("42");
        assertThat(LinkHeader.queryParameter(uri, "max_id")).isEmpty();
    }
}
