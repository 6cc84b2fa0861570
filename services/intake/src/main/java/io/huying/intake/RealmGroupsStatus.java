package io.huying.intake;

import java.time.Instant;

/**
 * The last run that brought the Keycloak realm's groups in step with the org tree: the revision it brought in,
 * when it ran, how many groups it created and rewrote, and why it could not (null: it could).
 */
public record RealmGroupsStatus(int revision, Instant at, int created, int updated, String error) {
}
