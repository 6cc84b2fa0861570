package io.huying.platform.reference;

import io.quarkus.logging.Log;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A document of reference data in force in this instance — the category catalogue ({@link Catalogue}), the org tree
 * ({@link Organisation}). It starts as the one shipped with the build (revision 1, put in force at no time); intake,
 * which owns them, takes each version stored in its database; every other service takes each version announced on
 * huying.reference ({@link ReferenceFeed}). A version replaces the one held only if it was put in force later (its
 * {@code changedAt}, then its revision), so an announcement that arrives late or twice changes nothing.
 *
 * @param <T> the document
 * @param <A> the data of its announcement on huying.reference
 */
public abstract class HeldReference<T, A> implements ReferenceFollower<A> {
    /** A version: its revision, when it was put in force (the shipped one: never), and the document. */
    public record Version<T>(int revision, Instant changedAt, T document) {
        boolean isLaterThan(Version<T> other) {
            int byTime = changedAt.compareTo(other.changedAt);
            return byTime > 0 || byTime == 0 && revision > other.revision;
        }
    }

    private final AtomicReference<Version<T>> current;
    private final String eventType;
    private final Class<A> announcement;

    protected HeldReference(T shipped, String eventType, Class<A> announcement) {
        this.current = new AtomicReference<>(new Version<>(1, Instant.EPOCH, shipped));
        this.eventType = eventType;
        this.announcement = announcement;
    }

    @Override
    public final String eventType() {
        return eventType;
    }

    @Override
    public final Class<A> dataType() {
        return announcement;
    }

    /** The document in force. */
    public T current() {
        return current.get().document();
    }

    public Version<T> inForce() {
        return current.get();
    }

    /** Takes {@code next} if it was put in force later than the version held; true when it did. */
    public boolean take(Version<T> next) {
        Version<T> was = current.getAndUpdate(held -> next.isLaterThan(held) ? next : held);
        boolean taken = next.isLaterThan(was);
        if (taken) {
            Log.infof("%s in force: revision %d (%s)", describe(next.document()), next.revision(), label(next.document()));
        }
        return taken;
    }

    /** What the document is and holds, for the log ("org tree of 28 units"). */
    protected abstract String describe(T document);

    /** The document's version label (2026.1-r2). */
    public abstract String label(T document);
}
