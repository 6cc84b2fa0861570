package io.huying.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Remembered bearer tokens: by their exact text, until they expire, and never more than the bound. */
class VerifiedTokensTest {
    private static final long NOW_SECONDS = 1_800_000_000L;

    private final AtomicLong clock = new AtomicLong(NOW_SECONDS * 1000);
    private final VerifiedTokens tokens = new VerifiedTokens(clock::get);

    @Test
    void aRememberedTokenVouchesForItsSubjectUntilItExpires() {
        tokens.remember("token-a", "subject-a", NOW_SECONDS + 300);
        assertThat(tokens.subjectOf("token-a")).isEqualTo("subject-a");
        assertThat(tokens.subjectOf("token-b")).isNull();
        assertThat(tokens.subjectOf("token-a ")).isNull();

        clock.set((NOW_SECONDS + 299) * 1000);
        assertThat(tokens.subjectOf("token-a")).isEqualTo("subject-a");
        clock.set((NOW_SECONDS + 300) * 1000);
        assertThat(tokens.subjectOf("token-a")).isNull();
    }

    @Test
    void anExpiredTokenIsNotRemembered() {
        tokens.remember("token-a", "subject-a", NOW_SECONDS);
        assertThat(tokens.subjectOf("token-a")).isNull();
    }

    @Test
    void atTheBoundTheExpiredGoFirstThenAll() {
        for (int i = 0; i < VerifiedTokens.MAX_TOKENS; i++) {
            tokens.remember("short-" + i, "s", NOW_SECONDS + 10);
        }
        clock.addAndGet(20_000);
        tokens.remember("fresh", "s", NOW_SECONDS + 600);
        assertThat(tokens.subjectOf("fresh")).isEqualTo("s");
        assertThat(tokens.subjectOf("short-0")).isNull();

        for (int i = 1; i < VerifiedTokens.MAX_TOKENS; i++) {
            tokens.remember("long-" + i, "s", NOW_SECONDS + 600);
        }
        tokens.remember("overflow", "s", NOW_SECONDS + 600);
        assertThat(tokens.subjectOf("overflow")).isEqualTo("s");
        assertThat(tokens.subjectOf("long-1")).isNull();
    }
}
