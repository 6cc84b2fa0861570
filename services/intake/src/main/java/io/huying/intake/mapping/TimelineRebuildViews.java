package io.huying.intake.mapping;

import io.huying.intake.rest.TimelineRebuildView;
import io.huying.intake.RebuildProgress;

/** A rebuild's progress → its view. */
public final class TimelineRebuildViews {
    private TimelineRebuildViews() {
    }

    public static TimelineRebuildView view(RebuildProgress p) {
        return new TimelineRebuildView(p.id(), p.state(), p.requestedBy(), p.startedAt(), p.finishedAt(), p.recordsReplayed(),
                p.stepsProjected(), p.alreadyProjected(), p.unreadable(), p.error());
    }
}
