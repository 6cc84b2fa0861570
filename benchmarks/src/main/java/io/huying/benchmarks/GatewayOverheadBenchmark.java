package io.huying.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The gateway's overhead per proxied API call: the same request ({@code GET /api/categories} by
 * default) sent alternately to the service directly and through the gateway, in the same run, on
 * one open-loop schedule ({@code --rate} requests/s in total, latency measured from each
 * request's scheduled time, so queueing cannot hide). Both paths carry a bearer token of a demo
 * user; requests rotate over every demo user so the gateway's per-user rate limit (20/s) is not
 * what is measured. The load comes from one Vert.x event loop over kept-alive connections, so the
 * generator takes little of the CPU the two paths share; a minute of warm-up lets both JVMs compile
 * their hot paths first. Prints p50/p90/p99/max of each path and the differences.
 *
 * <p>Run against {@code deploy/local/huying up}:
 * {@code ./mvnw -q -pl benchmarks exec:java -Dbench=io.huying.benchmarks.GatewayOverheadBenchmark
 * -Dexec.args="--rate 400 --seconds 60"} (200 calls/s through the gateway, 200 direct).
 */
public final class GatewayOverheadBenchmark {
    private static final List<String> USERS = List.of("fengling.office", "pingle.office", "songbei.office", "jinsha.office",
            "songzhou.office", "jinsha.dispatcher", "baiyun.dispatcher", "urban.section", "peace.section", "civil.section",
            "planning.section", "housing.dept", "baiyun.ops", "jinsha.ops", "huying.admin");

    private GatewayOverheadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        int rate = Integer.parseInt(opts.getOrDefault("rate", "200"));
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "60"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup-seconds", "60"));
        String path = opts.getOrDefault("path", "/api/categories");
        URI direct = URI.create(opts.getOrDefault("service", "http://127.0.0.1:8081") + path);
        URI gateway = URI.create(opts.getOrDefault("gateway", "http://127.0.0.1:8080") + path);
        String realm = opts.getOrDefault("realm", "http://127.0.0.1:8180/realms/huying");

        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        List<String> tokens = new ArrayList<>();
        for (String user : USERS) {
            tokens.add(token(http, realm, user));
        }
        System.out.printf("gateway overhead: %s vs %s, %d req/s in total (half each), %d s after %d s warm-up, %d users%n",
                gateway, direct, rate, seconds, warmup, tokens.size());

        // One event loop and kept-alive connections: the load generator costs a few percent of a core.
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(64));
        Result result;
        try {
            run(client, direct, gateway, tokens, rate, warmup, false);
            result = run(client, direct, gateway, tokens, rate, seconds, true);
        } finally {
            vertx.close();
        }

        System.out.printf("%-9s %8s %8s %8s %8s %8s %7s%n", "path", "n", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors");
        print("direct", result.direct, result.directErrors.get());
        print("gateway", result.gateway, result.gatewayErrors.get());
        double[] d = percentiles(result.direct);
        double[] g = percentiles(result.gateway);
        System.out.printf("overhead  p50 %+.2f ms, p90 %+.2f ms, p99 %+.2f ms%n", g[0] - d[0], g[1] - d[1], g[2] - d[2]);
    }

    private record Result(ConcurrentLinkedQueue<Long> direct, ConcurrentLinkedQueue<Long> gateway,
            AtomicLong directErrors, AtomicLong gatewayErrors) {
    }

    private static Result run(HttpClient client, URI direct, URI gateway, List<String> tokens, int rate, int seconds, boolean keep)
            throws InterruptedException {
        Result result = new Result(new ConcurrentLinkedQueue<>(), new ConcurrentLinkedQueue<>(), new AtomicLong(), new AtomicLong());
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        long total = (long) rate * seconds;
        CountDownLatch answered = new CountDownLatch((int) total);
        for (long i = 0; i < total; i++) {
            long scheduled = start + i * interval;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            boolean viaGateway = (i & 1) == 1;
            String token = tokens.get((int) ((i / 2) % tokens.size()));
            RequestOptions request = new RequestOptions().setAbsoluteURI((viaGateway ? gateway : direct).toString())
                    .putHeader("Authorization", "Bearer " + token).setIdleTimeout(10_000);
            client.request(request)
                    .compose(sent -> sent.send().compose(response -> response.body().map(body -> response.statusCode())))
                    .onComplete(outcome -> {
                        long latency = System.nanoTime() - scheduled;
                        if (keep) {
                            if (outcome.succeeded() && outcome.result() == 200) {
                                (viaGateway ? result.gateway : result.direct).add(latency);
                            } else {
                                (viaGateway ? result.gatewayErrors : result.directErrors).incrementAndGet();
                            }
                        }
                        answered.countDown();
                    });
        }
        answered.await(30, TimeUnit.SECONDS);
        return result;
    }

    private static void print(String name, ConcurrentLinkedQueue<Long> latencies, long errors) {
        double[] p = percentiles(latencies);
        System.out.printf("%-9s %8d %8.2f %8.2f %8.2f %8.2f %7d%n", name, latencies.size(), p[0], p[1], p[2], p[3], errors);
    }

    /** p50, p90, p99, max in milliseconds. */
    private static double[] percentiles(ConcurrentLinkedQueue<Long> latencies) {
        long[] sorted = latencies.stream().mapToLong(Long::longValue).toArray();
        if (sorted.length == 0) {
            return new double[4];
        }
        Arrays.sort(sorted);
        return new double[] {at(sorted, 0.50), at(sorted, 0.90), at(sorted, 0.99), sorted[sorted.length - 1] / 1e6};
    }

    private static double at(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    private static String token(java.net.http.HttpClient http, String realm, String user) throws Exception {
        String form = "grant_type=password&client_id=huying-cli&scope=openid&password=huying-demo&username="
                + URLEncoder.encode(user, StandardCharsets.UTF_8);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(realm + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("no token for " + user + ": " + response.body());
        }
        return new ObjectMapper().readTree(response.body()).path("access_token").asText();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            opts.put(args[i].substring(2), args[i + 1]);
        }
        return opts;
    }
}
