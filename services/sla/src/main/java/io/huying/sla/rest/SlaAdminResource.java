package io.huying.sla.rest;

import io.huying.contracts.problem.Violation;
import io.huying.platform.audit.AuditTrail;
import io.huying.platform.error.ProblemException;
import io.huying.platform.security.Callers;
import io.huying.platform.security.Roles;
import io.huying.sla.domain.SlaPolicy;
import io.huying.sla.mapping.SlaAdminViews;
import io.huying.sla.service.SlaAdmin;
import io.huying.sla.service.SlaRules;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
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
    private final SlaRules rules;
    private final Callers callers;

    public SlaAdminResource(SlaAdmin admin, SlaAdminViews views, SlaRules rules, Callers callers) {
        this.admin = admin;
        this.views = views;
        this.rules = rules;
        this.callers = callers;
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
    @Operation(summary = "Store a new policy version and make it active; open clocks are recomputed, keeping the time already used",
            description = "Checked before anything is written (a malformed rule, a category the catalogue does not have: 400 naming the "
                    + "field; a version already stored: 409); stored with who stored it, audited with what changed, announced on "
                    + "huying.sla as huying.sla.policy-activated.v1.")
    public Uni<AdminViews.PolicyReplaced> replacePolicy(@NotNull SlaPolicy policy, RoutingContext routing) {
        SlaPolicy before = rules.current().policy();
        return admin.replacePolicy(callers.current(), policy)
                .invoke(replaced -> AuditTrail.detail(routing, SlaAdminViews.auditDetail("SLA policy " + before.version() + " → "
                        + policy.version() + ", " + replaced.recomputedClocks() + " open clocks recomputed", policy.changesFrom(before))))
                .map(views::policyReplaced);
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
    public Uni<AdminViews.CalendarReplaced> replaceCalendar(@PathParam("year") String year, @NotNull CalendarDocument calendar,
            RoutingContext routing) {
        List<Violation> violations = calendar.violations(year(year));
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
        String before = rules.current().calendar().versions().get(calendar.year());
        return admin.replaceCalendar(callers.current(), views.calendarYear(calendar))
                .invoke(replaced -> AuditTrail.detail(routing, SlaAdminViews.auditDetail("working calendar " + calendar.year() + " " + before
                        + " → " + calendar.version() + ", " + replaced.recomputedClocks() + " open clocks recomputed",
                        SlaAdminViews.summary(calendar))))
                .map(views::calendarReplaced);
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
