package io.huying.intake.rest;

import io.huying.contracts.problem.Problem;
import io.huying.contracts.problem.Violation;
import io.huying.intake.CallLifecycle;
import io.huying.intake.Open311Client;
import io.huying.intake.ServiceRequestFilter;
import io.huying.intake.config.Open311Config;
import io.huying.intake.mapping.Open311Documents;
import io.huying.intake.service.Open311Requests;
import io.huying.platform.audit.AuditTrail;
import io.huying.platform.error.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) at {@code /open311/v2/}, each resource
 * as {@code .json} and {@code .xml}. Reading the discovery document, the services and their
 * definitions needs nothing (public documentation of the catalogue). Posting a request needs a
 * client's {@code api_key}. Reading requests: with an api_key, the calls of the client's unit; without
 * one, only the requests that came in through Open311 — never a reporter's name or phone. Refusals
 * are the spec's error list with its HTTP statuses: 400 a bad parameter, 403 a bad api_key, 404 an
 * unknown jurisdiction, service, request or resource.
 */
@Path("/open311")
@PermitAll
@Tag(name = "Open311 GeoReport v2")
public class Open311Resource {
    /** The most days one GET requests may span (the spec's default window). */
    static final Duration WINDOW = Duration.ofDays(90);

    private final Open311Requests requests;
    private final Open311Documents documents;
    private final Open311Config config;

    public Open311Resource(Open311Requests requests, Open311Documents documents, Open311Config config) {
        this.requests = requests;
        this.documents = documents;
        this.config = config;
    }

    @GET
    @Path("v2/discovery.{format}")
    @Operation(summary = "Open311 Service Discovery: this endpoint, its specification and formats")
    public Response discovery(@PathParam("format") String format, HttpHeaders headers) {
        Open311Formats f = format(format);
        String base = config.baseUrl().orElseGet(() -> requestBase(headers));
        return f.respond(200, documents.discovery(base + "/open311/v2", config.contact(), config.keyService()));
    }

    @GET
    @Path("v2/services.{format}")
    @Operation(summary = "Open311 GET services: the dispatch catalogue's active categories")
    public Response services(@PathParam("format") String format, @QueryParam("jurisdiction_id") String jurisdiction) {
        Open311Formats f = format(format);
        jurisdiction(jurisdiction);
        return f.respond(200, documents.services());
    }

    @GET
    @Path("v2/services/{code}.{format}")
    @Operation(summary = "Open311 GET service definition: the attributes a request of this service takes")
    public Response definition(@PathParam("code") String code, @PathParam("format") String format,
            @QueryParam("jurisdiction_id") String jurisdiction) {
        Open311Formats f = format(format);
        jurisdiction(jurisdiction);
        return f.respond(200, documents.definition(documents.service(code)));
    }

    @POST
    @Path("v2/requests.{format}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Open311 POST service request: raise a call as the api_key's client (form-encoded)")
    public Uni<Response> create(@PathParam("format") String format, MultivaluedMap<String, String> body, RoutingContext routing) {
        Open311Formats f = format(format);
        // Who asks first: an unknown client learns nothing about its form.
        Open311Client client = requests.client(body.getFirst("api_key"))
                .orElseThrow(() -> new Open311Exception(403, "api_key was not provided or is not valid"));
        Open311Form form = Open311Form.of(body);
        jurisdiction(form.jurisdictionId());
        if (form.serviceCode() == null) {
            throw Open311Exception.invalid("service_code was not provided");
        }
        var raise = documents.raise(form, documents.service(form.serviceCode()), client);
        // The audit entry goes in with the call, naming the client (the request carries no token).
        JsonObject audit = AuditTrail.entry(routing, 200).put("subject", client.caller().subject())
                .put("username", client.caller().username()).put("units", client.unit().value());
        return requests.raise(client, raise, audit).map(result -> {
            if (result.audited()) {
                AuditTrail.written(routing, 200);
            }
            return f.respond(200, documents.raised(result.body(), form.accountId()));
        });
    }

    @GET
    @Path("v2/requests.{format}")
    @Operation(summary = "Open311 GET service requests: by id, service code, status and time window (90 days at most, 1000 newest)")
    public Uni<Response> list(@PathParam("format") String format,
            @QueryParam("api_key") String apiKey,
            @QueryParam("jurisdiction_id") String jurisdiction,
            @QueryParam("service_request_id") String ids,
            @QueryParam("service_code") String codes,
            @QueryParam("start_date") String startDate,
            @QueryParam("end_date") String endDate,
            @QueryParam("status") String status) {
        Open311Formats f = format(format);
        jurisdiction(jurisdiction);
        Open311Client client = reader(apiKey);
        List<String> numbers = commaList(ids);
        ServiceRequestFilter filter;
        if (!numbers.isEmpty()) {
            // The spec: service_request_id overrides every other parameter.
            filter = new ServiceRequestFilter(client == null ? null : client.unit(), numbers, List.of(), List.of(), null, null);
        } else {
            Instant start = date("start_date", startDate);
            Instant end = date("end_date", endDate);
            if (start == null && end == null) {
                end = Instant.now();
            }
            if (start == null) {
                start = end.minus(WINDOW);
            } else if (end == null) {
                end = start.plus(WINDOW);
            }
            if (end.isBefore(start)) {
                throw Open311Exception.invalid("end_date must not be before start_date");
            }
            if (Duration.between(start, end).compareTo(WINDOW) > 0) {
                throw Open311Exception.invalid("start_date and end_date may be at most 90 days apart");
            }
            filter = new ServiceRequestFilter(client == null ? null : client.unit(), List.of(), commaList(codes), lifecycles(status),
                    start, end.plusNanos(1));
        }
        return requests.find(filter).map(found -> f.respond(200, documents.requests(found)));
    }

