package io.huying.intake;

import io.huying.testing.HotlineReceiver;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** Intake posting its 12345 callbacks to a {@link HotlineReceiver} of the test's, quickly: steps settle for 1 s, retries start at 0.5 s. */
public class HotlineReceiverProfile implements QuarkusTestProfile {
    static final String SECRET = "hotline-test-secret";
    /** The receiver of the profile's application, while it runs. */
    static volatile HotlineReceiver receiver;

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Receiver.class));
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("huying.hotline.deliver-every", "1s", "huying.hotline.settle", "1s",
                "huying.hotline.retry-initial", "500ms", "huying.hotline.retry-max", "2s");
    }

    public static class Receiver implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            receiver = HotlineReceiver.start(SECRET);
            return Map.of("huying.hotline.callback-url", receiver.url(), "huying.hotline.callback-secret", SECRET);
        }

        @Override
        public void stop() {
            if (receiver != null) {
                receiver.close();
            }
        }
    }
}
