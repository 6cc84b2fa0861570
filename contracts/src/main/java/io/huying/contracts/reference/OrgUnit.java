package io.huying.contracts.reference;

/** One unit of the org tree. {@code code} prefixes human call numbers for streets (e.g. JS). */
public record OrgUnit(String path, String code, UnitLevel level, String name, String nameEn) {

    public OrgPath orgPath() {
        return OrgPath.of(path);
    }
}
