package io.huying.intake.rest;

import java.time.Instant;
import java.util.List;

/**
 * 派单目录 as served: its revision and version, who put it in force, when and why (the shipped revision 1: the
 * file), and the categories grouped by area.
 */
public record CategoryView(int revision, String version, String note, String changedBy, Instant changedAt, List<Group> groups) {

    public record Group(String code, String name, String nameEn, List<Entry> categories) {
    }

    public record Entry(String code, String name, String nameEn, boolean active, String replacedBy) {
    }
}
