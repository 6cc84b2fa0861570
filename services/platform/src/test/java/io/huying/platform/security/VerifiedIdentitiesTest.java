package io.huying.platform.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.huying.testing.KeycloakTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * A bearer token verified once is remembered with its identity: the next request with it is the same
 * caller, with its own request in the identity, and an altered copy of the token is still refused.
 * Real Keycloak tokens, verified by Quarkus OIDC.
 */
@QuarkusTest
class VerifiedIdentitiesTest {
    @Inject
    VerifiedIdentities identities;

    // Each test its own user: KeycloakTokens hands out one token per user, and the identities outlive a test.
    @Test
    void aVerifiedTokenIsRememberedAndTheNextRequestIsTheSameCaller() {
        String token = KeycloakTokens.accessToken("urban.clerk");
        assertThat(identities.remembers(token)).isFalse();

        int principal = seen(token, "first").statusCode(200).body("username", equalTo("urban.clerk")).body("request", equalTo("first"))
                .extract().path("principal");
        assertThat(identities.remembers(token)).isTrue();
        // Not verified again: the identity OIDC built the first time, with the second request in it.
        seen(token, "second").statusCode(200).body("username", equalTo("urban.clerk"))
                .body("orgPaths", hasItem("/baiyun/jinsha/sections/urban")).body("request", equalTo("second"))
                .body("principal", equalTo(principal));
    }

    @Test
    void anAlteredCopyOfARememberedTokenIsRefused() {
        String token = KeycloakTokens.accessToken("peace.section");
        seen(token, "genuine").statusCode(200);
        assertThat(identities.remembers(token)).isTrue();

        // The same signature over claims naming another user.
        String[] parts = token.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String forged = claims.replace("\"preferred_username\":\"peace.section\"", "\"preferred_username\":\"huying.admin\"");
        assertThat(forged).isNotEqualTo(claims);
        String altered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(forged.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        seen(altered, "altered").statusCode(401);
        assertThat(identities.remembers(altered)).isFalse();
    }

    @Test
    void aRememberedIdentityKeepsItsRoles() {
        // The security administrator has none of the business roles: refused on the first request and on the remembered one.
        String token = KeycloakTokens.accessToken("huying.security");
        seen(token, "first").statusCode(403);
        assertThat(identities.remembers(token)).isTrue();
        seen(token, "second").statusCode(403);
    }

    private static ValidatableResponse seen(String token, String request) {
        return given().auth().oauth2(token).queryParam("request", request).get("/api/test/caller").then();
    }
}
