package io.huying.platform.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.huying.contracts.problem.Problem;
import io.huying.contracts.problem.Violation;
import io.huying.platform.health.Stalls;
import io.huying.platform.health.TransientFailures;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Comparator;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error a Huying service returns is RFC 9457 problem+json, mapped here once: validation
 * (400 naming each field), unreadable JSON (400 naming the field), authentication (401),
 * authorization (403), JAX-RS statuses (404, 405, 406, 415, …), domain problems, and a
 * last-resort 500 that leaks nothing.
 */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e.problem(), uri);
    }

    @ServerExceptionMapper
    public Response constraintViolations(ConstraintViolationException e, UriInfo uri) {
        List<Violation> violations = e.getConstraintViolations().stream()
                .map(v -> new Violation(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(Violation::field))
                .toList();
        return respond(ProblemException.invalid(violations).problem(), uri);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return respond(ProblemException.invalid(fieldOf(mapping), reasonOf(mapping)).problem(), uri);
        }
        if (e instanceof MismatchedInputException) {
            return respond(ProblemException.invalid("(body)", "a JSON object is required").problem(), uri);
        }
        return respond(ProblemException.invalid("(body)", "not valid JSON: " + e.getOriginalMessage()).problem(), uri);
    }

    /** Declared at this exact type so it wins over Quarkus' built-in mapper for it. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return unreadableJson(e, uri);
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e, UriInfo uri) {
        return unauthenticated(uri);
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return unauthenticated(uri);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(Problem.forbidden("your role does not allow this"), uri);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException unreadable) {
            // The JSON reader wraps some Jackson failures (e.g. a rejected enum value) in a bare 400.
            return unreadableJson(unreadable, uri);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            Log.errorf(e, "server error on %s", uri.getPath());
            return respond(Problem.internal(status, "the service"), uri);
        }
        String reason = e.getResponse().getStatusInfo().getReasonPhrase();
        return respond(Problem.forStatus(status, reason, e.getMessage()), uri);
    }

    /**
     * A failure that passes by itself — the service's database or broker out of reach, its pool
     * exhausted, a lock conflict ({@link TransientFailures}) — is 503 with Retry-After: the transaction
     * did not commit, and the same request may be sent again (with its Idempotency-Key, where the
     * operation takes one). Anything else is a 500.
     */
    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        if (TransientFailures.isTransient(e)) {
            Log.warnf("unavailable for %s: %s", uri.getPath(), Stalls.describe(e));
            return Response.fromResponse(respond(Problem.of("unavailable", "Service Unavailable", 503,
                    "the service cannot reach its database, broker or storage just now; try the same request again in a few seconds"), uri))
                    .header("Retry-After", RETRY_AFTER_SECONDS).build();
        }
        Log.errorf(e, "unexpected error on %s", uri.getPath());
        return respond(Problem.internal(500, "the service"), uri);
    }

    /** How long a client should wait before sending again a request refused with 503. */
    private static final String RETRY_AFTER_SECONDS = "5";

    private static Response unauthenticated(UriInfo uri) {
        return Response.status(401)
                .header("WWW-Authenticate", Problem.BEARER_CHALLENGE)
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.unauthenticated("a valid bearer token is required")
                        .withInstance(uri.getPath()))
                .build();
    }

    static Response respond(Problem problem, UriInfo uri) {
        return Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(problem.withInstance(uri.getPath()))
                .build();
    }


    /** The JSON path of a bean-validation violation, without the method and parameter names. */
    static String fieldOf(ConstraintViolation<?> violation) {
        StringBuilder field = new StringBuilder();
        boolean parameterSeen = false;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD) {
                continue;
            }
            if (node.getKind() == ElementKind.PARAMETER) {
                parameterSeen = true;
                continue;
            }
            if (node.getName() != null && !node.getName().startsWith("<")) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(node.getName());
            }
            if (node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
            }
        }
        return field.isEmpty() ? (parameterSeen ? "(body)" : violation.getPropertyPath().toString()) : field.toString();
    }

    static String fieldOf(JsonMappingException e) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                field.append('[').append(ref.getIndex()).append(']');
            }
        }
        return field.isEmpty() ? "(body)" : field.toString();
    }

    private static String reasonOf(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException) {
            return "unknown field";
        }
        Throwable cause = e.getCause();
        if (cause instanceof IllegalArgumentException && cause.getMessage() != null) {
            return cause.getMessage();
        }
        if (e instanceof InvalidFormatException invalid) {
            return "cannot be read as " + invalid.getTargetType().getSimpleName() + ": " + invalid.getValue();
        }
        if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
            return "wrong JSON type, expected " + describe(mismatched.getTargetType());
        }
        return "cannot be read";
    }

    private static String describe(Class<?> type) {
        if (type == String.class || type.isEnum()) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }
}
