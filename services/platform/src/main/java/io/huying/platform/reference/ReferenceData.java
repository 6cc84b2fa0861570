package io.huying.platform.reference;

import io.huying.contracts.reference.CategoryCatalogue;
import io.huying.contracts.reference.OrgTree;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The org tree and the catalogue, read once from the contracts jar. */
public class ReferenceData {

    @Produces
    @Singleton
    OrgTree orgTree() {
        return OrgTree.load();
    }

    @Produces
    @Singleton
    CategoryCatalogue catalogue() {
        return CategoryCatalogue.load();
    }
}
