package io.huying.platform.security;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** 查看完整号码 — why a user reveals a reporter's phone number; kept with the reveal in the audit log. */
public record RevealRequest(@NotBlank @Size(min = 2, max = 200) String reason) {
}
