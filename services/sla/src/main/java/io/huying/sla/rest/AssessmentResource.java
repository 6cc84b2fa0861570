package io.huying.sla.rest;

import io.huying.contracts.reference.OrgPath;
import io.huying.contracts.reference.UnitLevel;
import io.huying.platform.error.ProblemException;
import io.huying.platform.http.QueryParams;
import io.huying.platform.security.Caller;
import io.huying.platform.security.Callers;
import io.huying.platform.security.Roles;
import io.huying.sla.service.AssessmentMeasure;
import io.huying.sla.service.Assessments;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * 考核 — the units' monthly figures and the calls behind each. An ops user sees the units at or below
 * their own unit; an administrator sees every unit. Definitions: {@link Assessments}, {@link AssessmentMeasure}.
 */
@Path("/api/sla/assessment")
@RolesAllowed({Roles.OPS, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class AssessmentResource {
    private final Assessments assessments;
    private final Callers callers;

    public AssessmentResource(Assessments assessments, Callers callers) {
        this.assessments = assessments;
        this.callers = callers;
    }

    @GET
    @Operation(summary = "The units' figures of a month (month=2026-11, default this month in Asia/Shanghai): 签收及时率, 按期办结率, 退回率, "
            + "返工率, 满意率 and 解决率 as numerator/denominator/rate, the 三率 score with its weights, and the rank among the "
            + "district's departments or the street's sections; filters level (DEPARTMENT, SECTION) and unit (a path prefix)")
    public Uni<AssessmentView> figures(@QueryParam("month") String month, @QueryParam("level") String level, @QueryParam("unit") String unit) {
        return assessments.figures(month(month), scope(), QueryParams.parsed("level", level, AssessmentResource::level),
                QueryParams.parsed("unit", unit, OrgPath::of));
    }

    @GET
    @Path("calls")
    @Operation(summary = "The tasks behind one unit's figure (measure = SIGN_FOR_ON_TIME, RESOLVED_ON_TIME, RETURNED, REWORKED, "
            + "SATISFIED, RESOLVED): call number, call id, task id, and whether it counts in the numerator; paging page/size")
    public Uni<AssessmentView.Trace> calls(@QueryParam("month") String month, @QueryParam("unit") String unit,
            @QueryParam("measure") String measure, @QueryParam("page") String page, @QueryParam("size") String size) {
        YearMonth m = month(month);
        OrgPath u = required("unit", QueryParams.parsed("unit", unit, OrgPath::of),
                "the unit whose figure to trace, e.g. /baiyun/jinsha/sections/urban");
        AssessmentMeasure what = required("measure", QueryParams.enumValue("measure", measure, AssessmentMeasure.class),
                "one of " + Arrays.toString(AssessmentMeasure.values()));
        return assessments.trace(m, scope(), u, what, QueryParams.integer("page", page, 0, 0, 100_000),
                QueryParams.integer("size", size, 100, 1, 500));
    }

    private YearMonth month(String raw) {
        YearMonth month = QueryParams.parsed("month", raw, v -> {
            if (!v.matches("[0-9]{4}-[0-9]{2}")) {
                throw new IllegalArgumentException("must be a month like 2026-11");
            }
            try {
                return YearMonth.parse(v);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("must be a month like 2026-11");
            }
        });
        return month == null ? assessments.currentMonth() : month;
    }

    private static UnitLevel level(String raw) {
        return switch (raw.toUpperCase(Locale.ROOT)) {
            case "DEPARTMENT" -> UnitLevel.DEPARTMENT;
            case "SECTION" -> UnitLevel.SECTION;
            default -> throw new IllegalArgumentException("must be DEPARTMENT or SECTION");
        };
    }

    private static <T> T required(String name, T value, String what) {
        if (value == null) {
            throw ProblemException.invalid(name, "is required: " + what);
        }
        return value;
    }

    /** The units the caller may see: null (all) for an administrator, else the caller's unit and below. */
    private OrgPath scope() {
        Caller caller = callers.current();
        return caller.hasRole(Roles.ADMIN) ? null : caller.unit();
    }
}
