package dev.ripple.cascade.api;

import static dev.ripple.cascade.api.ApiFixtures.AUTHOR;
import static dev.ripple.cascade.api.ApiFixtures.CHRIS;
import static dev.ripple.cascade.api.ApiFixtures.JULIEN;
import static dev.ripple.cascade.api.ApiFixtures.SARAH;
import static dev.ripple.cascade.api.ApiFixtures.T0;
import static org.hamcrest.Matchers.hasSize;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.ripple.cascade.query.AccountQueries;
import dev.ripple.cascade.query.CascadeQueries;
import dev.ripple.cascade.query.FollowQueries;
import dev.ripple.cascade.query.FollowQueries.FollowDecision;
import dev.ripple.cascade.query.FollowQueries.Placement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The web slice of /follows/{id}/attribution. */
@WebMvcTest(FollowController.class)
class FollowControllerTests {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    FollowQueries follows;

    @MockitoBean
    AccountQueries accounts;

    @MockitoBean
    CascadeQueries cascades;

    @MockitoBean
    CascadeEventHub hub;

    @Test
    void explainsTierExposurePathCandidatesAndModelVersion() throws Exception {
        UUID cascade = UUID.randomUUID();
        String path =
                "[{\"uri\":\"s\",\"actorRef\":\"" + SARAH + "\",\"rule\":\"ROOT\",\"at\":\"2026-01-01T00:00:00Z\"},"
                        + "{\"uri\":\"j\",\"actorRef\":\"" + JULIEN
                        + "\",\"rule\":\"MENTION\",\"at\":\"2026-01-01T00:01:00Z\"},"
                        + "{\"uri\":\"c\",\"actorRef\":\"" + CHRIS + "\",\"rule\":\"EXPLICIT_OBJECT\","
                        + "\"at\":\"2026-01-01T00:02:00Z\",\"kind\":\"RESHARE\"}]";
        String candidates = "[{\"uri\":\"j\",\"actorRef\":\"" + JULIEN + "\",\"at\":\"2026-01-01T00:01:00Z\","
                + "\"reason\":\"GRAPH_EXPOSED\",\"score\":0.2},{\"uri\":\"c\",\"actorRef\":\"" + CHRIS
                + "\",\"at\":\"2026-01-01T00:02:00Z\",\"reason\":\"GRAPH_EXPOSED\",\"score\":0.7}]";
        when(follows.find("f-7"))
                .thenReturn(Optional.of(new FollowDecision(
                        "f-7",
                        "mastodon",
                        "mastodon:x:fan",
                        AUTHOR,
                        T0.plusSeconds(150),
                        null,
                        2,
                        "GRAPH_EXPOSED",
                        0.47,
                        cascade,
                        "c",
                        CHRIS,
                        path,
                        List.of(SARAH, JULIEN, CHRIS),
                        candidates,
                        T0.plusSeconds(152),
                        "rules-v1")));
        when(follows.placements(AUTHOR, List.of("s", "j", "c")))
                .thenReturn(Map.of(
                        "s", new Placement("s", "MENTION", "ROOT", 1.0, 0),
                        "j", new Placement("j", "MENTION", "MENTION", 0.9, 1)));
        when(accounts.handles(anyCollection())).thenReturn(Map.of(CHRIS, "@chris@x"));

        mvc.perform(get("/api/v1/follows/f-7/attribution"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.decided").value(true))
                .andExpect(jsonPath("$.tier").value("GRAPH_EXPOSED"))
                .andExpect(jsonPath("$.confidence").value(0.47))
                .andExpect(jsonPath("$.decisionVersion").value(2))
                .andExpect(jsonPath("$.cascadeId").value(cascade.toString()))
                .andExpect(jsonPath("$.exposure.uri").value("c"))
                .andExpect(jsonPath("$.exposure.actor.handle").value("@chris@x"))
                .andExpect(jsonPath("$.exposure.at").value("2026-01-01T00:02:00Z"))
                .andExpect(jsonPath("$.path", hasSize(3)))
                .andExpect(jsonPath("$.path[1].kind").value("MENTION"))
                .andExpect(jsonPath("$.path[1].confidence").value(0.9))
                .andExpect(jsonPath("$.path[2].kind").value("RESHARE"))
                .andExpect(jsonPath("$.path[2].confidence").isEmpty())
                .andExpect(jsonPath("$.credited[*].ref").value(org.hamcrest.Matchers.contains(SARAH, JULIEN, CHRIS)))
                .andExpect(jsonPath("$.candidates[0].uri").value("c"))
                .andExpect(jsonPath("$.candidates[0].chosen").value(true))
                .andExpect(jsonPath("$.candidates[1].chosen").value(false))
                .andExpect(jsonPath("$.modelVersion").value("rules-v1"))
                .andExpect(jsonPath("$.decidedAt").value("2026-01-01T00:02:32Z"));
    }

    @Test
    void anUndecidedFollowSaysSo() throws Exception {
        when(follows.find("f-new"))
                .thenReturn(Optional.of(new FollowDecision(
                        "f-new",
                        "mastodon",
                        "mastodon:x:fan",
                        AUTHOR,
                        T0,
                        null,
                        0,
                        null,
                        0.0,
                        null,
                        null,
                        null,
                        "[]",
                        List.of(),
                        "[]",
                        null,
                        null)));
        when(follows.placements(any(), anyList())).thenReturn(Map.of());
        when(accounts.handles(anyCollection())).thenReturn(Map.of());
        mvc.perform(get("/api/v1/follows/f-new/attribution"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.decided").value(false))
                .andExpect(jsonPath("$.tier").isEmpty())
                .andExpect(jsonPath("$.confidence").isEmpty())
                .andExpect(jsonPath("$.exposure").isEmpty())
                .andExpect(jsonPath("$.follower.handle").value("mastodon:x:fan"));
    }

    @Test
    void unknownFollowsAndQueryParametersAreProblems() throws Exception {
        when(follows.find(anyString())).thenReturn(Optional.empty());
        mvc.perform(get("/api/v1/follows/nope/attribution"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://ripple.dev/problems/not-found"));
        mvc.perform(get("/api/v1/follows/nope/attribution").param("verbose", "1"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.invalidParameters[0].name").value("verbose"));
    }
}
