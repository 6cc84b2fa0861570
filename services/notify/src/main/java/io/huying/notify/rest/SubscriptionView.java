package io.huying.notify.rest;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A unit's subscription to an outbound channel: its notifications also go to {@code addresses} on
 * {@code channel} — all of them, or only the urgent ones (紧急/特急 tasks, 超时, 督办, 通报).
 * PUT with no addresses ends the subscription.
 */
public record SubscriptionView(
        @NotBlank String unitPath,
        @NotBlank String channel,
        @NotNull @Size(max = 20) List<@NotBlank @Email String> addresses,
        boolean urgentOnly) {
}
