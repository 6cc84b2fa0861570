package io.huying.intake.service;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.reference.Category;
import io.huying.contracts.reference.CategoryCatalogue;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The 12345 platform's category codes mapped to the catalogue's ({@value #RESOURCE}, data): an order of a
 * mapped code becomes a call of its category; any other, a call of the unmapped category, which waits for
 * the district's dispatchers. Every target is checked against the catalogue when intake starts.
 */
// Started with the application: a table naming an unknown or retired category stops intake from starting.
@Startup
@ApplicationScoped
public class HotlineCategories {
    public static final String RESOURCE = "huying/hotline-categories.json";

    /** One row of the table: their code and name, our category. */
    public record Mapping(String code, String name, String category) {
    }

    /** Which category an order's code came to, and whether the table knew the code. */
    public record Mapped(Category category, boolean mapped) {
    }

    private record Document(String version, String description, String unmapped, List<Mapping> mappings) {
    }

    private final String version;
    private final Category unmapped;
    private final Map<String, Category> byCode = new LinkedHashMap<>();

    public HotlineCategories(CategoryCatalogue catalogue) {
        Document doc = read();
        this.version = doc.version();
        this.unmapped = active(catalogue, doc.unmapped(), "unmapped");
        for (Mapping m : doc.mappings()) {
            if (byCode.put(m.code(), active(catalogue, m.category(), m.code())) != null) {
                throw new IllegalStateException(RESOURCE + " maps " + m.code() + " twice");
            }
        }
    }

    public String version() {
        return version;
    }

    /** The category for the 12345 code {@code code}: the mapped one, else the unmapped category. */
    public Mapped map(String code) {
        Category mapped = byCode.get(code);
        return mapped != null ? new Mapped(mapped, true) : new Mapped(unmapped, false);
    }

    /** The table's target for {@code code}, if it has one. */
    public Optional<Category> find(String code) {
        return Optional.ofNullable(byCode.get(code));
    }

    private static Category active(CategoryCatalogue catalogue, String code, String row) {
        Category category = catalogue.find(code).orElseThrow(() -> new IllegalStateException(
                RESOURCE + ": " + row + " maps to " + code + ", which is not in catalogue " + catalogue.version()));
        if (!category.active()) {
            throw new IllegalStateException(RESOURCE + ": " + row + " maps to " + code + ", which the catalogue no longer uses");
        }
        return category;
    }

    private static Document read() {
        try (InputStream in = HotlineCategories.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            return new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false).readValue(in, Document.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
