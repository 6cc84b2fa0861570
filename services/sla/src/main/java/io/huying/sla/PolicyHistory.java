package io.huying.sla;

import io.huying.sla.domain.SlaPolicy;
import java.util.List;

/** The active SLA policy (时限标准) and every stored version, newest first. */
public record PolicyHistory(SlaPolicy active, List<PolicyVersion> versions) {
}
