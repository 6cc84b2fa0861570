package io.huying.notify.outbound;

import io.huying.notify.config.NotifyConfig;
import io.quarkus.arc.All;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The outbound channel adapters that are installed and enabled, by name. */
@ApplicationScoped
public class OutboundChannels {
    /** Channels a subscription may name; those without an adapter are extension points. */
    public static final Set<String> KNOWN = Set.of(EmailChannel.NAME, "SMS", "WECOM");

    private final Map<String, OutboundChannel> enabled = new TreeMap<>();
    private final Set<String> installed = new TreeSet<>();

    public OutboundChannels(@All List<OutboundChannel> adapters, NotifyConfig config) {
        for (OutboundChannel adapter : adapters) {
            installed.add(adapter.name());
            if (adapter.enabled()) {
                enabled.put(adapter.name(), adapter);
            }
        }
        requireAdapter("SMS", config.sms().enabled());
        requireAdapter("WECOM", config.wecom().enabled());
    }

    private void requireAdapter(String channel, boolean switchedOn) {
        if (switchedOn && !installed.contains(channel)) {
            throw new IllegalStateException("huying.notify." + channel.toLowerCase() + ".enabled=true, but no " + channel
                    + " adapter (an OutboundChannel named " + channel + ") is installed");
        }
    }

    void onStart(@Observes StartupEvent event) {
        if (enabled.isEmpty()) {
            Log.info("no outbound channel is enabled (e-mail: set HUYING_SMTP_HOST or huying.notify.email.enabled=true): "
                    + "notifications stay in-app and no deliveries are queued");
        } else {
            Log.infof("outbound channels enabled: %s", enabled.keySet());
        }
    }

    /** The enabled channels' names; deliveries are queued for these only. */
    public Set<String> enabledNames() {
        return enabled.keySet();
    }

    public Optional<OutboundChannel> enabled(String name) {
        return Optional.ofNullable(enabled.get(name));
    }

    /** Whether an adapter for {@code name} is installed (enabled or not). */
    public boolean installed(String name) {
        return installed.contains(name);
    }
}
