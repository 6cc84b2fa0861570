package io.huying.platform.outbox;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Reports the commit of every request to the relay ({@link OutboxRelay#committed()}): by the time
 * its response goes out, a write request's transaction has committed, so the events it appended
 * leave within milliseconds, as those of a consumer's batch or a raise do. A request that appended
 * nothing costs nothing here.
 */
public class RequestCommits {
    private final OutboxRelay relay;

    public RequestCommits(OutboxRelay relay) {
        this.relay = relay;
    }

    @ServerResponseFilter
    public void reportCommit() {
        relay.committed();
    }
}
