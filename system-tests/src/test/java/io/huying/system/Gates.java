package io.huying.system;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The role gate of every endpoint of the services: who may call each operation. {@link AccessMatrixIT}
 * checks every service against it; the fuzz of {@link ReliabilityIT} sends each operation as a user the
 * gate lets through, so that its requests reach the validation behind the gate.
 */
final class Gates {
    /** One user of each role of the realm (each holds that role alone). */
    static final Map<String, String> ROLE_USERS = new LinkedHashMap<>();

    static {
        ROLE_USERS.put("community-office", "fengling.office");
        ROLE_USERS.put("street-office", "jinsha.office");
        ROLE_USERS.put("grid-worker", "fengling.grid1");
        ROLE_USERS.put("patrol", "fengling.patrol");
        ROLE_USERS.put("dispatcher", "jinsha.dispatcher");
        ROLE_USERS.put("department", "urban.section");
        ROLE_USERS.put("ops", "baiyun.ops");
        ROLE_USERS.put("admin", "huying.admin");
        ROLE_USERS.put("security-admin", "huying.security");
        ROLE_USERS.put("audit-admin", "huying.auditor");
    }

    /** Any role that works with calls (三员分立: not the security or the audit administrator). */
    static final String BUSINESS = "community-office street-office grid-worker patrol hotline dispatcher department ops admin";

    /** Every role, and nobody: the operation needs no token (Open311, as its specification has it). */
    static final String PUBLIC = "PUBLIC";

    /**
     * Who may call each operation: METHOD path, then the roles let through ({@code PUBLIC}: everyone, no
     * token needed). {@code {service}} is the service answering (its own admin endpoints). Operations an allowed role would really perform
     * with no argument at all (a rebuild, a redrive, marking all read) are marked {@code !}: only the refusals are tried.
     */
    static final String GATES = """
            GET    /api/calls                                        BUSINESS
            POST   /api/calls                                        community-office street-office grid-worker patrol
            GET    /api/calls/{id}                                   BUSINESS
            POST   /api/calls/{id}/reporter/reveal                   community-office street-office
            GET    /api/calls/{id}/stream                            BUSINESS
            POST   /api/calls/attachments                            community-office street-office grid-worker patrol
            GET    /api/calls/attachments/{id}                       BUSINESS
            GET    /api/calls/review                                 dispatcher
            POST   /api/calls/{id}/review                            dispatcher
            POST   /api/calls/{id}/unmerge                           dispatcher
            GET    /api/calls/review/rules                           dispatcher
            PUT    /api/calls/review/rules                           dispatcher !
            GET    /api/categories                                   BUSINESS
            GET    /api/categories/versions                          admin
            PUT    /api/categories                                   admin
            GET    /api/org                                          BUSINESS security-admin audit-admin
            GET    /api/org/versions                                 admin
            GET    /api/org/realm-groups                             admin
            PUT    /api/org                                          admin
            POST   /api/integrations/12345/orders                    hotline
            GET    /api/integrations/12345/orders/{orderNo}          hotline ops admin street-office dispatcher
            GET    /open311/v2/discovery.{format}                    PUBLIC
            GET    /open311/v2/services.{format}                     PUBLIC
            GET    /open311/v2/services/{code}.{format}              PUBLIC
            POST   /open311/v2/requests.{format}                     PUBLIC
            GET    /open311/v2/requests.{format}                     PUBLIC
            GET    /open311/v2/requests/{id}.{format}                PUBLIC
            GET    /open311/v2/tokens/{token}.{format}               PUBLIC
            POST   /api/admin/timeline/rebuild                       admin !
            GET    /api/admin/timeline/rebuild/{id}                  admin
            GET    /api/dispatch/queue                               dispatcher
            GET    /api/dispatch/routing-rules                       admin dispatcher ops
            GET    /api/dispatch/routing-rules/versions              admin dispatcher ops
            PUT    /api/dispatch/routing-rules                       admin
            GET    /api/dispatch/units                               dispatcher
            POST   /api/dispatch/queue/{callId}                      dispatcher
            POST   /api/dispatch/calls/{callId}/redispatch           dispatcher
            GET    /api/dispatch/calls/{callId}                      BUSINESS
            GET    /api/dispatch/extensions                          dispatcher
            POST   /api/dispatch/extensions/{requestId}              dispatcher
            POST   /api/dispatch/tasks/{taskId}/suspend              dispatcher
            POST   /api/dispatch/tasks/{taskId}/resume               dispatcher
            GET    /api/tasks                                        BUSINESS
            GET    /api/tasks/stream                                 BUSINESS
            GET    /api/tasks/members                                department
            GET    /api/tasks/templates                              BUSINESS
            POST   /api/tasks/sign-for                               department
            GET    /api/tasks/{taskId}                               BUSINESS
            POST   /api/tasks/{taskId}/assign                        department
            POST   /api/tasks/{taskId}/sign-for                      department
            POST   /api/tasks/{taskId}/notes                         department
            POST   /api/tasks/{taskId}/complete                      department
            POST   /api/tasks/{taskId}/return                        department
            POST   /api/tasks/{taskId}/extension-requests            department
            POST   /api/tasks/{taskId}/reporter/reveal               department
            POST   /api/tasks/{taskId}/attachments                   department
            GET    /api/tasks/attachments/{id}                       BUSINESS
            GET    /api/verifications                                BUSINESS
            POST   /api/verifications/{callId}                       community-office street-office
            GET    /api/sla/board                                    ops admin
            GET    /api/sla/clocks                                   ops admin
            GET    /api/sla/breaches                                 ops admin
            GET    /api/sla/calls/{callId}/clocks                    ops admin
            GET    /api/sla/stream                                   ops admin
            GET    /api/sla/assessment                               ops admin
            GET    /api/sla/assessment/calls                         ops admin
            GET    /api/sla/assessment/export                        ops admin
            GET    /api/sla/admin/policies                           admin
            PUT    /api/sla/admin/policies                           admin
            GET    /api/sla/admin/calendars/{year}                   admin
            PUT    /api/sla/admin/calendars/{year}                   admin
            GET    /api/notifications                                BUSINESS
            GET    /api/notifications/stream                         BUSINESS
            POST   /api/notifications/{id}/read                      BUSINESS
            POST   /api/notifications/read-all                       BUSINESS !
            GET    /api/notifications/subscriptions                  admin
            PUT    /api/notifications/subscriptions                  admin
            GET    /api/admin/dead-letters                           admin
            GET    /api/admin/dead-letters/{topic}                   admin
            POST   /api/admin/dead-letters/{topic}/redrive           admin !
            GET    /api/admin/services/{service}/consumers           admin
            GET    /api/admin/services/{service}/outbox/parked       admin
            POST   /api/admin/services/{service}/outbox/parked/{id}/release  admin
            GET    /api/admin/services/{service}/audit               audit-admin
            """;


