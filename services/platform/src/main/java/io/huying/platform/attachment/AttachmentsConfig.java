package io.huying.platform.attachment;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Settings of attachments ({@code huying.attachments.*}). */
@ConfigMapping(prefix = "huying.attachments")
public interface AttachmentsConfig {

    /** Where the bytes live: {@code postgresql} (the service's database; the default) or {@code s3}. */
    @WithDefault("postgresql")
    StoreKind store();

    /** The largest file taken, in bytes (10 MiB). */
    @WithDefault("10485760")
    long maxBytes();

    /** The path that serves an attachment, to which its id is appended, e.g. {@code /api/calls/attachments/}. */
    @WithDefault("/api/attachments/")
    String urlPrefix();

    /** How long an upload nobody claimed is kept. */
    @WithDefault("24h")
    Duration unboundFor();

    /** How often unclaimed uploads are looked for ({@link AttachmentPurge}); {@code off} to never. */
    @WithDefault("1h")
    String purgeEvery();

    /** The S3-compatible store, when {@link #store()} is {@code s3}. */
    S3 s3();

    enum StoreKind {
        POSTGRESQL, S3;
    }

    /**
     * An S3-compatible object store (AWS S3, MinIO, Ceph RGW, Aliyun OSS, Tencent COS), signed with AWS
     * Signature V4. The keys come from the environment in production
     * ({@code HUYING_ATTACHMENTS_S3_ACCESS_KEY}, {@code HUYING_ATTACHMENTS_S3_SECRET_KEY}).
     */
    interface S3 {
        /** e.g. {@code https://s3.cn-north-1.amazonaws.com.cn} or {@code http://minio:9000}. */
        Optional<URI> endpoint();

        Optional<String> bucket();

        @WithDefault("us-east-1")
        String region();

        Optional<String> accessKey();

        Optional<String> secretKey();

        /** Objects are named {@code <key-prefix><id>}; the default keeps each service's files apart in a shared bucket. */
        @WithDefault("${huying.service:huying}/")
        String keyPrefix();

        /** {@code endpoint/bucket/key} (MinIO and most self-hosted stores) rather than {@code bucket.endpoint/key}. */
        @WithDefault("true")
        boolean pathStyle();

        /** How long one request may take. */
        @WithDefault("30s")
        Duration timeout();
    }
}
