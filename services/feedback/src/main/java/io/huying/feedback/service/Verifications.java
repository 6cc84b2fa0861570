package io.huying.feedback.service;

import io.huying.contracts.EventTypes;
import io.huying.contracts.Topics;
import io.huying.contracts.events.TaskResponse;
import io.huying.contracts.events.VerificationClosed;
import io.huying.contracts.events.VerificationOpened;
import io.huying.contracts.events.VerificationReopened;
import io.huying.contracts.problem.Problem;
import io.huying.feedback.Satisfaction;
import io.huying.feedback.Verification;
import io.huying.feedback.config.FeedbackConfig;
import io.huying.feedback.repository.VerificationRepository;
import io.huying.platform.db.JsonColumns;
import io.huying.platform.error.ProblemException;
import io.huying.platform.outbox.Outbox;
import io.huying.platform.security.Caller;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * 核查/回访 and 结案: a verification opens when a call's lead task completes; the raising unit
 * closes the call (resolved) or sends it back for rework (返工); without an answer in time it
 * closes by itself, marked as such.
 */
@ApplicationScoped
public class Verifications {
    static final String SERVICE = "feedback";
    private static final int AUTO_CLOSE_BATCH = 100;

    private final VerificationRepository verifications;
    private final Outbox outbox;
    private final FeedbackConfig config;
    private final JsonColumns json;
    private final Clock clock;

    public Verifications(VerificationRepository verifications, Outbox outbox, FeedbackConfig config, JsonColumns json, Clock clock) {
        this.json = json;
        this.clock = clock;
        this.verifications = verifications;
        this.outbox = outbox;
        this.config = config;
    }

    /** The lead task completed (inside the consumer's transaction): open, or open again after rework. */
    public Uni<Void> open(TaskResponse completed) {
        return verifications.findById(completed.callId(), LockModeType.PESSIMISTIC_WRITE).chain(existing -> {
            if (existing != null && existing.status != Verification.Status.REOPENED) {
                Log.debugf("call %s already has a %s verification", completed.number(), existing.status);
                return Uni.createFrom().voidItem();
            }
            Verification v = existing == null ? new Verification() : existing;
            v.callId = completed.callId();
            v.number = completed.number();
            v.raisingUnit = completed.raisingUnit();
            v.leadTaskId = completed.taskId();
            v.handlerUnit = completed.unitPath();
            v.round = existing == null ? 1 : existing.round + 1;
            v.result = completed.result();
            v.completedBy = completed.actor() == null ? null : completed.actor().username();
            v.completedAt = completed.at();
            v.evidence = json.write(completed.evidence() == null ? List.of() : completed.evidence());
            v.files = json.write(completed.files() == null ? List.of() : completed.files());
            v.status = Verification.Status.OPEN;
            v.openedAt = completed.at();
            v.dueAt = completed.at().plus(config.verifyWindow());
            v.satisfaction = null;
            v.comment = null;
            v.decidedBy = null;
            v.decidedAt = null;
            Uni<Verification> saved = existing == null ? verifications.persist(v) : Uni.createFrom().item(v);
            // The window counts from the completion; the event is stamped when feedback opened it, so it
            // follows the completion on the raiser's timeline.
            return saved.chain(() -> outbox.append(Topics.FEEDBACK, SERVICE, EventTypes.VERIFICATION_OPENED, v.callId, clock.instant(),
                    new VerificationOpened(v.callId, v.number, v.raisingUnit, v.leadTaskId, v.handlerUnit, v.round, v.result,
                            v.openedAt, v.dueAt))).replaceWithVoid();
        });
    }

    /** The raising unit's verdict: resolved → 结案; not resolved → 返工 (a comment is required). */
    @WithTransaction
    public Uni<Verification> verify(Caller caller, UUID callId, boolean resolved, Satisfaction satisfaction, String comment) {
        if (!resolved && (comment == null || comment.isBlank())) {
            throw ProblemException.invalid("comment", "say what is still wrong when the matter is not resolved");
        }
        return verifications.findById(callId, LockModeType.PESSIMISTIC_WRITE).chain(v -> {
            if (v == null || !caller.sees(v.raisingUnit)) {
                throw ProblemException.notFound("verification of call " + callId);
            }
            if (!caller.unit().value().equals(v.raisingUnit)) {
                throw ProblemException.forbidden("only the unit that raised the call verifies it (采办分离)");
            }
            if (v.status != Verification.Status.OPEN) {
                throw new ProblemException(Problem.of("illegal-transition", "Conflict", 409,
                        "the verification of call " + v.number + " is " + v.status + ", not open"));
            }
            Instant now = clock.instant();
            v.satisfaction = satisfaction;
            v.comment = comment;
            v.decidedBy = caller.username();
            v.decidedAt = now;
            if (resolved) {
                v.status = Verification.Status.CLOSED;
                return outbox.append(Topics.FEEDBACK, SERVICE, EventTypes.VERIFICATION_CLOSED, v.callId, now,
                        new VerificationClosed(v.callId, v.number, v.raisingUnit, v.leadTaskId, v.handlerUnit, v.round,
                                satisfaction.name(), comment, false, caller.actor(), now)).replaceWith(v);
            }
            v.status = Verification.Status.REOPENED;
            return outbox.append(Topics.FEEDBACK, SERVICE, EventTypes.VERIFICATION_REOPENED, v.callId, now,
                    new VerificationReopened(v.callId, v.number, v.raisingUnit, v.leadTaskId, v.handlerUnit, v.round,
                            satisfaction.name(), comment, caller.actor(), now)).replaceWith(v);
        });
    }

    /** Closes overdue verifications (自动结案); returns how many. */
    @WithTransaction
    public Uni<Integer> autoCloseOverdue() {
        Instant now = clock.instant();
        return verifications.overdue(now, AUTO_CLOSE_BATCH).chain(list -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Verification v : list) {
                v.status = Verification.Status.CLOSED;
                v.autoClosed = true;
                v.decidedAt = now;
                chain = chain.chain(() -> outbox.append(Topics.FEEDBACK, SERVICE, EventTypes.VERIFICATION_CLOSED, v.callId, now,
                        new VerificationClosed(v.callId, v.number, v.raisingUnit, v.leadTaskId, v.handlerUnit, v.round,
                                null, null, true, null, now))).replaceWithVoid();
            }
            return chain.replaceWith(list.size());
        });
    }

    public Uni<List<Verification>> ofRaisers(Caller caller, Verification.Status status) {
        return verifications.raisedWithin(caller.unit(), status, 100);
    }
}
