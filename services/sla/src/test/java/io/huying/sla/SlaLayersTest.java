package io.huying.sla;

import io.huying.testing.ServiceLayersTest;

/** The SLA engine's packages read top-down (LayerRules). */
class SlaLayersTest extends ServiceLayersTest {
}
