package io.huying.intake.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.Topics;
import io.huying.contracts.events.Actor;
import io.huying.contracts.problem.Violation;
import io.huying.intake.ReferenceRevision;
import io.huying.intake.ReferenceVersion;
import io.huying.intake.repository.ReferenceVersionRepository;
import io.huying.platform.db.UniqueViolations;
import io.huying.platform.error.ProblemException;
import io.huying.platform.outbox.Outbox;
import io.huying.platform.outbox.OutboxRelay;
import io.huying.platform.reference.HeldReference;
import io.huying.platform.reference.RevisionLabels;
import io.huying.platform.security.Caller;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * A reference document intake owns, managed in the product — the category catalogue ({@link CatalogueBook}), the
 * org tree ({@link OrgTreeBook}): versions stored whole in {@code reference_version}, the latest of its kind in
 * force. Revision 1 is the file shipped with the build, stored at the first start. An administrator puts a new
 * version in force ({@link #put}): checked first, stored with who, when and why, and announced on huying.reference in
 * the same transaction; this instance takes it at once, every other service when the announcement reaches it
 * (ReferenceFeed), another intake instance at its next look at the table ({@link #checkTable}).
 */
public abstract class ReferenceBook<T> {
    static final String SERVICE = "intake";

    private final String kind;
    private final HeldReference<T, ?> inForce;
    private final ReferenceVersionRepository versions;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final ObjectMapper json;
    private final Clock clock;

    protected ReferenceBook(String kind, HeldReference<T, ?> inForce, ReferenceVersionRepository versions, Outbox outbox, OutboxRelay relay,
            ObjectMapper json, Clock clock) {
        this.kind = kind;
        this.inForce = inForce;
        this.versions = versions;
        this.outbox = outbox;
        this.relay = relay;
        this.json = json;
        this.clock = clock;
    }

    /** The document shipped with the build, and the file it comes from. */
    protected abstract T shipped();

    protected abstract String shippedFrom();

    /** Its Chinese name, for notes (派单目录) and its English one, for messages (the catalogue). */
    protected abstract String name();

    protected abstract String what();

    /** What a version stores as JSON: the document without its version label. */
    protected abstract Object contentOf(T document);

    /** The document of a stored version. */
    protected abstract T read(String version, String content, ObjectMapper json) throws JsonProcessingException;

    /** The event that announces a version on huying.reference: its type, fixed subject and data. */
    protected abstract String eventType();

    protected abstract UUID subject();

    protected abstract Object announcement(int revision, String version, T document, String note, Actor by, Instant at);

    /** Called once a version is taken in force here (after {@link #put}, or from the table). */
    protected void taken(ReferenceRevision<T> version) {
    }

    /** At start, before the consumers: the shipped document stored as revision 1 if there is none, the latest taken in force. */
    protected void storeShipped() {
        T shipped = shipped();
        try {
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                            .createNativeQuery("""
                                    insert into reference_version (kind, revision, version, content, note, changed_by, changed_at)
                                    values (:kind, 1, :version, :content, :note, :file, :at) on conflict do nothing""")
                            .setParameter("kind", kind)
                            .setParameter("version", inForce.label(shipped))
                            .setParameter("content", write(contentOf(shipped)))
                            .setParameter("note", name() + " " + inForce.label(shipped) + " (shipped)")
                            .setParameter("file", shippedFrom())
                            .setParameter("at", clock.instant())
                            .executeUpdate())
                    .chain(() -> versions.latest(kind))
                    .invoke(this::take)));
        } catch (Throwable e) {
            throw new IllegalStateException("the " + what() + " in force could not be stored or read: " + e.getMessage(), e);
        }
    }

    /** A version another intake instance put in force is taken. */
    protected Uni<Void> checkTable() {
        return Panache.withSession(() -> versions.latest(kind)).invoke(this::take).replaceWithVoid()
                .onFailure().invoke(e -> Log.warnf("reading the %s in force failed; this instance keeps revision %d: %s", what(),
                        inForce.inForce().revision(), e.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** The version in force (the shipped one: put in force by nobody, at no time). */
    public ReferenceRevision<T> current() {
        HeldReference.Version<T> held = inForce.inForce();
        return new ReferenceRevision<>(held.revision(), held.document(), null, null, held.revision() == 1 ? null : held.changedAt());
    }

    /** Every stored version, newest first. */
    public Uni<List<ReferenceRevision<T>>> history() {
        return Panache.withSession(() -> versions.newestFirst(kind)).map(all -> all.stream().map(this::revision).toList());
    }

    /**
     * Puts {@code content} in force as the revision after {@code basedOn}, which must be the one in force (409
     * otherwise: someone changed it meanwhile); refused with every fault {@code checks} finds against the version in
     * force (400) before anything is written.
     */
    protected Uni<ReferenceRevision<T>> put(Caller admin, int basedOn, Object content, String note, Function<T, List<Violation>> checks) {
        HeldReference.Version<T> was = inForce.inForce();
        List<Violation> faults = checks.apply(was.document());
        if (!faults.isEmpty()) {
            throw ProblemException.invalid(faults);
        }
        if (basedOn != was.revision()) {
            throw changedMeanwhile("the " + what() + " in force is revision " + was.revision() + ", not " + basedOn);
        }
        Instant now = clock.instant();
        ReferenceVersion next = new ReferenceVersion();
        next.kind = kind;
        next.revision = basedOn + 1;
        next.version = RevisionLabels.of(inForce.label(was.document()), next.revision);
        next.content = write(content);
        next.note = note == null || note.isBlank() ? null : note.strip();
        next.changedBy = admin.username();
        next.changedAt = now;
        ReferenceRevision<T> stored = revision(next);
        Object announced = announcement(next.revision, next.version, stored.document(), next.note, admin.actor(), now);
        return Panache.withTransaction(() -> versions.findById(new ReferenceVersion.Key(kind, next.revision)).chain(taken -> taken != null
                        ? Uni.createFrom().failure(changedMeanwhile("revision " + next.revision + " was put in force meanwhile"))
                        : versions.persist(next).chain(() -> outbox.append(Topics.REFERENCE,
                                outbox.event(SERVICE, eventType(), subject(), now, announced)))))
                // Two administrators at once: the second insert of the same revision is refused by its key.
                .onFailure(e -> UniqueViolations.of(e, "reference_version_pkey"))
                .transform(e -> changedMeanwhile("revision " + next.revision + " was put in force meanwhile"))
                .invoke(() -> relay.committed())
                .map(ignored -> {
                    take(next);
                    return stored;
                });
    }

    private ProblemException changedMeanwhile(String why) {
        return ProblemException.conflict(what().replace(' ', '-') + "-changed", why + ": someone changed the " + what()
                + "; read it again and redo the change");
    }

    private void take(ReferenceVersion latest) {
        // Revision 1 is the shipped document every service starts with; the revision held is not read again.
        if (latest != null && latest.revision > 1 && latest.revision != inForce.inForce().revision()) {
            ReferenceRevision<T> v = revision(latest);
            if (inForce.take(new HeldReference.Version<>(v.revision(), v.changedAt(), v.document()))) {
                taken(v);
            }
        }
    }

    private ReferenceRevision<T> revision(ReferenceVersion v) {
        try {
            return new ReferenceRevision<>(v.revision, read(v.version, v.content, json), v.note, v.changedBy, v.changedAt);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored version of the " + what() + " is not JSON", e);
        }
    }

    private String write(Object content) {
        try {
            return json.writeValueAsString(content);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
