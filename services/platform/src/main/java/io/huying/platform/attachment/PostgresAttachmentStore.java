package io.huying.platform.attachment;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.util.UUID;

/**
 * Bytes in {@code huying_attachment_content} (bytea), in the current transaction. Fine at ≤ 10 MB a file:
 * PostgreSQL keeps them out of line, and nothing that lists attachments reads them.
 */
class PostgresAttachmentStore implements AttachmentStore {

    @Override
    public Uni<Void> put(UUID id, String contentType, byte[] bytes) {
        return Panache.getSession().chain(session -> session.persist(new AttachmentContent(id, bytes)));
    }

    @Override
    public Uni<byte[]> get(UUID id) {
        return Panache.getSession().chain(session -> session.find(AttachmentContent.class, id))
                .map(found -> found == null ? null : found.content);
    }

    @Override
    public Uni<Void> delete(UUID id) {
        return Panache.getSession().chain(session -> session.createMutationQuery("delete from AttachmentContent where id = :id")
                .setParameter("id", id).executeUpdate()).replaceWithVoid();
    }
}
