package io.huying.feedback.rest;

import io.huying.feedback.Satisfaction;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The raiser's verdict: resolved or not, the rating (满意/基本满意/不满意), and a comment (required when not resolved). */
public record VerificationRequest(@NotNull Boolean resolved, @NotNull Satisfaction satisfaction, @Size(max = 2000) String comment) {
}
