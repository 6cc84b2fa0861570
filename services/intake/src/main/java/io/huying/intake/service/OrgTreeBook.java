package io.huying.intake.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.EventTypes;
import io.huying.contracts.events.Actor;
import io.huying.contracts.events.OrgTreeChanged;
import io.huying.contracts.reference.OrgTree;
import io.huying.contracts.reference.OrgUnit;
import io.huying.intake.ReferenceRevision;
import io.huying.intake.repository.ReferenceVersionRepository;
import io.huying.platform.outbox.Outbox;
import io.huying.platform.outbox.OutboxRelay;
import io.huying.platform.reference.Organisation;
import io.huying.platform.security.Caller;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * 组织架构 managed in the product ({@link ReferenceBook}, kind {@code org-tree}): revision 1 is the shipped
 * {@code huying/reference/org-tree.json}; a new version is checked by {@link OrgTreeChecks} and announced as
 * {@code huying.intake.org-tree-changed.v1}; each version taken is brought into the Keycloak realm's groups
 * ({@link RealmGroups}).
 */
@Singleton
public class OrgTreeBook extends ReferenceBook<OrgTree> {
    /** What a version stores: the units. */
    record Document(List<OrgUnit> units) {
    }

    private final RealmGroups realm;

    public OrgTreeBook(ReferenceVersionRepository versions, Organisation inForce, RealmGroups realm, Outbox outbox, OutboxRelay relay,
            ObjectMapper json, Clock clock) {
        super("org-tree", inForce, versions, outbox, relay, json, clock);
        this.realm = realm;
    }

    void onStart(@Observes @Priority(10) StartupEvent event) {
        storeShipped();
    }

    /** Every 30 s: a version another intake instance put in force is taken. */
    @Scheduled(every = "${huying.intake.org-tree-check-every:30s}", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> check() {
        return checkTable();
    }

    /** Puts {@code units} in force as the revision after {@code basedOn}, checked by {@link OrgTreeChecks}. */
    public Uni<ReferenceRevision<OrgTree>> replace(Caller admin, int basedOn, List<OrgUnit> units, String note) {
        return put(admin, basedOn, new Document(units), note, was -> OrgTreeChecks.violations(was, units));
    }

    @Override
    protected void taken(ReferenceRevision<OrgTree> version) {
        realm.sync();
    }

    @Override
    protected OrgTree shipped() {
        return OrgTree.load();
    }

    @Override
    protected String shippedFrom() {
        return OrgTree.RESOURCE;
    }

    @Override
    protected String name() {
        return "组织架构";
    }

    @Override
    protected String what() {
        return "org tree";
    }

    @Override
    protected Object contentOf(OrgTree tree) {
        return new Document(tree.units());
    }

    @Override
    protected OrgTree read(String version, String content, ObjectMapper json) throws JsonProcessingException {
        return OrgTree.of(version, json.readValue(content, Document.class).units());
    }

    @Override
    protected String eventType() {
        return EventTypes.ORG_TREE_CHANGED;
    }

    @Override
    protected UUID subject() {
        return OrgTreeChanged.SUBJECT;
    }

    @Override
    protected Object announcement(int revision, String version, OrgTree tree, String note, Actor by, Instant at) {
        return new OrgTreeChanged(revision, version, tree.units(), note, by, at);
    }
}
