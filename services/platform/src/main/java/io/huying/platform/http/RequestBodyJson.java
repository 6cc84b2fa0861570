package io.huying.platform.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * The JSON mapper of the REST layer: the application's, with text fields read as {@link PlainText}.
 * Only request and response bodies use it; events and JSON columns keep the application's mapper.
 */
@Provider
public class RequestBodyJson implements ContextResolver<ObjectMapper> {
    private final ObjectMapper bodies;

    public RequestBodyJson(ObjectMapper json) {
        this.bodies = json.copy().registerModule(new SimpleModule("huying-plain-text").addDeserializer(String.class, new PlainText()));
    }

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return bodies;
    }
}
