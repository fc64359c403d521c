package dev.ripple.cascade.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ripple.testsupport.RealInfrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The account locks that keep a following snapshot and a follow by the same account, applied at the same moment by
 * two instances, from missing each other (the follow decided without the snapshot's edges, the snapshot re-deciding
 * without the follow): against real PostgreSQL, each batch in its own transaction as the engine runs it.
 */
class AccountLocksIT {

    /** One thread per batch, as each instance has its own consumer (the common pool may have only one). */
    static final ExecutorService THREADS = Executors.newCachedThreadPool();

    static StateStore states;
    static TransactionTemplate transactions;
    static JdbcClient jdbc;

    @BeforeAll
    static void database() {
        RealInfrastructure.Database db = RealInfrastructure.newDatabase("account_locks");
        DriverManagerDataSource source = new DriverManagerDataSource(db.url(), db.user(), db.password());
        jdbc = JdbcClient.create(source);
        states = new StateStore(jdbc);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(source));
    }

    @Test
    void aSnapshotWaitsForTheBatchDecidingAFollowByTheSameAccount() throws Exception {
        CountDownLatch followLocked = new CountDownLatch(1);
        CountDownLatch commitFollow = new CountDownLatch(1);
        CompletableFuture<Void> followBatch = inTransaction(() -> {
            states.lockAccounts(Set.of("mastodon:example.social:reader"), Set.of());
            followLocked.countDown();
            await(commitFollow);
        });
        await(followLocked);

        CompletableFuture<Void> snapshotBatch =
                inTransaction(() -> states.lockAccounts(Set.of(), Set.of("mastodon:example.social:reader")));
        // The snapshot's session is seen waiting for the account's lock in PostgreSQL, not merely slow.
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.sql("""
                                        select count(*) from pg_locks
                                         where locktype = 'advisory' and not granted
                                           and database = (select oid from pg_database where datname = current_database())
                                        """).query(Long.class).single() == 1);
        assertThat(snapshotBatch)
                .as("the snapshot waits while the follow is being decided")
                .isNotDone();

        commitFollow.countDown();
        followBatch.get(10, TimeUnit.SECONDS);
        snapshotBatch.get(10, TimeUnit.SECONDS);
    }

    @Test
    void batchesReadingTheSameAccountsGraphDoNotWaitForEachOther() throws Exception {
        CountDownLatch firstLocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> first = inTransaction(() -> {
            states.lockAccounts(Set.of("mastodon:example.social:sharer"), Set.of());
            firstLocked.countDown();
            await(release);
        });
        await(firstLocked);

        inTransaction(() -> states.lockAccounts(Set.of("mastodon:example.social:sharer"), Set.of()))
                .get(10, TimeUnit.SECONDS);

        release.countDown();
        first.get(10, TimeUnit.SECONDS);
    }

    @Test
    void batchesLockingOverlappingAccountsInAnyOrderDoNotDeadlock() throws Exception {
        List<String> accounts = IntStream.range(0, 200)
                .mapToObj(i -> "bluesky:did:plc:account" + i)
                .toList();
        List<CompletableFuture<Void>> batches = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            List<String> shuffled = new ArrayList<>(accounts);
            Collections.shuffle(shuffled, new Random(i));
            List<String> readers = shuffled.subList(0, 100);
            List<String> writers = shuffled.subList(100, 200);
            batches.add(inTransaction(() -> states.lockAccounts(readers, writers)));
        }
        CompletableFuture.allOf(batches.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    }

    static CompletableFuture<Void> inTransaction(Runnable work) {
        return CompletableFuture.runAsync(() -> transactions.executeWithoutResult(status -> work.run()), THREADS);
    }

    static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
