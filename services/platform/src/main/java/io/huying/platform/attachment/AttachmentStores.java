package io.huying.platform.attachment;

import io.quarkus.logging.Log;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/** The {@link AttachmentStore} that {@code huying.attachments.store} names. */
public class AttachmentStores {

    @Produces
    @ApplicationScoped
    AttachmentStore store(AttachmentsConfig config, Vertx vertx, Clock clock) {
        return switch (config.store()) {
            case POSTGRESQL -> new PostgresAttachmentStore();
            case S3 -> {
                Log.infof("attachments are stored in bucket %s at %s", config.s3().bucket().orElse("?"),
                        config.s3().endpoint().map(Object::toString).orElse("?"));
                yield new S3AttachmentStore(vertx, config.s3(), clock);
            }
        };
    }
}
