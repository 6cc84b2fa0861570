package io.huying.intake.service;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.reference.Category;
import io.huying.contracts.reference.CategoryCatalogue;
import io.huying.platform.reference.Catalogue;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

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
    private final Catalogue inForce;
    private final String unmapped;
    /** Their code → our category code. */
    private final Map<String, String> byCode = new LinkedHashMap<>();

    public HotlineCategories(Catalogue inForce) {
        this.inForce = inForce;
        CategoryCatalogue catalogue = inForce.current();
        Document doc = read();
        this.version = doc.version();
        this.unmapped = active(catalogue, doc.unmapped(), "unmapped").code();
        for (Mapping m : doc.mappings()) {
            if (byCode.put(m.code(), active(catalogue, m.category(), m.code()).code()) != null) {
                throw new IllegalStateException(RESOURCE + " maps " + m.code() + " twice");
            }
        }
    }

    public String version() {
        return version;
    }

    /** The category for the 12345 code {@code code}: the mapped one, else the unmapped category (as the catalogue in force has it). */
    public Mapped map(String code) {
        String mapped = byCode.get(code);
        return mapped != null ? new Mapped(category(mapped), true) : new Mapped(category(unmapped), false);
    }

    /** The table's target for {@code code}, if it has one. */
    public Optional<Category> find(String code) {
        return Optional.ofNullable(byCode.get(code)).map(this::category);
    }

    /** Every category the table maps to, the unmapped one included: the catalogue must keep them in use. */
    public Set<String> targets() {
        Set<String> targets = new TreeSet<>(byCode.values());
        targets.add(unmapped);
        return targets;
    }

    private Category category(String code) {
        // A category is never removed from the catalogue (CatalogueChecks), so the table's targets stay there.
        return inForce.current().find(code).orElseThrow();
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
