package io.huying.notify.mapping;

import io.huying.notify.BellEntry;
import io.huying.notify.BellPage;
import io.huying.notify.Notification;
import io.huying.notify.rest.NotificationPage;
import io.huying.notify.rest.NotificationView;
import io.huying.notify.rest.UnreadCount;
import jakarta.enterprise.context.ApplicationScoped;

/** The bell → views. */
@ApplicationScoped
public class NotificationViews {

    public NotificationView view(BellEntry entry) {
        Notification n = entry.notification();
        return new NotificationView(n.id, n.kind, n.title, n.body, n.callId, n.taskId, n.number, n.unitPath, n.at, entry.read());
    }

    public NotificationPage page(BellPage page) {
        return new NotificationPage(page.items().stream().map(this::view).toList(), page.unread(), page.total());
    }

    public UnreadCount unread(long unread) {
        return new UnreadCount(unread);
    }
}
