package io.huying.contracts.events;

import io.huying.contracts.Urgency;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Data of {@code huying.sla.clock-started.v1}: 时限开始 — an SLA clock started, with its deadline and warning times. */
public record SlaClockStarted(
        UUID clockId,
        UUID callId,
        String number,
        /** The task the clock runs for; null for the dispatch, verify and end-to-end clocks. */
        UUID taskId,
        ClockKind clock,
        /** The unit whose clock it is: the handler; the dispatchers' unit for DISPATCH; the raiser for VERIFY. */
        String unitPath,
        String categoryCode,
        Urgency urgency,
        Instant deadline,
        String policyVersion,
        String calendarVersion,
        Instant startedAt,
        /** The policy's duration as written, e.g. {@code 5 WORKING_DAYS}. */
        String duration,
        List<Instant> warningsAt) {

    /** Which time limit a clock measures. */
    public enum ClockKind {
        /** 派遣 — from 立项 until the lead task is dispatched. */
        DISPATCH,
        /** 签收 — from dispatch until the unit signs for (or returns) the task. */
        SIGN_FOR,
        /** 办结 — from dispatch until the unit completes the task. */
        RESOLVE,
        /** 核查 — from the opening of the verification until the raiser closes or reopens the call. */
        VERIFY,
        /** 全流程 — from 立项 until the call is closed (结案), across returns and rework. */
        END_TO_END
    }
}
