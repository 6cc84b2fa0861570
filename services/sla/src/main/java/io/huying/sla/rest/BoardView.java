package io.huying.sla.rest;

import io.huying.contracts.events.SlaClockStarted.ClockKind;
import java.util.List;

/** 时限监督看板 — open clocks by standing, in total and per clock. */
public record BoardView(Counts total, List<ClockCounts> byClock) {

    public record Counts(long open, long onTrack, long atRisk, long breached) {
    }

    public record ClockCounts(ClockKind clock, long open, long onTrack, long atRisk, long breached) {
    }
}
