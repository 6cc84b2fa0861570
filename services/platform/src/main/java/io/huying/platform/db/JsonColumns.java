package io.huying.platform.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.events.FileRef;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The text columns that hold JSON: arrays of attachment and evidence URLs and of uploaded files (FileRef), and documents. */
@ApplicationScoped
public class JsonColumns {
    private static final TypeReference<List<String>> URLS = new TypeReference<>() {
    };
    private static final TypeReference<List<FileRef>> FILES = new TypeReference<>() {
    };

    private final ObjectMapper json;

    public JsonColumns(ObjectMapper json) {
        this.json = json;
    }

    /** The JSON of {@code value}; null stays null (no column value). */
    public String write(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public List<String> urls(String column) {
        return read(column, URLS);
    }

    public List<FileRef> files(String column) {
        return read(column, FILES);
    }

    /** A JSON document column as {@code type}; null stays null. */
    public <T> T read(String column, Class<T> type) {
        if (column == null) {
            return null;
        }
        try {
            return json.readValue(column, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON column does not read as " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    private <T> List<T> read(String column, TypeReference<List<T>> type) {
        if (column == null) {
            return null;
        }
        try {
            return json.readValue(column, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON array column does not read: " + e.getOriginalMessage(), e);
        }
    }
}
