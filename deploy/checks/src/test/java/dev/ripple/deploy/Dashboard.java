package dev.ripple.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The provisioned Grafana dashboard (deploy/observability/grafana/dashboards/ripple.json) and what it queries. */
final class Dashboard {

    static final String PATH = "deploy/observability/grafana/dashboards/ripple.json";

    record Query(String panel, String expression) {}

    final JsonNode json;

    private Dashboard(JsonNode json) {
        this.json = json;
    }

    static Dashboard load() {
        try {
            return new Dashboard(new ObjectMapper().readTree(Repo.read(PATH)));
        } catch (IOException e) {
            throw new UncheckedIOException(PATH + " is not valid JSON", e);
        }
    }

    /** Every panel, those inside collapsed rows included. */
    List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : json.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

    List<Query> queries() {
        List<Query> queries = new ArrayList<>();
        for (JsonNode panel : panels()) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(new Query(
                        panel.path("title").asText(), target.path("expr").asText()));
            }
        }
        return queries;
    }

    /** Every metric name the dashboard's queries read. */
    Set<String> metricNames() {
        Set<String> names = new TreeSet<>();
        queries().forEach(q -> names.addAll(PromQl.metricNames(q.expression())));
        return names;
    }
}
