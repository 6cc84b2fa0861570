package io.huying.dispatch;

import io.huying.testing.LocalInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** Every dispatch test runs against the real local servers, with its own database. */
@QuarkusTestResource(value = LocalInfraResource.class, initArgs = @ResourceArg(name = "database", value = "dispatch_test"))
public final class DispatchTestInfra {
    private DispatchTestInfra() {
    }
}
