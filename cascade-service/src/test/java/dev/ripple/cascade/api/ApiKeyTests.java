package dev.ripple.cascade.api;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.ripple.cascade.query.AccountQueries;
import dev.ripple.cascade.query.CascadeQueries;
import dev.ripple.cascade.query.FollowQueries;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** With keys configured, /api/** needs one (header or bearer); a missing or wrong key is a 401 problem. */
@WebMvcTest(CascadeController.class)
@TestPropertySource(properties = "ripple.api.keys=first-key-0123456789, second-key-0123456789")
class ApiKeyTests {

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
    void empty() {
        when(cascades.list(any(), any(), any(), anyInt())).thenReturn(List.of());
    }

    @Test
    void aMissingKeyIsA401Problem() throws Exception {
        mvc.perform(get("/api/v1/cascades"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(header().string("WWW-Authenticate", "Bearer realm=\"ripple\""))
                .andExpect(jsonPath("$.type").value("https://ripple.dev/problems/unauthorized"))
                .andExpect(jsonPath("$.status").value(401))
                .andExpect(jsonPath("$.instance").value("/api/v1/cascades"));
    }

    @Test
    void aWrongKeyIsA401Problem() throws Exception {
        for (String key : List.of("first-key-012345678", "first-key-0123456789x", "", " ")) {
            mvc.perform(get("/api/v1/cascades").header("X-Api-Key", key))
                    .andExpect(status().isUnauthorized())
                    .andExpect(jsonPath("$.type").value("https://ripple.dev/problems/unauthorized"));
        }
        mvc.perform(get("/api/v1/cascades").header("Authorization", "Basic Zmlyc3Q6a2V5"))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void everyConfiguredKeyWorksInTheHeaderOrAsABearerToken() throws Exception {
        mvc.perform(get("/api/v1/cascades").header("X-Api-Key", "first-key-0123456789"))
                .andExpect(status().isOk());
        mvc.perform(get("/api/v1/cascades").header("X-Api-Key", "second-key-0123456789"))
                .andExpect(status().isOk());
        mvc.perform(get("/api/v1/cascades").header("Authorization", "Bearer second-key-0123456789"))
                .andExpect(status().isOk());
        mvc.perform(get("/api/v1/cascades").header("Authorization", "bearer first-key-0123456789"))
                .andExpect(status().isOk());
    }
}
