package io.huying.intake.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.Response;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The two formats of Open311 GeoReport v2, chosen by the resource's suffix ({@code services.json},
 * {@code services.xml}): JSON as {@code application/json}, XML as {@code text/xml}, both UTF-8.
 */
public enum Open311Formats {
    JSON("json", "application/json; charset=utf-8"),
    XML("xml", "text/xml; charset=utf-8");

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final XMLOutputFactory XML_OUTPUT = XMLOutputFactory.newFactory();

    private final String suffix;
    private final String contentType;

    Open311Formats(String suffix, String contentType) {
        this.suffix = suffix;
        this.contentType = contentType;
    }

    /** The format a suffix names, or null for any other. */
    public static Open311Formats of(String suffix) {
        for (Open311Formats f : values()) {
            if (f.suffix.equals(suffix)) {
                return f;
            }
        }
        return null;
    }

    /** The media type of this format, as the discovery document lists it (without the charset). */
    public String mediaType() {
        return contentType.substring(0, contentType.indexOf(';'));
    }

    /** {@code body} in this format, with {@code status}. */
    public Response respond(int status, Open311Body body) {
        return Response.status(status).type(contentType).entity(write(body)).build();
    }

    String write(Open311Body body) {
        return this == JSON ? json(body) : xml(body);
    }

    private static String json(Open311Body body) {
        JsonNode node = body.single() ? object(body.items().get(0)) : array(body.items());
        try {
            return MAPPER.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("an Open311 body did not write as JSON", e);
        }
    }

    private static ArrayNode array(List<?> entries) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (Object entry : entries) {
            array.add(value(entry));
        }
        return array;
    }

    @SuppressWarnings("unchecked")
    private static ObjectNode object(Map<String, Object> fields) {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        fields.forEach((name, value) -> object.set(name, value(value)));
        return object;
    }

    @SuppressWarnings("unchecked")
    private static JsonNode value(Object value) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (value == null) {
            return nodes.nullNode();
        } else if (value instanceof Map<?, ?> map) {
            return object((Map<String, Object>) map);
        } else if (value instanceof Open311Body.Nested nested) {
            return array(nested.entries());
        } else if (value instanceof Boolean b) {
            return nodes.booleanNode(b);
        } else if (value instanceof Integer i) {
            return nodes.numberNode(i);
        } else if (value instanceof Long l) {
            return nodes.numberNode(l);
        } else if (value instanceof Double d) {
            return nodes.numberNode(d);
        }
        return nodes.textNode(String.valueOf(value));
    }

    private static String xml(Open311Body body) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = XML_OUTPUT.createXMLStreamWriter(out);
            xml.writeStartDocument("utf-8", "1.0");
            xml.writeStartElement(body.root());
            if (body.single()) {
                fields(xml, body.items().get(0));
            } else {
                for (Map<String, Object> item : body.items()) {
                    xml.writeStartElement(body.item());
                    fields(xml, item);
                    xml.writeEndElement();
                }
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("an Open311 body did not write as XML", e);
        }
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static void fields(XMLStreamWriter xml, Map<String, Object> fields) throws XMLStreamException {
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            Object value = field.getValue();
            if (value == null) {
                xml.writeEmptyElement(field.getKey());
                continue;
            }
            xml.writeStartElement(field.getKey());
            if (value instanceof Open311Body.Nested nested) {
                for (Object entry : nested.entries()) {
                    xml.writeStartElement(nested.item());
                    if (entry instanceof Map<?, ?> map) {
                        fields(xml, (Map<String, Object>) map);
                    } else {
                        xml.writeCharacters(String.valueOf(entry));
                    }
                    xml.writeEndElement();
                }
            } else {
                xml.writeCharacters(String.valueOf(value));
            }
            xml.writeEndElement();
        }
    }
}
