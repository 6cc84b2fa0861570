package io.huying.contracts.reference;

/** One entry of the 派单目录 (dispatch catalogue). An inactive category is kept so old calls still resolve. */
public record Category(String code, String groupCode, String name, String nameEn, boolean active, String replacedBy) {
}
