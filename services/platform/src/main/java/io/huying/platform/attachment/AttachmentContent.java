package io.huying.platform.attachment;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** The bytes of an attachment, as the PostgreSQL store keeps them. */
@Entity
@Table(name = "huying_attachment_content")
public class AttachmentContent {
    @Id
    public UUID id;
    public byte[] content;

    public AttachmentContent() {
    }

    AttachmentContent(UUID id, byte[] content) {
        this.id = id;
        this.content = content;
    }
}
