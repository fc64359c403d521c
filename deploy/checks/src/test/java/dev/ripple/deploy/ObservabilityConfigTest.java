package dev.ripple.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The compose observability profile as files: the Grafana dashboard (valid, on the provisioned data source, every
 * query reading documented metrics), Prometheus' scrape jobs (every service, on the port and path compose gives it), the
 * provisioning Grafana reads. That the services really expose the dashboard's metrics is ObservabilityIT's job.
 */
class ObservabilityConfigTest {

    static final String DATASOURCES = "deploy/observability/grafana/provisioning/datasources/prometheus.yml";
    static final String PROVIDERS = "deploy/observability/grafana/provisioning/dashboards/ripple.yml";

    @Test
    void promQlMetricNamesAreFoundAndNothingElse() {
        assertThat(
                        PromQl.metricNames(
                                "sum by (application, topic) (rate(ripple_kafka_records_consumed_total{topic=~\"a|b\"}[$__rate_interval]))"))
                .containsExactly("ripple_kafka_records_consumed_total");
        assertThat(
                        PromQl.metricNames(
                                "histogram_quantile(0.95, sum by (le, basis) (rate(ripple_cascade_decision_latency_seconds_bucket[5m])))"))
                .containsExactly("ripple_cascade_decision_latency_seconds_bucket");
        assertThat(PromQl.metricNames("min by (source, bucket) (a_remaining / a_limit) > bool 0.5"))
                .containsExactly("a_limit", "a_remaining");
        assertThat(PromQl.metricNames("sum(rate(x_total{outcome=\"DELIVERED\"}[5m])) / sum(rate(x_total[5m]))"))
                .containsExactly("x_total");
        assertThat(PromQl.metricNames("max(up) offset 5m or on(job) vector(0)")).containsExactly("up");
    }

    @Test
    void theDashboardIsValidAndQueriesTheProvisionedPrometheusForDocumentedMetrics() {
        Dashboard dashboard = Dashboard.load();
        assertThat(dashboard.json.path("uid").asText()).isEqualTo("ripple-overview");
        String datasource = datasourceUid();
        List<JsonNode> panels = dashboard.panels().stream()
                .filter(p -> !p.path("type").asText().equals("row"))
                .toList();
        assertThat(panels).hasSizeGreaterThanOrEqualTo(12);
        Set<Integer> ids = new TreeSet<>();
        for (JsonNode panel : dashboard.panels()) {
            assertThat(ids.add(panel.path("id").asInt()))
                    .as("panel id %s unique", panel.path("id"))
                    .isTrue();
        }
        for (JsonNode panel : panels) {
            String title = panel.path("title").asText();
            assertThat(title).isNotBlank();
            assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo(datasource);
            assertThat(panel.path("targets")).as("%s queries", title).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("expr").asText()).as(title).isNotBlank();
                assertThat(PromQl.metricNames(target.path("expr").asText()))
                        .as("%s reads a metric", title)
                        .isNotEmpty();
            }
        }
        // The panels, each present.
        List<String> titles = panels.stream().map(p -> p.path("title").asText()).toList();
        assertThat(titles)
                .contains(
                        "Events in, per topic",
                        "Events out, per topic",
                        "Consumer lag",
                        "Decision latency",
                        "Attribution tiers",
                        "Alerts sent, by type",
                        "Webhook delivery success",
                        "Webhook delivery latency",
                        "Platform rate-limit headroom");
        // Every metric it reads is documented for operators.
        String documentation = Repo.read("docs/observability.md");
        List<String> undocumented = new ArrayList<>();
        for (String metric : dashboard.metricNames()) {
            String family = metric.replaceAll("_(bucket|count|sum|total)$", "");
            if (!documentation.contains(family)) {
                undocumented.add(metric);
            }
        }
        assertThat(undocumented)
                .as("metrics missing from docs/observability.md")
                .isEmpty();
    }

    @Test
    void prometheusScrapesEveryServiceWhereComposeRunsIt() {
        ObjectNode config =
                Repo.documents(Repo.read("deploy/observability/prometheus.yml")).getFirst();
        JsonNode services = ComposeFileTest.config(Map.of(), ".env.example").path("services");
        Map<String, String> paths = Map.of(
                "cascade-service", "/actuator/prometheus",
                "notify-service", "/actuator/prometheus",
                "ingest-service", "/prometheus",
                "ingest-live", "/prometheus");
        Set<String> scraped = new TreeSet<>();
        for (JsonNode job : config.path("scrape_configs")) {
            for (JsonNode group : job.path("static_configs")) {
                for (JsonNode target : group.path("targets")) {
                    String[] hostPort = target.asText().split(":");
                    String service = hostPort[0];
                    if (service.equals("localhost")) {
                        continue;
                    }
                    scraped.add(service);
                    assertThat(paths).as("a Ripple service: %s", service).containsKey(service);
                    assertThat(job.path("metrics_path").asText())
                            .as("metrics path of %s", service)
                            .isEqualTo(paths.get(service));
                    assertThat(services.path(service)
                                    .path("environment")
                                    .path("RIPPLE_HTTP_PORT")
                                    .asText())
                            .as("%s listens where Prometheus scrapes it", service)
                            .isEqualTo(hostPort[1]);
                }
            }
        }
        assertThat(scraped).isEqualTo(paths.keySet());
        // Prometheus and Grafana themselves: the data source points at the prometheus service's port.
        JsonNode prometheus = services.path("prometheus");
        assertThat(prometheus.path("profiles").toString()).contains("observability");
        assertThat(Repo.documents(Repo.read(DATASOURCES))
                        .getFirst()
                        .path("datasources")
                        .get(0)
                        .path("url")
                        .asText())
                .isEqualTo("http://prometheus:9090");
    }

    @Test
    void grafanaMountsTheProvisioningAndTheDashboardWhereItsProviderLooks() {
        JsonNode grafana = ComposeFileTest.config(Map.of(), ".env.example")
                .path("services")
                .path("grafana");
        Map<String, String> mounts = new HashMap<>();
        for (JsonNode volume : grafana.path("volumes")) {
            String source = volume.isTextual()
                    ? volume.asText().split(":")[0]
                    : volume.path("source").asText();
            String target = volume.isTextual()
                    ? volume.asText().split(":")[1]
                    : volume.path("target").asText();
            mounts.put(target, source);
        }
        String providerPath = Repo.documents(Repo.read(PROVIDERS))
                .getFirst()
                .path("providers")
                .get(0)
                .path("options")
                .path("path")
                .asText();
        assertThat(mounts).containsKeys("/etc/grafana/provisioning", providerPath);
        assertThat(Repo.root().relativize(Path.of(mounts.get(providerPath))).toString())
                .isEqualTo("deploy/observability/grafana/dashboards");
        assertThat(Files.isRegularFile(Repo.file(Dashboard.PATH))).isTrue();
        assertThat(grafana.path("environment")
                        .path("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH")
                        .asText())
                .isEqualTo(providerPath + "/ripple.json");
        assertThat(Repo.root()
                        .relativize(Path.of(mounts.get("/etc/grafana/provisioning")))
                        .toString())
                .isEqualTo("deploy/observability/grafana/provisioning");
    }

    static String datasourceUid() {
        return Repo.documents(Repo.read(DATASOURCES))
                .getFirst()
                .path("datasources")
                .get(0)
                .path("uid")
                .asText();
    }
}
