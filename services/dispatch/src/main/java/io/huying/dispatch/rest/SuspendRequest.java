package io.huying.dispatch.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** 挂起: what the task waits on, outside its unit's control. */
public record SuspendRequest(@NotBlank @Size(max = 500) String reason) {
}
