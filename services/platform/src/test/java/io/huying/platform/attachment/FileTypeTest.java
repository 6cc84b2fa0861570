package io.huying.platform.attachment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Types by their first bytes; names kept safe to show and to serve. */
class FileTypeTest {

    @Test
    void theFourTypesAreToldByTheirMagicBytesAndAnythingElseIsNone() {
        assertThat(FileType.of(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xDB})).contains(FileType.JPEG);
        assertThat(FileType.of(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A})).contains(FileType.PNG);
        assertThat(FileType.of("RIFF\u0024\u0000\u0000\u0000WEBPVP8L".getBytes(StandardCharsets.ISO_8859_1))).contains(FileType.WEBP);
        assertThat(FileType.of("%PDF-1.4".getBytes(StandardCharsets.US_ASCII))).contains(FileType.PDF);

        assertThat(FileType.of("RIFF\u0024\u0000\u0000\u0000WAVEfmt ".getBytes(StandardCharsets.ISO_8859_1))).isEmpty();
        assertThat(FileType.of(new byte[] {(byte) 0x89, 'P', 'N', 'G'})).as("a truncated signature").isEmpty();
        assertThat(FileType.of("GIF89a".getBytes(StandardCharsets.US_ASCII))).isEmpty();
        assertThat(FileType.of("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(FileType.of(new byte[0])).isEmpty();
    }

    @Test
    void namesLoseDirectoriesAndUnsafeCharactersAndGetAnExtensionThatFitsTheirType() {
        assertThat(Attachments.sanitisedName("现场照片.JPG", FileType.JPEG)).isEqualTo("现场照片.JPG");
        assertThat(Attachments.sanitisedName("scan.pdf", FileType.PNG)).isEqualTo("scan.png");
        assertThat(Attachments.sanitisedName("C:\\Users\\li\\photo.jpeg", FileType.JPEG)).isEqualTo("photo.jpeg");
        assertThat(Attachments.sanitisedName("../../etc/passwd", FileType.PDF)).isEqualTo("passwd.pdf");
        assertThat(Attachments.sanitisedName("a\u0000b\r\n\"c\".webp", FileType.WEBP)).isEqualTo("abc.webp");
        assertThat(Attachments.sanitisedName(".jpg", FileType.JPEG)).isEqualTo("attachment.jpg");
        assertThat(Attachments.sanitisedName(null, FileType.PNG)).isEqualTo("attachment.png");
        assertThat(Attachments.sanitisedName("2026.11 report", FileType.PDF)).isEqualTo("2026.11 report.pdf");
        assertThat(Attachments.sanitisedName("长".repeat(300) + ".png", FileType.PNG)).hasSize(200).endsWith("长.png");
    }

    @Test
    void contentDispositionNamesAreEncodedAsRfc8187Values() {
        assertThat(Attachments.rfc5987("现场 1.jpg")).isEqualTo("%E7%8E%B0%E5%9C%BA%201.jpg");
    }
}
