package dev.ripple.notify.subscription;

import dev.ripple.notify.config.Cidr;
import dev.ripple.notify.config.NotifyProperties;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Keeps webhooks away from internal networks (SSRF): a target URL must be absolute http(s), and every address its
 * host resolves to must be publicly routable: no loopback, private, shared (CGNAT), link-local (cloud metadata),
 * unique-local, multicast, reserved or documentation ranges, also when embedded in IPv4-mapped, NAT64 or 6to4 IPv6
 * addresses; unless the address lies in a range of {@code ripple.notify.allowed-networks} (or
 * {@code allow-private-targets} allows every range, for local runs).
 *
 * <p>Checked when a subscription is created or changed, and at connect time: the HTTP client resolves hosts only
 * through {@link #vet}, and connects to exactly the addresses it returned (no second lookup a DNS rebinding could
 * exploit).
 */
@Component
public class TargetGuard {

    static final int MAX_URL_LENGTH = 2048;

    /** Resolves a host name to its addresses; replaceable in tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** A target this guard refuses. */
    public static class RefusedTargetException extends Exception {
        RefusedTargetException(String message) {
            super(message);
        }
    }

    private final boolean allowPrivate;
    private final List<Cidr> allowed;
    private final Resolver resolver;

    @Autowired
    public TargetGuard(NotifyProperties settings) {
        this(
                settings.allowPrivateTargets(),
                settings.allowedNetworks().stream().map(Cidr::parse).toList(),
                InetAddress::getAllByName);
    }

    public TargetGuard(boolean allowPrivate, Resolver resolver) {
        this(allowPrivate, List.of(), resolver);
    }

    public TargetGuard(boolean allowPrivate, List<Cidr> allowed, Resolver resolver) {
        this.allowPrivate = allowPrivate;
        this.allowed = List.copyOf(allowed);
        this.resolver = resolver;
    }

    /** Everything wrong with a subscription's URL, each problem a sentence naming the field; empty when fine. */
    public List<String> problems(String url) {
        List<String> problems = new ArrayList<>();
        if (url == null || url.isBlank()) {
            problems.add("url is missing");
            return problems;
        }
        if (url.length() > MAX_URL_LENGTH) {
            problems.add("url must be at most " + MAX_URL_LENGTH + " characters long");
            return problems;
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            problems.add("url is not a valid URL: " + e.getReason());
            return problems;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
            problems.add("url must be an absolute http or https URL");
            return problems;
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            problems.add("url has no host");
            return problems;
        }
        if (uri.getRawUserInfo() != null) {
            problems.add("url must not contain credentials");
        }
        try {
            checkAddresses(uri.getHost());
        } catch (RefusedTargetException e) {
            problems.add("url " + e.getMessage());
        }
        return problems;
    }

    /** Checks a stored target again just before an attempt (its DNS may have changed). */
    public void checkBeforeSending(URI url) throws RefusedTargetException {
        if (url.getHost() == null) {
            throw new RefusedTargetException("the URL has no host");
        }
        checkAddresses(url.getHost());
    }

    private void checkAddresses(String host) throws RefusedTargetException {
        vet(host);
    }

