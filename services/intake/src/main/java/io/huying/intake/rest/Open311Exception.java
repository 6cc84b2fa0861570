package io.huying.intake.rest;

/** A refusal in Open311's terms: the HTTP status (400, 403 or 404) and the error's description. */
public class Open311Exception extends RuntimeException {
    private final int status;

    public Open311Exception(int status, String description) {
        super(description, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static Open311Exception invalid(String description) {
        return new Open311Exception(400, description);
    }

    public static Open311Exception notFound(String description) {
        return new Open311Exception(404, description);
    }
}
