package io.huying.platform.inbox;

import io.huying.testing.LocalInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

@QuarkusTestResource(value = LocalInfraResource.class, initArgs = @ResourceArg(name = "database", value = "platform_test"))
public final class PlatformTestInfra {
    private PlatformTestInfra() {
    }
}
