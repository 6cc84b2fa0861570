package io.huying.contracts.events;

import java.util.UUID;

/**
 * An uploaded attachment (附件): a photo or PDF stored by the service that took it, named by id.
 * {@code url} is the path under the gateway that serves it (e.g. {@code /api/calls/attachments/{id}});
 * the serving service decides who may read it.
 */
public record FileRef(UUID id, String name, String contentType, long size, String url) {
}
