package io.huying.intake.config;

import io.huying.contracts.Channel;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;
import java.util.Optional;

/**
 * Open311 GeoReport v2 ({@code huying.open311.*}): the jurisdiction this endpoint answers for, and the
 * clients that may post service requests. A client posts with its {@code api_key}; only the key's
 * SHA-256 is configured (production: from a Kubernetes secret), and the client raises calls as its
 * bound community or street office, through the channel named here.
 */
@ConfigMapping(prefix = "huying.open311")
public interface Open311Config {
    /** The {@code jurisdiction_id} of this endpoint; a request naming another is answered 404. */
    @WithDefault("huying")
    String jurisdictionId();

    /** Who answers questions about the endpoint (the discovery document's {@code contact}). */
    @WithDefault("区社会治理综合指挥中心 (district command centre)")
    String contact();

    /** Where a client asks for an api_key (the discovery document's {@code key_service}). */
    @WithDefault("区社会治理综合指挥中心 (district command centre)")
    String keyService();

    /** The endpoint's public base URL for the discovery document; by default the request's own. */
    Optional<String> baseUrl();

    /** The clients, by name (the name is their calls' raiser: {@code open311:<name>}). */
    Map<String, Client> clients();

    interface Client {
        /** SHA-256 of the client's api_key, 64 hex digits. */
        String keySha256();

        /** The community or street office the client raises calls as, e.g. {@code /baiyun/jinsha/fengling}. */
        String unit();

        /** The channel its calls are raised through. */
        @WithDefault("WEB")
        Channel channel();
    }
}
