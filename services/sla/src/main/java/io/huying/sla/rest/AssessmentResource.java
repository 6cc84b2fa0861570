package io.huying.sla.rest;

import io.huying.contracts.reference.OrgPath;
import io.huying.contracts.reference.UnitLevel;
import io.huying.platform.error.ProblemException;
import io.huying.platform.http.QueryParams;
import io.huying.platform.security.Caller;
import io.huying.platform.security.Callers;
import io.huying.platform.security.Roles;
import io.huying.sla.domain.AssessmentMeasure;
import io.huying.sla.mapping.AssessmentTable;
import io.huying.sla.mapping.AssessmentViews;
import io.huying.sla.mapping.XlsxWorkbook;
import io.huying.sla.service.Assessments;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
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
    private final AssessmentViews views;
    private final AssessmentTable table;
    private final Callers callers;

    public AssessmentResource(Assessments assessments, AssessmentViews views, AssessmentTable table, Callers callers) {
        this.assessments = assessments;
        this.views = views;
        this.table = table;
        this.callers = callers;
    }

    @GET
    @Operation(summary = "The units' figures of a month (month=2026-11, default this month in Asia/Shanghai): 签收及时率, 按期办结率, 退回率, "
            + "返工率, 满意率 and 解决率 as numerator/denominator/rate, the 三率 score with its weights, and the rank among the "
            + "district's departments or the street's sections; filters level (DEPARTMENT, SECTION) and unit (a path prefix)")
    public Uni<AssessmentView> figures(@QueryParam("month") String month, @QueryParam("level") String level, @QueryParam("unit") String unit) {
        return assessments.figures(month(month), scope(), QueryParams.parsed("level", level, AssessmentResource::level),
                QueryParams.parsed("unit", unit, OrgPath::of)).map(views::view);
    }

    @GET
    @Path("calls")
    @Operation(summary = "The tasks behind one unit's figure (measure = SIGN_FOR_ON_TIME, RESOLVED_ON_TIME, RETURNED, REWORKED, "
            + "SATISFIED, RESOLVED): call number, call id, task id, title, times, outcome, and whether it counts in the numerator; "
            + "counted=true lists the numerator's calls only, counted=false the rest of the denominator (e.g. SIGN_FOR_ON_TIME with "
            + "counted=false: the late sign-fors); total counts the part listed; paging page/size")
    public Uni<AssessmentView.Trace> calls(@QueryParam("month") String month, @QueryParam("unit") String unit,
            @QueryParam("measure") String measure, @QueryParam("counted") String counted, @QueryParam("page") String page,
            @QueryParam("size") String size) {
        YearMonth m = month(month);
        OrgPath u = required("unit", QueryParams.parsed("unit", unit, OrgPath::of),
                "the unit whose figure to trace, e.g. /baiyun/jinsha/sections/urban");
        AssessmentMeasure what = required("measure", QueryParams.enumValue("measure", measure, AssessmentMeasure.class),
                "one of " + Arrays.toString(AssessmentMeasure.values()));
        Boolean part = QueryParams.parsed("counted", counted, v -> switch (v) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("must be true or false");
        });
        return assessments.trace(m, scope(), u, what, part, QueryParams.integer("page", page, 0, 0, 100_000),
                QueryParams.integer("size", size, 100, 1, 500)).map(views::trace);
    }

    @GET
    @Path("export")
    @Produces({"text/csv", XlsxWorkbook.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    @Operation(summary = "The units' figures of a month as a download (format=csv, the default, or xlsx): one row per unit in the "
            + "ranking's order, Chinese headers; rates in per cent beside their numerator and denominator. CSV is UTF-8 with a byte "
            + "order mark. The same month, level and unit parameters as the figures")
    public Uni<Response> export(@QueryParam("month") String month, @QueryParam("format") String format, @QueryParam("level") String level,
            @QueryParam("unit") String unit) {
        boolean xlsx = "xlsx".equals(QueryParams.parsed("format", format, f -> switch (f.toLowerCase(Locale.ROOT)) {
            case "csv" -> "csv";
            case "xlsx" -> "xlsx";
            default -> throw new IllegalArgumentException("must be csv or xlsx");
        }));
        YearMonth m = month(month);
        return assessments.figures(m, scope(), QueryParams.parsed("level", level, AssessmentResource::level),
                QueryParams.parsed("unit", unit, OrgPath::of)).map(views::view).map(view -> {
                    String file = "huying-assessment-" + view.month() + (xlsx ? ".xlsx" : ".csv");
                    return Response.ok(xlsx ? table.xlsx(view) : table.csv(view))
                            .type(xlsx ? XlsxWorkbook.MEDIA_TYPE : "text/csv; charset=UTF-8")
                            .header("Content-Disposition", "attachment; filename=\"" + file + "\"")
                            .header("Cache-Control", "no-store")
                            .build();
                });
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
