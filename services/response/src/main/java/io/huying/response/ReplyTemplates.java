package io.huying.response;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * 快捷回复 — quick replies for progress notes and results, per category group of the 派单目录
 * (reference data {@value #RESOURCE}); a category whose group has none gets the generic ones.
 */
public final class ReplyTemplates {
    public static final String RESOURCE = "huying/reply-templates.json";

    /** A quick reply: NOTE (进展) or RESULT (办结情况), and its text. */
    public record Template(String kind, String text) {
    }

    private record Document(String version, String description, List<Template> generic, Map<String, List<Template>> groups) {
    }

    private final List<Template> generic;
    private final Map<String, List<Template>> groups;

    private ReplyTemplates(List<Template> generic, Map<String, List<Template>> groups) {
        this.generic = List.copyOf(generic);
        this.groups = Map.copyOf(groups);
    }

    public static ReplyTemplates load() {
        try (InputStream in = ReplyTemplates.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            Document doc = new ObjectMapper().readValue(in, Document.class);
            return new ReplyTemplates(doc.generic(), doc.groups());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The replies for {@code categoryCode} (e.g. SR-01 → the SR group's), or the generic ones. */
    public List<Template> of(String categoryCode) {
        if (categoryCode == null) {
            return generic;
        }
        int dash = categoryCode.indexOf('-');
        String group = dash < 0 ? categoryCode : categoryCode.substring(0, dash);
        return groups.getOrDefault(group, generic);
    }
}
