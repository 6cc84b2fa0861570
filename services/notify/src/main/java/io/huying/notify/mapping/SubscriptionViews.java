package io.huying.notify.mapping;

import io.huying.notify.Subscription;
import io.huying.notify.rest.SubscriptionView;
import jakarta.enterprise.context.ApplicationScoped;

/** Subscription ↔ view: the administrators send and read the same shape. */
@ApplicationScoped
public class SubscriptionViews {

    public SubscriptionView view(Subscription s) {
        return new SubscriptionView(s.unitPath(), s.channel(), s.addresses(), s.urgentOnly());
    }

    public Subscription subscription(SubscriptionView v) {
        return new Subscription(v.unitPath(), v.channel(), v.addresses(), v.urgentOnly());
    }
}
