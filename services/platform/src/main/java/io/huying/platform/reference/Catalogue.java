package io.huying.platform.reference;

import io.huying.contracts.events.CatalogueChanged;
import io.huying.contracts.reference.CategoryCatalogue;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * 派单目录 in force in this instance. It starts as the catalogue shipped with the build (revision 1); intake, which
 * owns it, takes each version stored in its database; every other service takes each version announced on
 * huying.reference ({@link ReferenceFeed}). A version replaces the one held only if it was put in force later.
 */
@ApplicationScoped
public class Catalogue {
    /** A version: its revision, when it was put in force (the shipped one: never), and the catalogue. */
    public record InForce(int revision, Instant changedAt, CategoryCatalogue catalogue) {
        boolean isLaterThan(InForce other) {
            int byTime = changedAt.compareTo(other.changedAt);
            return byTime > 0 || byTime == 0 && revision > other.revision;
        }
    }

    private final AtomicReference<InForce> current = new AtomicReference<>(new InForce(1, Instant.EPOCH, CategoryCatalogue.load()));

    /** The catalogue in force. */
    public CategoryCatalogue current() {
        return current.get().catalogue();
    }

    public InForce inForce() {
        return current.get();
    }

    /** Takes {@code next} if it was put in force later than the version held; true when it did. */
    public boolean take(InForce next) {
        InForce was = current.getAndUpdate(held -> next.isLaterThan(held) ? next : held);
        boolean taken = next.isLaterThan(was);
        if (taken) {
            Log.infof("category catalogue in force: revision %d (%s), %d categories", next.revision(), next.catalogue().version(),
                    next.catalogue().categories().size());
        }
        return taken;
    }

    /** An announced version (huying.intake.catalogue-changed.v1). */
    public boolean take(CatalogueChanged changed) {
        return take(new InForce(changed.revision(), changed.changedAt(),
                CategoryCatalogue.of(changed.version(), changed.groups(), changed.categories())));
    }
}
