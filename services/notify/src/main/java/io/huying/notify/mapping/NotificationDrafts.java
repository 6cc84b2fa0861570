package io.huying.notify.mapping;

import io.huying.contracts.Urgency;
import io.huying.contracts.events.ExtensionDecided;
import io.huying.contracts.events.SlaBreached;
import io.huying.contracts.events.SlaClockStarted.ClockKind;
import io.huying.contracts.events.SlaEscalated;
import io.huying.contracts.events.SlaWarning;
import io.huying.contracts.events.TaskDispatched;
import io.huying.contracts.events.TaskDispatched.TaskRole;
import io.huying.contracts.events.TaskSuspension;
import io.huying.contracts.events.TaskWithdrawn;
import io.huying.contracts.reference.OrgUnit;
import io.huying.notify.NotificationKind;
import io.huying.platform.reference.Organisation;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/** What each event tells its addressee, in the words of the people who read it (zh-CN). */
@ApplicationScoped
public class NotificationDrafts {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Asia/Shanghai"));

    /** A notification before it is stored: {@code unitPath} is the one addressee. */
    public record Draft(NotificationKind kind, String title, String body, UUID callId, UUID taskId, String number, String unitPath,
            Urgency urgency, Instant at) {

        /** Sent on outbound channels at once; otherwise held for working hours. */
        public boolean urgent() {
            return kind.alwaysUrgent() || urgency == Urgency.URGENT || urgency == Urgency.CRITICAL;
        }
    }

    private final Organisation organisation;

    public NotificationDrafts(Organisation organisation) {
        this.organisation = organisation;
    }

    /** 新任务 — to the unit the task was dispatched to. */
    public Draft dispatched(TaskDispatched t) {
        StringBuilder body = new StringBuilder(t.role() == TaskRole.ASSIST ? "协办" : "主办")
                .append("，紧急程度：").append(t.urgency().chinese());
        switch (t.reasonOrDefault()) {
            case REROUTED -> body.append("；原承办单位退回后转派本单位");
            case REDISPATCHED -> body.append("；调度员改派");
            case REWORK -> body.append("；来电方不满意，返工（第").append(t.roundOrFirst()).append("轮）");
            case ARBITRATED -> body.append("；终审指定，不可退回");
            default -> {
            }
        }
        return new Draft(NotificationKind.TASK_NEW, "新任务 " + t.number() + " " + t.title(), body.toString(), t.callId(), t.taskId(),
                t.number(), t.unitPath(), t.urgency(), t.dispatchedAt());
    }

    /** 撤回 — to the unit that loses the task. */
    public Draft withdrawn(TaskWithdrawn t) {
        return new Draft(NotificationKind.TASK_CHANGED, "任务已撤回 " + t.number(), "调度员撤回了本单位的任务" + reason(t.reason()),
                t.callId(), t.taskId(), t.number(), t.unitPath(), null, t.withdrawnAt());
    }

    /** 延期审批 — to the unit that asked. */
    public Draft extensionDecided(ExtensionDecided d) {
        String body = d.approved()
                ? "延期申请已批准，新的办结时限 " + LOCAL.format(d.grantedDeadline()) + reason(d.comment())
                : "延期申请未获批准，请按原时限办结" + reason(d.comment());
        return new Draft(NotificationKind.TASK_CHANGED, (d.approved() ? "延期已批准 " : "延期未批准 ") + d.number(), body, d.callId(),
                d.taskId(), d.number(), d.unitPath(), null, d.decidedAt());
    }

    /** 挂起 / 恢复办理 — to the handling unit. */
    public Draft suspension(TaskSuspension s, boolean suspended) {
        return suspended
                ? new Draft(NotificationKind.TASK_CHANGED, "任务已挂起 " + s.number(), "办结时限暂停计时" + reason(s.reason()), s.callId(),
                        s.taskId(), s.number(), s.unitPath(), null, s.at())
                : new Draft(NotificationKind.TASK_CHANGED, "恢复办理 " + s.number(), "挂起结束，办结时限继续计时", s.callId(), s.taskId(),
                        s.number(), s.unitPath(), null, s.at());
    }

    /** 预警 — to the unit whose clock it is. {@code taskTitle} may be null (a task this service has not seen). */
    public Draft warning(SlaWarning w, String taskTitle) {
        return new Draft(NotificationKind.WARNING, "预警 " + w.number() + titled(taskTitle),
                clock(w.clock()) + "时限已用 " + w.threshold() + "%，截止 " + LOCAL.format(w.deadline()), w.callId(), w.taskId(), w.number(),
                w.unitPath(), w.urgency(), w.at());
    }

    /** 超时 — to the unit whose clock it is. */
    public Draft breached(SlaBreached b, String taskTitle) {
        return new Draft(NotificationKind.BREACH, "超时 " + b.number() + titled(taskTitle),
                clock(b.clock()) + "时限 " + LOCAL.format(b.deadline()) + " 已过，仍未完成", b.callId(), b.taskId(), b.number(), b.unitPath(),
                b.urgency(), b.at());
    }

    /** 催办 / 督办 / 通报 — to the unit the escalation names ({@code notifiedUnit}), exactly. */
    public Draft escalated(SlaEscalated e, String taskTitle) {
        String deadline = LOCAL.format(e.deadline());
        boolean own = e.notifiedUnit().equals(e.unitPath());
        String unit = own ? "本单位" : unitName(e.unitPath());
        return switch (e.level()) {
            case URGE -> new Draft(NotificationKind.URGE, "催办 " + e.number() + titled(taskTitle),
                    unit + "的" + clock(e.clock()) + "时限将至（截止 " + deadline + "），请尽快办理", e.callId(), e.taskId(), e.number(),
                    e.notifiedUnit(), e.urgency(), e.at());
            case SUPERVISE -> new Draft(NotificationKind.SUPERVISE, "督办 " + e.number() + titled(taskTitle),
                    unit + "的" + clock(e.clock()) + "已超时（截止 " + deadline + "），" + (own ? "请单位负责人督促办理" : "请督促办理"),
                    e.callId(), e.taskId(), e.number(), e.notifiedUnit(), e.urgency(), e.at());
            case NOTIFY -> new Draft(NotificationKind.NOTICE, "通报 " + e.number() + titled(taskTitle),
                    unit + "的" + clock(e.clock()) + "超时仍未办结（截止 " + deadline + "），予以通报", e.callId(), e.taskId(), e.number(),
                    e.notifiedUnit(), e.urgency(), e.at());
        };
    }

    private String unitName(String path) {
        return organisation.current().unit(path).map(OrgUnit::name).orElse(path);
    }

    private static String titled(String taskTitle) {
        return taskTitle == null ? "" : " " + taskTitle;
    }

    private static String reason(String reason) {
        return reason == null || reason.isBlank() ? "" : "：" + reason;
    }

    private static String clock(ClockKind kind) {
        return switch (kind) {
            case DISPATCH -> "派遣";
            case SIGN_FOR -> "签收";
            case RESOLVE -> "办结";
            case VERIFY -> "核查";
            case END_TO_END -> "全流程";
        };
    }
}
