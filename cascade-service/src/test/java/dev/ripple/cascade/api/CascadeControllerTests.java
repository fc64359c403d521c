package dev.ripple.cascade.api;

import static dev.ripple.cascade.api.ApiFixtures.AUTHOR;
import static dev.ripple.cascade.api.ApiFixtures.CHRIS;
import static dev.ripple.cascade.api.ApiFixtures.JULIEN;
import static dev.ripple.cascade.api.ApiFixtures.SARAH;
import static dev.ripple.cascade.api.ApiFixtures.T0;
import static dev.ripple.cascade.api.ApiFixtures.cascade;
import static dev.ripple.cascade.api.ApiFixtures.share;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.ripple.cascade.query.AccountQueries;
import dev.ripple.cascade.query.CascadeFilter;
import dev.ripple.cascade.query.CascadeQueries;
import dev.ripple.cascade.query.CascadeQueries.Credit;
import dev.ripple.cascade.query.CascadeQueries.Histogram;
import dev.ripple.cascade.query.CascadeQueries.Link;
import dev.ripple.cascade.query.CascadeQueries.ShareRow;
import dev.ripple.cascade.query.CascadeRow;
import dev.ripple.cascade.query.CascadeSort;
import dev.ripple.cascade.query.FollowQueries;
import dev.ripple.cascade.query.Keyset;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** The web slice of the cascade endpoints: every parameter, every error, as problem+json. */
@WebMvcTest({CascadeController.class, CascadeEventsController.class})
class CascadeControllerTests {

    static final UUID ID = UUID.fromString("0a96b1bc-b8a1-3713-ab0c-1f5f3c53c78e");

    @Autowired
    MockMvc mvc;

    @MockitoBean
    CascadeQueries cascades;

    @MockitoBean
    AccountQueries accounts;

    @MockitoBean
    FollowQueries follows;

    @MockitoBean
    CascadeEventHub hub;

    @BeforeEach
    void handles() {
        when(accounts.handles(anyCollection())).thenReturn(Map.of(SARAH, "@sarah@x", AUTHOR, "@author@x"));
        when(cascades.followCounts(any())).thenReturn(new CascadeQueries.FollowCounts(0, 0, 0, 0));
    }

    @Test
    void listsASubjectsCascadesWithItsFollowSummary() throws Exception {
        when(cascades.list(any(), eq(CascadeSort.RECENT), isNull(), eq(51))).thenReturn(List.of(cascade(ID, 4)));
        when(cascades.followCounts(AUTHOR)).thenReturn(new CascadeQueries.FollowCounts(59, 56, 3, 0));

        mvc.perform(get("/api/v1/cascades").param("subject", AUTHOR))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.follows.total").value(59))
                .andExpect(jsonPath("$.follows.unattributed").value(3))
                .andExpect(jsonPath("$.subject.handle").value("@author@x"))
                .andExpect(jsonPath("$.cascades[0].id").value(ID.toString()))
                .andExpect(jsonPath("$.cascades[0].rootActor.handle").value("@sarah@x"))
                .andExpect(jsonPath("$.cascades[0].attributedFollows").value(56))
                .andExpect(jsonPath("$.next").doesNotExist())
                .andExpect(header().doesNotExist("Link"));
    }

    @Test
    void everyFilterAndTheSortReachTheQuery() throws Exception {
        when(cascades.list(any(), any(), any(), anyInt())).thenReturn(List.of());
        mvc.perform(get("/api/v1/cascades")
                        .param("subject", AUTHOR)
                        .param("sharer", "bluesky:did:plc:abc")
                        .param("platform", "mastodon")
                        .param("from", "2026-01-01")
                        .param("to", "2026-01-02T12:00:00+02:00")
                        .param("minSize", "3")
                        .param("minFollows", "0")
                        .param("sort", "Virality")
                        .param("limit", "7"))
                .andExpect(status().isOk());
        ArgumentCaptor<CascadeFilter> filter = ArgumentCaptor.forClass(CascadeFilter.class);
        verify(cascades).list(filter.capture(), eq(CascadeSort.VIRALITY), isNull(), eq(8));
        assertThat(filter.getValue())
                .isEqualTo(new CascadeFilter(
                        AUTHOR,
                        "bluesky:did:plc:abc",
                        "mastodon",
                        Instant.parse("2026-01-01T00:00:00Z"),
                        Instant.parse("2026-01-02T10:00:00Z"),
                        3,
                        0));
    }

