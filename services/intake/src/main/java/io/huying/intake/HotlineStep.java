package io.huying.intake;

import com.fasterxml.jackson.databind.JsonNode;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;

/**
 * A step of a 12345 work order posted back to the 12345 platform (回传), in the platform's words. Each
 * comes from a lifecycle event of the order's call: 受理 when it is accepted as a case (or merged into one,
 * 并案), 签收 and 办结 by the lead unit, 结案 on verification, 退回 when the lead unit returns it or it is
 * not accepted (不予立项), 延期 when an extension is approved.
 */
public enum HotlineStep {
    ACCEPTED("受理"),
    ACKNOWLEDGED("签收"),
    COMPLETED("办结"),
    CLOSED("结案"),
    RETURNED("退回"),
    EXTENDED("延期");

    private final String label;

    HotlineStep(String label) {
        this.label = label;
    }

    /** The step's name in the 12345 platform's words (受理, 签收, …). */
    public String label() {
        return label;
    }

    /** The step {@code event} is, or null when it is none. */
    public static HotlineStep of(CloudEvent event) {
        JsonNode d = event.data();
        boolean lead = d == null || !"ASSIST".equals(d.path("role").asText());
        return switch (event.type()) {
            case EventTypes.CALL_ACCEPTED, EventTypes.CALL_MERGED -> ACCEPTED;
            case EventTypes.CALL_REJECTED -> RETURNED;
            case EventTypes.TASK_ACKNOWLEDGED -> lead ? ACKNOWLEDGED : null;
            case EventTypes.TASK_COMPLETED -> lead ? COMPLETED : null;
            case EventTypes.TASK_RETURNED -> lead ? RETURNED : null;
            case EventTypes.TASK_EXTENSION_DECIDED -> lead && d != null && d.path("approved").asBoolean() ? EXTENDED : null;
            case EventTypes.VERIFICATION_CLOSED -> CLOSED;
            default -> null;
        };
    }

    /**
     * Whether the step is the call's own decision (受理, 并案, 不予立项), posted for its own order only; the
     * others are also posted for the orders merged into the call.
     */
    public static boolean ownOnly(CloudEvent event) {
        return switch (event.type()) {
            case EventTypes.CALL_ACCEPTED, EventTypes.CALL_MERGED, EventTypes.CALL_REJECTED -> true;
            default -> false;
        };
    }
}
