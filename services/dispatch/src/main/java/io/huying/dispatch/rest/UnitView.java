package io.huying.dispatch.rest;

/** A unit a dispatcher may assign: path, name, level. */
public record UnitView(String path, String name, String level) {
}