    @Test
    void aFullPageLinksToTheNextAndTheCursorResumesAfterItsLastRow() throws Exception {
        List<CascadeRow> rows = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            rows.add(cascade(new UUID(0, 10 - i), 10 - i));
        }
        when(cascades.list(any(), eq(CascadeSort.SIZE), isNull(), eq(3))).thenReturn(rows);
        MvcResult first = mvc.perform(get("/api/v1/cascades?sort=size&limit=2&subject=" + AUTHOR))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.cascades", hasSize(2)))
                .andReturn();
        String next = com.jayway.jsonpath.JsonPath.read(first.getResponse().getContentAsString(), "$.next");
        assertThat(first.getResponse().getHeader("Link"))
                .isEqualTo("</api/v1/cascades?sort=size&limit=2&subject=" + AUTHOR + "&cursor=" + next
                        + ">; rel=\"next\"");

        when(cascades.list(any(), eq(CascadeSort.SIZE), any(Keyset.class), eq(3)))
                .thenReturn(List.of(rows.get(2)));
        mvc.perform(get("/api/v1/cascades")
                        .param("sort", "size")
                        .param("limit", "2")
                        .param("subject", AUTHOR)
                        .param("cursor", next))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.cascades", hasSize(1)))
                .andExpect(jsonPath("$.next").isEmpty());
        ArgumentCaptor<Keyset> after = ArgumentCaptor.forClass(Keyset.class);
        verify(cascades, org.mockito.Mockito.times(2)).list(any(), eq(CascadeSort.SIZE), after.capture(), eq(3));
        assertThat(after.getAllValues()).containsExactly(null, new Keyset(9, new UUID(0, 9)));
    }

    @Test
    void cursorsOfEverySortRoundTripExactly() {
        CascadeFilter filter = new CascadeFilter(AUTHOR, null, null, null, null, null, null);
        UUID id = UUID.randomUUID();
        for (Keyset keyset : List.of(
                new Keyset(Instant.parse("2009-09-18T15:20:30.123456Z"), id),
                new Keyset(42, id),
                new Keyset(0.1 + 0.2, id))) {
            CascadeSort sort = keyset.key() instanceof Instant
                    ? CascadeSort.RECENT
                    : keyset.key() instanceof Double ? CascadeSort.VIRALITY : CascadeSort.FOLLOWS;
            String cursor = Cursor.encode(sort, filter, keyset);
            Params params = new Params();
            assertThat(Cursor.decode(params, "cursor", cursor, sort, filter)).isEqualTo(keyset);
            params.validate();
        }
    }

    @Test
    void aCursorIsRejectedWithOtherFiltersOrWhenForged() throws Exception {
        String cursor = Cursor.encode(
                CascadeSort.RECENT, new CascadeFilter(AUTHOR, null, null, null, null, null, null), new Keyset(T0, ID));
        mvc.perform(get("/api/v1/cascades").param("cursor", cursor).param("subject", SARAH))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.invalidParameters[0].name").value("cursor"))
                .andExpect(jsonPath("$.invalidParameters[0].reason", startsWith("belongs to a different query")));
        String forged = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("c1|RECENT|0000000000000000|1' or '1'='1|" + ID).getBytes());
        for (String bad : List.of(forged, "not base64 !", "", "x".repeat(300))) {
            mvc.perform(get("/api/v1/cascades").param("cursor", bad))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.invalidParameters[0].name").value("cursor"));
        }
        verify(cascades, never()).list(any(), any(), any(), anyInt());
    }

    @Test
    void everyBadParameterIsListedInOneProblem() throws Exception {
        mvc.perform(get("/api/v1/cascades")
                        .param("subject", "not a ref")
                        .param("sharer", "mastodon:x")
                        .param("platform", "Mast Odon")
                        .param("from", "yesterday")
                        .param("to", "2026-13-01")
                        .param("minSize", "0")
                        .param("minFollows", "-1")
                        .param("sort", "loudest")
                        .param("limit", "abc"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://ripple.dev/problems/invalid-parameters"))
                .andExpect(jsonPath("$.title").value("Invalid request parameters"))
                .andExpect(jsonPath("$.detail").value("9 parameters are invalid"))
                .andExpect(jsonPath(
                        "$.invalidParameters[*].name",
                        containsInAnyOrder(
                                "subject",
                                "sharer",
                                "platform",
                                "from",
                                "to",
                                "minSize",
                                "minFollows",
                                "sort",
                                "limit")));
        mvc.perform(get("/api/v1/cascades").param("limit", "501"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.invalidParameters[0].reason").value("must be between 1 and 500"));
        mvc.perform(get("/api/v1/cascades").param("sort", "best"))
                .andExpect(jsonPath("$.invalidParameters[0].reason")
                        .value("'best' is not one of recent, size, follows, virality"));
    }

    @Test
    void unknownRepeatedAndControlCharacterParametersAreRejected() throws Exception {
        mvc.perform(get("/api/v1/cascades").param("subjct", AUTHOR).param("limit", "1", "2"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.invalidParameters", hasSize(2)))
                .andExpect(jsonPath("$.invalidParameters[?(@.name == 'subjct')].reason")
                        .value(org.hamcrest.Matchers.hasItem(startsWith("is not a parameter of this endpoint"))))
                .andExpect(jsonPath("$.invalidParameters[?(@.name == 'limit')].reason")
                        .value(org.hamcrest.Matchers.hasItem("must be given at most once")));
        mvc.perform(get("/api/v1/cascades").param("subject", "mastodon:x:a\u0000b"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.invalidParameters[0].reason").value("must not contain control characters"));
        mvc.perform(get("/api/v1/cascades/{id}", ID).param("verbose", "true"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.invalidParameters[0].reason")
                        .value("is not a parameter of this endpoint (it takes none)"));
    }

    @Test
    void fromMustComeBeforeTo() throws Exception {
        mvc.perform(get("/api/v1/cascades").param("from", "2026-01-02").param("to", "2026-01-01"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.invalidParameters[0].name").value("to"))
                .andExpect(jsonPath("$.invalidParameters[0].reason").value("must be after from"));
    }

    @Test
    void unknownAndMalformedIdsAreNotFoundOnEveryCascadeEndpoint() throws Exception {
        when(cascades.find(any())).thenReturn(Optional.empty());
        for (String suffix : List.of("", "/tree", "/graph", "/timeline")) {
            for (String id :
                    List.of(UUID.randomUUID().toString(), "no-such-id", "0a96b1bc-b8a1-3713-ab0c-1f5f3c53c78ex")) {
                mvc.perform(get("/api/v1/cascades/" + id + suffix))
                        .andExpect(status().isNotFound())
                        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                        .andExpect(jsonPath("$.type").value("https://ripple.dev/problems/not-found"));
            }
        }
        mvc.perform(get("/api/v1/cascades/" + UUID.randomUUID() + "/events").accept(MediaType.TEXT_EVENT_STREAM))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void theDetailCountsFollowsPerShareOverTheWholeSubtree() throws Exception {
        when(cascades.find(ID)).thenReturn(Optional.of(cascade(ID, 4)));
        when(cascades.shares(ID, 1001, false))
                .thenReturn(List.of(
                        share("s", SARAH, null, 0, 0),
                        share("j1", JULIEN, "s", 1, 10),
                        share("j2", JULIEN, "s", 1, 20),
                        share("c", CHRIS, "j2", 2, 30)));
        when(cascades.followsByExposure(ID)).thenReturn(Map.of("j1", 6L, "j2", 10L, "c", 40L));
        when(cascades.credits(ID, 101))
                .thenReturn(List.of(new Credit(SARAH, 56, 0), new Credit(JULIEN, 56, 16), new Credit(CHRIS, 40, 40)));

        mvc.perform(get("/api/v1/cascades/{id}", ID))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.size").value(4))
                .andExpect(jsonPath("$.truncated").value(false))
                .andExpect(jsonPath("$.nodes[0].uri").value("s"))
                .andExpect(jsonPath("$.nodes[0].creditedFollows").value(56))
                .andExpect(jsonPath("$.nodes[0].directFollows").value(0))
                .andExpect(jsonPath("$.nodes[2].creditedFollows").value(50))
                .andExpect(jsonPath("$.nodes[3].creditedFollows").value(40))
                .andExpect(jsonPath("$.credits[1].sharer.ref").value(JULIEN))
                .andExpect(jsonPath("$.credits[1].directFollows").value(16));
    }

    @Test
    void aLargeCascadeIsCutAtTheLimitsButCountsFollowsOverEveryShare() throws Exception {
        when(cascades.find(ID)).thenReturn(Optional.of(cascade(ID, 1500)));
        List<ShareRow> shares = new ArrayList<>();
        List<Link> links = new ArrayList<>();
        shares.add(share("root", SARAH, null, 0, 0));
        links.add(new Link("root", null));
        for (int i = 1; i <= 1500; i++) {
            String parent = i == 1 ? "root" : "n" + (i - 1);
            if (shares.size() <= 1000) {
                shares.add(share("n" + i, "mastodon:x:u" + i, parent, i, i));
            }
            links.add(new Link("n" + i, parent));
        }
        when(cascades.shares(ID, 1001, false)).thenReturn(shares);
        when(cascades.links(ID)).thenReturn(links);
        when(cascades.followsByExposure(ID)).thenReturn(Map.of("n1500", 7L));
        List<Credit> credits = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            credits.add(new Credit("mastodon:x:u" + i, 7, 0));
        }
        when(cascades.credits(ID, 101)).thenReturn(credits);

        mvc.perform(get("/api/v1/cascades/{id}", ID))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.truncated").value(true))
                .andExpect(jsonPath("$.nodes", hasSize(1000)))
                .andExpect(jsonPath("$.credits", hasSize(100)))
                // The follow exposed by share 1500, beyond the cut, still counts for the root.
                .andExpect(jsonPath("$.nodes[0].creditedFollows").value(7));
        mvc.perform(get("/api/v1/cascades/{id}/tree", ID))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.truncated").value(true))
                .andExpect(jsonPath("$.nodes").value(100))
                .andExpect(jsonPath("$.root.creditedFollows").value(7));
    }

    @Test
    void theTreeNestsChildrenOldestFirst() throws Exception {
        when(cascades.find(ID)).thenReturn(Optional.of(cascade(ID, 4)));
        when(cascades.shares(ID, 1001, false))
                .thenReturn(List.of(
                        share("s", SARAH, null, 0, 0),
                        share("j2", JULIEN, "s", 1, 20),
                        share("j1", JULIEN, "s", 1, 10),
                        share("c", CHRIS, "j2", 2, 30)));
        when(cascades.followsByExposure(ID)).thenReturn(Map.of("c", 40L));

        mvc.perform(get("/api/v1/cascades/{id}/tree", ID))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.cascade.id").value(ID.toString()))
                .andExpect(jsonPath("$.root.uri").value("s"))
                .andExpect(jsonPath("$.root.actor.handle").value("@sarah@x"))
                .andExpect(jsonPath("$.root.children[0].uri").value("j1"))
                .andExpect(jsonPath("$.root.children[1].uri").value("j2"))
                .andExpect(jsonPath("$.root.children[1].children[0].uri").value("c"))
                .andExpect(jsonPath("$.root.children[1].children[0].rule").value("EXPLICIT_OBJECT"))
                .andExpect(jsonPath("$.root.children[1].creditedFollows").value(40))
                .andExpect(jsonPath("$.nodes").value(4))
                .andExpect(jsonPath("$.truncated").value(false));
    }

    @Test
    void theGraphMarksChosenParentsAndCapsEdgesLikeHoaxy() throws Exception {
        when(cascades.find(ID)).thenReturn(Optional.of(cascade(ID, 3)));
        when(cascades.shares(ID, 1001, true))
                .thenReturn(List.of(
                        share("a", SARAH, null, 0, 0, "[]"),
                        share(
                                "b",
                                JULIEN,
                                "a",
                                1,
                                10,
                                "[{\"uri\":\"a\",\"actorRef\":\"" + SARAH
                                        + "\",\"reason\":\"MENTION\",\"score\":0.9}]"),
                        share(
                                "c",
                                CHRIS,
                                "b",
                                2,
                                20,
                                "[{\"uri\":\"a\",\"reason\":\"FOLLOW_GRAPH\",\"score\":0.2},"
                                        + "{\"uri\":\"b\",\"reason\":\"FOLLOW_GRAPH\",\"score\":0.6},"
                                        + "{\"uri\":\"elsewhere\",\"reason\":\"FOLLOW_GRAPH\",\"score\":0.1}]")));
        when(cascades.followsByExposure(ID)).thenReturn(Map.of());

        mvc.perform(get("/api/v1/cascades/{id}/graph", ID))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.nodes", hasSize(3)))
                .andExpect(jsonPath("$.edges", hasSize(3)))
                .andExpect(jsonPath("$.edges[?(@.chosen == true)]", hasSize(2)))
                .andExpect(jsonPath("$.edges[?(@.source == 'a' && @.target == 'c')].score")
                        .value(0.2))
                .andExpect(jsonPath("$.capped").value(false))
                .andExpect(jsonPath("$.maxNodes").value(1000))
                .andExpect(jsonPath("$.maxEdges").value(12_500));

        // 1000 shares that each considered up to 13 earlier ones: 12,909 edges, cut to the 12,500 best.
        List<ShareRow> many = new ArrayList<>();
        many.add(share("n0", SARAH, null, 0, 0, "[]"));
        for (int i = 1; i < 1000; i++) {
            StringBuilder candidates = new StringBuilder("[");
            for (int k = 1; k <= Math.min(13, i); k++) {
                int source = i - k;
                candidates
                        .append(k > 1 ? "," : "")
                        .append("{\"uri\":\"n")
                        .append(source)
                        .append("\",\"reason\":\"FOLLOW_GRAPH\",\"score\":")
                        .append(1.0 / (k + 1))
                        .append('}');
            }
            many.add(share("n" + i, "mastodon:x:u" + i, "n" + (i - 1), i, i, candidates + "]"));
        }
        when(cascades.shares(ID, 1001, true)).thenReturn(many);
        mvc.perform(get("/api/v1/cascades/{id}/graph", ID))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.capped").value(true))
                .andExpect(jsonPath("$.edges", hasSize(12_500)))
                .andExpect(jsonPath("$.edges[?(@.chosen == true)]", hasSize(999)));
    }

    @Test
    void theTimelineBucketsFollowsAndFindsThePeak() throws Exception {
        when(cascades.find(ID)).thenReturn(Optional.of(cascade(ID, 2)));
        when(cascades.followHistogram(eq(ID), eq(T0), eq(T0.plusSeconds(400)), eq(4)))
                .thenReturn(new Histogram(T0, T0.plusSeconds(400), new long[] {1, 25, 0, 3}));
        when(cascades.shares(ID, 1000, false))
                .thenReturn(List.of(share("s", SARAH, null, 0, 0), share("late", CHRIS, "s", 1, 500)));

        mvc.perform(get("/api/v1/cascades/{id}/timeline", ID)
                        .param("from", T0.toString())
                        .param("to", T0.plusSeconds(400).toString())
                        .param("buckets", "4"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.bucketSeconds").value(100.0))
                .andExpect(jsonPath("$.buckets", hasSize(4)))
                .andExpect(jsonPath("$.buckets[1].start").value("2026-01-01T00:01:40Z"))
                .andExpect(jsonPath("$.peak.follows").value(25))
                .andExpect(jsonPath("$.shares", hasSize(1)))
                .andExpect(jsonPath("$.shares[0].actor.handle").value("@sarah@x"));
        mvc.perform(get("/api/v1/cascades/{id}/timeline", ID)
                        .param("buckets", "0")
                        .param("from", "x"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.invalidParameters", hasSize(2)));
    }

    @Test
    void eventsAreServedAsAnEventStream() throws Exception {
        when(cascades.find(ID)).thenReturn(Optional.of(cascade(ID, 4)));
        when(hub.subscribe(any())).thenReturn(new org.springframework.web.servlet.mvc.method.annotation.SseEmitter());
        mvc.perform(get("/api/v1/cascades/{id}/events", ID).accept(MediaType.TEXT_EVENT_STREAM))
                .andExpect(status().isOk());
        verify(hub).subscribe(cascade(ID, 4));
        when(hub.subscribe(any()))
                .thenThrow(ApiProblem.unavailable("too-many-subscribers", "Too many event streams", "full"));
        mvc.perform(get("/api/v1/cascades/{id}/events", ID).accept(MediaType.TEXT_EVENT_STREAM))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://ripple.dev/problems/too-many-subscribers"));
    }

    @Test
    void unknownRoutesAndMethodsAreProblemsToo() throws Exception {
        mvc.perform(get("/api/v1/nothing-here"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://ripple.dev/problems/not-found"));
        mvc.perform(delete("/api/v1/cascades"))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(jsonPath("$.type").value("https://ripple.dev/problems/method-not-allowed"));
    }

    @Test
    void aFailingQueryIsAnOpaqueInternalProblem() throws Exception {
        when(cascades.list(any(), any(), any(), anyInt())).thenThrow(new IllegalStateException("secret internals"));
        mvc.perform(get("/api/v1/cascades"))
                .andExpect(status().isInternalServerError())
                .andExpect(jsonPath("$.type").value("https://ripple.dev/problems/internal"))
                .andExpect(jsonPath("$.detail").value("An unexpected error occurred"));
        when(cascades.find(any())).thenReturn(Optional.of(cascade(ID, 1)));
        when(cascades.shares(any(), anyInt(), anyBoolean())).thenThrow(new IllegalStateException("boom"));
        mvc.perform(get("/api/v1/cascades/{id}/tree", ID))
                .andExpect(status().isInternalServerError())
                .andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("boom"))));
    }
}
