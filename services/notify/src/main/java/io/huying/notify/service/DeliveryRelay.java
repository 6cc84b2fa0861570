package io.huying.notify.service;

import io.huying.notify.config.NotifyConfig;
import io.huying.notify.outbound.OutboundChannel;
import io.huying.notify.outbound.OutboundChannels;
import io.huying.notify.outbound.OutboundMessage;
import io.huying.platform.db.NativeSelects;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Sends due outbound deliveries ({@code notification_delivery}): every
 * {@code huying.notify.delivery.poll-every}, a batch of PENDING rows whose time has come is locked
 * ({@code FOR UPDATE SKIP LOCKED}, so replicas never send one row twice), sent, and marked SENT — or,
 * on failure, tried again after a backoff that doubles, and given up (FAILED) after the maximum attempts.
 * A retry of a message that is not urgent also waits for working hours. A crash between a send and the
 * commit sends that message again: delivery is at least once, never lost.
 */
@ApplicationScoped
public class DeliveryRelay {
    private final OutboundChannels channels;
    private final WorkingTime workingTime;
    private final NotifyConfig.Delivery config;
    private final Clock clock;
    private final Vertx vertx;
    private volatile Cancellable polling;

    /** A locked due delivery with its message. */
    private record Due(UUID id, String channel, List<String> addresses, boolean urgent, int attempts, OutboundMessage message) {
    }

    public DeliveryRelay(OutboundChannels channels, WorkingTime workingTime, NotifyConfig config, Clock clock, Vertx vertx) {
        this.channels = channels;
        this.workingTime = workingTime;
        this.config = config.delivery();
        this.clock = clock;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.relayEnabled() || channels.enabledNames().isEmpty()) {
            return;
        }
        VertxContextSupport.subscribe(() -> {
            Context context = Vertx.currentContext();
            return Multi.createBy().repeating().uni(() -> pollOnce(context)).indefinitely();
        }, subscribe -> polling = subscribe.with(sent -> {
        }, failure -> Log.error("the delivery relay stopped", failure)));
    }

    void onStop(@Observes ShutdownEvent event) {
        Cancellable p = polling;
        if (p != null) {
            p.cancel();
        }
    }

    /** Sends what is due, batch after batch while they come back full, then waits for the next poll. */
    private Uni<Integer> pollOnce(Context context) {
        return drain(0)
                .onFailure().recoverWithItem(failure -> {
                    Log.warnf("sending due deliveries failed (%s); the next poll tries again", failure.getMessage());
                    return 0;
                })
                .call(() -> pause(context, config.pollEvery().toMillis()));
    }

    private Uni<Integer> drain(int soFar) {
        return sendDue().chain(n -> n >= config.batchSize() ? drain(soFar + n) : Uni.createFrom().item(soFar + n));
    }

    /**
     * One batch in one transaction; the number of deliveries sent. After a channel fails once, the
     * batch's other deliveries on it are left for the next poll, uncounted: a server that is down or
     * hanging costs one attempt (and at most one send timeout) per poll, not one per message.
     */
    public Uni<Integer> sendDue() {
        Instant now = clock.instant();
        Set<String> failing = new HashSet<>();
        return Panache.withTransaction(() -> lockDue(now).chain(due -> Multi.createFrom().iterable(due)
                .onItem().transformToUniAndConcatenate(d -> attempt(d, now, failing))
                .filter(Boolean::booleanValue)
                .collect().asList().map(List::size)));
    }

    private Uni<List<Due>> lockDue(Instant now) {
        return Panache.getSession().chain(session -> NativeSelects.create(session, """
                        select d.id, d.channel, d.addresses, d.urgent, d.attempts, n.title, n.body, n.number
                        from notification_delivery d join notification n on n.id = d.notification_id
                        where d.status = 'PENDING' and d.next_attempt_at <= :now
                        order by d.next_attempt_at
                        limit :batch
                        for update of d skip locked""", Object[].class)
                .setParameter("now", now).setParameter("batch", config.batchSize()).getResultList())
                .map(rows -> rows.stream().map(r -> new Due((UUID) r[0], (String) r[1],
                        Arrays.stream(((String) r[2]).split(",")).map(String::trim).filter(a -> !a.isEmpty()).toList(),
                        (Boolean) r[3], ((Number) r[4]).intValue(),
                        new OutboundMessage((String) r[5], r[6] + "\n\n单号：" + r[7]))).toList());
    }

    /** True when sent. */
    private Uni<Boolean> attempt(Due due, Instant now, Set<String> failing) {
        if (failing.contains(due.channel())) {
            return Uni.createFrom().item(Boolean.FALSE);
        }
        OutboundChannel channel = channels.enabled(due.channel()).orElse(null);
        if (channel == null) {
            return failed(due, now, "channel " + due.channel() + " is not enabled").replaceWith(Boolean.FALSE);
        }
        return channel.send(due.addresses(), due.message())
                .ifNoItem().after(config.sendTimeout()).fail()
                .chain(() -> sent(due, now)).replaceWith(Boolean.TRUE)
                .onFailure().recoverWithUni(failure -> {
                    failing.add(due.channel());
                    return failed(due, now, String.valueOf(failure.getMessage())).replaceWith(Boolean.FALSE);
                });
    }

    private Uni<Void> sent(Due due, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        update notification_delivery set status = 'SENT', attempts = attempts + 1, sent_at = :now, last_error = null
                        where id = :id""")
                .setParameter("now", now).setParameter("id", due.id()).executeUpdate()).replaceWithVoid();
    }

    private Uni<Void> failed(Due due, Instant now, String error) {
        int attempts = due.attempts() + 1;
        boolean givenUp = attempts >= config.maxAttempts();
        Instant next = now.plus(backoff(attempts));
        Instant retryAt = due.urgent() ? next : workingTime.nextWorkingInstant(next);
        if (givenUp) {
            Log.errorf("gave up on delivery %s (%s to %s) after %d attempts: %s", due.id(), due.channel(), due.addresses(), attempts, error);
        } else {
            Log.warnf("delivery %s (%s) failed, attempt %d, retrying at %s: %s", due.id(), due.channel(), attempts, retryAt, error);
        }
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        update notification_delivery set status = :status, attempts = :attempts, next_attempt_at = :next, last_error = :error
                        where id = :id""")
                .setParameter("status", givenUp ? "FAILED" : "PENDING").setParameter("attempts", attempts).setParameter("next", retryAt)
                .setParameter("error", error.length() > 2000 ? error.substring(0, 2000) : error).setParameter("id", due.id())
                .executeUpdate()).replaceWithVoid();
    }

    /** first-backoff · 2^(attempts − 1), at most max-backoff. */
    Duration backoff(int attempts) {
        Duration d = config.firstBackoff().multipliedBy(1L << Math.min(attempts - 1, 20));
        return d.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : d;
    }

    /** Completes on {@code context} after {@code millis}. */
    private Uni<Void> pause(Context context, long millis) {
        return Uni.createFrom().emitter(emitter -> vertx.setTimer(Math.max(1, millis),
                id -> context.runOnContext(ignored -> emitter.complete(null))));
    }
}
