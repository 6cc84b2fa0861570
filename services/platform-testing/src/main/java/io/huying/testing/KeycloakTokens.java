package io.huying.testing;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real access tokens from the local Keycloak (realm huying). Password grants cost CPU (argon2),
 * so tokens are cached per user until shortly before they expire.
 */
public final class KeycloakTokens {
    /** The password of every demo user in deploy/keycloak/huying-realm.json. */
    public static final String DEMO_PASSWORD = "huying-demo";
    private static final String CLI_CLIENT = "huying-cli";
    private static final Map<String, Cached> CACHE = new ConcurrentHashMap<>();

    private KeycloakTokens() {
    }

    /** An access token for a demo user, e.g. {@code fengling.office}. */
    public static String accessToken(String username) {
        Cached cached = CACHE.get(username);
        if (cached != null && Instant.now().isBefore(cached.expiresAt())) {
            return cached.token();
        }
        Response response = given()
                .formParam("grant_type", "password")
                .formParam("client_id", CLI_CLIENT)
                .formParam("username", username)
                .formParam("password", DEMO_PASSWORD)
                .formParam("scope", "openid")
                .post(LocalInfra.REALM_URL + "/protocol/openid-connect/token");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Keycloak refused a token for " + username + ": " + response.asString());
        }
        String token = response.path("access_token");
        int expiresIn = response.path("expires_in");
        CACHE.put(username, new Cached(token, Instant.now().plusSeconds(Math.max(10, expiresIn - 30))));
        return token;
    }

    /**
     * A demo user's access token issued to another client of the realm — e.g. Keycloak's own
     * {@code admin-cli}, whose tokens do not carry the {@code huying-api} audience the services require.
     */
    public static String accessTokenOfClient(String clientId, String username) {
        Response response = given()
                .formParam("grant_type", "password")
                .formParam("client_id", clientId)
                .formParam("username", username)
                .formParam("password", DEMO_PASSWORD)
                .post(LocalInfra.REALM_URL + "/protocol/openid-connect/token");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Keycloak refused a " + clientId + " token for " + username + ": " + response.asString());
        }
        return response.path("access_token");
    }

    /** A client-credentials token for a confidential client with a service account. */
    public static String clientToken(String clientId, String secret) {
        Response response = given()
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", clientId)
                .formParam("client_secret", secret)
                .post(LocalInfra.REALM_URL + "/protocol/openid-connect/token");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Keycloak refused a client token for " + clientId + ": " + response.asString());
        }
        return response.path("access_token");
    }

    public static String bearer(String username) {
        return "Bearer " + accessToken(username);
    }

    private record Cached(String token, Instant expiresAt) {
    }
}
