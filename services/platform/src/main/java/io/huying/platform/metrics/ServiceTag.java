package io.huying.platform.metrics;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Every meter of a service carries {@code service=<name>}: dashboards group by it whatever the scrape job is called. */
public class ServiceTag {
    @Produces
    @Singleton
    MeterFilter serviceTag(@ConfigProperty(name = "huying.service") String service) {
        return MeterFilter.commonTags(List.of(Tag.of("service", service)));
    }
}
