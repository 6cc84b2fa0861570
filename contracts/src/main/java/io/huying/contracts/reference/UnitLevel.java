package io.huying.contracts.reference;

/** Levels of the three-level platform (区 → 镇街 → 村居), plus departments, sections and grids. */
public enum UnitLevel {
    /** 区 */
    DISTRICT,
    /** 区直部门 (grouping node) */
    DEPARTMENT_GROUP,
    /** 委办局 — a district department. */
    DEPARTMENT,
    /** 镇街 — a street or town. */
    STREET,
    /** 街道科室 (grouping node) */
    SECTION_GROUP,
    /** 科室 — a street section. */
    SECTION,
    /** 村居 — a village or community. */
    COMMUNITY,
    /** 网格 — a basic grid inside a community. */
    GRID
}
