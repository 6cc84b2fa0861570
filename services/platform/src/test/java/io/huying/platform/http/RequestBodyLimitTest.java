package io.huying.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Upload paths take more than the usual body limit; a star stands for exactly one path segment. */
class RequestBodyLimitTest {

    @Test
    void uploadPathsGetTheUploadAllowanceAndEveryOtherPathTheBodyLimit() {
        RequestBodyLimit limit = new RequestBodyLimit(65_536, 11_010_048,
                Optional.of(List.of("/api/calls/attachments", "/api/tasks/*/attachments")), new ObjectMapper());

        assertThat(limit.limitFor("/api/calls/attachments")).isEqualTo(11_010_048);
        assertThat(limit.limitFor("/api/tasks/0b9a7f0e-2f7e-4c4e-9a53-4ad5e3c1d101/attachments")).isEqualTo(11_010_048);
        assertThat(limit.limitFor("/api/calls")).isEqualTo(65_536);
        assertThat(limit.limitFor("/api/calls/attachments/x")).isEqualTo(65_536);
        assertThat(limit.limitFor("/api/tasks/a/b/attachments")).isEqualTo(65_536);
        assertThat(limit.limitFor("/api/tasks//attachments")).isEqualTo(65_536);
        assertThat(new RequestBodyLimit(65_536, 11_010_048, Optional.empty(), new ObjectMapper()).limitFor("/api/calls/attachments"))
                .isEqualTo(65_536);
    }
}
