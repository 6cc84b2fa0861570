package io.huying.notify.rest;

import io.huying.notify.Notification;
import io.huying.notify.NotificationKind;
import java.time.Instant;
import java.util.UUID;

/** A notification as the bell lists it, with the caller's read state. */
public record NotificationView(UUID id, NotificationKind kind, String title, String body, UUID callId, UUID taskId, String number,
        String unitPath, Instant at, boolean read) {

    public static NotificationView of(Notification n, boolean read) {
        return new NotificationView(n.id, n.kind, n.title, n.body, n.callId, n.taskId, n.number, n.unitPath, n.at, read);
    }
}
