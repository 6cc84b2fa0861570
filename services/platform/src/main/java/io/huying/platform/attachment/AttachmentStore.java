package io.huying.platform.attachment;

import io.smallrye.mutiny.Uni;
import java.util.UUID;

/**
 * Where the bytes of attachments live: PostgreSQL, in the service's own database (the default), or an
 * S3-compatible object store in production ({@code huying.attachments.store}). Called inside the
 * transaction that writes or deletes the attachment's metadata: the PostgreSQL store takes part in it,
 * so bytes and metadata commit together.
 */
public interface AttachmentStore {

    Uni<Void> put(UUID id, String contentType, byte[] bytes);

    /** The bytes, or null when there are none for {@code id}. */
    Uni<byte[]> get(UUID id);

    /** Deleting bytes that are not there is no error. */
    Uni<Void> delete(UUID id);
}
