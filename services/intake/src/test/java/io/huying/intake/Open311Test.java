package io.huying.intake;

import static io.huying.intake.CallRequests.JINSHA;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.reference.CategoryCatalogue;
import io.huying.contracts.reference.OrgTree;
import io.huying.testing.LocalInfra;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * Open311 GeoReport v2 at /open311/v2/ as a client sees it: discovery, services and definitions in
 * JSON and XML, a request posted with the demo client's api_key and read back in both formats, who
 * handles it and by when once dispatch and the SLA engine have spoken, the standard filters, and the
 * spec's error list with its statuses. JSON answers are validated against the official Open311 JSON
 * Schemas (Draft 4) kept beside this repository ({@code ../shared/open311/schemas}, or
 * {@code O311_SCHEMA_DIR}).
 */
@QuarkusTest
class Open311Test {
    private static final String API_KEY = "huying-open311-demo";
    private static final Pattern W3C_WITH_OFFSET = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\+08:00");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Inject
    ObjectMapper json;

    @Test
    void discoveryServicesAndDefinitionsInJsonAndXml() throws Exception {
        JsonNode discovery = getJson("/open311/v2/discovery.json");
        assertThat(discovery.at("/endpoints/0/specification").asText()).isEqualTo("http://wiki.open311.org/GeoReport_v2");
        assertThat(discovery.at("/endpoints/0/url").asText()).endsWith("/open311/v2");
        assertThat(MAPPER.convertValue(discovery.at("/endpoints/0/formats"), List.class)).containsExactly("application/json", "text/xml");
        assertThat(text(getXml("/open311/v2/discovery.xml"), "/discovery/endpoints/endpoint/formats/format[2]")).isEqualTo("text/xml");

        JsonNode services = getJson("/open311/v2/services.json");
        long active = CategoryCatalogue.load().categories().stream().filter(c -> c.active()).count();
        assertThat(services).hasSize((int) active);
        for (JsonNode service : services) {
            valid("service.json", service);
            assertThat(service.path("metadata").asBoolean()).isTrue();
            assertThat(service.path("type").asText()).isEqualTo("realtime");
        }
        String code = services.get(0).path("service_code").asText();
        Document servicesXml = getXml("/open311/v2/services.xml");
        assertThat(((NodeList) XPathFactory.newInstance().newXPath().evaluate("/services/service", servicesXml, XPathConstants.NODESET))
                .getLength()).isEqualTo(services.size());
        assertThat(text(servicesXml, "/services/service[1]/service_code")).isEqualTo(code);
        assertThat(text(servicesXml, "/services/service[1]/metadata")).isEqualTo("true");

        JsonNode definition = getJson("/open311/v2/services/" + code + ".json");
        valid("service-definition.json", definition);
        JsonNode grid = definition.path("attributes").get(0);
        assertThat(grid.path("code").asText()).isEqualTo("grid");
        assertThat(grid.path("required").asBoolean()).isTrue();
        assertThat(grid.path("values").findValuesAsText("key")).contains("/baiyun/jinsha/fengling/grid-01");
        Document definitionXml = getXml("/open311/v2/services/" + code + ".xml");
        assertThat(text(definitionXml, "/service_definition/attributes/attribute[1]/code")).isEqualTo("grid");
        assertThat(text(definitionXml, "/service_definition/attributes/attribute[2]/values/value[1]/key")).isEqualTo("ROUTINE");

        error(given().get("/open311/v2/services/ZZ-99.json"), 404, "json");
        error(given().get("/open311/v2/services/ZZ-99.xml"), 404, "xml");
        error(given().get("/open311/v2/services.json?jurisdiction_id=elsewhere"), 404, "json");
        error(given().get("/open311/v2/nothing-here.json"), 404, "json");
        error(given().get("/open311/v2/services.csv"), 404, "xml");
    }

