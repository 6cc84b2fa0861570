package io.huying.feedback;

import io.huying.testing.LocalInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** Every feedback test runs against the real local servers, with its own database. */
@QuarkusTestResource(value = LocalInfraResource.class, initArgs = @ResourceArg(name = "database", value = "feedback_test"))
public final class FeedbackTestInfra {
    private FeedbackTestInfra() {
    }
}
