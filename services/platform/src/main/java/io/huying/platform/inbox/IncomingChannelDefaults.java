package io.huying.platform.inbox;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The defaults of every incoming Kafka channel, set once here instead of in each service's
 * properties: a new consumer group starts from the earliest record (an event published before the
 * service first started is not skipped); an event that cannot be processed goes to a dead-letter
 * topic; and that topic is the channel's (first) topic with {@code .dlq} — ConsumedEvents sends a
 * poison event to its own topic's dead-letter topic, and this one is the fallback for a batch nacked
 * as a whole. A channel's own setting wins: these sit below every properties file.
 */
public class IncomingChannelDefaults implements ConfigSourceFactory {
    /** Below microprofile-config.properties (100) and application.properties (250). */
    static final int ORDINAL = 50;
    private static final Pattern CHANNEL = Pattern.compile("^(?:%[^.]+\\.)?mp\\.messaging\\.incoming\\.([^.]+)\\.connector$");

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Map<String, String> defaults = new HashMap<>();
        for (Iterator<String> names = context.iterateNames(); names.hasNext(); ) {
            Matcher channel = CHANNEL.matcher(names.next());
            if (!channel.matches()) {
                continue;
            }
            String prefix = "mp.messaging.incoming." + channel.group(1) + ".";
            ConfigValue connector = context.getValue(prefix + "connector");
            if (connector == null || !"smallrye-kafka".equals(connector.getValue())) {
                continue;
            }
            defaults.put(prefix + "auto.offset.reset", "earliest");
            defaults.put(prefix + "failure-strategy", "dead-letter-queue");
            String topic = firstTopic(context, prefix);
            if (topic != null) {
                defaults.put(prefix + "dead-letter-queue.topic", topic + ".dlq");
            }
        }
        return List.of(new PropertiesConfigSource(defaults, "huying incoming channel defaults", ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    private static String firstTopic(ConfigSourceContext context, String prefix) {
        ConfigValue topic = context.getValue(prefix + "topic");
        if (topic != null && topic.getValue() != null) {
            return topic.getValue().strip();
        }
        ConfigValue topics = context.getValue(prefix + "topics");
        if (topics != null && topics.getValue() != null) {
            return topics.getValue().split(",")[0].strip();
        }
        return null;
    }
}