    @Test
    void aClientPostsARequestAndReadsItBackWithWhoHandlesItAndByWhen() throws Exception {
        String[] fresh = CallRequests.freshCase(JINSHA);
        Response posted = post(Map.of("service_code", fresh[0], "lat", "23.2101", "long", "113.2702",
                "address_string", "金沙街道凤岭路" + UUID.randomUUID().toString().substring(0, 6) + "号",
                "description", "路口井盖松动，车辆经过有响声", "attribute[grid]", fresh[1], "attribute[urgency]", "URGENT",
                "media_url", "https://files.example.gov.cn/open311/photo-1.jpg", "account_id", "fms-42"), "json");
        posted.then().statusCode(200).contentType("application/json");
        JsonNode answer = MAPPER.readTree(posted.asString());
        assertThat(answer).hasSize(1);
        String number = answer.get(0).path("service_request_id").asText();
        assertThat(number).matches("JS-\\d{8}-\\d{4}");
        assertThat(answer.get(0).path("service_notice").asText()).isNotBlank();
        assertThat(answer.get(0).path("account_id").asText()).isEqualTo("fms-42");

        JsonNode read = getJson("/open311/v2/requests/" + number + ".json");
        assertThat(read).hasSize(1);
        JsonNode request = read.get(0);
        valid("request.json", request);
        assertThat(request.path("status").asText()).isEqualTo("open");
        assertThat(request.path("service_code").asText()).isEqualTo(fresh[0]);
        assertThat(request.path("requested_datetime").asText()).matches(W3C_WITH_OFFSET);
        assertThat(request.path("lat").asDouble()).isEqualTo(23.2101);
        assertThat(request.path("media_url").asText()).isEqualTo("https://files.example.gov.cn/open311/photo-1.jpg");
        assertThat(request.path("agency_responsible").isNull()).isTrue();
        assertThat(request.has("phone")).isFalse();
        Document xml = getXml("/open311/v2/requests/" + number + ".xml");
        assertThat(text(xml, "/service_requests/request/service_request_id")).isEqualTo(number);
        assertThat(text(xml, "/service_requests/request/status")).isEqualTo("open");

        // Dispatch names the lead unit, the SLA engine its resolve deadline: arriving in either order.
        UUID callId = UUID.fromString(LocalInfra.queryString("intake_test", "select cast(id as text) from calls where number = ?", number));
        UUID taskId = UUID.randomUUID();
        // After the call's own 立项 step (by event time), so the dispatch moves it.
        Instant now = Instant.now().plusSeconds(1);
        Instant deadline = now.plus(Duration.ofDays(5)).truncatedTo(ChronoUnit.SECONDS);
        try (LifecycleEvents events = new LifecycleEvents(json)) {
            CloudEvent clock = events.resolveClockStarted(callId, taskId, number, now.plusSeconds(1), deadline);
            CloudEvent dispatched = events.dispatched(callId, taskId, number, now);
            events.publish(LifecycleEvents.topicOf(clock), clock);
            events.publish(LifecycleEvents.topicOf(dispatched), dispatched);
        }
        String urbanName = OrgTree.load().unit(LifecycleEvents.URBAN).orElseThrow().name();
        String expected = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.ofInstant(deadline, ZoneId.of("Asia/Shanghai")));
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode handled = getJson("/open311/v2/requests/" + number + ".json").get(0);
            assertThat(handled.path("agency_responsible").asText()).isEqualTo(urbanName);
            assertThat(handled.path("expected_datetime").asText()).isEqualTo(expected);
            assertThat(handled.path("status_notes").asText()).isEqualTo("已派遣");
        });
        valid("request.json", getJson("/open311/v2/requests/" + number + ".json").get(0));

        // The standard filters; without an api_key only what came in through Open311, with it the client's unit.
        String raisedByOffice = CallRequests.raise(JINSHA, CallRequests.body(JINSHA)).then().statusCode(201).extract().path("number");
        assertThat(numbers(getJson("/open311/v2/requests.json?service_code=" + fresh[0] + "&status=open"))).contains(number);
        assertThat(numbers(getJson("/open311/v2/requests.json?status=closed"))).doesNotContain(number);
        assertThat(numbers(getJson("/open311/v2/requests.json?service_request_id=" + number + "," + raisedByOffice)))
                .containsExactly(number);
        assertThat(numbers(getJson("/open311/v2/requests.json?api_key=" + API_KEY + "&service_request_id=" + number + "," + raisedByOffice)))
                .containsExactlyInAnyOrder(number, raisedByOffice);
        String today = OffsetDateTime.now(ZoneId.of("Asia/Shanghai")).toLocalDate().toString();
        assertThat(numbers(getJson("/open311/v2/requests.json?start_date=" + today + "T00:00:00%2B08:00"))).contains(number);
        // A client that leaves the offset's + unencoded sends a space: read as the + it meant.
        assertThat(numbers(getJson("/open311/v2/requests.json?start_date=" + today + "T00:00:00+08:00"))).contains(number);
        JsonNode all = getJson("/open311/v2/requests.json");
        for (JsonNode each : all) {
            valid("request.json", each);
        }
        error(given().get("/open311/v2/requests/JS-19990101-0001.json"), 404, "json");
        error(given().get("/open311/v2/requests/" + raisedByOffice + ".xml"), 404, "xml");
        error(given().get("/open311/v2/requests.json?status=pending"), 400, "json");
        error(given().get("/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z"), 400, "json");
        error(given().get("/open311/v2/requests.json?start_date=yesterday"), 400, "json");
        error(given().get("/open311/v2/requests.json?api_key=wrong"), 403, "json");
    }

    @Test
    void refusedPostsAreTheSpecsErrorsAndWriteNothing() throws Exception {
        long before = LocalInfra.queryLong("intake_test", "select count(*) from calls where raised_by_subject like 'open311:%'");
        String[] fresh = CallRequests.freshCase(JINSHA);
        Map<String, String> good = Map.of("service_code", fresh[0], "address_string", "金沙街道平乐路1号", "attribute[grid]", fresh[1]);

        error(postWith(good, "api_key", "not-a-key", "json"), 403, "json");
        error(postWithout(good, "api_key", "xml"), 403, "xml");
        error(postWithout(good, "attribute[grid]", "json"), 400, "json");
        error(postWith(good, "attribute[grid]", "/baiyun/songzhou/songbei/grid-01", "json"), 400, "json");
        error(postWithout(good, "address_string", "json"), 400, "json");
        error(postWith(good, "service_code", "ZZ-99", "json"), 404, "json");
        error(postWith(good, "lat", "91", "json"), 400, "json");
        error(postWith(good, "attribute[urgency]", "SOON", "xml"), 400, "xml");
        error(postWith(good, "media_url", "ftp://example.org/x.jpg", "json"), 400, "json");
        error(postWith(good, "jurisdiction_id", "elsewhere", "json"), 404, "json");
        error(postWith(good, "description", "长".repeat(4001), "json"), 400, "json");

        assertThat(LocalInfra.queryLong("intake_test", "select count(*) from calls where raised_by_subject like 'open311:%'"))
                .as("calls raised through Open311 after refused posts").isEqualTo(before);
        post(good, "xml").then().statusCode(200).contentType("text/xml");
        assertThat(LocalInfra.queryLong("intake_test", "select count(*) from calls where raised_by_subject like 'open311:%'"))
                .isEqualTo(before + 1);
    }

    private static Response post(Map<String, String> fields, String format) {
        Map<String, String> form = new HashMap<>(fields);
        form.putIfAbsent("api_key", API_KEY);
        return given().contentType("application/x-www-form-urlencoded; charset=utf-8").formParams(form).post("/open311/v2/requests." + format);
    }

    private static Response postWith(Map<String, String> fields, String name, String value, String format) {
        Map<String, String> form = new HashMap<>(fields);
        form.put(name, value);
        return post(form, format);
    }

    private static Response postWithout(Map<String, String> fields, String name, String format) {
        Map<String, String> form = new HashMap<>(fields);
        form.remove(name);
        if ("api_key".equals(name)) {
            return given().contentType("application/x-www-form-urlencoded; charset=utf-8").formParams(form)
                    .post("/open311/v2/requests." + format);
        }
        return post(form, format);
    }

    /** The spec's error list: {@code status} as HTTP status and as the error's code, with a description. */
    private static void error(Response response, int status, String format) throws Exception {
        response.then().statusCode(status);
        if ("json".equals(format)) {
            assertThat(response.contentType()).startsWith("application/json");
            JsonNode errors = MAPPER.readTree(response.asString());
            assertThat(errors).hasSize(1);
            assertThat(errors.get(0).path("code").asInt()).isEqualTo(status);
            assertThat(errors.get(0).path("description").asText()).isNotBlank();
        } else {
            assertThat(response.contentType()).startsWith("text/xml");
            Document xml = parse(response.asString());
            assertThat(text(xml, "/errors/error/code")).isEqualTo(String.valueOf(status));
            assertThat(text(xml, "/errors/error/description")).isNotBlank();
        }
    }

    private static List<String> numbers(JsonNode requests) {
        return requests.findValuesAsText("service_request_id");
    }

    /** {@code path} as written: its query is encoded already. */
    private static JsonNode getJson(String path) throws Exception {
        Response response = given().urlEncodingEnabled(false).get(path);
        response.then().statusCode(200).contentType("application/json");
        return MAPPER.readTree(response.asString());
    }

    private static Document getXml(String path) throws Exception {
        Response response = given().get(path);
        response.then().statusCode(200).contentType("text/xml");
        return parse(response.asString());
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(Document xml, String xpath) throws Exception {
        return XPathFactory.newInstance().newXPath().evaluate(xpath, xml);
    }

    /**
     * {@code document} against the official schema {@code file} (Draft 4; an object at the top, as
     * the published checker reads them). Where the schemas are not beside this checkout (they are kept
     * outside the repository), the shape is left to the assertions around.
     */
    private static void valid(String file, JsonNode document) throws Exception {
        Path dir = schemaDir();
        if (dir == null) {
            System.err.println("Open311Test: the Open311 schemas are not beside this checkout (../shared/open311/schemas); " + file + " not checked");
            return;
        }
        ObjectNode schema = (ObjectNode) MAPPER.readTree(Files.readString(dir.resolve(file)));
        schema.put("type", "object");
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        JsonSchema validator = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema, config);
        Set<?> problems = validator.validate(document);
        assertThat(problems).as(file + " for " + document).isEmpty();
    }

    private static Path schemaDir() {
        String configured = System.getenv("O311_SCHEMA_DIR");
        if (configured != null && Files.isDirectory(Path.of(configured))) {
            return Path.of(configured);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/open311/schemas");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
