package io.huying.platform.error;

import io.huying.contracts.problem.Problem;
import io.huying.contracts.problem.Violation;
import java.util.List;

/** Thrown by services to answer with a problem; mapped once, in {@link ProblemMappers}. */
public class ProblemException extends RuntimeException {
    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.title() + (problem.detail() == null ? "" : ": " + problem.detail()), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    /** 400 with the invalid fields named. */
    public static ProblemException invalid(String field, String message) {
        return invalid(List.of(new Violation(field, message)));
    }

    public static ProblemException invalid(List<Violation> violations) {
        return new ProblemException(Problem.of("invalid-request", "The request is not valid", 400,
                violations.size() == 1 ? violations.get(0).field() + ": " + violations.get(0).message() : violations.size() + " fields are not valid")
                .withViolations(violations));
    }

    /** 422: well-formed, but refers to something that does not exist or cannot be used. */
    public static ProblemException unprocessable(String slug, String field, String message) {
        return new ProblemException(Problem.of(slug, "The request cannot be processed", 422, field + ": " + message)
                .withViolations(List.of(new Violation(field, message))));
    }

    /** 404; also used where revealing that the object exists in another unit would leak. */
    public static ProblemException notFound(String what) {
        return new ProblemException(Problem.of("not-found", "Not found", 404, what + " does not exist or is not visible to your unit"));
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(Problem.forbidden(detail));
    }

    public static ProblemException conflict(String slug, String detail) {
        return new ProblemException(Problem.of(slug, "Conflict", 409, detail));
    }
}
