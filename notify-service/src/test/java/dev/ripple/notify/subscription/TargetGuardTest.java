package dev.ripple.notify.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Address classification only: nothing here connects anywhere or asks a DNS server. */
class TargetGuardTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "127.8.9.10",
                "0.0.0.0",
                "10.1.2.3",
                "172.16.0.1",
                "172.31.255.255",
                "192.168.1.1",
                "100.64.0.1",
                "169.254.169.254",
                "192.0.2.7",
                "198.18.0.1",
                "224.0.0.1",
                "240.0.0.1",
                "255.255.255.255",
                "::",
                "::1",
                "fe80::1",
                "fc00::1",
                "fd00:ec2::254",
                "ff02::1",
                "::ffff:10.0.0.1",
                "::ffff:127.0.0.1",
                "64:ff9b::a00:1",
                "2002:c0a8:0101::1",
                "2001:db8::1"
            })
    void refusesNonPublicAddresses(String literal) throws UnknownHostException {
        assertThat(TargetGuard.forbiddenKind(InetAddress.getByName(literal))).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"93.184.215.14", "172.32.0.1", "100.128.0.1", "8.8.8.8", "2606:4700::1111", "64:ff9b::808:808"})
    void allowsPublicAddresses(String literal) throws UnknownHostException {
        assertThat(TargetGuard.forbiddenKind(InetAddress.getByName(literal))).isNull();
    }

    @Test
    void validUrlOnAPublicHostPasses() {
        TargetGuard guard = new TargetGuard(false, host -> new InetAddress[] {InetAddress.getByName("93.184.215.14")});

        assertThat(guard.problems("https://hooks.example.com/ripple?token=x")).isEmpty();
    }

    @Test
    void hostResolvingToAPrivateAddressIsRefused() {
        TargetGuard guard = new TargetGuard(false, host ->
                new InetAddress[] {InetAddress.getByName("93.184.215.14"), InetAddress.getByName("10.0.0.5")});

        assertThat(guard.problems("https://rebinding.example.com/hook"))
                .singleElement()
                .asString()
                .contains("url host 'rebinding.example.com' resolves to a private address (10.0.0.5)");
        assertThatThrownBy(() -> guard.checkBeforeSending(URI.create("https://rebinding.example.com/hook")))
                .isInstanceOf(TargetGuard.RefusedTargetException.class);
    }

    @Test
    void loopbackLiteralAndMetadataAreRefused() {
        TargetGuard guard = new TargetGuard(false, InetAddress::getAllByName);

        assertThat(guard.problems("http://127.0.0.1:8080/hook"))
                .singleElement()
                .asString()
                .contains("loopback");
        assertThat(guard.problems("http://[::1]/hook"))
                .singleElement()
                .asString()
                .contains("loopback");
        assertThat(guard.problems("http://169.254.169.254/latest/meta-data"))
                .singleElement()
                .asString()
                .contains("link-local");
    }

    @Test
    void unresolvableHostIsRefused() {
        TargetGuard guard = new TargetGuard(false, host -> {
            throw new UnknownHostException(host);
        });

        assertThat(guard.problems("https://nowhere.invalid/"))
                .containsExactly("url host 'nowhere.invalid' cannot be resolved");
    }

    @Test
    void privateTargetsAllowedInLocalMode() {
        TargetGuard guard = new TargetGuard(true, host -> new InetAddress[] {InetAddress.getByName("10.0.0.1")});

        assertThat(guard.problems("http://127.0.0.1:9999/hook")).isEmpty();
        assertThatCode(() -> guard.checkBeforeSending(URI.create("http://hooks.internal/hook")))
                .doesNotThrowAnyException();
    }

    @Test
    void allowListedNetworksOnly() throws Exception {
        TargetGuard guard = new TargetGuard(false, List.of(dev.ripple.notify.config.Cidr.parse("127.0.0.1/32")), host ->
                new InetAddress[] {InetAddress.getByName(host)});

        assertThat(guard.vet("127.0.0.1")).containsExactly(InetAddress.getByName("127.0.0.1"));
        assertThatThrownBy(() -> guard.vet("127.0.0.2"))
                .isInstanceOf(TargetGuard.RefusedTargetException.class)
                .hasMessageContaining("loopback address (127.0.0.2)");
        assertThatThrownBy(() -> guard.vet("169.254.169.254")).hasMessageContaining("link-local (cloud metadata)");
        assertThat(guard.problems("http://10.1.2.3/hook"))
                .containsExactly(
                        "url host '10.1.2.3' resolves to a private address (10.1.2.3), which webhooks may not target");
    }

    @Test
    void urlMustBeAbsoluteHttp() {
        TargetGuard guard = new TargetGuard(true, host -> new InetAddress[] {InetAddress.getByName("93.184.215.14")});

        assertThat(guard.problems(null)).containsExactly("url is missing");
        assertThat(guard.problems(" ")).containsExactly("url is missing");
        assertThat(guard.problems("/relative/hook")).containsExactly("url must be an absolute http or https URL");
        assertThat(guard.problems("ftp://example.com/x")).containsExactly("url must be an absolute http or https URL");
        assertThat(guard.problems("http://exa mple.com/"))
                .singleElement()
                .asString()
                .startsWith("url is not a valid URL");
        assertThat(guard.problems("https://user:pw@example.com/")).containsExactly("url must not contain credentials");
        assertThat(guard.problems("https://example.com/" + "x".repeat(3000)))
                .containsExactly("url must be at most 2048 characters long");
    }

    @Test
    void logsNeverShowQueriesOrCredentials() {
        assertThat(TargetGuard.describe(URI.create("https://u:p@hooks.example.com:8443/in?token=secret")))
                .isEqualTo("https://hooks.example.com:8443/in");
    }
}
