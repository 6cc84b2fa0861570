package io.huying.sla.rest;

import io.huying.contracts.problem.Violation;
import io.huying.platform.error.ProblemException;
import io.huying.platform.security.Roles;
import io.huying.sla.domain.SlaPolicy;
import io.huying.sla.mapping.SlaAdminViews;
import io.huying.sla.service.SlaAdmin;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** 时限标准与工作日历 — administrators replace the SLA policy and working calendars; open clocks are recomputed. */
@Path("/api/sla/admin")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class SlaAdminResource {
    private final SlaAdmin admin;
    private final SlaAdminViews views;

    public SlaAdminResource(SlaAdmin admin, SlaAdminViews views) {
        this.admin = admin;
        this.views = views;
    }

    @GET
    @Path("policies")
    @Operation(summary = "The active SLA policy and every stored version")
    public Uni<AdminViews.Policies> policies() {
        return admin.policies().map(views::policies);
    }

    @PUT
    @Path("policies")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Store a new policy version and make it active; open clocks are recomputed, keeping the time already used")
    public Uni<AdminViews.PolicyReplaced> replacePolicy(@NotNull SlaPolicy policy) {
        return admin.replacePolicy(policy).map(views::policyReplaced);
    }

    @GET
    @Path("calendars/{year}")
    @Operation(summary = "A year's active working calendar and its stored versions")
    public Uni<AdminViews.Calendars> calendar(@PathParam("year") String year) {
        return admin.calendars(year(year)).map(views::calendars);
    }

    @PUT
    @Path("calendars/{year}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Store a new version of a year's working calendar and make it active; open clocks are recomputed")
    public Uni<AdminViews.CalendarReplaced> replaceCalendar(@PathParam("year") String year, @NotNull CalendarDocument calendar) {
        List<Violation> violations = calendar.violations(year(year));
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
        return admin.replaceCalendar(views.calendarYear(calendar)).map(views::calendarReplaced);
    }

    private static int year(String raw) {
        try {
            int year = Integer.parseInt(raw);
            if (year >= 2000 && year <= 2100) {
                return year;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.notFound("working calendar " + raw);
    }
}
