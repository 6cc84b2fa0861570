package io.huying.contracts;

import java.util.UUID;

/**
 * New ids for calls, tasks, clocks, events and the like: time-ordered UUIDs (version 7, RFC 9562):
 * the first 48 bits are the Unix time in milliseconds, the other 74 bits random, as random as
 * {@link UUID#randomUUID()}'s.
 *
 * <p>Every table of the services is keyed or indexed by such ids, and rows are written in the order
 * they are made. With random ids each insert went to a random leaf page of every such index, so
 * the working set of each index was all of it; time-ordered ids put a moment's inserts on the same
 * few rightmost pages (docs/benchmarks.md: inserting 48 rows into a table of a million, 1.9 ms with
 * random keys and 1.0 ms with time-ordered ones).
 */
public final class Ids {
    private Ids() {
    }

    /** A new time-ordered id. */
    public static UUID next() {
        return at(System.currentTimeMillis());
    }

    /** A new id ordered as made at {@code epochMillis}. */
    static UUID at(long epochMillis) {
        UUID random = UUID.randomUUID(); // variant bits already RFC 4122/9562
        long msb = (epochMillis << 16) | 0x7000L | (random.getMostSignificantBits() & 0x0FFFL);
        return new UUID(msb, random.getLeastSignificantBits());
    }
}
