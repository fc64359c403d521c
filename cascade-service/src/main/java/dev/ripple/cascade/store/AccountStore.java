package dev.ripple.cascade.store;

import dev.ripple.events.Account;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Accounts as last seen, so that decisions and the API can show handles for refs. */
@Repository
public class AccountStore {

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate batch;

    AccountStore(JdbcClient jdbc, NamedParameterJdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /** Inserts or refreshes accounts; a missing follower count never erases a known one. */
    public void upsert(Collection<Account> accounts) {
        if (accounts.isEmpty()) {
            return;
        }
        List<Account> sorted = new ArrayList<>(accounts);
        // A stable lock order: two transactions upserting overlapping accounts cannot deadlock.
        sorted.sort(java.util.Comparator.comparing(Account::ref));
        MapSqlParameterSource[] rows = sorted.stream()
                .map(account -> new MapSqlParameterSource()
                        .addValue("ref", account.ref())
                        .addValue("platform", account.platform() == null ? "unknown" : account.platform())
                        .addValue("handle", account.handle() == null ? account.ref() : account.handle())
                        .addValue("followers", account.followers()))
                .toArray(MapSqlParameterSource[]::new);
        batch.batchUpdate("""
                insert into account (ref, platform, handle, followers, updated_at)
                values (:ref, :platform, :handle, :followers, now())
                on conflict (ref) do update
                   set handle = excluded.handle,
                       followers = coalesce(excluded.followers, account.followers),
                       updated_at = now()
                 where account.handle is distinct from excluded.handle
                    or (excluded.followers is not null and account.followers is distinct from excluded.followers)
                """, rows);
    }

    public Map<String, Account> find(Collection<String> refs) {
        Map<String, Account> found = new HashMap<>();
        if (refs.isEmpty()) {
            return found;
        }
        jdbc.sql("select ref, handle, followers from account where ref = any(cast(:refs as text[]))")
                .param("refs", refs.toArray(String[]::new))
                .query((rs, row) ->
                        new Account(rs.getString("ref"), rs.getString("handle"), (Long) rs.getObject("followers")))
                .list()
                .forEach(account -> found.put(account.ref(), account));
        return found;
    }
}
