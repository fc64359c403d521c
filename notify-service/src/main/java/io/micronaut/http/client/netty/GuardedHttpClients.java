package io.micronaut.http.client.netty;

import io.micronaut.http.client.HttpClientConfiguration;
import io.netty.resolver.AddressResolverGroup;

/**
 * Builds a {@link DefaultHttpClient} whose host names are resolved by the given resolver group. Micronaut exposes the
 * resolver only through the builder's package-private {@code resolverGroup} (its public 19-argument constructor needs
 * every collaborator spelled out), so this one class lives in Micronaut's package; a Micronaut upgrade that changes
 * the builder breaks the build here, not at run time.
 */
public final class GuardedHttpClients {

    private GuardedHttpClients() {}

    public static DefaultHttpClient create(HttpClientConfiguration configuration, AddressResolverGroup<?> resolver) {
        return DefaultHttpClient.builder()
                .configuration(configuration)
                .resolverGroup(resolver)
                .build();
    }
}
