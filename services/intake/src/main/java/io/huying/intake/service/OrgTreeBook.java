package io.huying.intake.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.EventTypes;
import io.huying.contracts.Topics;
import io.huying.contracts.events.OrgTreeChanged;
import io.huying.contracts.problem.Violation;
import io.huying.contracts.reference.OrgTree;
import io.huying.contracts.reference.OrgUnit;
import io.huying.intake.OrgTreeRevision;
import io.huying.intake.OrgTreeVersion;
import io.huying.intake.repository.OrgTreeVersionRepository;
import io.huying.platform.db.UniqueViolations;
import io.huying.platform.error.ProblemException;
import io.huying.platform.outbox.Outbox;
import io.huying.platform.outbox.OutboxRelay;
import io.huying.platform.reference.Organisation;
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
 * 组织架构 managed in the product — intake owns it, as it owns the catalogue ({@link CatalogueBook}): versions stored
 * whole in intake's database, the latest in force. Revision 1 is the shipped {@code huying/reference/org-tree.json},
 * stored at the first start. An administrator puts a new version in force ({@link #replace}): checked first
 * ({@link OrgTreeChecks}), stored with who, when and why, and announced on huying.reference
 * ({@code huying.intake.org-tree-changed.v1}) in the same transaction; this instance takes it at once, every other
 * service when the announcement reaches it, another intake instance at its next look at the table. Each version
 * taken is brought into the Keycloak realm's groups ({@link RealmGroups}).
 */
@ApplicationScoped
public class OrgTreeBook {
    /** What a version stores: the units. */
    record Document(List<OrgUnit> units) {
    }

    private final OrgTreeVersionRepository versions;
    private final Organisation inForce;
    private final RealmGroups realm;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final ObjectMapper json;
    private final Clock clock;

    public OrgTreeBook(OrgTreeVersionRepository versions, Organisation inForce, RealmGroups realm, Outbox outbox, OutboxRelay relay,
            ObjectMapper json, Clock clock) {
        this.versions = versions;
        this.inForce = inForce;
        this.realm = realm;
        this.outbox = outbox;
        this.relay = relay;
        this.json = json;
        this.clock = clock;
    }

    /** At start, before the consumers: the shipped tree stored as revision 1 if there is none, the latest taken in force. */
    void onStart(@Observes @Priority(10) StartupEvent event) {
        OrgTree shipped = OrgTree.load();
        try {
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                            .createNativeQuery("""
                                    insert into org_tree_version (revision, version, document, note, changed_by, changed_at)
                                    values (1, :version, :document, :note, :file, :at) on conflict do nothing""")
                            .setParameter("version", shipped.version())
                            .setParameter("document", write(new Document(shipped.units())))
                            .setParameter("note", "组织架构 " + shipped.version() + " (shipped)")
                            .setParameter("file", OrgTree.RESOURCE)
                            .setParameter("at", clock.instant())
                            .executeUpdate())
                    .chain(versions::latest)
                    .invoke(this::take)));
        } catch (Throwable e) {
            throw new IllegalStateException("the org tree in force could not be stored or read: " + e.getMessage(), e);
        }
    }

    /** Every 30 s: a version another intake instance put in force is taken. */
    @Scheduled(every = "${huying.intake.org-tree-check-every:30s}", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> check() {
        return Panache.withSession(versions::latest).invoke(this::take).replaceWithVoid()
                .onFailure().invoke(e -> Log.warnf("reading the org tree in force failed; this instance keeps revision %d: %s",
                        inForce.inForce().revision(), e.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** The version in force (the shipped one: put in force by nobody, at no time). */
    public OrgTreeRevision current() {
        Organisation.InForce held = inForce.inForce();
        return new OrgTreeRevision(held.revision(), held.tree(), null, null, held.revision() == 1 ? null : held.changedAt());
    }

    /** Every stored version, newest first. */
    public Uni<List<OrgTreeRevision>> history() {
        return Panache.withSession(versions::newestFirst).map(all -> all.stream().map(this::version).toList());
    }

    /**
     * Puts {@code units} in force as the revision after {@code basedOn}, which must be the one in force (409 otherwise:
     * someone changed it meanwhile); refused with every fault named (400) before anything is written.
     */
    public Uni<OrgTreeRevision> replace(Caller admin, int basedOn, List<OrgUnit> units, String note) {
        Organisation.InForce was = inForce.inForce();
        List<Violation> faults = OrgTreeChecks.violations(was.tree(), units);
        if (!faults.isEmpty()) {
            throw ProblemException.invalid(faults);
        }
        if (basedOn != was.revision()) {
            throw changedMeanwhile("the org tree in force is revision " + was.revision() + ", not " + basedOn);
        }
        Instant now = clock.instant();
        OrgTreeVersion next = new OrgTreeVersion();
        next.revision = basedOn + 1;
        next.version = RevisionLabels.of(was.tree().version(), next.revision);
        next.document = write(new Document(units));
        next.note = note == null || note.isBlank() ? null : note.strip();
        next.changedBy = admin.username();
        next.changedAt = now;
        OrgTreeChanged announced = new OrgTreeChanged(next.revision, next.version, units, next.note, admin.actor(), now);
        return Panache.withTransaction(() -> versions.findById(next.revision).chain(taken -> taken != null
                        ? Uni.createFrom().failure(changedMeanwhile("revision " + next.revision + " was put in force meanwhile"))
                        : versions.persist(next).chain(() -> outbox.append(Topics.REFERENCE,
                                outbox.event(CatalogueBook.SERVICE, EventTypes.ORG_TREE_CHANGED, OrgTreeChanged.SUBJECT, now, announced)))))
                // Two administrators at once: the second insert of the same revision is refused by its key.
                .onFailure(e -> UniqueViolations.of(e, "org_tree_version_pkey"))
                .transform(e -> changedMeanwhile("revision " + next.revision + " was put in force meanwhile"))
                .invoke(() -> relay.committed())
                .map(ignored -> {
                    take(next);
                    return version(next);
                });
    }

    private static ProblemException changedMeanwhile(String what) {
        return ProblemException.conflict("org-tree-changed", what + ": someone changed the org tree; read it again and redo the change");
    }

    private void take(OrgTreeVersion latest) {
        // Revision 1 is the shipped tree every service starts with; the revision held is not read again.
        if (latest != null && latest.revision > 1 && latest.revision != inForce.inForce().revision()) {
            OrgTreeRevision v = version(latest);
            if (inForce.take(new Organisation.InForce(v.revision(), v.changedAt(), v.tree()))) {
                realm.sync();
            }
        }
    }

    private OrgTreeRevision version(OrgTreeVersion v) {
        return new OrgTreeRevision(v.revision, OrgTree.of(v.version, read(v.document).units()), v.note, v.changedBy, v.changedAt);
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
            throw new IllegalStateException("a stored version of the org tree is not JSON", e);
        }
    }
}
