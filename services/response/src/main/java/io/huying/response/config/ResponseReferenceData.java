package io.huying.response.config;

import io.huying.response.ReplyTemplates;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The quick-reply templates, read once from the classpath. */
public class ResponseReferenceData {

    @Produces
    @Singleton
    ReplyTemplates replyTemplates() {
        return ReplyTemplates.load();
    }
}
