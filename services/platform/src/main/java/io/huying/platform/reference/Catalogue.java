package io.huying.platform.reference;

import io.huying.contracts.EventTypes;
import io.huying.contracts.events.CatalogueChanged;
import io.huying.contracts.reference.CategoryCatalogue;
import jakarta.enterprise.context.ApplicationScoped;

/** 派单目录 in force in this instance (see {@link HeldReference}). */
@ApplicationScoped
public class Catalogue extends HeldReference<CategoryCatalogue, CatalogueChanged> {

    public Catalogue() {
        super(CategoryCatalogue.load(), EventTypes.CATALOGUE_CHANGED, CatalogueChanged.class);
    }

    /** An announced version (huying.intake.catalogue-changed.v1). */
    @Override
    public void announced(CatalogueChanged changed) {
        take(new Version<>(changed.revision(), changed.changedAt(),
                CategoryCatalogue.of(changed.version(), changed.groups(), changed.categories())));
    }

    @Override
    protected String describe(CategoryCatalogue c) {
        return "category catalogue of " + c.categories().size() + " categories";
    }

    @Override
    public String label(CategoryCatalogue c) {
        return c.version();
    }
}
