package io.huying.intake.service;

import io.huying.contracts.Urgency;
import io.huying.intake.Call;
import io.huying.intake.CallLifecycle;
import io.huying.intake.FoundCall;
import io.huying.intake.FoundCalls;
import io.huying.intake.TimelineEntry;
import io.huying.intake.config.IntakeConfig;
import io.huying.intake.repository.CallRepository;
import io.huying.platform.attachment.Attachments;
import io.huying.platform.error.ProblemException;
import io.huying.platform.security.Caller;
import io.huying.platform.security.RevealedReporter;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Reading calls, always within the caller's org path. */
@ApplicationScoped
public class CallQueries {
    private final CallRepository calls;
    private final IntakeConfig config;
    private final Attachments attachments;

    public CallQueries(CallRepository calls, IntakeConfig config, Attachments attachments) {
        this.attachments = attachments;
        this.calls = calls;
        this.config = config;
    }

    /** Search criteria as the API takes them. */
    public record Criteria(CallLifecycle status, String categoryCode, Urgency urgency, LocalDate raisedFrom, LocalDate raisedTo,
            int page, int size) {
    }

    /**
     * 404 both when the call does not exist and when it lies outside the caller's path: existence is
     * private. A grid worker or patrol volunteer sees the calls they raised.
     */
    @WithSession
    public Uni<FoundCall> get(Caller caller, UUID id) {
        return calls.findById(id).chain(call -> {
            if (call == null || !sees(caller, call)) {
                throw ProblemException.notFound("call " + id);
            }
            return attachments.files(CallIntake.FILES_SCOPE, id).chain(files -> TimelineEntry.<TimelineEntry>list("callId", Sort.ascending("at"), id)
                    .map(steps -> new FoundCall(call, files, steps)));
        });
    }

    /**
     * 查看完整号码 — the reporter in full, for the raising unit only (404 outside the caller's path, 403
     * within it); the resource records the reason in the audit log.
     */
    @WithSession
    public Uni<RevealedReporter> revealReporter(Caller caller, UUID id, Instant now) {
        return calls.findById(id).map(call -> {
            if (call == null || !caller.sees(call.raisingUnit)) {
                throw ProblemException.notFound("call " + id);
            }
            if (caller.orgPaths().stream().noneMatch(p -> p.value().equals(call.raisingUnit))) {
                throw ProblemException.forbidden("only the raising unit may reveal the reporter of call " + call.number);
            }
            return new RevealedReporter(call.reporterName, call.reporterPhone, caller.username(), now);
        });
    }

    @WithSession
    public Uni<FoundCalls> list(Caller caller, Criteria criteria) {
        var filter = new CallRepository.Filter(criteria.status(), criteria.categoryCode(), criteria.urgency(),
                criteria.raisedFrom() == null ? null : criteria.raisedFrom().atStartOfDay(config.zone()).toInstant(),
                criteria.raisedTo() == null ? null : criteria.raisedTo().plusDays(1).atStartOfDay(config.zone()).toInstant());
        var query = (caller.inTheField() ? calls.raisedBy(caller.subject(), caller.unit(), filter) : calls.visibleTo(caller.unit(), filter))
                .page(Page.of(criteria.page(), criteria.size()));
        return query.list().chain(list -> attachments.filesOf(CallIntake.FILES_SCOPE, list.stream().map(call -> call.id).toList())
                .chain(files -> query.count().map(total -> new FoundCalls(
                        list.stream().map(call -> new FoundCall(call, files.getOrDefault(call.id, List.of()), null)).toList(),
                        criteria.page(), criteria.size(), total))));
    }

    /** Whether {@code caller} may see {@code call}: within their path, or, in the field, raised by them. */
    static boolean sees(Caller caller, Call call) {
        return caller.inTheField() ? caller.subject().equals(call.raisedBySubject) : caller.sees(call.raisingUnit);
    }
}
