package io.huying.intake;

import java.time.Instant;

/**
 * A version of a reference document — the category catalogue, the org tree: its revision, the document, who put it
 * in force, when and why (the shipped revision 1 in force as a service's baseline: nobody, never).
 */
public record ReferenceRevision<T>(int revision, T document, String note, String changedBy, Instant changedAt) {
}
