package io.huying.feedback;

import io.huying.testing.ServiceLayersTest;

/** Feedback's packages read top-down (LayerRules). */
class FeedbackLayersTest extends ServiceLayersTest {
}
