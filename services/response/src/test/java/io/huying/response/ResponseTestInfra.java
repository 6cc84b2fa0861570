package io.huying.response;

import io.huying.testing.LocalInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** Every response test runs against the real local servers, with its own database. */
@QuarkusTestResource(value = LocalInfraResource.class, initArgs = @ResourceArg(name = "database", value = "response_test"))
public final class ResponseTestInfra {
    private ResponseTestInfra() {
    }
}
