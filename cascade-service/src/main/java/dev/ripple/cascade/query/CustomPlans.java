package dev.ripple.cascade.query;

import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs read queries in a read-only transaction that plans every statement for its actual parameters. The data is
 * skewed (a popular subject has 10,000× the follows of a typical one; cascades range from 1 to 20,000 shares), and the
 * driver's server-side prepared statements let PostgreSQL switch to a generic plan after five executions; a generic
 * plan made for the typical key is 10–20× slower for the popular ones (measured: 17 ms → 225 ms for the busiest
 * subject's page). Planning costs well under a millisecond here.
 */
@Component
class CustomPlans {

    private final TransactionTemplate transactions;
    private final JdbcClient jdbc;

    CustomPlans(PlatformTransactionManager transactionManager, JdbcClient jdbc) {
        this.transactions = new TransactionTemplate(transactionManager);
        this.transactions.setReadOnly(true);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRED);
        this.jdbc = jdbc;
    }

    <T> T read(Supplier<T> query) {
        return transactions.execute(status -> {
            jdbc.sql("set local plan_cache_mode = force_custom_plan").update();
            return query.get();
        });
    }
}
