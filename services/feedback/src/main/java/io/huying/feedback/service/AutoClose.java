package io.huying.feedback.service;

import io.huying.platform.outbox.OutboxRelay;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** 自动结案 — verifications left unanswered past their due time close by themselves. The timer is the table. */
@ApplicationScoped
public class AutoClose {
    private final Verifications verifications;
    private final OutboxRelay relay;

    public AutoClose(Verifications verifications, OutboxRelay relay) {
        this.verifications = verifications;
        this.relay = relay;
    }

    @Scheduled(every = "${huying.feedback.auto-close-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> closeOverdue() {
        return verifications.autoCloseOverdue()
                .invoke(relay::committed)
                .invoke(n -> {
                    if (n > 0) {
                        Log.infof("auto-closed %d verifications past their due time", n);
                    }
                })
                .onFailure().invoke(e -> Log.warn("auto-close failed; it runs again at the next tick", e))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
