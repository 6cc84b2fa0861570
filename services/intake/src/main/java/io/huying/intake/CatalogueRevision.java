package io.huying.intake;

import io.huying.contracts.reference.CategoryCatalogue;
import java.time.Instant;

/**
 * A version of the category catalogue (派单目录): its revision, the catalogue, who put it in force, when and why
 * (the shipped revision 1: the file, at the first start; in force as a service's baseline: nobody, never).
 */
public record CatalogueRevision(int revision, CategoryCatalogue catalogue, String note, String changedBy, Instant changedAt) {
}
