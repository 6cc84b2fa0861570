package io.huying.contracts.events;

/** Where the matter is: a street address and the grid (网格) it lies in. */
public record Location(String address, String gridPath, Double latitude, Double longitude) {
}
