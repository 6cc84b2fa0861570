package io.huying.dispatch;

import io.huying.testing.ServiceLayersTest;

/** Dispatch's packages read top-down (LayerRules). */
class DispatchLayersTest extends ServiceLayersTest {
}
