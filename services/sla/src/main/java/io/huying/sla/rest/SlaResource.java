package io.huying.sla.rest;

import io.huying.contracts.Urgency;
import io.huying.contracts.events.SlaClockStarted.ClockKind;
import io.huying.contracts.reference.OrgPath;
import io.huying.platform.http.QueryParams;
import io.huying.platform.security.Caller;
import io.huying.platform.security.Callers;
import io.huying.platform.security.Roles;
import io.huying.sla.SlaClock;
import io.huying.sla.mapping.ClockViews;
import io.huying.sla.repository.ClockRepository;
import io.huying.sla.service.ClockQueries;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * 时限监督 — the ops views of the SLA clocks. An ops user sees the clocks of units at or below their
 * own unit; an administrator sees every clock.
 */
@Path("/api/sla")
@RolesAllowed({Roles.OPS, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class SlaResource {
    private final ClockQueries queries;
    private final ClockViews views;
    private final Callers callers;

    public SlaResource(ClockQueries queries, ClockViews views, Callers callers) {
        this.queries = queries;
        this.views = views;
        this.callers = callers;
    }

    @GET
    @Path("board")
    @Operation(summary = "Open clocks by standing (ON_TRACK, AT_RISK = a warning fired, BREACHED), in total and per clock; "
            + "filters unit and area (path prefixes), category, urgency, clock. calendar: the years loaded from holiday notices, "
            + "and the provisional years (statutory holidays, no 调休) that open clocks run on or today + the warning horizon reaches. "
            + "breachesByUnit: the top units (top, default 10) by breaches of the last days (days, default 30, Asia/Shanghai days, today "
            + "included); breachesByDay: those days, oldest first, zero-filled; atRisk: open clocks AT_RISK or BREACHED, nearest deadline "
            + "first (limit, default 20), with minutesLeft (negative: minutes over)")
    public Uni<BoardView> board(@QueryParam("unit") String unit, @QueryParam("area") String area, @QueryParam("category") String category,
            @QueryParam("urgency") String urgency, @QueryParam("clock") String clock, @QueryParam("days") String days,
            @QueryParam("top") String top, @QueryParam("limit") String limit) {
        ClockQueries.BoardSize size = new ClockQueries.BoardSize(QueryParams.integer("days", days, 30, 1, 366),
                QueryParams.integer("top", top, 10, 1, 100), QueryParams.integer("limit", limit, 20, 1, 200));
        return queries.board(filter(unit, area, category, urgency, clock, null, null), size).map(views::board);
    }

    @GET
    @Path("clocks")
    @Operation(summary = "Clocks, soonest deadline first; filters unit, area, category, urgency, clock, "
            + "state (ON_TRACK, AT_RISK, BREACHED, MET), status (RUNNING, PAUSED, STOPPED); paging page/size")
    public Uni<ClockView.Page> clocks(@QueryParam("unit") String unit, @QueryParam("area") String area,
            @QueryParam("category") String category, @QueryParam("urgency") String urgency, @QueryParam("clock") String clock,
            @QueryParam("state") String state, @QueryParam("status") String status, @QueryParam("page") String page,
            @QueryParam("size") String size) {
        return queries.clocks(filter(unit, area, category, urgency, clock, state, status), page(page), size(size)).map(views::page);
    }

    @GET
    @Path("breaches")
    @Operation(summary = "Breached clocks (超时), newest first (by deadline, the moment of the breach); the same filters as /clocks; "
            + "paging page/size. Each carries unitName, escalation (the highest rung fired: URGE 催办, SUPERVISE 督办, NOTIFY 通报) "
            + "and escalatedAt")
    public Uni<ClockView.Page> breaches(@QueryParam("unit") String unit, @QueryParam("area") String area,
            @QueryParam("category") String category, @QueryParam("urgency") String urgency, @QueryParam("clock") String clock,
            @QueryParam("page") String page, @QueryParam("size") String size) {
        return queries.breaches(filter(unit, area, category, urgency, clock, null, null), page(page), size(size)).map(views::page);
    }

    @GET
    @Path("calls/{callId}/clocks")
    @Operation(summary = "The clocks of one call that your scope covers")
    public Uni<List<ClockView>> ofCall(@PathParam("callId") String callId) {
        return queries.ofCall(filter(null, null, null, null, null, null, null), QueryParams.pathId("call", callId)).map(views::views);
    }

    private ClockRepository.Filter filter(String unit, String area, String category, String urgency, String clock, String state,
            String status) {
        Caller caller = callers.current();
        OrgPath scope = caller.hasRole(Roles.ADMIN) ? null : caller.unit();
        return new ClockRepository.Filter(scope,
                QueryParams.parsed("unit", unit, OrgPath::of),
                QueryParams.parsed("area", area, OrgPath::of),
                QueryParams.parsed("category", category, c -> {
                    if (!c.matches("[A-Z]{2}-[0-9]{2}")) {
                        throw new IllegalArgumentException("must be a category code like SR-01");
                    }
                    return c;
                }),
                QueryParams.parsed("urgency", urgency, Urgency::parse),
                QueryParams.enumValue("clock", clock, ClockKind.class),
                QueryParams.enumValue("state", state, SlaClock.Standing.class),
                QueryParams.enumValue("status", status, SlaClock.State.class));
    }

    private static int page(String page) {
        return QueryParams.integer("page", page, 0, 0, 100_000);
    }

    private static int size(String size) {
        return QueryParams.integer("size", size, 20, 1, 100);
    }
}
