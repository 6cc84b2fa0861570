package io.huying.intake.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.EventTypes;
import io.huying.contracts.Topics;
import io.huying.contracts.events.CatalogueChanged;
import io.huying.contracts.problem.Violation;
import io.huying.contracts.reference.Category;
import io.huying.contracts.reference.CategoryCatalogue;
import io.huying.contracts.reference.CategoryGroup;
import io.huying.intake.CatalogueRevision;
import io.huying.intake.CatalogueVersion;
import io.huying.intake.repository.CatalogueVersionRepository;
import io.huying.platform.db.UniqueViolations;
import io.huying.platform.error.ProblemException;
import io.huying.platform.outbox.Outbox;
import io.huying.platform.outbox.OutboxRelay;
import io.huying.platform.reference.Catalogue;
import io.huying.platform.reference.RevisionLabels;
import io.huying.platform.security.Caller;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * 派单目录 managed in the product — intake owns it: versions stored whole in intake's database, the latest in
 * force. Revision 1 is the shipped {@code huying/reference/categories.json}, stored at the first start. An
 * administrator puts a new version in force ({@link #replace}): checked first ({@link CatalogueChecks}), stored with
 * who, when and why, and announced on huying.reference ({@code huying.intake.catalogue-changed.v1}) in the same
 * transaction; this instance raises the next call by it at once, every other service when the announcement reaches
 * it (ReferenceFeed), another intake instance at its next look at the table.
 */
@ApplicationScoped
public class CatalogueBook {
    static final String SERVICE = "intake";

    /** What a version stores: the groups and the categories. */
    record Document(List<CategoryGroup> groups, List<Category> categories) {
    }

    private final CatalogueVersionRepository versions;
    private final Catalogue inForce;
    private final HotlineCategories hotline;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final ObjectMapper json;
    private final Clock clock;

    public CatalogueBook(CatalogueVersionRepository versions, Catalogue inForce, HotlineCategories hotline, Outbox outbox, OutboxRelay relay,
            ObjectMapper json, Clock clock) {
        this.versions = versions;
        this.inForce = inForce;
        this.hotline = hotline;
        this.outbox = outbox;
        this.relay = relay;
        this.json = json;
        this.clock = clock;
    }

    /** At start, before the consumers: the shipped catalogue stored as revision 1 if there is none, the latest taken in force. */
    void onStart(@Observes @Priority(10) StartupEvent event) {
        CategoryCatalogue shipped = CategoryCatalogue.load();
        try {
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                            .createNativeQuery("""
                                    insert into category_catalogue_version (revision, version, document, note, changed_by, changed_at)
                                    values (1, :version, :document, :note, :file, :at) on conflict do nothing""")
                            .setParameter("version", shipped.version())
                            .setParameter("document", write(new Document(shipped.groups(), shipped.categories())))
                            .setParameter("note", "派单目录 " + shipped.version() + " (shipped)")
                            .setParameter("file", CategoryCatalogue.RESOURCE)
                            .setParameter("at", clock.instant())
                            .executeUpdate())
                    .chain(versions::latest)
                    .invoke(this::take)));
        } catch (Throwable e) {
            throw new IllegalStateException("the category catalogue in force could not be stored or read: " + e.getMessage(), e);
        }
    }

    /** Every 30 s: a version another intake instance put in force is taken. */
    @Scheduled(every = "${huying.intake.catalogue-check-every:30s}", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> check() {
        return Panache.withSession(versions::latest).invoke(this::take).replaceWithVoid()
                .onFailure().invoke(e -> Log.warnf("reading the catalogue in force failed; this instance keeps revision %d: %s",
                        inForce.inForce().revision(), e.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** The version in force (the shipped one: put in force by nobody, at no time). */
    public CatalogueRevision current() {
        Catalogue.InForce held = inForce.inForce();
        return new CatalogueRevision(held.revision(), held.catalogue(), null, null, held.revision() == 1 ? null : held.changedAt());
    }

    /** Every stored version, newest first. */
    public Uni<List<CatalogueRevision>> history() {
        return Panache.withSession(versions::newestFirst).map(all -> all.stream().map(this::version).toList());
    }

    /**
     * Puts {@code groups} and {@code categories} in force as the revision after {@code basedOn}, which must be the one in
     * force (409 otherwise: someone changed it meanwhile); refused with every fault named (400) before anything is written.
     */
    public Uni<CatalogueRevision> replace(Caller admin, int basedOn, List<CategoryGroup> groups, List<Category> categories, String note) {
        Catalogue.InForce was = inForce.inForce();
        List<Violation> faults = CatalogueChecks.violations(was.catalogue(), groups, categories, hotline.targets());
        if (!faults.isEmpty()) {
            throw ProblemException.invalid(faults);
        }
        if (basedOn != was.revision()) {
            throw changedMeanwhile("the catalogue in force is revision " + was.revision() + ", not " + basedOn);
        }
        Instant now = clock.instant();
        CatalogueVersion next = new CatalogueVersion();
        next.revision = basedOn + 1;
        next.version = RevisionLabels.of(was.catalogue().version(), next.revision);
        next.document = write(new Document(groups, categories));
        next.note = note == null || note.isBlank() ? null : note.strip();
        next.changedBy = admin.username();
        next.changedAt = now;
        CatalogueChanged announced = new CatalogueChanged(next.revision, next.version, groups, categories, next.note, admin.actor(), now);
        return Panache.withTransaction(() -> versions.findById(next.revision).chain(taken -> taken != null
                        ? Uni.createFrom().failure(changedMeanwhile("revision " + next.revision + " was put in force meanwhile"))
                        : versions.persist(next).chain(() -> outbox.append(Topics.REFERENCE,
                                outbox.event(SERVICE, EventTypes.CATALOGUE_CHANGED, CatalogueChanged.SUBJECT, now, announced)))))
                // Two administrators at once: the second insert of the same revision is refused by its key.
                .onFailure(e -> UniqueViolations.of(e, "category_catalogue_version_pkey"))
                .transform(e -> changedMeanwhile("revision " + next.revision + " was put in force meanwhile"))
                .invoke(() -> relay.committed())
                .map(ignored -> {
                    take(next);
                    return version(next);
                });
    }

    private static ProblemException changedMeanwhile(String what) {
        return ProblemException.conflict("catalogue-changed", what + ": someone changed the catalogue; read it again and redo the change");
    }

    private void take(CatalogueVersion latest) {
        // Revision 1 is the shipped catalogue every service starts with; the revision held is not read again.
        if (latest != null && latest.revision > 1 && latest.revision != inForce.inForce().revision()) {
            CatalogueRevision v = version(latest);
            inForce.take(new Catalogue.InForce(v.revision(), v.changedAt(), v.catalogue()));
        }
    }

    private CatalogueRevision version(CatalogueVersion v) {
        Document d = read(v.document);
        return new CatalogueRevision(v.revision, CategoryCatalogue.of(v.version, d.groups(), d.categories()), v.note, v.changedBy, v.changedAt);
    }

    private String write(Document document) {
        try {
            return json.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Document read(String document) {
        try {
            return json.readValue(document, Document.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored version of the catalogue is not JSON", e);
        }
    }
}
