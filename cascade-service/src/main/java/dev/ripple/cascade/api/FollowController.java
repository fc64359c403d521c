package dev.ripple.cascade.api;

import dev.ripple.cascade.api.CascadeViews.AttributionView;
import dev.ripple.cascade.api.CascadeViews.CandidateView;
import dev.ripple.cascade.api.CascadeViews.ExposureView;
import dev.ripple.cascade.api.CascadeViews.PathStepView;
import dev.ripple.cascade.query.FollowQueries;
import dev.ripple.cascade.query.FollowQueries.FollowDecision;
import dev.ripple.cascade.query.FollowQueries.Placement;
import dev.ripple.events.EventJson;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Why a follow was attributed as it was. */
@RestController
@RequestMapping(path = "/api/v1/follows", produces = "application/json")
@Tag(name = "follows", description = "Follow attribution decisions, explained")
class FollowController {

    private final FollowQueries follows;
    private final dev.ripple.cascade.query.AccountQueries accounts;

    FollowController(FollowQueries follows, dev.ripple.cascade.query.AccountQueries accounts) {
        this.follows = follows;
        this.accounts = accounts;
    }

    @GetMapping("/{id}/attribution")
    @Operation(
            operationId = "getFollowAttribution",
            summary = "Why a follow was attributed as it was",
            description = "The current decision about a follow: its tier, confidence, the exposing share and the "
                    + "path from the cascade's root to it, the sharers credited, every candidate exposure considered "
                    + "with its score, the decision version and the model version that made it.")
    AttributionView attribution(
            @Parameter(
                            description = "the follow's event id (percent-encode reserved characters)",
                            example = "seed-f-007")
                    @PathVariable
                    String id) {
        Params params = new Params();
        String valid = params.text("id", id);
        if (valid == null) {
            throw ApiProblem.notFound("follow", id);
        }
        FollowDecision decision = follows.find(valid).orElseThrow(() -> ApiProblem.notFound("follow", id));

        List<JsonNode> steps = array(decision.pathJson());
        List<String> pathUris = new ArrayList<>();
        steps.forEach(step -> pathUris.add(step.path("uri").asString("")));
        Map<String, Placement> placements = follows.placements(decision.subjectRef(), pathUris);
        List<JsonNode> candidates = array(decision.candidatesJson());

        Set<String> refs = new HashSet<>();
        refs.add(decision.followerRef());
        refs.add(decision.subjectRef());
        refs.addAll(decision.creditedRefs());
        if (decision.exposerRef() != null) {
            refs.add(decision.exposerRef());
        }
        steps.forEach(step -> refs.add(step.path("actorRef").asString("")));
        candidates.forEach(candidate -> refs.add(candidate.path("actorRef").asString("")));
        refs.remove("");
        Accounts known = Accounts.of(accounts, refs);

        List<PathStepView> path = steps.stream()
                .map(step -> {
                    String uri = step.path("uri").asString(null);
                    Placement placement = placements.get(uri);
                    return new PathStepView(
                            uri,
                            known.view(step.path("actorRef").asString(null)),
                            step.hasNonNull("kind")
                                    ? step.get("kind").asString()
                                    : placement == null ? null : placement.kind(),
                            step.path("rule").asString(placement == null ? null : placement.rule()),
                            placement == null ? null : placement.confidence(),
                            instant(step.path("at").asString(null)));
                })
                .toList();
        Instant exposedAt = path.stream()
                .filter(step -> step.uri() != null && step.uri().equals(decision.exposureUri()))
                .map(PathStepView::at)
                .findFirst()
                .orElse(null);
        ExposureView exposure = decision.exposureUri() == null
                ? null
                : new ExposureView(decision.exposureUri(), known.view(decision.exposerRef()), exposedAt);
        List<CandidateView> candidateViews = candidates.stream()
                .map(candidate -> new CandidateView(
                        candidate.path("uri").asString(null),
                        known.view(candidate.path("actorRef").asString(null)),
                        instant(candidate.path("at").asString(null)),
                        candidate.path("reason").asString(null),
                        candidate.path("score").asDouble(0),
                        decision.exposureUri() != null
                                && decision.exposureUri()
                                        .equals(candidate.path("uri").asString(null))))
                .sorted(Comparator.comparingDouble(CandidateView::score).reversed())
                .toList();
        boolean decided = decision.decisionVersion() > 0;
        return new AttributionView(
                decision.id(),
                decision.platform(),
                known.view(decision.followerRef()),
                known.view(decision.subjectRef()),
                decision.followedAt(),
                decision.viaUri(),
                decided,
                decision.decisionVersion(),
                decision.tier(),
                decided ? decision.confidence() : null,
                decision.cascadeId() == null ? null : decision.cascadeId().toString(),
                exposure,
                path,
                decision.creditedRefs().stream().map(known::view).toList(),
                candidateViews,
                decision.decidedAt(),
                decision.modelVersion());
    }

    private static List<JsonNode> array(String json) {
        List<JsonNode> list = new ArrayList<>();
        if (json == null) {
            return list;
        }
        try {
            JsonNode node = EventJson.mapper().readTree(json);
            if (node != null && node.isArray()) {
                node.forEach(list::add);
            }
        } catch (JacksonException e) {
            // A stored value that is not JSON is shown as empty rather than failing the explanation.
        }
        return list;
    }

    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
