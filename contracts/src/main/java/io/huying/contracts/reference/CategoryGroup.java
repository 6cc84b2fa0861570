package io.huying.contracts.reference;

/** A top-level group of the catalogue, e.g. 市容环境. */
public record CategoryGroup(String code, String name, String nameEn) {
}
