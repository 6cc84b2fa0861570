package io.huying.intake.mapping;

import static io.huying.intake.rest.Open311Body.fields;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.RequestType;
import io.huying.contracts.Urgency;
import io.huying.contracts.reference.Category;
import io.huying.contracts.reference.CategoryGroup;
import io.huying.contracts.reference.OrgUnit;
import io.huying.contracts.reference.UnitLevel;
import io.huying.intake.Call;
import io.huying.intake.CallLifecycle;
import io.huying.intake.Open311Client;
import io.huying.intake.RaiseCall;
import io.huying.intake.ServiceRequest;
import io.huying.intake.config.IntakeConfig;
import io.huying.intake.rest.Open311Body;
import io.huying.intake.rest.Open311Exception;
import io.huying.intake.rest.Open311Form;
import io.huying.intake.rest.Open311Formats;
import io.huying.platform.reference.Catalogue;
import io.huying.platform.reference.Organisation;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Open311 GeoReport v2's documents from Huying's data, and a client's form as a raise. The service
 * list is the dispatch catalogue's active categories (service_code = category code, service_name its
 * Chinese name, description its English name, group its group); each has a definition with three
 * attributes: the grid (网格, required: every call belongs to one), the urgency and the request type.
 * A request is a call: service_request_id its number, status closed once it is closed, merged or
 * rejected, status_notes where it stands, agency_responsible the unit of its lead task (主办),
 * expected_datetime that task's resolve deadline. Times carry the offset of {@code huying.intake.zone}.
 */
@ApplicationScoped
public class Open311Documents {
    /** Calls in these states are over: Open311 status {@code closed}. */
    /** When the discovery document last changed (its changeset). */
    static final Instant CHANGESET = Instant.parse("2026-12-04T00:00:00Z");
    public static final Set<CallLifecycle> CLOSED = Set.of(CallLifecycle.CLOSED, CallLifecycle.MERGED, CallLifecycle.REJECTED);

    static final String GRID = "grid";
    static final String URGENCY = "urgency";
    static final String REQUEST_TYPE = "request_type";

    private final Catalogue catalogue;
    private final Organisation organisation;
    private final ZoneId zone;
    private final ObjectMapper json;
    private final DateTimeFormatter times;

    public Open311Documents(Catalogue catalogue, Organisation organisation, IntakeConfig config, ObjectMapper json) {
        this.catalogue = catalogue;
        this.organisation = organisation;
        this.zone = config.zone();
        this.json = json;
        this.times = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(zone);
    }

    /** The Service Discovery document: one production endpoint at {@code endpointUrl}, both formats. */
    public Open311Body discovery(String endpointUrl, String contact, String keyService) {
        String changeset = time(CHANGESET);
        List<String> formats = Arrays.stream(Open311Formats.values()).map(Open311Formats::mediaType).toList();
        return Open311Body.single("discovery", fields(
                "changeset", changeset,
                "contact", contact,
                "key_service", keyService,
                "endpoints", new Open311Body.Nested("endpoint", List.of(fields(
                        "specification", "http://wiki.open311.org/GeoReport_v2",
                        "url", endpointUrl,
                        "changeset", changeset,
                        "type", "production",
                        "formats", new Open311Body.Nested("format", formats))))));
    }

    /** GET services: every active category. */
    public Open311Body services() {
        List<Map<String, Object>> services = new ArrayList<>();
        for (Category c : catalogue.current().categories()) {
            if (!c.active()) {
                continue;
            }
            String group = group(c);
            services.add(fields(
                    "service_code", c.code(),
                    "service_name", c.name(),
                    "description", c.nameEn(),
                    "metadata", true,
                    "type", "realtime",
                    "keywords", String.join(",", Stream.of(c.name(), c.nameEn(), group).filter(Objects::nonNull).toList()),
                    "group", group));
        }
        return Open311Body.list("services", "service", services);
    }

    /** The active category {@code code}, or a 404. */
    public Category service(String code) {
        return catalogue.current().find(code).filter(Category::active)
                .orElseThrow(() -> Open311Exception.notFound("service_code " + code + " was not found"));
    }

    /** GET services/{code}: the grid, the urgency and the request type. */
    public Open311Body definition(Category service) {
        List<Map<String, Object>> grids = organisation.current().units().stream().filter(u -> u.level() == UnitLevel.GRID)
                .map(u -> (Map<String, Object>) fields("key", u.path(), "name", u.name())).toList();
        List<Map<String, Object>> urgencies = Arrays.stream(Urgency.values())
                .map(u -> (Map<String, Object>) fields("key", u.name(), "name", u.chinese())).toList();
        List<Map<String, Object>> types = Arrays.stream(RequestType.values())
                .map(t -> (Map<String, Object>) fields("key", t.name(), "name", t.chinese())).toList();
        return Open311Body.single("service_definition", fields(
                "service_code", service.code(),
                "attributes", new Open311Body.Nested("attribute", List.of(
                        attribute(GRID, "singlevaluelist", true, "网格 — the grid where the matter is", 1, grids),
                        attribute(URGENCY, "singlevaluelist", false, "紧急程度 — urgency (一般 when not given)", 2, urgencies),
                        attribute(REQUEST_TYPE, "singlevaluelist", false, "诉求类型 — kind of request (求助 when not given)", 3, types)))));
    }

    private static Map<String, Object> attribute(String code, String datatype, boolean required, String description, int order,
            List<Map<String, Object>> values) {
        return fields("variable", true, "code", code, "datatype", datatype, "required", required,
                "datatype_description", null, "order", order, "description", description,
                "values", new Open311Body.Nested("value", values));
    }