    /**
     * Resolves a host and returns its addresses when every one of them may be targeted; the only way the webhook
     * client resolves names, so the addresses checked are the addresses connected to.
     *
     * @throws RefusedTargetException when the host cannot be resolved or any address is not allowed
     */
    public List<InetAddress> vet(String host) throws RefusedTargetException {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(bare);
        } catch (UnknownHostException e) {
            throw new RefusedTargetException("host '" + host + "' cannot be resolved");
        }
        if (addresses == null || addresses.length == 0) {
            throw new RefusedTargetException("host '" + host + "' cannot be resolved");
        }
        if (!allowPrivate) {
            for (InetAddress address : addresses) {
                String kind = forbiddenKind(address);
                if (kind != null && allowed.stream().noneMatch(range -> range.contains(address))) {
                    throw new RefusedTargetException("host '" + host + "' resolves to a " + kind + " address ("
                            + address.getHostAddress() + "), which webhooks may not target");
                }
            }
        }
        return Arrays.asList(addresses);
    }

    /** Why an address may not be targeted ("loopback", "private", …), or null when it is publicly routable. */
    public static String forbiddenKind(InetAddress address) {
        if (address instanceof Inet4Address) {
            return forbiddenIpv4(address.getAddress());
        }
        if (address instanceof Inet6Address) {
            return forbiddenIpv6(address.getAddress());
        }
        return "unknown";
    }

    private static String forbiddenIpv4(byte[] ip) {
        int a = ip[0] & 0xFF;
        int b = ip[1] & 0xFF;
        int c = ip[2] & 0xFF;
        if (a == 0) {
            return "'this network'";
        }
        if (a == 127) {
            return "loopback";
        }
        if (a == 10 || (a == 172 && b >= 16 && b <= 31) || (a == 192 && b == 168)) {
            return "private";
        }
        if (a == 100 && b >= 64 && b <= 127) {
            return "shared (carrier-grade NAT)";
        }
        if (a == 169 && b == 254) {
            return "link-local (cloud metadata)";
        }
        if (a == 192 && b == 0 && c == 0) {
            return "IETF protocol assignment";
        }
        if ((a == 192 && b == 0 && c == 2) || (a == 198 && b == 51 && c == 100) || (a == 203 && b == 0 && c == 113)) {
            return "documentation";
        }
        if (a == 198 && (b == 18 || b == 19)) {
            return "benchmarking";
        }
        if (a >= 224 && a <= 239) {
            return "multicast";
        }
        if (a >= 240) {
            return "reserved";
        }
        return null;
    }

    private static String forbiddenIpv6(byte[] ip) {
        boolean zeroPrefix96 = true;
        for (int i = 0; i < 10; i++) {
            zeroPrefix96 &= ip[i] == 0;
        }
        // ::ffff:a.b.c.d (IPv4-mapped) and ::a.b.c.d (IPv4-compatible, deprecated), :: and ::1 included.
        if (zeroPrefix96 && ((ip[10] == (byte) 0xFF && ip[11] == (byte) 0xFF) || (ip[10] == 0 && ip[11] == 0))) {
            boolean allZero = true;
            for (int i = 10; i < 15; i++) {
                allZero &= ip[i] == 0;
            }
            if (allZero && (ip[15] == 0 || ip[15] == 1)) {
                return ip[15] == 0 ? "unspecified" : "loopback";
            }
            return embedded(forbiddenIpv4(new byte[] {ip[12], ip[13], ip[14], ip[15]}));
        }
        int first = ip[0] & 0xFF;
        int second = ip[1] & 0xFF;
        if (first == 0xFF) {
            return "multicast";
        }
        if (first == 0xFE && (second & 0xC0) == 0x80) {
            return "link-local";
        }
        if (first == 0xFE && (second & 0xC0) == 0xC0) {
            return "site-local";
        }
        if ((first & 0xFE) == 0xFC) {
            return "unique-local (private)";
        }
        if (first == 0x20 && second == 0x01 && (ip[2] & 0xFF) == 0x0D && (ip[3] & 0xFF) == 0xB8) {
            return "documentation";
        }
        // 64:ff9b::/96 (NAT64) carries an IPv4 address in its last 32 bits.
        if (first == 0x00 && second == 0x64 && (ip[2] & 0xFF) == 0xFF && (ip[3] & 0xFF) == 0x9B) {
            boolean zeros = true;
            for (int i = 4; i < 12; i++) {
                zeros &= ip[i] == 0;
            }
            if (zeros) {
                return embedded(forbiddenIpv4(new byte[] {ip[12], ip[13], ip[14], ip[15]}));
            }
        }
        // 2002::/16 (6to4) carries an IPv4 address in bits 16-47.
        if (first == 0x20 && second == 0x02) {
            return embedded(forbiddenIpv4(new byte[] {ip[2], ip[3], ip[4], ip[5]}));
        }
        return null;
    }

    private static String embedded(String kind) {
        return kind == null ? null : kind + " (embedded IPv4)";
    }

    /** A URL fit for logs: scheme, host, port and path, without user info or query (they may carry tokens). */
    public static String describe(URI url) {
        StringBuilder text = new StringBuilder();
        text.append(url.getScheme()).append("://").append(url.getHost());
        if (url.getPort() >= 0) {
            text.append(':').append(url.getPort());
        }
        if (url.getRawPath() != null) {
            text.append(url.getRawPath());
        }
        return text.toString();
    }
}
