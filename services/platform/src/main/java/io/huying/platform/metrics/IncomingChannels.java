package io.huying.platform.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;

/** The Kafka channels a service reads, as its configuration names them: channel, consumer group and topics. */
public record IncomingChannels(List<Channel> channels) {
    private static final Pattern CONNECTOR = Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.connector");

    /** One incoming channel: its group id and the topics it reads. */
    public record Channel(String name, String group, List<String> topics) {
    }

    /** The service's smallrye-kafka incoming channels with a group id and at least one topic. */
    public static IncomingChannels of(Config config) {
        List<Channel> found = new ArrayList<>();
        for (String property : config.getPropertyNames()) {
            Matcher m = CONNECTOR.matcher(property);
            if (!m.matches() || !"smallrye-kafka".equals(config.getOptionalValue(property, String.class).orElse(""))) {
                continue;
            }
            String prefix = "mp.messaging.incoming." + m.group(1) + ".";
            Optional<String> group = config.getOptionalValue(prefix + "group.id", String.class);
            List<String> topics = config.getOptionalValue(prefix + "topics", String.class)
                    .or(() -> config.getOptionalValue(prefix + "topic", String.class))
                    .map(t -> Arrays.stream(t.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                    .orElse(List.of());
            if (group.isPresent() && !topics.isEmpty()) {
                found.add(new Channel(m.group(1), group.get(), topics));
            }
        }
        return new IncomingChannels(List.copyOf(found));
    }

    /** Every topic read, once each. */
    public List<String> topics() {
        return channels.stream().flatMap(c -> c.topics().stream()).distinct().sorted().toList();
    }
}
