package io.huying.sla.service;

import io.huying.contracts.CloudEvent;
import io.huying.sla.EarlyStop;
import io.huying.sla.ParkedStart;
import io.huying.sla.SlaCall;
import io.huying.sla.SlaClock;
import io.huying.sla.domain.PlannedTimer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What one transaction knows and changes of its calls' clocks. {@link Clocks#open} reads the calls'
 * facts, clocks (row-locked), early stops and parked starts in four statements; the changes of any
 * number of events are made here in memory, and {@link Clocks#write} sends them in a few statements:
 * the new rows, the timers cancelled and planned, and the events announced in the order they
 * happened. The calls' locks are the caller's to hold.
 */
public final class ClockLedger {
    private final Map<UUID, SlaCall> calls = new HashMap<>();
    private final Map<String, SlaClock> clocks = new HashMap<>();
    private final Map<String, EarlyStop> earlyStops = new HashMap<>();
    private final Map<String, ParkedStart> parked = new LinkedHashMap<>();

    private final List<SlaCall> newCalls = new ArrayList<>();
    private final List<SlaClock> newClocks = new ArrayList<>();
    private final Set<UUID> newClockIds = new HashSet<>();
    private final List<EarlyStop> newEarlyStops = new ArrayList<>();
    private final List<ParkedStart> newParked = new ArrayList<>();
    private final List<Object> removed = new ArrayList<>();

    private final Set<UUID> cancelled = new LinkedHashSet<>();
    private final Map<UUID, List<PlannedTimer>> planned = new LinkedHashMap<>();
    private final List<CloudEvent> announced = new ArrayList<>();

    /** A ledger of nothing read yet: for clocks the caller loads and locks itself (a recompute). */
    static ClockLedger empty() {
        return new ClockLedger();
    }

    static ClockLedger of(List<SlaCall> calls, List<SlaClock> clocks, List<EarlyStop> earlyStops, List<ParkedStart> parked) {
        ClockLedger ledger = new ClockLedger();
        calls.forEach(c -> ledger.calls.put(c.callId, c));
        clocks.forEach(c -> ledger.clocks.put(c.clockKey, c));
        earlyStops.forEach(e -> ledger.earlyStops.put(e.clockKey, e));
        parked.forEach(p -> ledger.parked.put(p.clockKey, p));
        return ledger;
    }

    SlaCall call(UUID callId) {
        return calls.get(callId);
    }

    void add(SlaCall call) {
        calls.put(call.callId, call);
        newCalls.add(call);
    }

    SlaClock clock(String key) {
        return clocks.get(key);
    }

    void add(SlaClock clock) {
        clocks.put(clock.clockKey, clock);
        newClocks.add(clock);
        newClockIds.add(clock.id);
    }

    EarlyStop earlyStop(String key) {
        return earlyStops.get(key);
    }

    void add(EarlyStop early) {
        earlyStops.put(early.clockKey, early);
        newEarlyStops.add(early);
    }

    void remove(EarlyStop early) {
        earlyStops.remove(early.clockKey);
        if (!newEarlyStops.remove(early)) {
            removed.add(early);
        }
    }

    ParkedStart parkedStart(String key) {
        return parked.get(key);
    }

    /** The call's parked starts, in the order they were read or parked. */
    List<ParkedStart> parkedOf(UUID callId) {
        return parked.values().stream().filter(p -> p.callId.equals(callId)).toList();
    }

    void add(ParkedStart start) {
        parked.put(start.clockKey, start);
        newParked.add(start);
    }

    void remove(ParkedStart start) {
        parked.remove(start.clockKey);
        if (!newParked.remove(start)) {
            removed.add(start);
        }
    }

    /** The clock's unfired timers go (it stopped or paused); a clock new in this ledger has none written yet. */
    void cancelTimers(SlaClock c) {
        planned.remove(c.id);
        if (!newClockIds.contains(c.id)) {
            cancelled.add(c.id);
        }
    }

    /**
     * The clock's timers become {@code plan}; {@code fresh}: the clock is new and has none, else its
     * unfired ones are replaced.
     */
    void planTimers(SlaClock c, List<PlannedTimer> plan, boolean fresh) {
        if (!fresh) {
            cancelTimers(c);
        }
        planned.put(c.id, plan);
    }

    void announce(CloudEvent event) {
        announced.add(event);
    }

    /** The new rows, grouped by table so that each table's inserts go in one batch. */
    Object[] created() {
        List<Object> all = new ArrayList<>(newCalls.size() + newClocks.size() + newEarlyStops.size() + newParked.size());
        all.addAll(newCalls);
        all.addAll(newClocks);
        all.addAll(newEarlyStops);
        all.addAll(newParked);
        return all.toArray();
    }

    Object[] removed() {
        return removed.toArray();
    }

    Collection<UUID> cancelled() {
        return cancelled;
    }

    Map<UUID, List<PlannedTimer>> planned() {
        return planned;
    }

    List<CloudEvent> announced() {
        return announced;
    }
}
