package io.huying.notify.rest;

import io.huying.notify.NotificationKind;
import java.time.Instant;
import java.util.UUID;

/** A notification as the bell lists it, with the caller's read state. */
public record NotificationView(UUID id, NotificationKind kind, String title, String body, UUID callId, UUID taskId, String number,
        String unitPath, Instant at, boolean read) {
}
