package io.huying.platform.attachment;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The file types Huying takes, told by their first bytes (magic numbers), never by the name or the
 * Content-Type the client declared: a script renamed to photo.jpg is refused, a PNG named scan.pdf is
 * a PNG.
 */
public enum FileType {
    JPEG("image/jpeg", List.of("jpg", "jpeg")),
    PNG("image/png", List.of("png")),
    WEBP("image/webp", List.of("webp")),
    PDF("application/pdf", List.of("pdf"));

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    private static final byte[] PDF_SIGNATURE = "%PDF-".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RIFF = "RIFF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WEBP_FORM = "WEBP".getBytes(StandardCharsets.US_ASCII);

    private final String contentType;
    private final List<String> extensions;

    FileType(String contentType, List<String> extensions) {
        this.contentType = contentType;
        this.extensions = extensions;
    }

    public String contentType() {
        return contentType;
    }

    /** The usual file name extensions, the first preferred. */
    public List<String> extensions() {
        return extensions;
    }

    /** The type the bytes are, or empty when they are none of the accepted ones. */
    public static Optional<FileType> of(byte[] bytes) {
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xFF && (bytes[1] & 0xff) == 0xD8 && (bytes[2] & 0xff) == 0xFF) {
            return Optional.of(JPEG);
        }
        if (startsWith(bytes, 0, PNG_SIGNATURE)) {
            return Optional.of(PNG);
        }
        if (startsWith(bytes, 0, RIFF) && startsWith(bytes, 8, WEBP_FORM)) {
            return Optional.of(WEBP);
        }
        if (startsWith(bytes, 0, PDF_SIGNATURE)) {
            return Optional.of(PDF);
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] bytes, int at, byte[] signature) {
        return bytes.length >= at + signature.length && Arrays.equals(bytes, at, at + signature.length, signature, 0, signature.length);
    }
}
