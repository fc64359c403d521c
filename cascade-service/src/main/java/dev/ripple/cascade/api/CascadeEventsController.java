package dev.ripple.cascade.api;

import dev.ripple.cascade.api.CascadeViews.CascadeSummary;
import dev.ripple.cascade.query.CascadeQueries;
import dev.ripple.cascade.query.CascadeRow;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Live updates of one cascade as Server-Sent Events. */
@RestController
@Tag(name = "cascades")
class CascadeEventsController {

    private final CascadeQueries cascades;
    private final CascadeEventHub hub;

    CascadeEventsController(CascadeQueries cascades, CascadeEventHub hub) {
        this.cascades = cascades;
        this.hub = hub;
    }

    @GetMapping(path = "/api/v1/cascades/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(
            operationId = "streamCascadeEvents",
            summary = "Live updates of a cascade (Server-Sent Events)",
            description = "A `text/event-stream`: an event named `cascade` whose data is the cascade's summary (as in "
                    + "the list), sent at once and again whenever the cascade changes (a new share, a follow "
                    + "attributed or re-attributed; changes within a quarter second are sent as one). Comment lines "
                    + "keep the stream alive. The stream ends after 30 minutes; clients reconnect (EventSource does, "
                    + "after the `retry` time). Works across instances: changes are announced through PostgreSQL.")
    @ApiResponse(
            responseCode = "200",
            description = "The event stream; each event's `data` is a CascadeSummary",
            content =
                    @Content(
                            mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                            schema = @Schema(implementation = CascadeSummary.class)))
    @ApiResponse(
            responseCode = "503",
            description = "This instance serves the most event streams it may",
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(ref = "#/components/schemas/Problem")))
    SseEmitter events(
            @Parameter(description = "the cascade's id", schema = @Schema(format = "uuid")) @PathVariable String id) {
        CascadeRow cascade =
                cascades.find(Params.id("cascade", id)).orElseThrow(() -> ApiProblem.notFound("cascade", id));
        return hub.subscribe(cascade);
    }
}
