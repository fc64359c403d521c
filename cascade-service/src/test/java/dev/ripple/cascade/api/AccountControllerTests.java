package dev.ripple.cascade.api;

import static dev.ripple.cascade.api.ApiFixtures.AUTHOR;
import static dev.ripple.cascade.api.ApiFixtures.CHRIS;
import static dev.ripple.cascade.api.ApiFixtures.JULIEN;
import static dev.ripple.cascade.api.ApiFixtures.SARAH;
import static dev.ripple.cascade.api.ApiFixtures.T0;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasSize;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.ripple.cascade.query.AccountQueries;
import dev.ripple.cascade.query.AccountQueries.AccountRow;
import dev.ripple.cascade.query.AccountQueries.Bridge;
import dev.ripple.cascade.query.AccountQueries.Outcomes;
import dev.ripple.cascade.query.CascadeQueries;
import dev.ripple.cascade.query.FollowQueries;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The web slice of /accounts/{ref}: refs in paths, impact, bridges and their errors. */
@WebMvcTest(AccountController.class)
class AccountControllerTests {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    AccountQueries accounts;

    @MockitoBean
    CascadeQueries cascades;

    @MockitoBean
    FollowQueries follows;

    @MockitoBean
    CascadeEventHub hub;

    @BeforeEach
    void known() {
        when(accounts.find(anyString())).thenReturn(Optional.empty());
        for (String ref : List.of(AUTHOR, SARAH, "bluesky:did:plc:abc123")) {
            when(accounts.find(ref)).thenReturn(Optional.of(new AccountRow(ref, "mastodon", "@" + ref, 10L)));
        }
        when(accounts.handles(anyCollection())).thenReturn(Map.of(SARAH, "@sarah@x", AUTHOR, "@author@x"));
    }

    @Test
    void impactSplitsDirectAndDownstreamFollowsAndListsTopSubjects() throws Exception {
        when(accounts.impact(SARAH))
                .thenReturn(new AccountQueries.Impact(2, 2, 2, 56, 6, 40.5, 1, T0, T0.plusSeconds(60)));
        when(accounts.subjectsHelped(SARAH, 10))
                .thenReturn(List.of(new AccountQueries.SubjectHelped(AUTHOR, 56, 6, 40.5)));

        mvc.perform(get("/api/v1/accounts/" + SARAH + "/impact"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.account.handle").value("@sarah@x"))
                .andExpect(jsonPath("$.cascadesStarted").value(2))
                .andExpect(jsonPath("$.follows.total").value(56))
                .andExpect(jsonPath("$.follows.direct").value(6))
                .andExpect(jsonPath("$.follows.downstream").value(50))
                .andExpect(jsonPath("$.follows.expected").value(40.5))
                .andExpect(jsonPath("$.topSubjects[0].subject.handle").value("@author@x"));
    }

    @Test
    void refsWorkRawPercentEncodedAndAsBlueskyDids() throws Exception {
        when(accounts.impact(any())).thenReturn(new AccountQueries.Impact(0, 0, 0, 0, 0, 0, 0, null, null));
        for (String path : List.of(
                "/api/v1/accounts/mastodon:x:sarah/impact",
                "/api/v1/accounts/mastodon%3Ax%3Asarah/impact",
                "/api/v1/accounts/mastodon%3ax%3asarah/impact")) {
            mvc.perform(get(URI.create(path)))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.account.ref").value(SARAH));
        }
        mvc.perform(get(URI.create("/api/v1/accounts/bluesky:did:plc:abc123/impact")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.account.ref").value("bluesky:did:plc:abc123"));
    }

    @Test
    void unknownAccountsAndNonRefsAreNotFound() throws Exception {
        for (String path : List.of(
                "/api/v1/accounts/mastodon:x:nobody/impact",
                "/api/v1/accounts/not-a-ref/impact",
                "/api/v1/accounts/mastodon:x:nobody/bridges")) {
            mvc.perform(get(URI.create(path)))
                    .andExpect(status().isNotFound())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value("https://ripple.dev/problems/not-found"));
        }
    }

    @Test
    void bridgesRankSharersAndReportTheHonestUnattributedShare() throws Exception {
        Map<String, Long> byTier = new LinkedHashMap<>();
        byTier.put("GRAPH_EXPOSED", 56L);
        byTier.put("UNATTRIBUTED", 3L);
        byTier.put("EXPLICIT", 1L);
        byTier.put(null, 2L);
        when(accounts.outcomes(AUTHOR, null, null)).thenReturn(new Outcomes(62, 56, byTier));
        when(accounts.bridges(AUTHOR, null, null, 20))
                .thenReturn(new AccountQueries.Bridges(
                        List.of(
                                new Bridge(SARAH, 56, 0, 1, 0.55, 30.8, T0, T0),
                                new Bridge(JULIEN, 56, 16, 1, 0.5, 28, T0, T0),
                                new Bridge(CHRIS, 40, 40, 1, 0.6, 24, T0, T0)),
                        3));

        mvc.perform(get("/api/v1/accounts/" + AUTHOR + "/bridges"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.subject.handle").value("@author@x"))
                .andExpect(jsonPath("$.follows.total").value(62))
                .andExpect(jsonPath("$.follows.attributed").value(56))
                .andExpect(jsonPath("$.follows.unattributed").value(4))
                .andExpect(jsonPath("$.follows.undecided").value(2))
                .andExpect(jsonPath("$.byTier.UNATTRIBUTED").value(3))
                .andExpect(jsonPath("$.byTier.EXPLICIT").value(1))
                .andExpect(jsonPath("$.unattributedShare", closeTo(3.0 / 60, 1e-12)))
                .andExpect(jsonPath("$.bridgeCount").value(3))
                .andExpect(jsonPath("$.bridges[0].rank").value(1))
                .andExpect(jsonPath("$.bridges[1].downstreamFollows").value(40))
                .andExpect(jsonPath("$.bridges[2].shareOfAttributed", closeTo(40.0 / 56, 1e-12)));
    }

    @Test
    void bridgesTakeATimeRangeAndALimit() throws Exception {
        when(accounts.outcomes(any(), any(), any())).thenReturn(new Outcomes(0, 0, Map.of()));
        when(accounts.bridges(any(), any(), any(), org.mockito.ArgumentMatchers.anyInt()))
                .thenReturn(new AccountQueries.Bridges(List.of(), 0));
        mvc.perform(get("/api/v1/accounts/" + AUTHOR + "/bridges")
                        .param("from", "2026-01-01")
                        .param("to", "2026-02-01T00:00:00Z")
                        .param("limit", "5"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.from").value("2026-01-01T00:00:00Z"))
                .andExpect(jsonPath("$.unattributedShare").isEmpty())
                .andExpect(jsonPath("$.bridges", hasSize(0)));
        verify(accounts)
                .bridges(
                        eq(AUTHOR),
                        eq(Instant.parse("2026-01-01T00:00:00Z")),
                        eq(Instant.parse("2026-02-01T00:00:00Z")),
                        eq(5));
        mvc.perform(get("/api/v1/accounts/" + AUTHOR + "/bridges")
                        .param("from", "2026-02-01")
                        .param("to", "2026-01-01")
                        .param("limit", "0")
                        .param("sort", "x"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.invalidParameters[*].name", containsInAnyOrder("to", "limit", "sort")));
        mvc.perform(get("/api/v1/accounts/" + SARAH + "/impact").param("limit", "101"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.invalidParameters[0].name").value("limit"));
    }
}
