package dev.ripple.cascade.api;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.ripple.cascade.store.AccountStore;
import dev.ripple.cascade.store.CascadeStore;
import dev.ripple.cascade.store.ShareStore;
import dev.ripple.events.Account;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The web slice: parameters, responses and every error as problem+json. */
@WebMvcTest(CascadeController.class)
class CascadeControllerTests {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    CascadeStore cascades;

    @MockitoBean
    ShareStore shares;

    @MockitoBean
    AccountStore accounts;

    @Test
    void listsASubjectsCascadesWithItsFollowSummary() throws Exception {
        UUID id = UUID.randomUUID();
        when(cascades.list(eq("mastodon:x:author"), eq(50)))
                .thenReturn(List.of(new CascadeStore.CascadeRow(
                        id,
                        "mastodon:x:author",
                        "https://x/@sarah/1",
                        "mastodon:x:sarah",
                        "mastodon",
                        Instant.parse("2026-01-01T00:00:00Z"),
                        Instant.parse("2026-01-02T00:00:00Z"),
                        4,
                        2,
                        2,
                        1.5,
                        56,
                        0,
                        56,
                        Instant.parse("2026-01-01T01:00:00Z"))));
        when(cascades.followSummary("mastodon:x:author")).thenReturn(new CascadeStore.FollowSummary(59, 56, 3, 0));
        when(accounts.find(anyCollection()))
                .thenReturn(Map.of("mastodon:x:sarah", new Account("mastodon:x:sarah", "@sarah@x", 10L)));

        mvc.perform(get("/api/v1/cascades").param("subject", "mastodon:x:author"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.follows.total").value(59))
                .andExpect(jsonPath("$.follows.unattributed").value(3))
                .andExpect(jsonPath("$.subject.ref").value("mastodon:x:author"))
                .andExpect(jsonPath("$.cascades[0].id").value(id.toString()))
                .andExpect(jsonPath("$.cascades[0].rootActor.handle").value("@sarah@x"))
                .andExpect(jsonPath("$.cascades[0].attributedFollows").value(56));
    }

    @Test
    void everyBadParameterIsListedInOneProblem() throws Exception {
        mvc.perform(get("/api/v1/cascades").param("subject", "not a ref").param("limit", "abc"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://ripple.dev/problems/invalid-parameters"))
                .andExpect(jsonPath("$.invalidParameters.length()").value(2))
                .andExpect(jsonPath("$.invalidParameters[0].name").value("subject"))
                .andExpect(jsonPath("$.invalidParameters[1].name").value("limit"));
        mvc.perform(get("/api/v1/cascades").param("limit", "0"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.invalidParameters[0].reason").value("must be between 1 and 500"));
    }

    @Test
    void unknownAndMalformedIdsAreNotFound() throws Exception {
        when(cascades.find(any())).thenReturn(Optional.empty());

        mvc.perform(get("/api/v1/cascades/{id}", UUID.randomUUID()))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://ripple.dev/problems/not-found"));
        mvc.perform(get("/api/v1/cascades/{id}", "no-such-id"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://ripple.dev/problems/not-found"));
    }

    @Test
    void unknownRoutesAndMethodsAreProblemsToo() throws Exception {
        mvc.perform(get("/api/v1/nothing-here"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://ripple.dev/problems/not-found"));
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete("/api/v1/cascades"))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(jsonPath("$.type").value("https://ripple.dev/problems/method-not-allowed"));
    }

    @Test
    void aFailingStoreIsAnOpaqueInternalProblem() throws Exception {
        when(cascades.list(any(), anyInt())).thenThrow(new IllegalStateException("secret internals"));

        mvc.perform(get("/api/v1/cascades"))
                .andExpect(status().isInternalServerError())
                .andExpect(jsonPath("$.type").value("https://ripple.dev/problems/internal"))
                .andExpect(jsonPath("$.detail").value("An unexpected error occurred"));
    }
}
