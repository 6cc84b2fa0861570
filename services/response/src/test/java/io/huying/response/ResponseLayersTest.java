package io.huying.response;

import io.huying.testing.ServiceLayersTest;

/** Response's packages read top-down (LayerRules). */
class ResponseLayersTest extends ServiceLayersTest {
}
