package io.huying.sla;

import io.huying.testing.LocalInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** Every SLA test runs against the real local servers, with its own database. */
@QuarkusTestResource(value = LocalInfraResource.class, initArgs = @ResourceArg(name = "database", value = "sla_test"))
public final class SlaTestInfra {
    static final String DATABASE = "sla_test";

    private SlaTestInfra() {
    }
}
