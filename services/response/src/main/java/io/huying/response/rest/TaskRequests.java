package io.huying.response.rest;

import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Bodies of the inbox actions. */
public final class TaskRequests {
    private TaskRequests() {
    }

    /** 进展 (PROGRESS) or 联系来电人 (CONTACTED_CALLER). */
    public record Note(
            @NotNull @Pattern(regexp = "PROGRESS|CONTACTED_CALLER", message = "must be PROGRESS or CONTACTED_CALLER") String kind,
            @NotBlank @Size(max = 2000) String note) {
    }

    /** 办结: what was done, up to 9 evidence URLs, and up to 9 evidence files uploaded for the task (their ids). */
    public record Completion(
            @NotBlank @Size(max = 4000) String result,
            @Size(max = 9) List<@NotBlank @Size(max = 2000)
                    @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL") String> evidence,
            @Size(max = 9) List<@NotNull UUID> files) {

        public List<String> evidenceOrEmpty() {
            return evidence == null ? List.of() : evidence;
        }

        public List<UUID> filesOrEmpty() {
            return files == null ? List.of() : files;
        }
    }

    /** 批量签收: up to 50 tasks, each signed for on its own. */
    public record BulkSignFor(@NotEmpty @Size(max = 50) List<@NotNull UUID> taskIds) {
    }

    /** What became of one task of a bulk sign-for: 200, or the status and detail of the problem it met. */
    public record BulkOutcome(UUID taskId, int status, String detail) {
    }

    public record BulkResult(List<BulkOutcome> results) {
    }

    /** 分派到人: the member of the unit who is to handle the task. */
    public record Assignment(@NotBlank @Size(max = 255) String username) {
    }

    /** 退回: 属地不符 / 权属不清 / 职能交叉 / 其他, and why. */
    public record Return(
            @NotNull @Pattern(regexp = "NOT_OUR_AREA|UNCLEAR_OWNERSHIP|OVERLAPPING_DUTIES|OTHER",
                    message = "must be NOT_OUR_AREA, UNCLEAR_OWNERSHIP, OVERLAPPING_DUTIES or OTHER") String reasonCode,
            @NotBlank @Size(max = 2000) String reason) {
    }

    /** 延期申请: the deadline asked for, and why. */
    public record Extension(
            @NotNull @Future Instant requestedDeadline,
            @NotBlank @Size(max = 2000) String reason) {
    }
}
