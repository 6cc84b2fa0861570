package io.huying.platform.db;

import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Lists bound to a native statement one parameter per element ({@code huying_uuids(?, ?, …)},
 * {@code call huying_xact_locks(?, ?, …)}). Hibernate keeps no query plan for such statements (a
 * native select with a single parameter left one in its cache at every execution), but it pads a
 * list to the next power of two, and a PostgreSQL function or procedure takes at most 100 arguments:
 * so a list goes in chunks of at most 64.
 */
public final class ListParameters {
    public static final int CHUNK = 64;

    private ListParameters() {
    }

    /** {@code values} in order, in consecutive chunks of at most {@link #CHUNK}; none for an empty list. */
    public static <T> List<List<T>> chunks(List<T> values) {
        List<List<T>> chunks = new ArrayList<>((values.size() + CHUNK - 1) / CHUNK);
        for (int from = 0; from < values.size(); from += CHUNK) {
            chunks.add(values.subList(from, Math.min(values.size(), from + CHUNK)));
        }
        return chunks;
    }

    /** Runs {@code lookup} on each chunk of {@code values} in turn and gathers what it returns, in order. */
    public static <T, R> Uni<List<R>> inChunks(List<T> values, Function<List<T>, Uni<List<R>>> lookup) {
        List<R> found = new ArrayList<>();
        Uni<Void> looked = Uni.createFrom().voidItem();
        for (List<T> chunk : chunks(values)) {
            looked = looked.chain(() -> lookup.apply(chunk).invoke(found::addAll).replaceWithVoid());
        }
        return looked.replaceWith(found);
    }
}
