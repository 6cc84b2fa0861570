package io.huying.platform.attachment;

import io.huying.contracts.events.FileRef;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * 附件 — what an uploaded file is: name, type (decided from its bytes), size, digest, who uploaded it,
 * and what it is bound to once claimed. The bytes are in the {@link AttachmentStore}.
 */
@Entity
@Table(name = "huying_attachment")
public class Attachment {
    @Id
    public UUID id;
    public String name;
    @Column(name = "content_type")
    public String contentType;
    public long size;
    public String sha256;
    @Column(name = "uploader_unit")
    public String uploaderUnit;
    @Column(name = "uploader_username")
    public String uploaderUsername;
    @Column(name = "created_at")
    public Instant createdAt;
    /** What kind of object it belongs to ({@code call}, {@code task-completion}); null while unbound. */
    @Column(name = "bound_scope")
    public String boundScope;
    /** The id of that object; null while unbound. */
    @Column(name = "bound_ref")
    public UUID boundRef;
    /** Its place among that object's files, as the client listed them. */
    @Column(name = "bound_position")
    public Integer boundPosition;

    public boolean bound() {
        return boundRef != null;
    }

    /** As events and views carry it; {@code urlPrefix} is the serving path, e.g. {@code /api/calls/attachments/}. */
    public FileRef ref(String urlPrefix) {
        return new FileRef(id, name, contentType, size, urlPrefix + id);
    }
}
