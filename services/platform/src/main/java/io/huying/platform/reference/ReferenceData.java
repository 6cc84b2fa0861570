package io.huying.platform.reference;

import io.huying.contracts.reference.OrgTree;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The org tree, read once from the contracts jar. The catalogue in force is {@link Catalogue}. */
public class ReferenceData {

    @Produces
    @Singleton
    OrgTree orgTree() {
        return OrgTree.load();
    }
}
