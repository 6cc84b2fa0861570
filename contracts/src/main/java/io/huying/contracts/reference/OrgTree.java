package io.huying.contracts.reference;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The org tree (组织架构), versioned data shipped at {@code huying/reference/org-tree.json}. The
 * Keycloak realm's groups mirror it; every service reads this one copy.
 */
public final class OrgTree {
    public static final String RESOURCE = "huying/reference/org-tree.json";

    private final String version;
    private final Map<String, OrgUnit> byPath;

    private OrgTree(String version, List<OrgUnit> units) {
        this.version = version;
        Map<String, OrgUnit> map = new LinkedHashMap<>();
        for (OrgUnit unit : units) {
            OrgPath.of(unit.path());
            if (map.put(unit.path(), unit) != null) {
                throw new IllegalStateException("duplicate unit " + unit.path());
            }
        }
        this.byPath = Collections.unmodifiableMap(map);
    }

    /** A tree of {@code units} (parents before children); a malformed path or a path given twice is refused. */
    public static OrgTree of(String version, List<OrgUnit> units) {
        return new OrgTree(version, units);
    }

    /** The tree shipped with this build. */
    public static OrgTree load() {
        try (InputStream in = OrgTree.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            Document doc = new ObjectMapper()
                    .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                    .readValue(in, Document.class);
            return new OrgTree(doc.version(), doc.units());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String version() {
        return version;
    }

    public List<OrgUnit> units() {
        return List.copyOf(byPath.values());
    }

    public Optional<OrgUnit> unit(String path) {
        return Optional.ofNullable(byPath.get(path));
    }

    /** The street (镇街) a path lies in, or empty for paths above or beside any street. */
    public Optional<OrgUnit> streetOf(String path) {
        for (String p = path; p != null && !p.isEmpty(); p = parentOf(p)) {
            OrgUnit unit = byPath.get(p);
            if (unit != null && unit.level() == UnitLevel.STREET) {
                return Optional.of(unit);
            }
        }
        return Optional.empty();
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? null : path.substring(0, slash);
    }

    private record Document(String version, String description, List<OrgUnit> units) {
    }
}
