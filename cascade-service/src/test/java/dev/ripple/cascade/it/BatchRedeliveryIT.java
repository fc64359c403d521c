package dev.ripple.cascade.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ripple.cascade.CascadeServiceApplication;
import dev.ripple.cascade.engine.CorrelationEngine;
import dev.ripple.cascade.eval.Generator;
import dev.ripple.events.RippleEvent;
import dev.ripple.testsupport.RealInfrastructure;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Batches written with the multi-row statements (one {@code insert … select from unnest(…)} per kind of row) and
 * then delivered again, as after a crash before the offsets were committed or a rebalance to an instance with an
 * empty cache: the stored rows stay exactly as they were and no message is added to the outbox.
 */
class BatchRedeliveryIT {

    private static final Set<String> WRITE_TIMES = Set.of("received_at", "updated_at", "created_at");

    @Test
    void aRedeliveredBatchChangesNoRowAndPublishesNothing() {
        RealInfrastructure.Database database = RealInfrastructure.newDatabase("cascade_redelivery");
        String kafka = RealInfrastructure.kafkaBootstrapServers();
        List<RippleEvent> events =
                new ArrayList<>(new Generator(Generator.Settings.defaults(31).scaled(2_000, 8, 3))
                        .generate()
                        .events());
        events.sort(Comparator.comparing(RippleEvent::time));

        try (ConfigurableApplicationContext app = start(database, kafka)) {
            CorrelationEngine engine = app.getBean(CorrelationEngine.class);
            applyInBatches(engine, events, 500);
            Map<String, List<String>> stored = contents(database);
            long outboxRows = outboxRowsEverWritten(database);
            assertThat(stored.get("follow")).isNotEmpty();
            assertThat(stored.get("share_node")).isNotEmpty();
            assertThat(stored.get("account_follows")).isNotEmpty();

            // The same events again, first with the warm cache, then as an instance that lost it would see them, cut
            // into different batches.
            applyInBatches(engine, events, 500);
            engine.forgetCachedState();
            applyInBatches(engine, events, 333);

            assertThat(contents(database)).isEqualTo(stored);
            assertThat(outboxRowsEverWritten(database)).isEqualTo(outboxRows);
        }
    }

    private static void applyInBatches(CorrelationEngine engine, List<RippleEvent> events, int size) {
        for (int from = 0; from < events.size(); from += size) {
            engine.apply(events.subList(from, Math.min(events.size(), from + size)));
        }
    }

    /** Every row the engine writes, as text, without the columns that only say when a row was written. */
    private static Map<String, List<String>> contents(RealInfrastructure.Database database) {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        for (String table : List.of(
                "account", "cascade", "share_node", "follow", "engagement", "account_follows", "subject_state")) {
            List<String> rows = jdbc(database)
                    .sql("select * from " + table)
                    .query((rs, row) -> {
                        ResultSetMetaData meta = rs.getMetaData();
                        StringBuilder text = new StringBuilder();
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            if (!WRITE_TIMES.contains(meta.getColumnName(i))) {
                                text.append(meta.getColumnName(i))
                                        .append('=')
                                        .append(rs.getString(i))
                                        .append(' ');
                            }
                        }
                        return text.toString();
                    })
                    .list();
            tables.put(table, rows.stream().sorted().toList());
        }
        return tables;
    }

    /** The outbox's sequence: the relay deletes published rows, the sequence still counts every row written. */
    private static long outboxRowsEverWritten(RealInfrastructure.Database database) {
        return jdbc(database)
                .sql("select case when is_called then last_value else 0 end from outbox_batch_id_seq")
                .query(Long.class)
                .single();
    }

    private static ConfigurableApplicationContext start(RealInfrastructure.Database database, String kafka) {
        return new SpringApplicationBuilder(CascadeServiceApplication.class)
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=" + database.url(),
                        "--spring.datasource.username=" + database.user(),
                        "--spring.datasource.password=" + database.password(),
                        "--ripple.kafka.bootstrap-servers=" + kafka,
                        "--spring.cloud.stream.kafka.binder.brokers=" + kafka,
                        "--spring.cloud.stream.bindings.correlate-in-0.group=cascade-redelivery-" + System.nanoTime(),
                        "--ripple.kafka.partitions=3");
    }

    private static JdbcClient jdbc(RealInfrastructure.Database database) {
        return JdbcClient.create(new DriverManagerDataSource(database.url(), database.user(), database.password()));
    }
}
