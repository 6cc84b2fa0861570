package io.huying.platform.inbox;

/**
 * An event that can never be applied, however often it is retried: its data does not read, or it
 * refers to something this service would have known before the event could exist. {@link
 * ConsumedEvents} sends it to the dead-letter topic at once instead of retrying it.
 */
public class UnprocessableEvent extends RuntimeException {
    public UnprocessableEvent(String message) {
        super(message);
    }

    public UnprocessableEvent(String message, Throwable cause) {
        super(message, cause);
    }
}
