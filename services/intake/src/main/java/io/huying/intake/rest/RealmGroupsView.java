package io.huying.intake.rest;

import java.time.Instant;

/**
 * Whether the Keycloak realm's groups are in step with the org tree: the revision in force, the revision the last
 * run brought into the realm, when, how many groups it created and rewrote, and why it failed (null: it did not).
 */
public record RealmGroupsView(int revisionInForce, int revisionInRealm, Instant at, int created, int updated, String error) {
}
