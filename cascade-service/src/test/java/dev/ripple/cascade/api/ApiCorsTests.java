package dev.ripple.cascade.api;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.ripple.cascade.query.AccountQueries;
import dev.ripple.cascade.query.CascadeQueries;
import dev.ripple.cascade.query.FollowQueries;
import java.util.List;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** With CORS origins configured, pages from them may read the API (with a key); other origins get a 403 problem. */
@WebMvcTest(CascadeController.class)
@TestPropertySource(
        properties = {
            "ripple.api.keys=first-key-0123456789",
            "ripple.api.cors-origins=https://dash.example.org,http://localhost:3000"
        })
class ApiCorsTests {

    static final String DASH = "https://dash.example.org";

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
    void aPreflightFromAnAllowedOriginPassesWithoutAKey() throws Exception {
        mvc.perform(options("/api/v1/cascades")
                        .header("Origin", DASH)
                        .header("Access-Control-Request-Method", "GET")
                        .header("Access-Control-Request-Headers", "x-api-key"))
                .andExpect(status().isOk())
                .andExpect(header().string("Access-Control-Allow-Origin", DASH))
                .andExpect(header().string("Access-Control-Allow-Methods", Matchers.containsString("GET")))
                .andExpect(header().string(
                                "Access-Control-Allow-Headers", Matchers.containsStringIgnoringCase("x-api-key")))
                .andExpect(header().doesNotExist("Access-Control-Allow-Credentials"));
    }

    @Test
    void aReadFromAnAllowedOriginSeesTheAnswerAndItsPagingHeaders() throws Exception {
        mvc.perform(get("/api/v1/cascades").header("Origin", DASH).header("X-Api-Key", "first-key-0123456789"))
                .andExpect(status().isOk())
                .andExpect(header().string("Access-Control-Allow-Origin", DASH))
                .andExpect(header().string("Access-Control-Expose-Headers", Matchers.containsString("Link")));
    }

    @Test
    void aMissingKeyIsStillA401AndThePageCanReadIt() throws Exception {
        mvc.perform(get("/api/v1/cascades").header("Origin", DASH))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("Access-Control-Allow-Origin", DASH))
                .andExpect(jsonPath("$.type").value("https://ripple.dev/problems/unauthorized"));
    }

    @Test
    void anotherOriginOrAWriteMethodIsA403Problem() throws Exception {
        mvc.perform(get("/api/v1/cascades")
                        .header("Origin", "https://evil.example")
                        .header("X-Api-Key", "first-key-0123456789"))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://ripple.dev/problems/cors-refused"))
                .andExpect(jsonPath("$.status").value(403));
        mvc.perform(options("/api/v1/cascades")
                        .header("Origin", DASH)
                        .header("Access-Control-Request-Method", "DELETE"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("https://ripple.dev/problems/cors-refused"));
        mvc.perform(post("/api/v1/cascades").header("Origin", DASH).header("X-Api-Key", "first-key-0123456789"))
                .andExpect(status().isForbidden());
    }

    @Test
    void aSameOriginRequestNeedsNoCors() throws Exception {
        mvc.perform(get("/api/v1/cascades").header("X-Api-Key", "first-key-0123456789"))
                .andExpect(status().isOk())
                .andExpect(header().doesNotExist("Access-Control-Allow-Origin"));
    }
}
