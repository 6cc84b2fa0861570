package io.huying.platform.attachment;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for S3 requests without a query string, as the AWS documentation specifies it
 * ("Authenticating Requests: Using the Authorization Header"): the canonical request of method, path,
 * signed headers and payload hash, the string to sign for {@code <date>/<region>/s3/aws4_request}, and
 * the signature from the derived key. Every S3-compatible store accepts it.
 */
final class SigV4 {
    static final String EMPTY_PAYLOAD_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private final String accessKey;
    private final String secretKey;
    private final String region;

    SigV4(String accessKey, String secretKey, String region) {
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.region = region;
    }

    /**
     * The headers to send: {@code headers} (which must include {@code host}) plus {@code x-amz-date},
     * {@code x-amz-content-sha256} and {@code Authorization}, all signed.
     */
    Map<String, String> sign(String method, String encodedPath, Map<String, String> headers, String payloadSha256, Instant now) {
        String amzDate = AMZ_DATE.format(now);
        String day = amzDate.substring(0, 8);
        TreeMap<String, String> canonical = new TreeMap<>();
        headers.forEach((name, value) -> canonical.put(name.toLowerCase(Locale.ROOT), value.trim().replaceAll(" +", " ")));
        canonical.put("x-amz-date", amzDate);
        canonical.put("x-amz-content-sha256", payloadSha256);
        String signedHeaders = String.join(";", canonical.keySet());
        StringBuilder canonicalRequest = new StringBuilder().append(method).append('\n').append(encodedPath).append('\n')
                .append('\n'); // no query string
        canonical.forEach((name, value) -> canonicalRequest.append(name).append(':').append(value).append('\n'));
        canonicalRequest.append('\n').append(signedHeaders).append('\n').append(payloadSha256);
        String scope = day + "/" + region + "/s3/aws4_request";
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + sha256Hex(canonicalRequest.toString().getBytes(StandardCharsets.UTF_8));
        byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), day);
        key = hmac(key, region);
        key = hmac(key, "s3");
        key = hmac(key, "aws4_request");
        String signature = HEX.formatHex(hmac(key, stringToSign));
        Map<String, String> signed = new LinkedHashMap<>(canonical);
        signed.put("authorization", "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + scope + ",SignedHeaders=" + signedHeaders
                + ",Signature=" + signature);
        return signed;
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A path segment encoded as SigV4 wants it: everything but unreserved characters percent-encoded. */
    static String encodeSegment(String segment) {
        StringBuilder out = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(HEX.toHexDigits(b).toUpperCase(Locale.ROOT));
            }
        }
        return out.toString();
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
