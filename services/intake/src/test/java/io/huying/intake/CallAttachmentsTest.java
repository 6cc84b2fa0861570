package io.huying.intake;

import static io.huying.intake.CallRequests.FENGLING;
import static io.huying.intake.CallRequests.JINSHA;
import static io.huying.intake.CallRequests.PINGLE;
import static io.huying.intake.CallRequests.SONGBEI;
import static io.huying.intake.CallRequests.URBAN_SECTION;
import static io.huying.intake.CallRequests.addressOf;
import static io.huying.intake.CallRequests.allAtOnce;
import static io.huying.intake.CallRequests.as;
import static io.huying.intake.CallRequests.body;
import static io.huying.intake.CallRequests.raise;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.Topics;
import io.huying.contracts.schema.EventSchemas;
import io.huying.platform.attachment.AttachmentPurge;
import io.huying.testing.LocalInfra;
import io.huying.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.MultiPartConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.http.entity.mime.HttpMultipartMode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * 附件 of calls: uploads judged by their bytes and size, bound to the call they are raised with (in its
 * transaction, also when raises are written in groups), carried by the accepted event, and served only to
 * the units that see the call or handle it.
 */
@QuarkusTest
class CallAttachmentsTest {
    static final byte[] JPEG = withHeader(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10, 'J', 'F', 'I', 'F'}, 2_000);
    static final byte[] PNG = withHeader(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 'I', 'H', 'D', 'R'}, 1_500);
    static final byte[] WEBP = withHeader("RIFF\u0000\u0010\u0000\u0000WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1), 1_200);
    static final byte[] PDF = withHeader("%PDF-1.7\n%âãÏÓ\n".getBytes(StandardCharsets.ISO_8859_1), 3_000);
    private static final String DB = "intake_test";
    /** Multipart as browsers send it: the file name in UTF-8 as it is. */
    static final RestAssuredConfig AS_BROWSERS_DO = RestAssuredConfig.config()
            .httpClient(HttpClientConfig.httpClientConfig().httpMultipartMode(HttpMultipartMode.BROWSER_COMPATIBLE))
            .multiPartConfig(MultiPartConfig.multiPartConfig().defaultCharset(StandardCharsets.UTF_8));

    private final ObjectMapper json = new ObjectMapper();
    private final EventSchemas schemas = new EventSchemas();
    @Inject
    ObjectMapper appJson;
    @Inject
    AttachmentPurge purge;

    @Test
    void jpegPngWebpAndPdfAreStoredAndServedBackToTheUploadersUnitAsTheyWere() {
        for (Object[] upload : new Object[][] {{"灯杆.jpg", JPEG, "image/jpeg"}, {"现场.png", PNG, "image/png"}, {"远景.webp", WEBP, "image/webp"},
                {"情况说明.pdf", PDF, "application/pdf"}}) {
            Response created = upload(FENGLING, (String) upload[0], (byte[]) upload[1], "application/octet-stream");
            created.then().statusCode(201)
                    .body("name", equalTo(upload[0]))
                    .body("contentType", equalTo(upload[2]))
                    .body("size", equalTo(((byte[]) upload[1]).length))
                    .body("url", equalTo("/api/calls/attachments/" + created.path("id")));
            assertThat(created.header("Location")).endsWith("/api/calls/attachments/" + created.path("id"));

            Response read = as(FENGLING).get(created.<String>path("url"));
            read.then().statusCode(200)
                    .header("Content-Type", equalTo(upload[2]))
                    .header("X-Content-Type-Options", equalTo("nosniff"))
                    .header("Cache-Control", equalTo("private, max-age=3600"))
                    .header("Content-Disposition", startsWith("inline; filename*=UTF-8''%"));
            assertThat(read.asByteArray()).isEqualTo(upload[1]);
        }
    }

    @Test
    void theTypeIsJudgedByTheContentNotByTheNameOrTheDeclaredType() {
        long before = count("select count(*) from huying_attachment");
        upload(FENGLING, "scan.pdf", PNG, "application/pdf").then().statusCode(201)
                .body("contentType", equalTo("image/png"))
                .body("name", equalTo("scan.png"));

        upload(FENGLING, "photo.jpg", "我不是图片，只是一段文字。".getBytes(StandardCharsets.UTF_8), "image/jpeg").then()
                .statusCode(415).contentType("application/problem+json")
                .body("violations[0].field", equalTo("file"));
        assertThat(count("select count(*) from huying_attachment")).isEqualTo(before + 1);
    }

    @Test
    void aFileOverTenMegabytesIs413AndNothingIsStored() {
        long before = count("select count(*) from huying_attachment");
        long bytesBefore = count("select count(*) from huying_attachment_content");
        byte[] tooLarge = withHeader(JPEG, 10 * 1024 * 1024 + 1);
        upload(FENGLING, "big.jpg", tooLarge, "image/jpeg").then().statusCode(413).contentType("application/problem+json")
                .body("violations[0].field", equalTo("file"));
        // Exactly the limit is accepted.
        upload(FENGLING, "limit.jpg", withHeader(JPEG, 10 * 1024 * 1024), "image/jpeg").then().statusCode(201)
                .body("size", equalTo(10 * 1024 * 1024));

        assertThat(count("select count(*) from huying_attachment")).isEqualTo(before + 1);
        assertThat(count("select count(*) from huying_attachment_content")).isEqualTo(bytesBefore + 1);
    }

    @Test
    void anUploadWithoutAFilePartIs400NamingFileAndOnlyOfficesThatRaiseMayUpload() {
        as(FENGLING).multiPart("photo", "x.jpg", JPEG, "image/jpeg").post("/api/calls/attachments").then()
                .statusCode(400).contentType("application/problem+json").body("violations[0].field", equalTo("file"));
        upload(URBAN_SECTION, "x.jpg", JPEG, "image/jpeg").then().statusCode(403);
    }

    @Test
    void tenFilesOnARaiseAre400NamingFiles() {
        Map<String, Object> body = body(SONGBEI);
        List<String> ten = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ten.add(UUID.randomUUID().toString());
        }
        body.put("files", ten);
        raise(SONGBEI, body).then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem("files"));
        assertThat(CallIntakeResourceTest.countCallsWithAddress(addressOf(body))).isZero();
    }

    @Test
    void aCallRaisedWithFilesShowsThemInItsViewsAndItsAcceptedEvent() throws Exception {
        String photo = upload(FENGLING, "现场照片.jpg", JPEG, "image/jpeg").then().statusCode(201).extract().path("id");
        String scan = upload(FENGLING, "说明.pdf", PDF, "application/pdf").then().statusCode(201).extract().path("id");
        Map<String, Object> body = body();
        body.put("files", List.of(scan, photo));

        try (TopicProbe probe = TopicProbe.fromNow(LocalInfra.TEST_KAFKA.bootstrap(), Topics.CALLS)) {
            Response created = raise(FENGLING, body);
            created.then().statusCode(201)
                    .body("files.id", equalTo(List.of(scan, photo)))
                    .body("files[1].contentType", equalTo("image/jpeg"))
                    .body("files[1].url", equalTo("/api/calls/attachments/" + photo));
            String id = created.path("id");

            as(FENGLING).get("/api/calls/" + id).then().statusCode(200)
                    .body("files.id", equalTo(List.of(scan, photo)))
                    .body("files[0].name", equalTo("说明.pdf"))
                    .body("files[0].size", equalTo(PDF.length));
            as(FENGLING).queryParam("size", 100).get("/api/calls").then().statusCode(200)
                    .body("items.find { it.id == '" + id + "' }.files.id", equalTo(List.of(scan, photo)));

            ConsumerRecord<String, String> record = probe.await(r -> id.equals(r.key()), 1, Duration.ofSeconds(60)).get(0);
            JsonNode event = json.readTree(record.value());
            assertThat(schemas.violations(event)).isEmpty();
            assertThat(event.get("type").asText()).isEqualTo("huying.call.accepted.v1");
            JsonNode files = event.at("/data/files");
            assertThat(files).hasSize(2);
            assertThat(files.get(0).get("id").asText()).isEqualTo(scan);
            assertThat(files.get(0).get("contentType").asText()).isEqualTo("application/pdf");
            assertThat(files.get(1).get("url").asText()).isEqualTo("/api/calls/attachments/" + photo);
            assertThat(files.get(1).get("size").asLong()).isEqualTo(JPEG.length);
        }
        assertThat(LocalInfra.queryString(DB, "select bound_scope || ' ' || bound_ref from huying_attachment where id = ?::uuid", photo))
                .startsWith("call ");
    }

    @Test
    void aCallWithoutFilesHasAnEmptyListAndItsEventNone() throws Exception {
        try (TopicProbe probe = TopicProbe.fromNow(LocalInfra.TEST_KAFKA.bootstrap(), Topics.CALLS)) {
            String id = raise(SONGBEI, body(SONGBEI)).then().statusCode(201).body("files", equalTo(List.of())).extract().path("id");
            JsonNode event = json.readTree(probe.await(r -> id.equals(r.key()), 1, Duration.ofSeconds(60)).get(0).value());
            assertThat(event.at("/data").has("files")).isFalse();
            assertThat(schemas.violations(event)).isEmpty();
        }
    }

    @Test
    void aBoundFileIsServedToTheUnitsThatSeeOrHandleTheCallAndIs404ForEveryoneElse() throws Exception {
        String photo = upload(FENGLING, "路灯.png", PNG, "image/png").then().statusCode(201).extract().path("id");
        String url = "/api/calls/attachments/" + photo;
        // Unbound: only the uploader's unit, not even the street above it.
        as(FENGLING).get(url).then().statusCode(200);
        as(JINSHA).get(url).then().statusCode(404).contentType("application/problem+json");
        as(PINGLE).get(url).then().statusCode(404);

        Map<String, Object> body = body();
        body.put("files", List.of(photo));
        Response created = raise(FENGLING, body);
        String id = created.then().statusCode(201).extract().path("id");

        for (String reader : List.of(FENGLING, JINSHA, "baiyun.dispatcher")) {
            Response read = as(reader).get(url);
            read.then().statusCode(200).header("Content-Type", equalTo("image/png"));
            assertThat(read.asByteArray()).as(reader).isEqualTo(PNG);
        }
        as(PINGLE).get(url).then().statusCode(404).contentType("application/problem+json");
        as(URBAN_SECTION).get(url).then().statusCode(404);
        as("peace.section").get(url).then().statusCode(404);
        as(PINGLE).get("/api/calls/attachments/" + UUID.randomUUID()).then().statusCode(404);
        as(FENGLING).get("/api/calls/attachments/not-an-id").then().statusCode(404);

        // Dispatched to 城管科: the handling unit reads it; 平安办 still does not.
        try (LifecycleEvents events = new LifecycleEvents(appJson)) {
            events.publish(Topics.TASKS, events.dispatched(UUID.fromString(id), UUID.randomUUID(), created.path("number"), Instant.now()));
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> LocalInfra.queryLong(DB,
                "select count(*) from call_timeline where call_id = ?::uuid and type = 'huying.task.dispatched.v1'", id) == 1);
        Response read = as(URBAN_SECTION).get(url);
        read.then().statusCode(200).header("Content-Type", equalTo("image/png"));
        assertThat(read.asByteArray()).isEqualTo(PNG);
        as("peace.section").get(url).then().statusCode(404);
    }

    @Test
    void anUploadOfAnotherUnitOrOneBoundToAnotherCallCannotBeClaimedAndTheRaiseWritesNothing() {
        String fenglings = upload(FENGLING, "a.jpg", JPEG, "image/jpeg").then().statusCode(201).extract().path("id");
        Map<String, Object> pingles = body(PINGLE);
        pingles.put("files", List.of(fenglings));
        raise(PINGLE, pingles).then().statusCode(422).contentType("application/problem+json")
                .body("violations[0].field", equalTo("files"));
        assertThat(CallIntakeResourceTest.countCallsWithAddress(addressOf(pingles))).isZero();
        assertThat(LocalInfra.queryLong(DB, "select count(*) from huying_attachment where id = ?::uuid and bound_ref is null", fenglings))
                .isEqualTo(1);

        Map<String, Object> first = body();
        first.put("files", List.of(fenglings));
        raise(FENGLING, first).then().statusCode(201);
        Map<String, Object> second = body();
        second.put("files", List.of(fenglings));
        raise(FENGLING, second).then().statusCode(422).body("violations[0].field", equalTo("files"));
        assertThat(CallIntakeResourceTest.countCallsWithAddress(addressOf(second))).isZero();
        Map<String, Object> unknown = body();
        unknown.put("files", List.of(UUID.randomUUID().toString()));
        raise(FENGLING, unknown).then().statusCode(422).body("violations[0].field", equalTo("files"));
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyReplaysTheCallWithItsFiles() {
        String photo = upload(SONGBEI, "a.webp", WEBP, "image/webp").then().statusCode(201).extract().path("id");
        Map<String, Object> body = body(SONGBEI);
        body.put("files", List.of(photo));
        String key = CallRequests.newKey();
        String id = raise(SONGBEI, key, body).then().statusCode(201).body("files[0].id", equalTo(photo)).extract().path("id");
        raise(SONGBEI, key, body).then().statusCode(201).body("id", equalTo(id)).body("files[0].id", equalTo(photo));
    }

    @Test
    void raisesWrittenTogetherFailOnlyTheOneWhoseFileCannotBeClaimed() throws Exception {
        String pingles = upload(PINGLE, "p.jpg", JPEG, "image/jpeg").then().statusCode(201).extract().path("id");
        List<Map<String, Object>> bodies = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Map<String, Object> body = body(SONGBEI);
            body.put("files", List.of(upload(SONGBEI, "s" + i + ".jpg", JPEG, "image/jpeg").then().statusCode(201).extract().<String>path("id")));
            bodies.add(body);
        }
        bodies.get(3).put("files", List.of(pingles));

        List<Callable<Response>> requests = new ArrayList<>();
        for (Map<String, Object> b : bodies) {
            requests.add(() -> raise(SONGBEI, b));
        }
        List<Response> answers = allAtOnce(requests);
        for (int i = 0; i < bodies.size(); i++) {
            assertThat(answers.get(i).statusCode()).as("raise " + i).isEqualTo(i == 3 ? 422 : 201);
            assertThat(CallIntakeResourceTest.countCallsWithAddress(addressOf(bodies.get(i)))).isEqualTo(i == 3 ? 0 : 1);
        }
        assertThat(LocalInfra.queryLong(DB, "select count(*) from huying_attachment where id = ?::uuid and bound_ref is null", pingles))
                .isEqualTo(1);
    }

    @Test
    void uploadsNobodyClaimedWithinADayArePurgedAndBoundOnesKept() throws Throwable {
        String stale = upload(SONGBEI, "stale.jpg", JPEG, "image/jpeg").then().statusCode(201).extract().path("id");
        String fresh = upload(SONGBEI, "fresh.jpg", JPEG, "image/jpeg").then().statusCode(201).extract().path("id");
        String bound = upload(SONGBEI, "bound.jpg", JPEG, "image/jpeg").then().statusCode(201).extract().path("id");
        Map<String, Object> body = body(SONGBEI);
        body.put("files", List.of(bound));
        raise(SONGBEI, body).then().statusCode(201);
        try (Connection c = LocalInfra.connect(DB);
                PreparedStatement ps = c.prepareStatement("update huying_attachment set created_at = ? where id in (?::uuid, ?::uuid)")) {
            ps.setObject(1, java.sql.Timestamp.from(Instant.now().minus(Duration.ofHours(25))));
            ps.setString(2, stale);
            ps.setString(3, bound);
            ps.executeUpdate();
        }

        int purged = VertxContextSupport.subscribeAndAwait(purge::purge);

        assertThat(purged).isGreaterThanOrEqualTo(1);
        assertThat(count("select count(*) from huying_attachment where id = '" + stale + "'")).isZero();
        assertThat(count("select count(*) from huying_attachment_content where id = '" + stale + "'")).isZero();
        assertThat(count("select count(*) from huying_attachment where id in ('" + fresh + "', '" + bound + "')")).isEqualTo(2);
        as(SONGBEI).get("/api/calls/attachments/" + stale).then().statusCode(404);
    }

    static Response upload(String user, String name, byte[] bytes, String declaredType) {
        return as(user).config(AS_BROWSERS_DO).multiPart("file", name, bytes, declaredType).post("/api/calls/attachments");
    }

    private static long count(String sql) {
        return LocalInfra.queryLong(DB, sql);
    }

    /** {@code header} followed by filler up to {@code size} bytes. */
    static byte[] withHeader(byte[] header, int size) {
        byte[] bytes = Arrays.copyOf(header, Math.max(size, header.length));
        for (int i = header.length; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        return bytes;
    }
}
