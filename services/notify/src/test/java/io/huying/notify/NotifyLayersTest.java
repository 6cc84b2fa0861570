package io.huying.notify;

import io.huying.testing.ServiceLayersTest;

/** Notify's packages read top-down (LayerRules). */
class NotifyLayersTest extends ServiceLayersTest {
}
