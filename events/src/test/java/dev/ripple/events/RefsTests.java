package dev.ripple.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RefsTests {

    private static final Pattern GRAMMAR = Pattern.compile(Refs.GRAMMAR);

    private static boolean byRegex(String ref) {
        return ref != null && ref.length() <= 512 && GRAMMAR.matcher(ref).matches();
    }

    @Test
    void acceptsTheRefsOfEachPlatform() {
        assertThat(Refs.isValid("mastodon:example.social:sarah")).isTrue();
        assertThat(Refs.isValid("bluesky:did:plc:abc123")).isTrue();
        assertThat(Refs.isValid("synthetic:w100:u42")).isTrue();
        assertThat(Refs.isValid("a-1:x:y")).isTrue();
    }

    @Test
    void refusesWhatTheGrammarRefuses() {
        for (String ref : new String[] {
            null,
            "",
            "sarah",
            "mastodon:sarah",
            "mastodon::sarah",
            "mastodon:example.social:",
            "Mastodon:x:y",
            "1ab:x:y",
            "ma_stodon:x:y",
            ":x:y",
            "mastodon:exa mple:sarah",
            "mastodon:example:sa rah",
            "mastodon:example:sarah\n",
            "m:x:" + "y".repeat(510)
        }) {
            assertThat(Refs.isValid(ref)).as("%s", ref).isFalse();
        }
    }

    @Test
    void agreesWithTheRegularExpressionOnRandomStrings() {
        char[] alphabet = {
            'a', 'z', 'q', '0', '9', '-', ':', ':', ':', ' ', '\t', '\n', '\u000B', '\f', '\r', 'A', '_', '.', '/',
            '\u00e9', '\u2003', '\u00a0'
        };
        Random random = new Random(20261129);
        int valid = 0;
        for (int n = 0; n < 300_000; n++) {
            // Mostly three segments joined by colons (and mostly letters), so that a fair share is valid.
            StringBuilder ref = new StringBuilder();
            int segments = random.nextInt(4) == 0 ? 1 + random.nextInt(4) : 3;
            for (int segment = 0; segment < segments; segment++) {
                if (segment > 0) {
                    ref.append(':');
                }
                int length = random.nextInt(6);
                for (int i = 0; i < length; i++) {
                    ref.append(
                            random.nextInt(4) == 0
                                    ? alphabet[random.nextInt(alphabet.length)]
                                    : (char) ('a' + random.nextInt(3)));
                }
            }
            String s = ref.toString();
            boolean expected = byRegex(s);
            assertThat(Refs.isValid(s)).as("'%s'", s).isEqualTo(expected);
            if (expected) {
                valid++;
            }
        }
        assertThat(valid).as("valid strings among the random ones").isGreaterThan(10_000);
    }
}
