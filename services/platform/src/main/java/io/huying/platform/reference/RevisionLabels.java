package io.huying.platform.reference;

/**
 * How a version of reference data managed in the product is labelled: the shipped version with the revision, e.g.
 * {@code 2026.2-r3}, whichever revision it was made from.
 */
public final class RevisionLabels {
    private RevisionLabels() {
    }

    /** The label of {@code revision}, made from the version labelled {@code madeFrom} ("2026.2" or "2026.2-r2" → "2026.2-r3"). */
    public static String of(String madeFrom, int revision) {
        int r = madeFrom.lastIndexOf("-r");
        String shipped = r > 0 && madeFrom.substring(r + 2).matches("[0-9]+") ? madeFrom.substring(0, r) : madeFrom;
        return shipped + "-r" + revision;
    }
}
