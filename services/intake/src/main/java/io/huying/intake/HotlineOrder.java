package io.huying.intake;

import io.huying.contracts.RequestType;
import io.huying.contracts.Urgency;
import java.util.List;
import java.util.UUID;

/**
 * 12345 工单 — a work order the municipal 12345 platform forwards: its number (the call's external id), its
 * category in the platform's codes, the matter, the grid (网格编码) it lies in, and the citizen who called.
 */
public record HotlineOrder(String orderNo, String categoryCode, Urgency urgency, RequestType requestType, String title, String description,
        String address, String gridCode, Double latitude, Double longitude, String callerName, String callerPhone, List<String> attachments) {

    public HotlineOrder {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** What became of an order: the call's id, number and status, its category, whether the table mapped the code; {@code created}: first receipt. */
    public record Received(boolean created, UUID callId, String callNumber, String status, String categoryCode, boolean mapped) {
    }

    /** An order as it stands: its call, and its steps posted back (or waiting). */
    public record State(Call call, List<HotlineCallback> callbacks) {
    }

    /** The Idempotency-Key of the order's raise: its number, so a re-sent order is the same call. */
    public String idempotencyKey() {
        return "12345:" + orderNo;
    }
}
