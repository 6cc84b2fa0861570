package io.huying.platform.security;

import java.util.Set;

/** Realm roles of the Keycloak realm {@code huying} (DESIGN §1). */
public final class Roles {
    /** 村居 — a village or community office. */
    public static final String COMMUNITY_OFFICE = "community-office";
    /** 镇街 — a street or town office. */
    public static final String STREET_OFFICE = "street-office";
    /** 网格员 — a grid worker (基础网格): member of the groups of one or more grids, raises calls found in them. */
    public static final String GRID_WORKER = "grid-worker";
    /** 巡防 — a patrol volunteer (党员巡逻, 平安马甲): member of a community's group, raises calls found on patrol there. */
    public static final String PATROL = "patrol";
    /** 12345 热线对接 — the 12345 platform's service account: forwards work orders, reads what became of them. */
    public static final String HOTLINE = "hotline";
    /** 综治中心调度员 — dispatcher at a governance centre. */
    public static final String DISPATCHER = "dispatcher";
    /** 部门 / 科室 staff. */
    public static final String DEPARTMENT = "department";
    /** 运维 / 督查 — ops and supervision. */
    public static final String OPS = "ops";
    /** 系统管理员 — the system administrator: configuration, dead letters, parked events. Reads no audit log. */
    public static final String ADMIN = "admin";
    /** 安全管理员 — the security administrator: users, roles and password policy in Keycloak (等保 2.0 三员分立). */
    public static final String SECURITY_ADMIN = "security-admin";
    /** 审计管理员 — the audit administrator: reads the operation audit log, and nothing else. */
    public static final String AUDIT_ADMIN = "audit-admin";

    /**
     * The roles that work with calls. The security and audit administrators hold none of them: they
     * manage accounts and read the audit log, and see no call, task or clock (三员分立).
     */
    public static final Set<String> BUSINESS = Set.of(COMMUNITY_OFFICE, STREET_OFFICE, GRID_WORKER, PATROL, HOTLINE, DISPATCHER, DEPARTMENT, OPS, ADMIN);

    private Roles() {
    }
}
