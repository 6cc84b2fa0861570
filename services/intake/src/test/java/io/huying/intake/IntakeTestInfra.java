package io.huying.intake;

import io.huying.testing.LocalInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** Every intake test runs against the real local servers, with its own database. */
@QuarkusTestResource(value = LocalInfraResource.class, initArgs = @ResourceArg(name = "database", value = "intake_test"))
public final class IntakeTestInfra {
    private IntakeTestInfra() {
    }
}
