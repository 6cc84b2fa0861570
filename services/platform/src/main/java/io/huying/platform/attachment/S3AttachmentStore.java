package io.huying.platform.attachment;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Bytes as objects of an S3-compatible store ({@code huying.attachments.store=s3}): PUT, GET and DELETE of
 * {@code <bucket>/<key-prefix><id>}, signed with AWS Signature V4 ({@link SigV4}) over the Vert.x HTTP
 * client, so the calls stay on the caller's event loop. The object is written while the metadata's
 * transaction is open: a failed PUT fails the upload; an object whose transaction then fails to commit
 * is left behind (no metadata names it) — a bucket lifecycle rule may expire such strays.
 */
class S3AttachmentStore implements AttachmentStore {
    private final HttpClient http;
    private final SigV4 signer;
    private final Clock clock;
    private final String host;
    private final int port;
    private final String hostHeader;
    private final String pathBase;
    private final long timeoutMs;

    S3AttachmentStore(Vertx vertx, AttachmentsConfig.S3 config, Clock clock) {
        URI endpoint = config.endpoint().orElseThrow(() -> missing("endpoint"));
        String bucket = config.bucket().orElseThrow(() -> missing("bucket"));
        this.signer = new SigV4(config.accessKey().orElseThrow(() -> missing("access-key")),
                config.secretKey().orElseThrow(() -> missing("secret-key")), config.region());
        this.clock = clock;
        boolean tls = "https".equals(endpoint.getScheme());
        String endpointHost = endpoint.getHost();
        this.host = config.pathStyle() ? endpointHost : bucket + "." + endpointHost;
        this.port = endpoint.getPort() > 0 ? endpoint.getPort() : (tls ? 443 : 80);
        this.hostHeader = endpoint.getPort() > 0 ? host + ":" + port : host;
        String basePath = endpoint.getRawPath() == null ? "" : endpoint.getRawPath().replaceAll("/+$", "");
        String prefix = (config.pathStyle() ? basePath + "/" + SigV4.encodeSegment(bucket) : basePath) + "/";
        StringBuilder keyPath = new StringBuilder();
        for (String segment : config.keyPrefix().split("/", -1)) {
            keyPath.append(SigV4.encodeSegment(segment)).append('/');
        }
        // keyPrefix "intake/" splits into "intake", "": the last "/" belongs to the id that follows.
        this.pathBase = prefix + keyPath.substring(0, keyPath.length() - 1);
        this.timeoutMs = config.timeout().toMillis();
        this.http = vertx.createHttpClient(new HttpClientOptions().setSsl(tls).setDefaultHost(host).setDefaultPort(port)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs)));
    }

    private static IllegalStateException missing(String key) {
        return new IllegalStateException("huying.attachments.store=s3 needs huying.attachments.s3." + key);
    }

    @Override
    public Uni<Void> put(UUID id, String contentType, byte[] bytes) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", contentType);
        headers.put("content-length", Integer.toString(bytes.length));
        return send(HttpMethod.PUT, id, headers, SigV4.sha256Hex(bytes), Buffer.buffer(bytes))
                .map(response -> expect(response, id, 200)).replaceWithVoid();
    }

    @Override
    public Uni<byte[]> get(UUID id) {
        return send(HttpMethod.GET, id, new LinkedHashMap<>(), SigV4.EMPTY_PAYLOAD_SHA256, null)
                .map(response -> response.status() == 404 ? null : expect(response, id, 200).body().getBytes());
    }

    @Override
    public Uni<Void> delete(UUID id) {
        return send(HttpMethod.DELETE, id, new LinkedHashMap<>(), SigV4.EMPTY_PAYLOAD_SHA256, null)
                .map(response -> response.status() == 404 ? response : expect(response, id, 204)).replaceWithVoid();
    }

    private record Answer(int status, Buffer body) {
    }

    private Uni<Answer> send(HttpMethod method, UUID id, Map<String, String> headers, String payloadSha256, Buffer body) {
        String path = pathBase + id;
        headers.put("host", hostHeader);
        Map<String, String> signed = signer.sign(method.name(), path, headers, payloadSha256, clock.instant());
        RequestOptions options = new RequestOptions().setMethod(method).setHost(host).setPort(port).setURI(path)
                .setTimeout(timeoutMs);
        signed.forEach(options::putHeader);
        return http.request(options)
                .chain(request -> body == null ? request.send() : request.send(body))
                .chain((HttpClientResponse response) -> response.body().map(b -> new Answer(response.statusCode(), b)));
    }

    /** S3 answers 200 to PUT and GET and 204 to DELETE; any 2xx will do. */
    private static Answer expect(Answer answer, UUID id, int usual) {
        if (answer.status() / 100 != 2) {
            String detail = answer.body() == null ? "" : answer.body().toString();
            throw new IllegalStateException("object store answered " + answer.status() + " (expected " + usual + ") for attachment " + id
                    + (detail.isEmpty() ? "" : ": " + detail.substring(0, Math.min(300, detail.length()))));
        }
        return answer;
    }
}
