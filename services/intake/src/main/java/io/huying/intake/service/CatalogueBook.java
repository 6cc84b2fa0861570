package io.huying.intake.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.EventTypes;
import io.huying.contracts.events.Actor;
import io.huying.contracts.events.CatalogueChanged;
import io.huying.contracts.reference.Category;
import io.huying.contracts.reference.CategoryCatalogue;
import io.huying.contracts.reference.CategoryGroup;
import io.huying.intake.ReferenceRevision;
import io.huying.intake.repository.ReferenceVersionRepository;
import io.huying.platform.outbox.Outbox;
import io.huying.platform.outbox.OutboxRelay;
import io.huying.platform.reference.Catalogue;
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
 * 派单目录 managed in the product ({@link ReferenceBook}, kind {@code catalogue}): revision 1 is the shipped
 * {@code huying/reference/categories.json}; a new version is checked by {@link CatalogueChecks} and announced as
 * {@code huying.intake.catalogue-changed.v1}; this instance raises the next call by it at once.
 */
@Singleton
public class CatalogueBook extends ReferenceBook<CategoryCatalogue> {
    /** What a version stores: the groups and the categories. */
    record Document(List<CategoryGroup> groups, List<Category> categories) {
    }

    private final HotlineCategories hotline;

    public CatalogueBook(ReferenceVersionRepository versions, Catalogue inForce, HotlineCategories hotline, Outbox outbox, OutboxRelay relay,
            ObjectMapper json, Clock clock) {
        super("catalogue", inForce, versions, outbox, relay, json, clock);
        this.hotline = hotline;
    }

    void onStart(@Observes @Priority(10) StartupEvent event) {
        storeShipped();
    }

    /** Every 30 s: a version another intake instance put in force is taken. */
    @Scheduled(every = "${huying.intake.catalogue-check-every:30s}", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> check() {
        return checkTable();
    }

    /**
     * Puts {@code groups} and {@code categories} in force as the revision after {@code basedOn}: codes well formed and
     * unique, nothing in force removed, the categories 12345 orders map to kept in use ({@link CatalogueChecks}).
     */
    public Uni<ReferenceRevision<CategoryCatalogue>> replace(Caller admin, int basedOn, List<CategoryGroup> groups, List<Category> categories,
            String note) {
        return put(admin, basedOn, new Document(groups, categories), note,
                was -> CatalogueChecks.violations(was, groups, categories, hotline.targets()));
    }

    @Override
    protected CategoryCatalogue shipped() {
        return CategoryCatalogue.load();
    }

    @Override
    protected String shippedFrom() {
        return CategoryCatalogue.RESOURCE;
    }

    @Override
    protected String name() {
        return "派单目录";
    }

    @Override
    protected String what() {
        return "catalogue";
    }

    @Override
    protected Object contentOf(CategoryCatalogue c) {
        return new Document(c.groups(), c.categories());
    }

    @Override
    protected CategoryCatalogue read(String version, String content, ObjectMapper json) throws JsonProcessingException {
        Document d = json.readValue(content, Document.class);
        return CategoryCatalogue.of(version, d.groups(), d.categories());
    }

    @Override
    protected String eventType() {
        return EventTypes.CATALOGUE_CHANGED;
    }

    @Override
    protected UUID subject() {
        return CatalogueChanged.SUBJECT;
    }

    @Override
    protected Object announcement(int revision, String version, CategoryCatalogue c, String note, Actor by, Instant at) {
        return new CatalogueChanged(revision, version, c.groups(), c.categories(), note, by, at);
    }
}
