package io.huying.notify.service;

import io.huying.notify.Subscription;
import io.huying.notify.outbound.EmailChannel;
import io.huying.notify.outbound.OutboundChannels;
import io.huying.platform.db.NativeSelects;
import io.huying.platform.error.ProblemException;
import io.huying.platform.reference.Organisation;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Outbound subscriptions per unit and channel, kept by administrators. */
@ApplicationScoped
public class Subscriptions {
    private final Organisation organisation;
    private final OutboundChannels channels;
    private final Clock clock;

    public Subscriptions(Organisation organisation, OutboundChannels channels, Clock clock) {
        this.organisation = organisation;
        this.channels = channels;
        this.clock = clock;
    }

    @WithSession
    public Uni<List<Subscription>> all() {
        return Panache.getSession().chain(session -> NativeSelects.create(session, """
                        select unit_path, channel, addresses, urgent_only from notification_subscription order by unit_path, channel""",
                        Object[].class).getResultList())
                .map(rows -> rows.stream().map(r -> new Subscription((String) r[0], (String) r[1],
                        Arrays.stream(((String) r[2]).split(",")).filter(a -> !a.isBlank()).toList(), (Boolean) r[3])).toList());
    }

    /** Creates, replaces or (no addresses) ends the subscription of the unit to the channel. */
    @WithTransaction
    public Uni<Subscription> put(Subscription s) {
        String channel = s.channel().trim().toUpperCase(Locale.ROOT);
        if (organisation.current().unit(s.unitPath()).isEmpty()) {
            throw ProblemException.unprocessable("unknown-unit", "unitPath", "no org unit " + s.unitPath());
        }
        if (!OutboundChannels.KNOWN.contains(channel)) {
            throw ProblemException.invalid("channel", "must be one of " + OutboundChannels.KNOWN);
        }
        if (!channels.installed(channel)) {
            throw ProblemException.unprocessable("channel-not-installed", "channel", "no " + channel + " adapter is installed; only "
                    + EmailChannel.NAME + " is");
        }
        List<String> addresses = s.addresses().stream().map(String::trim).distinct().toList();
        Subscription stored = new Subscription(s.unitPath(), channel, addresses, s.urgentOnly());
        if (addresses.isEmpty()) {
            return Panache.getSession().chain(session -> session.createNativeQuery(
                            "delete from notification_subscription where unit_path = :unit and channel = :channel")
                    .setParameter("unit", s.unitPath()).setParameter("channel", channel).executeUpdate()).replaceWith(stored);
        }
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into notification_subscription (unit_path, channel, addresses, urgent_only, updated_at)
                        values (:unit, :channel, :addresses, :urgentOnly, :now)
                        on conflict (unit_path, channel) do update
                        set addresses = excluded.addresses, urgent_only = excluded.urgent_only, updated_at = excluded.updated_at""")
                .setParameter("unit", s.unitPath()).setParameter("channel", channel).setParameter("addresses", String.join(",", addresses))
                .setParameter("urgentOnly", s.urgentOnly()).setParameter("now", clock.instant()).executeUpdate()).replaceWith(stored);
    }
}
