package io.huying.intake.mapping;

import io.huying.intake.HotlineCallback;
import io.huying.intake.HotlineOrder;
import io.huying.intake.rest.HotlineOrderRequest;
import io.huying.intake.rest.HotlineOrderStateView;
import io.huying.intake.rest.HotlineOrderView;

/** The 12345 connector's requests into orders, and its answers into views. */
public final class HotlineViews {
    private HotlineViews() {
    }

    public static HotlineOrder order(HotlineOrderRequest r) {
        return new HotlineOrder(r.orderNo(), r.categoryCode(), r.urgency(), r.requestType(), r.title(), r.description(), r.address(),
                r.gridCode(), r.latitude(), r.longitude(), r.callerName(), r.callerPhone(), r.attachments());
    }

    public static HotlineOrderView received(String orderNo, HotlineOrder.Received r) {
        return new HotlineOrderView(orderNo, r.callId(), r.callNumber(), r.status(), r.categoryCode(), r.mapped());
    }

    public static HotlineOrderStateView state(HotlineOrder.State s) {
        return new HotlineOrderStateView(s.call().externalId, s.call().id, s.call().number,
                s.call().lifecycle == null ? s.call().status.name() : s.call().lifecycle.name(), s.call().categoryCode,
                s.callbacks().stream().map(HotlineViews::step).toList());
    }

    private static HotlineOrderStateView.Step step(HotlineCallback c) {
        return new HotlineOrderStateView.Step(c.seq, c.step.name(), c.step.label(), c.at, c.stepCallNumber, c.unitPath, c.note,
                c.deliveredAt != null, c.deliveredAt, c.attempts, c.deliveredAt == null ? c.nextAttemptAt : null, c.lastStatus, c.lastError);
    }
}
