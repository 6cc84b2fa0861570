package io.huying.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodySubscribers;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * A real SSE client (java.net.http) on one user's stream (e.g. {@code GET /api/tasks/stream}). Opening it
 * waits for the 200 and the first heartbeat comment, sent once the subscription is registered.
 */
public final class SseStream implements AutoCloseable, Flow.Subscriber<String> {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /** An SSE event as received: its name and its data, parsed. */
    public record Event(String name, JsonNode data) {
    }

    private final ObjectMapper json;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final CountDownLatch live = new CountDownLatch(1);
    private final CompletableFuture<String> status = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;
    private String eventName;
    private final StringBuilder data = new StringBuilder();

    public SseStream(URI url, String user, ObjectMapper json) throws Exception {
        this.json = json;
        HttpRequest request = HttpRequest.newBuilder(url)
                .header("Authorization", KeycloakTokens.bearer(user)).header("Accept", "text/event-stream").GET().build();
        HTTP.sendAsync(request, info -> {
            status.complete(info.statusCode() + " " + info.headers().firstValue("Content-Type").orElse(""));
            return BodySubscribers.fromLineSubscriber(this);
        });
        assertThat(status.get(10, TimeUnit.SECONDS)).startsWith("200 text/event-stream");
        assertThat(live.await(10, TimeUnit.SECONDS)).as(user + "'s stream sends a heartbeat at once").isTrue();
    }

    /** Waits for an event named {@code name} whose data matches; returns its data. */
    public JsonNode await(String name, Predicate<JsonNode> matching, Duration timeout) {
        return Awaitility.await(name + " event").atMost(timeout).pollInterval(Duration.ofMillis(100))
                .until(() -> find(name, matching), Optional::isPresent).orElseThrow();
    }

    /** Waits for an event named {@code name} after the first {@code seen} events; returns its data. */
    public JsonNode awaitAfter(int seen, String name, Duration timeout) {
        return Awaitility.await(name + " event after " + seen).atMost(timeout).pollInterval(Duration.ofMillis(100))
                .until(() -> events.stream().skip(seen).filter(e -> e.name().equals(name)).map(Event::data).findFirst(), Optional::isPresent)
                .orElseThrow();
    }

    /** The position of the first event named {@code name} whose data matches, or -1. */
    public int indexOf(String name, Predicate<JsonNode> matching) {
        List<Event> all = received();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).name().equals(name) && matching.test(all.get(i).data())) {
                return i;
            }
        }
        return -1;
    }

    public Optional<JsonNode> find(String name, Predicate<JsonNode> matching) {
        return events.stream().filter(e -> e.name().equals(name) && matching.test(e.data())).map(Event::data).findFirst();
    }

    public List<Event> received() {
        return List.copyOf(events);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(Long.MAX_VALUE);
    }

    /** The SSE format: {@code event:} and {@code data:} lines, a blank line ends an event, {@code :} starts a comment. */
    @Override
    public void onNext(String line) {
        if (line.isEmpty()) {
            if (eventName != null && !data.isEmpty()) {
                try {
                    events.add(new Event(eventName, json.readTree(data.toString())));
                } catch (Exception e) {
                    throw new IllegalStateException("unreadable SSE data: " + data, e);
                }
            }
            eventName = null;
            data.setLength(0);
        } else if (line.startsWith(":")) {
            live.countDown();
        } else if (line.startsWith("event:")) {
            eventName = value(line);
        } else if (line.startsWith("data:")) {
            data.append(data.isEmpty() ? "" : "\n").append(value(line));
        }
    }

    private static String value(String line) {
        String v = line.substring(line.indexOf(':') + 1);
        return v.startsWith(" ") ? v.substring(1) : v;
    }

    @Override
    public void onError(Throwable failure) {
        status.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
    }

    @Override
    public void close() {
        if (subscription != null) {
            subscription.cancel();
        }
    }
}