    /** A client's form as the call it raises, in the client's unit through its channel. */
    public RaiseCall raise(Open311Form form, Category service, Open311Client client) {
        String grid = form.attributes().get(GRID);
        if (grid == null || grid.isEmpty()) {
            throw Open311Exception.invalid("attribute[" + GRID + "] is required: the grid (网格) where the matter is (see the service definition)");
        }
        boolean isGrid = organisation.current().unit(grid).map(u -> u.level() == UnitLevel.GRID).orElse(false);
        if (!isGrid || !client.unit().covers(grid)) {
            throw Open311Exception.invalid("attribute[" + GRID + "] must be a grid within " + client.unit() + ", this client's unit");
        }
        Urgency urgency = choice(form, URGENCY, Urgency.class, Urgency.ROUTINE);
        RequestType type = choice(form, REQUEST_TYPE, RequestType.class, RequestType.HELP);
        String address = form.addressString() != null ? form.addressString()
                : form.addressId() != null ? form.addressId()
                : "经纬度 " + form.lat() + ", " + form.lon();
        String title = clip(service.name() + "：" + address, 200);
        String description = form.description() != null ? form.description() : title;
        RaiseCall.Reporter reporter = form.reporterName() == null && form.phone() == null ? null
                : new RaiseCall.Reporter(form.reporterName(), form.phone());
        return new RaiseCall(service.code(), urgency, type, title, description,
                new RaiseCall.Place(address, grid, form.lat(), form.lon()), reporter,
                form.mediaUrl() == null ? List.of() : List.of(form.mediaUrl()), client.channel(), List.of());
    }

    private static <E extends Enum<E>> E choice(Open311Form form, String code, Class<E> type, E otherwise) {
        String value = form.attributes().get(code);
        if (value == null || value.isEmpty()) {
            return otherwise;
        }
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw Open311Exception.invalid("attribute[" + code + "] must be one of " + Arrays.toString(type.getEnumConstants()));
        }
    }

    /** The answer to a POST: the call's number, a notice of what happens next, and the client's account_id. */
    public Open311Body raised(String body, String accountId) {
        JsonNode call = readJson(body);
        String notice = switch (call.path("status").asText()) {
            case "MERGED" -> "已与 " + call.at("/mergedInto/number").asText() + " 合并办理 (merged with an open request about the same matter)";
            case "REJECTED" -> "不予立项 (not accepted): " + call.at("/rejection/reason").asText("");
            case "PENDING_REVIEW" -> "已收到，待街道立项审核 (received; the street office reviews it before dispatch)";
            default -> "已立项，将派遣承办单位办理 (accepted; it is being dispatched to the unit that handles it)";
        };
        return Open311Body.list("service_requests", "request", List.of(fields(
                "service_request_id", call.path("number").asText(),
                "service_notice", notice,
                "account_id", accountId)));
    }

    /** GET requests and GET requests/{id}. */
    public Open311Body requests(List<ServiceRequest> requests) {
        List<Map<String, Object>> items = new ArrayList<>(requests.size());
        for (ServiceRequest r : requests) {
            Call c = r.call();
            Instant updated = latest(c.raisedAt, c.statusChangedAt, r.handling().updatedAt());
            String lead = r.handling().leadUnitPath();
            items.add(fields(
                    "service_request_id", c.number,
                    "status", CLOSED.contains(c.lifecycle) ? "closed" : "open",
                    "status_notes", statusNotes(c),
                    "service_name", catalogue.current().find(c.categoryCode).map(Category::name).orElse(c.categoryCode),
                    "service_code", c.categoryCode,
                    "description", c.description,
                    "agency_responsible", lead == null ? null : organisation.current().unit(lead).map(OrgUnit::name).orElse(lead),
                    "service_notice", null,
                    "requested_datetime", time(c.raisedAt),
                    "updated_datetime", time(updated),
                    "expected_datetime", r.handling().expectedAt() == null ? null : time(r.handling().expectedAt()),
                    "address", c.address,
                    "address_id", null,
                    "zipcode", null,
                    "lat", c.latitude,
                    "long", c.longitude,
                    "media_url", mediaUrl(c.attachments)));
        }
        return Open311Body.list("service_requests", "request", items);
    }

    /** Where the call stands, in words (with the reason of a rejection, the call a merge joined). */
    static String statusNotes(Call c) {
        return switch (c.lifecycle) {
            case MERGED -> c.lifecycle.words() + (c.mergedIntoNumber == null ? "" : "至 " + c.mergedIntoNumber);
            case REJECTED -> c.lifecycle.words() + (c.rejectionReason == null ? "" : "：" + c.rejectionReason);
            default -> c.lifecycle.words();
        };
    }

    private String group(Category c) {
        return catalogue.current().groups().stream().filter(g -> g.code().equals(c.groupCode())).map(CategoryGroup::name).findFirst()
                .orElse(c.groupCode());
    }

    private String mediaUrl(String attachments) {
        if (attachments == null) {
            return null;
        }
        for (JsonNode url : readJson(attachments)) {
            String u = url.asText();
            if (u.startsWith("http://") || u.startsWith("https://")) {
                return u;
            }
        }
        return null;
    }

    private JsonNode readJson(String text) {
        try {
            return json.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored JSON did not read back", e);
        }
    }

    private static Instant latest(Instant... instants) {
        Instant latest = null;
        for (Instant i : instants) {
            if (i != null && (latest == null || i.isAfter(latest))) {
                latest = i;
            }
        }
        return latest;
    }

    /** W3C date-time with the zone's offset, to the second: 2026-12-04T09:15:30+08:00. */
    public String time(Instant instant) {
        return instant == null ? null : times.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    private static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    /** The zone of {@link #time}. */
    public ZoneId zone() {
        return zone;
    }
}
