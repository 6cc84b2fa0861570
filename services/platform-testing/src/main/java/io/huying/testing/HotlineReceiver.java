package io.huying.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The 12345 platform's end of the status callbacks (回传), as the tests run it: a real HTTP server on a free
 * loopback port that checks each post's signature the way the platform would — HMAC-SHA256 of
 * {@code <X-Huying-Timestamp>.<body>} under the shared secret, in {@code X-Huying-Signature} as
 * {@code sha256=<hex>} — and that each order's steps come in sequence (1, 2, 3, …; a step taken before may
 * come again, at least once, and is taken once). It records what it took, and can refuse posts (503) so
 * that the sender has to retry.
 */
public final class HotlineReceiver implements AutoCloseable {
    public static final String PATH = "/12345/callbacks";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A step the receiver took. */
    public record Taken(JsonNode body, String deliveryId) {
        public String orderNo() {
            return body.path("orderNo").asText();
        }

        public String stepName() {
            return body.path("stepName").asText();
        }

        public int sequence() {
            return body.path("sequence").asInt();
        }
    }

    private final String secret;
    private final HttpServer server;
    private final List<Taken> taken = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final Map<String, Integer> lastSequence = new HashMap<>();
    private final AtomicInteger refuse = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    private HotlineReceiver(String secret) throws IOException {
        this.secret = secret;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(PATH, this::handle);
        server.start();
    }

    /** A receiver listening now, checking signatures made with {@code secret}. */
    public static HotlineReceiver start(String secret) {
        try {
            return new HotlineReceiver(secret);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where to post: {@code huying.hotline.callback-url}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    /** The next {@code n} posts are answered 503. */
    public void refuseNext(int n) {
        refuse.set(n);
    }

    /** How many posts were refused so far. */
    public int refused() {
        return refused.get();
    }

    /** The steps taken for {@code orderNo}, in the order they came. */
    public synchronized List<Taken> of(String orderNo) {
        return taken.stream().filter(t -> t.orderNo().equals(orderNo)).toList();
    }

    /** What was wrong with any post so far: a bad signature, a step out of sequence. */
    public synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        int status;
        if (refuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            refused.incrementAndGet();
            status = 503;
        } else {
            status = take(exchange.getRequestHeaders().getFirst("X-Huying-Timestamp"), exchange.getRequestHeaders().getFirst("X-Huying-Signature"),
                    exchange.getRequestHeaders().getFirst("X-Huying-Delivery"), body) ? 200 : 400;
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private synchronized boolean take(String timestamp, String signature, String deliveryId, String body) throws IOException {
        JsonNode json = JSON.readTree(body);
        String orderNo = json.path("orderNo").asText();
        int sequence = json.path("sequence").asInt();
        String expected = "sha256=" + hmac(timestamp + "." + body);
        if (timestamp == null || signature == null
                || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), signature.getBytes(StandardCharsets.UTF_8))) {
            problems.add("order " + orderNo + " step " + sequence + ": bad signature " + signature);
            return false;
        }
        int last = lastSequence.getOrDefault(orderNo, 0);
        if (sequence == last) {
            return true;
        }
        if (sequence != last + 1) {
            problems.add("order " + orderNo + ": step " + sequence + " came after step " + last);
        }
        lastSequence.put(orderNo, sequence);
        taken.add(new Taken(json, deliveryId));
        return true;
    }

    private String hmac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
