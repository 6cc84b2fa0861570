package io.huying.dispatch.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.EventTypes;
import io.huying.contracts.Topics;
import io.huying.contracts.events.RoutingRulesChanged;
import io.huying.contracts.problem.Violation;
import io.huying.dispatch.RoutingRuleVersion;
import io.huying.dispatch.repository.RoutingRuleVersionRepository;
import io.huying.dispatch.service.RoutingRules.Rule;
import io.huying.platform.db.UniqueViolations;
import io.huying.platform.error.ProblemException;
import io.huying.platform.outbox.Outbox;
import io.huying.platform.outbox.OutboxRelay;
import io.huying.platform.reference.Catalogue;
import io.huying.platform.reference.Organisation;
import io.huying.platform.reference.ReferenceFollower;
import io.huying.platform.reference.RevisionLabels;
import io.huying.platform.security.Caller;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.agroal.api.AgroalDataSource;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * 派单规则 in force, managed in the product: versions stored whole in dispatch's database, the latest in
 * force. Revision 1 is {@code huying/routing-rules.json}, stored at the first start. An administrator puts a
 * new version in force ({@link #replace}) — checked first ({@link RoutingRuleChecks}), stored with who, when
 * and why, and announced on huying.reference ({@code huying.dispatch.routing-rules-changed.v1}) in the same
 * transaction — and every instance routes the next call by it: this one at once, the others when the
 * announcement reaches them through the platform's {@link io.huying.platform.reference.ReferenceFeed}
 * ({@link #announced}: a prompt to read the table, which every instance shares), or at the latest at their next
 * look at the database.
 */
// Started with the application (after Flyway's migrations): the rules are in force before a consumer starts.
@Startup
@ApplicationScoped
public class RoutingRuleBook implements ReferenceFollower<RoutingRulesChanged> {
    private static final TypeReference<List<Rule>> RULES = new TypeReference<>() {
    };

    /** A version in force: its revision and the rules. */
    public record InForce(int revision, RoutingRules rules, String note, String changedBy, Instant changedAt) {
    }

    private final RoutingRuleVersionRepository versions;
    private final Organisation organisation;
    private final Catalogue catalogue;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final ObjectMapper json;
    private final Clock clock;
    private final AgroalDataSource dataSource;
    private final AtomicReference<InForce> current = new AtomicReference<>();

    public RoutingRuleBook(RoutingRuleVersionRepository versions, Organisation organisation, Catalogue catalogue, Outbox outbox,
            OutboxRelay relay, ObjectMapper json, Clock clock, AgroalDataSource dataSource) {
        this.versions = versions;
        this.dataSource = dataSource;
        this.organisation = organisation;
        this.catalogue = catalogue;
        this.outbox = outbox;
        this.relay = relay;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Stores the shipped rules as revision 1 if there is none yet, and takes the latest in force, over JDBC,
     * when the application starts.
     */
    @PostConstruct
    void load() {
        RoutingRules shipped = RoutingRules.load();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement seed = c.prepareStatement("""
                    insert into routing_rule_version (revision, version, rules, note, changed_by, changed_at)
                    values (1, ?, ?, ?, 'huying/routing-rules.json', ?) on conflict do nothing""")) {
                seed.setString(1, shipped.version());
                seed.setString(2, write(shipped.rules()));
                seed.setString(3, "派单规则 " + shipped.version() + " (shipped)");
                seed.setTimestamp(4, Timestamp.from(clock.instant()));
                seed.executeUpdate();
            }
            try (PreparedStatement latest = c.prepareStatement("""
                    select revision, version, rules, note, changed_by, changed_at from routing_rule_version order by revision desc limit 1""");
                    ResultSet rs = latest.executeQuery()) {
                rs.next();
                take(new InForce(rs.getInt(1), new RoutingRules(rs.getString(2), read(rs.getString(3))), rs.getString(4), rs.getString(5),
                        rs.getTimestamp(6).toInstant()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the routing rules in force could not be read: " + e.getMessage(), e);
        }
    }

    /** The rules in force. */
    public RoutingRules current() {
        InForce inForce = current.get();
        if (inForce == null) {
            throw new IllegalStateException("the routing rules are not loaded yet");
        }
        return inForce.rules();
    }

    public InForce inForce() {
        return current.get();
    }

    /** Takes the latest stored version in force, if it is newer than the one in force. */
    public Uni<Void> reload() {
        return Panache.withSession(versions::latest).invoke(latest -> {
            if (latest != null) {
                take(new InForce(latest.revision, new RoutingRules(latest.version, read(latest.rules)), latest.note, latest.changedBy,
                        latest.changedAt));
            }
        }).replaceWithVoid();
    }

    /** Every 60 s: a version whose announcement did not reach this instance (it started meanwhile) is taken all the same. */
    @Scheduled(every = "${huying.dispatch.rules-check-every:60s}", delayed = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void check() {
        try {
            VertxContextSupport.subscribeAndAwait(this::reload);
        } catch (Throwable e) {
            Log.warnf("reading the routing rules in force failed; this instance keeps revision %d: %s",
                    current.get() == null ? 0 : current.get().revision(), e.getMessage());
        }
    }

    @Override
    public String eventType() {
        return EventTypes.DISPATCH_ROUTING_RULES_CHANGED;
    }

    @Override
    public Class<RoutingRulesChanged> dataType() {
        return RoutingRulesChanged.class;
    }

    /**
     * An announced version (every instance, from huying.reference): if it is newer than the one in force, the
     * latest stored version is read and taken. The table is the truth the announcement points to, so an
     * announcement this database never stored (huying.reference kept by a broker across a fresh database) is
     * passed over.
     */
    @Override
    public void announced(RoutingRulesChanged changed) {
        InForce held = current.get();
        if (held == null || changed.revision() > held.revision()) {
            check();
        }
    }

    private void take(InForce next) {
        InForce was = current.getAndUpdate(in -> in == null || in.revision() < next.revision() ? next : in);
        if (was == null || was.revision() < next.revision()) {
            Log.infof("routing rules in force: revision %d (%s), %d rules", next.revision(), next.rules().version(), next.rules().rules().size());
        }
    }

    /** Every stored version, newest first. */
    public Uni<List<InForce>> history() {
        return Panache.withSession(versions::newestFirst).map(all -> all.stream()
                .map(v -> new InForce(v.revision, new RoutingRules(v.version, read(v.rules)), v.note, v.changedBy, v.changedAt)).toList());
    }

    /**
     * Puts {@code rules} in force as the revision after {@code basedOn}, which must be the one in force (409
     * otherwise: someone changed them meanwhile); refused with every fault named (400) before anything is written.
     */
    public Uni<InForce> replace(Caller admin, int basedOn, List<Rule> rules, String note) {
        List<Violation> faults = RoutingRuleChecks.violations(rules, organisation.current(), catalogue.current());
        if (!faults.isEmpty()) {
            throw ProblemException.invalid(faults);
        }
        InForce was = current.get();
        if (was == null || basedOn != was.revision()) {
            throw ProblemException.conflict("rules-changed", "the routing rules in force are revision " + (was == null ? "?" : was.revision())
                    + ", not " + basedOn + ": someone changed them meanwhile; read them again and redo the change");
        }
        Instant now = clock.instant();
        RoutingRuleVersion next = new RoutingRuleVersion();
        next.revision = basedOn + 1;
        next.version = RevisionLabels.of(was.rules().version(), next.revision);
        next.rules = write(rules);
        next.note = note == null || note.isBlank() ? null : note.strip();
        next.changedBy = admin.username();
        next.changedAt = now;
        RoutingRulesChanged announced = new RoutingRulesChanged(next.revision, next.version, rules.stream()
                .map(r -> new RoutingRulesChanged.Rule(r.id(), r.area(), r.raisedBy().name(), r.categories(), r.lead(), r.assistingOrEmpty(),
                        r.priority())).toList(), next.note, admin.actor(), now);
        return Panache.withTransaction(() -> versions.findById(next.revision).chain(taken -> {
                    if (taken != null) {
                        return Uni.createFrom().failure(ProblemException.conflict("rules-changed", "revision " + next.revision
                                + " was put in force meanwhile; read the rules again and redo the change"));
                    }
                    return versions.persist(next).chain(() -> outbox.append(Topics.REFERENCE,
                            outbox.event(CallDispatch.SERVICE, EventTypes.DISPATCH_ROUTING_RULES_CHANGED, RoutingRulesChanged.SUBJECT, now, announced)));
                }))
                // Two administrators at once: the second insert of the same revision is refused by its key.
                .onFailure(e -> UniqueViolations.of(e, "routing_rule_version_pkey")).transform(e -> ProblemException.conflict(
                        "rules-changed", "revision " + next.revision + " was put in force meanwhile; read the rules again and redo the change"))
                .invoke(() -> relay.committed())
                .map(ignored -> {
                    InForce inForce = new InForce(next.revision, new RoutingRules(next.version, rules), next.note, next.changedBy, now);
                    take(inForce);
                    return inForce;
                });
    }

    private String write(List<Rule> rules) {
        try {
            return json.writeValueAsString(rules);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Rule> read(String rules) {
        try {
            return json.readValue(rules, RULES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored version of the routing rules is not JSON", e);
        }
    }
}
