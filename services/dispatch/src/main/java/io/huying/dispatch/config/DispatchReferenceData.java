package io.huying.dispatch.config;

import io.huying.dispatch.service.RoutingRules;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The routing rules, read once from the classpath. */
public class DispatchReferenceData {

    @Produces
    @Singleton
    RoutingRules routingRules() {
        return RoutingRules.load();
    }
}
