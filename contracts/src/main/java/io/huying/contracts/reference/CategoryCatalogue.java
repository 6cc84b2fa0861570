package io.huying.contracts.reference;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * 派单目录 — the versioned category catalogue: shipped at {@code huying/reference/categories.json}, then managed
 * in the product (intake stores each version an administrator puts in force and announces it on huying.reference).
 */
public final class CategoryCatalogue {
    public static final String RESOURCE = "huying/reference/categories.json";

    private final String version;
    private final List<CategoryGroup> groups;
    private final Map<String, Category> byCode;

    private CategoryCatalogue(Document doc) {
        this.version = doc.version();
        this.groups = List.copyOf(doc.groups());
        Map<String, Category> map = new LinkedHashMap<>();
        for (Category c : doc.categories()) {
            if (map.put(c.code(), c) != null) {
                throw new IllegalStateException("duplicate category " + c.code());
            }
        }
        this.byCode = map;
    }

    /** A catalogue as an administrator put it in force (checked by its owner, intake). */
    public static CategoryCatalogue of(String version, List<CategoryGroup> groups, List<Category> categories) {
        return new CategoryCatalogue(new Document(version, null, groups, categories));
    }

    public static CategoryCatalogue load() {
        try (InputStream in = CategoryCatalogue.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            return new CategoryCatalogue(new ObjectMapper()
                    .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                    .readValue(in, Document.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String version() {
        return version;
    }

    public List<CategoryGroup> groups() {
        return groups;
    }

    public List<Category> categories() {
        return List.copyOf(byCode.values());
    }

    public Optional<Category> find(String code) {
        return Optional.ofNullable(byCode.get(code));
    }

    private record Document(String version, String effectiveFrom, List<CategoryGroup> groups, List<Category> categories) {
    }
}
