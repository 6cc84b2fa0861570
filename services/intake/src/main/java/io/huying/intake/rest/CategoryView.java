package io.huying.intake.rest;

import java.util.List;

/** 派单目录 as served: its version and the categories grouped by area. */
public record CategoryView(String version, List<Group> groups) {

    public record Group(String code, String name, String nameEn, List<Entry> categories) {
    }

    public record Entry(String code, String name, String nameEn, boolean active, String replacedBy) {
    }
}
