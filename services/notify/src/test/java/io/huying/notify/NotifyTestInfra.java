package io.huying.notify;

import io.huying.testing.LocalInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** Every notify test runs against the real local servers, with its own database, and a real SMTP server (GreenMail). */
@QuarkusTestResource(value = LocalInfraResource.class, initArgs = @ResourceArg(name = "database", value = NotifyTestInfra.DATABASE))
@QuarkusTestResource(GreenMailResource.class)
public final class NotifyTestInfra {
    static final String DATABASE = "notify_test";

    private NotifyTestInfra() {
    }
}
