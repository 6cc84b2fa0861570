package io.huying.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.huying.contracts.schema.EventSchemas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The build's check that the AsyncAPI document, the schemas it references and the topic list agree. */
class AsyncApiContractTest {
    private static final Path CONTRACTS = Path.of("").toAbsolutePath();
    private static final Path SCHEMAS = CONTRACTS.resolve("schemas");
    private static final Set<String> SHARED_SCHEMAS = Set.of("cloudevent.v1.schema.json", "common.v1.schema.json");

    private final ObjectMapper json = new ObjectMapper();
    private final JsonNode asyncApi = readYaml(CONTRACTS.resolve("asyncapi.yaml"));
    private final EventSchemas schemas = new EventSchemas();

    @Test
    void everyMessagePayloadReferencesAnExistingSchemaWhoseTypeIsTheMessageName() throws IOException {
        for (Iterator<Map.Entry<String, JsonNode>> it = asyncApi.at("/components/messages").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> message = it.next();
            String ref = message.getValue().at("/payload/$ref").asText();
            assertThat(ref).as(message.getKey() + " payload").startsWith("./schemas/");
            Path schemaFile = CONTRACTS.resolve(ref);
            assertThat(schemaFile).as(message.getKey() + " payload file").exists();
            String name = message.getValue().get("name").asText();
            if (!SHARED_SCHEMAS.contains(schemaFile.getFileName().toString())) {
                assertThat(schemaFile.getFileName().toString()).isEqualTo(EventSchemas.fileOf(name));
                JsonNode schema = json.readTree(schemaFile.toFile());
                assertThat(schema.at("/allOf/1/properties/type/const").asText()).as(name).isEqualTo(name);
                assertThat(schema.get("$id").asText()).isEqualTo(EventSchemas.ID_PREFIX + schemaFile.getFileName());
            }
        }
    }

    @Test
    void everyExampleInTheDocumentIsValidAgainstItsSchema() {
        int examples = 0;
        for (Iterator<JsonNode> it = asyncApi.at("/components/messages").elements(); it.hasNext(); ) {
            JsonNode message = it.next();
            for (JsonNode example : message.path("examples")) {
                JsonNode payload = json.valueToTree(example.get("payload"));
                assertThat(schemas.violations(payload)).as(example.get("name").asText()).isEmpty();
                examples++;
            }
        }
        assertThat(examples).isGreaterThanOrEqualTo(3);
    }

    @Test
    void everyEventSchemaIsReferencedByAMessage() throws IOException {
        Set<String> referenced = new HashSet<>();
        asyncApi.at("/components/messages").elements()
                .forEachRemaining(m -> referenced.add(Path.of(m.at("/payload/$ref").asText()).getFileName().toString()));
        try (Stream<Path> files = Files.list(SCHEMAS)) {
            files.map(p -> p.getFileName().toString())
                    .filter(f -> !SHARED_SCHEMAS.contains(f))
                    .forEach(f -> assertThat(referenced).as("messages referencing " + f).contains(f));
        }
    }

    @Test
    void everyChannelIsATopicCreatedWithTheSamePartitionCount() throws IOException {
        Map<String, Integer> created = new HashMap<>();
        for (String line : Files.readAllLines(CONTRACTS.resolve("../deploy/topics.conf"))) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] parts = trimmed.split("\\s+");
            created.put(parts[0], Integer.parseInt(parts[1]));
        }
        for (Iterator<JsonNode> it = asyncApi.get("channels").elements(); it.hasNext(); ) {
            JsonNode channel = it.next();
            String topic = channel.get("address").asText();
            assertThat(created).as("deploy/topics.conf").containsKey(topic);
            assertThat(created.get(topic)).as(topic + " partitions")
                    .isEqualTo(channel.at("/bindings/kafka/partitions").asInt());
        }
    }

    @Test
    void anEventThatBreaksItsSchemaIsReported() {
        JsonNode example = json.valueToTree(asyncApi.at("/components/messages/callAccepted/examples/0/payload"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) example.get("data")).put("urgency", "VERY_URGENT");
        ((com.fasterxml.jackson.databind.node.ObjectNode) example.get("data")).remove("number");
        ((com.fasterxml.jackson.databind.node.ObjectNode) example).put("time", "yesterday");

        assertThat(schemas.violations(example))
                .anyMatch(v -> v.contains("urgency"))
                .anyMatch(v -> v.contains("number"))
                .anyMatch(v -> v.contains("time"));
    }

    private static JsonNode readYaml(Path file) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
