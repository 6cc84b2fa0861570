package io.huying.platform.attachment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The S3 store's signing, against the worked example of the AWS documentation (Signature V4, "GET Object"). */
class SigV4Test {

    @Test
    void theDocumentedGetObjectExampleGetsTheDocumentedSignature() {
        SigV4 signer = new SigV4("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "us-east-1");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", "examplebucket.s3.amazonaws.com");
        headers.put("Range", "bytes=0-9");

        Map<String, String> signed = signer.sign("GET", "/test.txt", headers, SigV4.EMPTY_PAYLOAD_SHA256, Instant.parse("2013-05-24T00:00:00Z"));

        assertThat(signed.get("authorization")).isEqualTo("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
        assertThat(signed).containsEntry("x-amz-date", "20130524T000000Z").containsEntry("x-amz-content-sha256", SigV4.EMPTY_PAYLOAD_SHA256);
    }

    @Test
    void pathSegmentsAreEncodedAsSigV4WantsThem() {
        assertThat(SigV4.encodeSegment("intake")).isEqualTo("intake");
        assertThat(SigV4.encodeSegment("a b+c~d_e.f")).isEqualTo("a%20b%2Bc~d_e.f");
        assertThat(SigV4.encodeSegment("附件")).isEqualTo("%E9%99%84%E4%BB%B6");
    }
}
