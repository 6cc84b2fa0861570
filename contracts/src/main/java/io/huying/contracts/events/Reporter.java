package io.huying.contracts.events;

/** The resident who reported the matter. Personal data: masked except to the raiser's unit and the handler. */
public record Reporter(String name, String phone) {
}
