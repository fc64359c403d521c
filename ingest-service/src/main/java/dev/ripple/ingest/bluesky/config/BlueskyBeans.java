package dev.ripple.ingest.bluesky.config;

import dev.ripple.ingest.bluesky.AccountDirectory;
import dev.ripple.ingest.bluesky.RecentSharers;
import dev.ripple.ingest.bluesky.RecordMapper;
import dev.ripple.ingest.bluesky.xrpc.RateLimits;
import dev.ripple.ingest.bluesky.xrpc.XrpcClient;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.HttpClient;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;

/** What the Bluesky sources (notifications, public AppView, Jetstream) share. */
@Factory
final class BlueskyBeans {

    @Singleton
    AccountDirectory accountDirectory(BlueskySettings settings) {
        return new AccountDirectory(settings.directoryCapacity());
    }

    @Singleton
    RecordMapper recordMapper(AccountDirectory accounts) {
        return new RecordMapper(accounts);
    }

    @Singleton
    RecentSharers recentSharers(BlueskySettings settings) {
        return new RecentSharers(settings.exposureWindow(), 300);
    }

    @Singleton
    @Named("bluesky")
    @Bean(preDestroy = "close")
    HttpClient blueskyHttpClient(BlueskySettings settings) {
        DefaultHttpClientConfiguration configuration = new DefaultHttpClientConfiguration();
        configuration.setConnectTimeout(settings.httpTimeout());
        configuration.setReadTimeout(settings.httpTimeout());
        configuration.setFollowRedirects(true);
        return HttpClient.create(null, configuration);
    }

    @Singleton
    XrpcClient xrpcClient(@Named("bluesky") HttpClient http, BlueskySettings settings) {
        return new XrpcClient(
                http,
                new RateLimits(Clock.systemUTC(), settings.rateLimitReserve(), settings.rateLimitMaxWait()),
                "Ripple/0.1 (+https://ripple.dev; ingest-service)");
    }
}
