package io.huying.intake;

import io.huying.contracts.events.FileRef;
import io.huying.platform.security.Caller;
import java.util.List;

/**
 * The answer to a raise as its raiser reads it: the stored call's JSON view, written with the
 * raise's Idempotency-Key so that a retry replays it. Intake's use case calls it; the API's view
 * mapping (mapping/) gives it.
 */
public interface RaiseAnswers {
    String body(Call call, Caller caller, List<FileRef> files);
}
