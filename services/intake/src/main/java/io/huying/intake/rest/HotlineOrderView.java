package io.huying.intake.rest;

import java.util.UUID;

/** What became of a 12345 order: the call it is, its status, and the category it was given ({@code mapped}: by the table). */
public record HotlineOrderView(String orderNo, UUID callId, String callNumber, String status, String categoryCode, boolean mapped) {
}
