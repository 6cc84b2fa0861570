package io.huying.intake;

import io.huying.testing.ServiceLayersTest;

/** Intake's packages read top-down (LayerRules). */
class IntakeLayersTest extends ServiceLayersTest {
}
