package io.huying.response;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.Urgency;
import io.huying.contracts.events.TaskDispatched;
import io.huying.testing.KeycloakTokens;
import io.huying.testing.LocalInfra;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.MultiPartConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.http.entity.mime.HttpMultipartMode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * 办结证据 — evidence files: uploaded by the unit handling the task, bound by its completion, and served to
 * the handling unit and those above it and to the raising unit that verifies the result; 404 to anyone else.
 */
@QuarkusTest
class TaskAttachmentsTest {
    private static final String URBAN = "/baiyun/jinsha/sections/urban";
    private static final byte[] JPEG = withHeader(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE1}, 4_096);
    private static final RestAssuredConfig AS_BROWSERS_DO = RestAssuredConfig.config()
            .httpClient(HttpClientConfig.httpClientConfig().httpMultipartMode(HttpMultipartMode.BROWSER_COMPATIBLE))
            .multiPartConfig(MultiPartConfig.multiPartConfig().defaultCharset(StandardCharsets.UTF_8));

    @Inject
    ObjectMapper json;

    @Test
    void evidenceIsUploadedByTheHandlingUnitBoundByTheCompletionAndServedToTheVerifierButNotToOtherUnits() {
        TaskDispatched task = dispatchedToUrban();
        String uploads = "/api/tasks/" + task.taskId() + "/attachments";

        as("peace.section").config(AS_BROWSERS_DO).multiPart("file", "x.jpg", JPEG, "image/jpeg").post(uploads).then().statusCode(404);
        as("fengling.office").config(AS_BROWSERS_DO).multiPart("file", "x.jpg", JPEG, "image/jpeg").post(uploads).then().statusCode(403);
        as("urban.section").config(AS_BROWSERS_DO).multiPart("file", "x.txt", "不是图片".getBytes(StandardCharsets.UTF_8), "image/jpeg")
                .post(uploads).then().statusCode(415).body("violations[0].field", equalTo("file"));

        Response created = as("urban.section").config(AS_BROWSERS_DO).multiPart("file", "清理后.jpg", JPEG, "image/jpeg").post(uploads);
        created.then().statusCode(201)
                .body("contentType", equalTo("image/jpeg"))
                .body("name", equalTo("清理后.jpg"))
                .body("url", equalTo("/api/tasks/attachments/" + created.path("id")));
        String url = created.path("url");
        // Unbound: the uploading unit only.
        as("urban.section").get(url).then().statusCode(200);
        as("fengling.office").get(url).then().statusCode(404).contentType("application/problem+json");

        as("urban.section").post("/api/tasks/" + task.taskId() + "/sign-for").then().statusCode(200);
        as("urban.section").contentType(ContentType.JSON)
                .body(Map.of("result", "已清理占道摊点", "files", List.of(created.<String>path("id"))))
                .post("/api/tasks/" + task.taskId() + "/complete").then().statusCode(200);
        assertThat(LocalInfra.queryString("response_test", "select bound_scope || ' ' || bound_ref from huying_attachment where id = ?::uuid",
                created.<String>path("id"))).isEqualTo("task-completion " + task.taskId());

        for (String reader : List.of("fengling.office", "jinsha.office", "urban.section", "jinsha.dispatcher")) {
            Response read = as(reader).get(url);
            read.then().statusCode(200)
                    .header("Content-Type", equalTo("image/jpeg"))
                    .header("X-Content-Type-Options", equalTo("nosniff"));
            assertThat(read.asByteArray()).as(reader).isEqualTo(JPEG);
        }
        as("peace.section").get(url).then().statusCode(404).contentType("application/problem+json");
        as("pingle.office").get(url).then().statusCode(404);
        as("peace.section").get("/api/tasks/attachments/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void anUploadWithoutAFileIs400AndOneOverTenMegabytesIs413() {
        TaskDispatched task = dispatchedToUrban();
        String uploads = "/api/tasks/" + task.taskId() + "/attachments";
        long before = LocalInfra.queryLong("response_test", "select count(*) from huying_attachment");
        as("urban.section").config(AS_BROWSERS_DO).multiPart("photo", "x.jpg", JPEG, "image/jpeg").post(uploads).then()
                .statusCode(400).body("violations[0].field", equalTo("file"));
        as("urban.section").config(AS_BROWSERS_DO).multiPart("file", "big.jpg", withHeader(JPEG, 10 * 1024 * 1024 + 1), "image/jpeg")
                .post(uploads).then().statusCode(413).contentType("application/problem+json");
        assertThat(LocalInfra.queryLong("response_test", "select count(*) from huying_attachment")).isEqualTo(before);
    }

    private TaskDispatched dispatchedToUrban() {
        TaskDispatched task;
        try (Dispatches dispatches = new Dispatches(json)) {
            task = dispatches.routed(URBAN, Urgency.URGENT);
            dispatches.publish(task);
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> LocalInfra.queryLong("response_test",
                "select count(*) from inbox_task where task_id = ?::uuid", task.taskId().toString()) == 1);
        return task;
    }

    private static RequestSpecification as(String user) {
        return given().header("Authorization", KeycloakTokens.bearer(user));
    }

    private static byte[] withHeader(byte[] header, int size) {
        byte[] bytes = Arrays.copyOf(header, Math.max(size, header.length));
        for (int i = header.length; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        return bytes;
    }
}
