package io.huying.contracts.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Remembered bearer tokens: by their exact text, until they expire, and never more than the bound. */
class VerifiedTokensTest {
    private static final long NOW_SECONDS = 1_800_000_000L;

    private static final int MAX_TOKENS = 1_000;

    private final AtomicLong clock = new AtomicLong(NOW_SECONDS * 1000);
    private final VerifiedTokens<String> tokens = new VerifiedTokens<>(MAX_TOKENS, clock::get);

    @Test
    void aRememberedTokenVouchesUntilItExpires() {
        tokens.remember("token-a", "subject-a", NOW_SECONDS + 300);
        assertThat(tokens.valueOf("token-a")).isEqualTo("subject-a");
        assertThat(tokens.valueOf("token-b")).isNull();
        assertThat(tokens.valueOf("token-a ")).isNull();

        clock.set((NOW_SECONDS + 299) * 1000);
        assertThat(tokens.valueOf("token-a")).isEqualTo("subject-a");
        clock.set((NOW_SECONDS + 300) * 1000);
        assertThat(tokens.valueOf("token-a")).isNull();
    }

    @Test
    void anExpiredTokenIsNotRemembered() {
        tokens.remember("token-a", "subject-a", NOW_SECONDS);
        assertThat(tokens.valueOf("token-a")).isNull();
    }

    @Test
    void atTheBoundTheExpiredGoFirstThenAll() {
        for (int i = 0; i < MAX_TOKENS; i++) {
            tokens.remember("short-" + i, "s", NOW_SECONDS + 10);
        }
        clock.addAndGet(20_000);
        tokens.remember("fresh", "s", NOW_SECONDS + 600);
        assertThat(tokens.valueOf("fresh")).isEqualTo("s");
        assertThat(tokens.valueOf("short-0")).isNull();

        for (int i = 1; i < MAX_TOKENS; i++) {
            tokens.remember("long-" + i, "s", NOW_SECONDS + 600);
        }
        tokens.remember("overflow", "s", NOW_SECONDS + 600);
        assertThat(tokens.valueOf("overflow")).isEqualTo("s");
        assertThat(tokens.valueOf("long-1")).isNull();
    }
}
