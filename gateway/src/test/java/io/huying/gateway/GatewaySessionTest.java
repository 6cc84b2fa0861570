package io.huying.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.huying.testing.KeycloakTokens;
import io.huying.testing.LocalInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URL;
import org.htmlunit.CookieManager;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.util.Cookie;
import org.junit.jupiter.api.Test;

/**
 * Browsers through the gateway: the authorization code flow on the real Keycloak login page, a
 * server-side session behind an HttpOnly SameSite cookie, the session's token relayed to the
 * services, CSRF on changes, and a logout that ends the Keycloak session too.
 */
@QuarkusTest
@QuarkusTestResource(EchoServices.class)
class GatewaySessionTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void loginThroughKeycloakGivesAnHttpOnlySameSiteSessionCookieHoldingNoToken() throws Exception {
        try (WebClient browser = browser()) {
            Page landed = logIn(browser, "/login?redirect=/api/me", "fengling.office");
            assertThat(landed.getUrl().getPath()).as("back on the page asked for").isEqualTo("/api/me");
            JsonObject me = new JsonObject(landed.getWebResponse().getContentAsString());
            assertThat(me.getString("username")).isEqualTo("fengling.office");
            assertThat(me.getJsonObject("unit").getString("path")).isEqualTo("/baiyun/jinsha/fengling");

            Cookie session = browser.getCookieManager().getCookie("q_session");
            assertThat(session).as("the session cookie").isNotNull();
            assertThat(session.isHttpOnly()).isTrue();
            assertThat(session.getSameSite()).isEqualToIgnoringCase("lax");
            assertThat(session.getValue()).as("an opaque id, not a token").doesNotContain(".").hasSizeLessThan(100);
            Cookie xsrf = browser.getCookieManager().getCookie("XSRF-TOKEN");
            assertThat(xsrf).isNotNull();
            assertThat(xsrf.isHttpOnly()).as("the console reads the CSRF token").isFalse();
        }
    }

    @Test
    void theSessionsTokenIsRelayedAndChangesNeedTheCsrfHeader() throws Exception {
        try (WebClient browser = browser()) {
            logIn(browser, "/login?redirect=/api/me", "urban.section");
            URL calls = base.resolve("/api/tasks/1/notes").toURL();

            WebResponse refused = browser.loadWebResponse(json(calls, "{}"));
            assertThat(refused.getStatusCode()).as("no X-XSRF-TOKEN").isEqualTo(403);
            assertThat(refused.getContentType()).isEqualTo("application/problem+json");

            WebRequest forged = json(calls, "{}");
            forged.setAdditionalHeader("X-XSRF-TOKEN", "guessed");
            assertThat(browser.loadWebResponse(forged).getStatusCode()).as("a wrong token").isEqualTo(403);

            WebRequest allowed = json(calls, "{}");
            allowed.setAdditionalHeader("X-XSRF-TOKEN", browser.getCookieManager().getCookie("XSRF-TOKEN").getValue());
            WebResponse passed = browser.loadWebResponse(allowed);
            assertThat(passed.getStatusCode()).isEqualTo(200);
            JsonObject echo = new JsonObject(passed.getContentAsString());
            assertThat(echo.getString("authorization")).as("the session's access token, relayed").startsWith("Bearer ey");
            assertThat(echo.getString("cookie")).as("cookies stay at the gateway").isNull();
            assertThat(echo.getString("xsrf")).isNull();

            WebResponse read = browser.loadWebResponse(new WebRequest(base.resolve("/api/tasks").toURL()));
            assertThat(read.getStatusCode()).as("reads need no CSRF token").isEqualTo(200);
        }
    }

    @Test
    void bearerRequestsNeedNoCsrfToken() throws Exception {
        try (WebClient client = browser()) {
            WebRequest post = json(base.resolve("/api/calls").toURL(), "{}");
            post.setAdditionalHeader("Authorization", KeycloakTokens.bearer("fengling.office"));
            assertThat(client.loadWebResponse(post).getStatusCode()).isEqualTo(200);
        }
    }

    @Test
    void aPageOfTheConsoleSendsAnAnonymousBrowserToTheKeycloakLoginPage() throws Exception {
        try (WebClient browser = browser()) {
            HtmlPage login = browser.getPage(base.resolve("/section/tasks/123").toURL());
            assertThat(login.getUrl().toString()).startsWith(LocalInfra.REALM_URL + "/protocol/openid-connect/auth");
            assertThat(login.getUrl().getQuery()).contains("code_challenge_method=S256").contains("client_id=huying-gateway");
        }
    }

    @Test
    void loginRedirectsOnlyToSameOriginPaths() throws Exception {
        try (WebClient browser = browser()) {
            Page landed = logIn(browser, "/login?redirect=//evil.example/x", "jinsha.office");
            assertThat(landed.getUrl().getHost()).isEqualTo(base.getHost());
            assertThat(landed.getUrl().getPath()).isEqualTo("/");
        }
    }

    @Test
    void logoutEndsTheKeycloakSessionToo() throws Exception {
        try (WebClient browser = browser()) {
            logIn(browser, "/login?redirect=/api/me", "pingle.office");
            assertThat(browser.getPage(base.resolve("/api/me").toURL()).getWebResponse().getStatusCode()).isEqualTo(200);

            Page after = browser.getPage(base.resolve("/logout").toURL());
            assertThat(after.getUrl().toString()).as("back to / and, without a session, on to Keycloak's login page")
                    .startsWith(LocalInfra.REALM_URL + "/protocol/openid-connect/auth");
            assertThat(browser.getPage(base.resolve("/api/me").toURL()).getWebResponse().getStatusCode()).isEqualTo(401);

            HtmlPage again = browser.getPage(base.resolve("/login?redirect=/api/me").toURL());
            assertThat(again.getUrl().toString()).startsWith(LocalInfra.REALM_URL);
            assertThat(again.getElementById("kc-form-login")).as("Keycloak asks for the password again").isNotNull();
        }
    }

    private Page logIn(WebClient browser, String path, String username) throws Exception {
        HtmlPage login = browser.getPage(base.resolve(path).toURL());
        assertThat(login.getUrl().toString()).startsWith(LocalInfra.REALM_URL);
        HtmlForm form = login.getHtmlElementById("kc-form-login");
        form.getInputByName("username").type(username);
        form.getInputByName("password").type(KeycloakTokens.DEMO_PASSWORD);
        WebRequest submit = form.getWebRequest(null);
        return browser.getPage(submit);
    }

    /**
     * Keycloak marks its cookies Secure even over http; browsers keep and send them on loopback,
     * which they treat as a secure context. HtmlUnit does not, so this jar does.
     */
    private static final class LoopbackCookies extends CookieManager {
        @Override
        public synchronized void addCookie(Cookie cookie) {
            if (cookie.isSecure() && "127.0.0.1".equals(cookie.getDomain())) {
                cookie = new Cookie(cookie.getDomain(), cookie.getName(), cookie.getValue(), cookie.getPath(),
                        cookie.getExpires(), false, cookie.isHttpOnly(), cookie.getSameSite());
            }
            super.addCookie(cookie);
        }
    }

    private static WebRequest json(URL url, String body) {
        WebRequest request = new WebRequest(url, HttpMethod.POST);
        request.setAdditionalHeader("Content-Type", "application/json");
        request.setAdditionalHeader("Accept", "application/json");
        request.setRequestBody(body);
        return request;
    }

    private static WebClient browser() {
        WebClient browser = new WebClient();
        browser.setCookieManager(new LoopbackCookies());
        browser.getOptions().setJavaScriptEnabled(false);
        browser.getOptions().setCssEnabled(false);
        browser.getOptions().setThrowExceptionOnFailingStatusCode(false);
        browser.getOptions().setRedirectEnabled(true);
        return browser;
    }

}
