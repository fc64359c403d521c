package dev.ripple.notify.delivery;

import dev.ripple.notify.subscription.TargetGuard;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.InetNameResolver;
import io.netty.resolver.InetSocketAddressResolver;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The webhook client's only way to turn a host name into addresses: through {@link TargetGuard#vet}, which refuses
 * private, loopback, link-local and metadata addresses. Netty connects to the addresses returned here, so the
 * address checked is the address connected to (no DNS rebinding between check and connect).
 */
final class GuardedResolverGroup extends AddressResolverGroup<InetSocketAddress> {

    /** A refusal, shaped as the lookup failure Netty expects; the message says why. */
    static final class RefusedAddressException extends UnknownHostException {
        RefusedAddressException(String message) {
            super(message);
        }
    }

    private final TargetGuard guard;

    GuardedResolverGroup(TargetGuard guard) {
        this.guard = guard;
    }

    @Override
    protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
        return new InetSocketAddressResolver(executor, new GuardedNameResolver(executor, guard));
    }

    private static final class GuardedNameResolver extends InetNameResolver {

        private final TargetGuard guard;

        GuardedNameResolver(EventExecutor executor, TargetGuard guard) {
            super(executor);
            this.guard = guard;
        }

        @Override
        protected void doResolve(String host, Promise<InetAddress> promise) {
            try {
                promise.setSuccess(guard.vet(host).getFirst());
            } catch (TargetGuard.RefusedTargetException e) {
                promise.setFailure(new RefusedAddressException("refused: " + e.getMessage()));
            } catch (RuntimeException e) {
                promise.setFailure(e);
            }
        }

        @Override
        protected void doResolveAll(String host, Promise<List<InetAddress>> promise) {
            try {
                promise.setSuccess(List.copyOf(guard.vet(host)));
            } catch (TargetGuard.RefusedTargetException e) {
                promise.setFailure(new RefusedAddressException("refused: " + e.getMessage()));
            } catch (RuntimeException e) {
                promise.setFailure(e);
            }
        }
    }
}