    /** The roles let through, by operation ({@code METHOD path} as in the OpenAPI documents). */
    static final Map<String, Set<String>> ALLOWED;
    /** The operations of {@link #GATES} marked {@code !}. */
    static final Set<String> ONLY_REFUSALS_TRIED;

    static {
        Map<String, Set<String>> allowed = new TreeMap<>();
        Set<String> refusalsOnly = new TreeSet<>();
        for (String line : GATES.strip().split("\n")) {
            String[] words = line.trim().split("\\s+");
            String operation = words[0] + " " + words[1];
            Set<String> roles = new TreeSet<>();
            for (int w = 2; w < words.length; w++) {
                if (words[w].equals("!")) {
                    refusalsOnly.add(operation);
                } else if (words[w].equals("BUSINESS")) {
                    roles.addAll(List.of(BUSINESS.split(" ")));
                } else if (words[w].equals(PUBLIC)) {
                    roles.add(PUBLIC);
                    roles.addAll(ROLE_USERS.keySet());
                } else {
                    roles.add(words[w]);
                }
            }
            allowed.put(operation, Collections.unmodifiableSet(roles));
        }
        ALLOWED = Collections.unmodifiableMap(allowed);
        ONLY_REFUSALS_TRIED = Collections.unmodifiableSet(refusalsOnly);
    }

    /** A demo user the gate of {@code operation} lets through (the first of its roles in {@link #ROLE_USERS}), or null. */
    static String userFor(String operation) {
        Set<String> roles = ALLOWED.getOrDefault(operation, Set.of());
        return ROLE_USERS.entrySet().stream().filter(e -> roles.contains(e.getKey())).map(Map.Entry::getValue).findFirst().orElse(null);
    }

    private Gates() {
    }
}
