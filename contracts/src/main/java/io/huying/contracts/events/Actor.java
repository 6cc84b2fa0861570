package io.huying.contracts.events;

/** Who acted: the token's subject and username, and the unit they acted for. */
public record Actor(String subject, String username, String unitPath) {
}