    @GET
    @Path("v2/requests/{id}.{format}")
    @Operation(summary = "Open311 GET service request: one request by its id (the call number), as a list of one")
    public Uni<Response> get(@PathParam("id") String id, @PathParam("format") String format,
            @QueryParam("api_key") String apiKey, @QueryParam("jurisdiction_id") String jurisdiction) {
        Open311Formats f = format(format);
        jurisdiction(jurisdiction);
        Open311Client client = reader(apiKey);
        var filter = new ServiceRequestFilter(client == null ? null : client.unit(), List.of(id), List.of(), List.of(), null, null);
        return requests.find(filter).map(found -> {
            if (found.isEmpty()) {
                throw Open311Exception.notFound("service_request_id " + id + " was not found");
            }
            return f.respond(200, documents.requests(found));
        });
    }

    @GET
    @Path("v2/tokens/{token}.{format}")
    @Operation(summary = "Open311 GET request id from a token: never needed here (requests get their id at once)")
    public Response token(@PathParam("token") String token, @PathParam("format") String format) {
        format(format);
        throw Open311Exception.notFound("token " + token + " was not found: service_request_id is returned when a request is posted");
    }

    @GET
    @Path("{path: .*}")
    @Operation(hidden = true)
    public Response unknownGet(@PathParam("path") String path) {
        throw Open311Exception.notFound("no Open311 resource at /open311/" + path);
    }

    @POST
    @Path("{path: .*}")
    @Operation(hidden = true)
    public Response unknownPost(@PathParam("path") String path) {
        throw Open311Exception.notFound("no Open311 resource at /open311/" + path);
    }

    @ServerExceptionMapper
    public Response refused(Open311Exception e, ContainerRequestContext request) {
        return formatOf(request).respond(e.status(), Open311Body.error(e.status(), e.getMessage()));
    }

    /** What intake refuses while raising (a rule of the call, not of the form): 403 stays, the rest is 400. */
    @ServerExceptionMapper
    public Response refused(ProblemException e, ContainerRequestContext request) {
        Problem p = e.problem();
        int status = p.status() == 403 || p.status() == 404 ? p.status() : 400;
        List<String> parts = new ArrayList<>();
        if (p.detail() != null) {
            parts.add(p.detail());
        }
        for (Violation v : p.violations()) {
            parts.add(v.field() + ": " + v.message());
        }
        return formatOf(request).respond(status, Open311Body.error(status, String.join("; ", parts)));
    }

    /** The format a refusal is written in: the requested one, XML when the path names none. */
    private static Open311Formats formatOf(ContainerRequestContext request) {
        return request.getUriInfo().getPath().endsWith(".json") ? Open311Formats.JSON : Open311Formats.XML;
    }

    private static Open311Formats format(String suffix) {
        Open311Formats f = Open311Formats.of(suffix);
        if (f == null) {
            throw Open311Exception.notFound("format " + suffix + " is not served: use .json or .xml");
        }
        return f;
    }

    private void jurisdiction(String jurisdiction) {
        if (jurisdiction != null && !jurisdiction.isBlank() && !jurisdiction.trim().equals(config.jurisdictionId())) {
            throw Open311Exception.notFound("jurisdiction_id " + jurisdiction + " was not found (this endpoint serves " + config.jurisdictionId() + ")");
        }
    }

    /** A reader's client when an api_key is given (403 for an unknown one), else null: an anonymous reader. */
    private Open311Client reader(String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            return null;
        }
        return requests.client(apiKey.trim()).orElseThrow(() -> new Open311Exception(403, "api_key is not valid"));
    }

    private static List<String> commaList(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        List<String> items = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
        if (items.size() > 200) {
            throw Open311Exception.invalid("at most 200 values may be given at once");
        }
        return items;
    }

    /** The lifecycles a status filter stands for: open, closed, or both (comma-separated); none given means any. */
    private static List<CallLifecycle> lifecycles(String status) {
        Set<CallLifecycle> found = EnumSet.noneOf(CallLifecycle.class);
        for (String s : commaList(status)) {
            switch (s) {
                case "open" -> Arrays.stream(CallLifecycle.values()).filter(l -> !Open311Documents.CLOSED.contains(l)).forEach(found::add);
                case "closed" -> found.addAll(Open311Documents.CLOSED);
                default -> throw Open311Exception.invalid("status must be open or closed, not " + s);
            }
        }
        return found.size() == CallLifecycle.values().length ? List.of() : List.copyOf(found);
    }

    /** A W3C date-time (2026-12-04T09:00:00+08:00, …Z) or date (2026-12-04: its start in the zone), or null. */
    private Instant date(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        // An offset's + that the client did not encode arrives as a space.
        String v = value.trim().replace(' ', '+');
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException notDateTime) {
            try {
                return LocalDate.parse(v).atStartOfDay(documents.zone()).toInstant();
            } catch (DateTimeParseException notDate) {
                throw Open311Exception.invalid(name + " must be a W3C date-time such as 2026-12-04T09:00:00+08:00");
            }
        }
    }

    private static String requestBase(HttpHeaders headers) {
        String proto = headers.getHeaderString("X-Forwarded-Proto");
        String host = headers.getHeaderString("X-Forwarded-Host");
        if (host == null || host.isBlank()) {
            host = headers.getHeaderString("Host");
        }
        return (proto == null || proto.isBlank() ? "http" : proto) + "://" + host;
    }
}
