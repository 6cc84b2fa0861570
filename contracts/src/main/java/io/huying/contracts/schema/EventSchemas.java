package io.huying.contracts.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates CloudEvents against the JSON Schemas in {@code contracts/schemas} (shipped on the
 * classpath under {@code huying/schemas}). The schemas' {@code $id}s live under
 * {@value #ID_PREFIX}; this maps them to the classpath so relative {@code $ref}s resolve offline.
 */
public final class EventSchemas {
    public static final String ID_PREFIX = "https://schemas.huying.io/events/";
    private static final String CLASSPATH_PREFIX = "classpath:huying/schemas/";

    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(ID_PREFIX, CLASSPATH_PREFIX)));
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .build();
    private final Map<String, JsonSchema> byFile = new ConcurrentHashMap<>();

    /** The schema file name of an event type, e.g. {@code huying.call.accepted.v1.schema.json}. */
    public static String fileOf(String eventType) {
        return eventType + ".schema.json";
    }

    /** Violations of the event (a whole CloudEvent) against the schema of its {@code type}; empty when valid. */
    public List<String> violations(JsonNode cloudEvent) {
        JsonNode type = cloudEvent.get("type");
        if (type == null || !type.isTextual()) {
            return List.of("$.type: missing, so no schema applies");
        }
        return violations(fileOf(type.asText()), cloudEvent);
    }

    /** Violations of {@code document} against the schema file {@code schemaFile} in contracts/schemas. */
    public List<String> violations(String schemaFile, JsonNode document) {
        JsonSchema schema = byFile.computeIfAbsent(schemaFile,
                f -> factory.getSchema(SchemaLocation.of(ID_PREFIX + f), config));
        return schema.validate(document).stream().map(ValidationMessage::getMessage).sorted().toList();
    }
}
