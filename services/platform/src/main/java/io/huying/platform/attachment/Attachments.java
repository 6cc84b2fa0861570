package io.huying.platform.attachment;

import io.huying.contracts.Ids;
import io.huying.contracts.events.FileRef;
import io.huying.contracts.problem.Problem;
import io.huying.contracts.problem.Violation;
import io.huying.platform.error.ProblemException;
import io.huying.platform.security.Caller;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * 附件 — uploads of photos and PDFs, and their binding to what they document (a call, a task's completion).
 *
 * <p>An upload is checked and stored at once, unbound: its type is told by its bytes ({@link FileType}),
 * its size must not pass {@code huying.attachments.max-bytes}, and its metadata and bytes are written in one
 * transaction, so a refused or failed upload leaves nothing. The object it belongs to then
 * {@linkplain #claim claims} it in that object's own transaction; uploads nobody claims are purged after a
 * day ({@link AttachmentPurge}). Who may read a bound file is the owning service's rule; an unbound one only
 * its uploader's unit may read ({@link #serve}).
 */
@ApplicationScoped
public class Attachments {
    /** The multipart part that carries the file, and the field errors name. */
    public static final String PART = "file";
    /** The field of a request that lists uploads to claim. */
    public static final String FILES = "files";
    /** At most this many files per call or per completion. */
    public static final int MAX_PER_OBJECT = 9;
    private static final int MAX_NAME_LENGTH = 200;
    private static final Set<String> KNOWN_EXTENSIONS = Arrays.stream(FileType.values())
            .flatMap(t -> t.extensions().stream()).collect(Collectors.toUnmodifiableSet());

    private final AttachmentStore store;
    private final AttachmentsConfig config;
    private final Clock clock;
    private final Vertx vertx;

    public Attachments(AttachmentStore store, AttachmentsConfig config, Clock clock, Vertx vertx) {
        this.store = store;
        this.config = config;
        this.clock = clock;
        this.vertx = vertx;
    }

    /**
     * The multipart part {@code file}: 400 when there is none, 413 when it is larger than allowed (before its
     * bytes are read), otherwise {@link #upload(Caller, String, byte[])}.
     */
    public Uni<FileRef> upload(Caller caller, FileUpload part) {
        if (part == null || part.uploadedFile() == null) {
            return Uni.createFrom().failure(ProblemException.invalid(PART, "a multipart/form-data part named \"file\" is required"));
        }
        if (part.size() > config.maxBytes()) {
            return Uni.createFrom().failure(tooLarge(part.size()));
        }
        return vertx.fileSystem().readFile(part.uploadedFile().toString())
                .chain(buffer -> upload(caller, part.fileName(), buffer.getBytes()));
    }

    /**
     * Stores an upload of the caller's unit, unbound. The type comes from the bytes; {@code declaredName}
     * only names the file (sanitised, its extension made to fit the type). 400 for an empty file, 413 for
     * one too large, 415 for one of another type: nothing is stored then.
     */
    public Uni<FileRef> upload(Caller caller, String declaredName, byte[] bytes) {
        String unit = caller.unit().value();
        if (bytes.length == 0) {
            return Uni.createFrom().failure(ProblemException.invalid(PART, "the file is empty"));
        }
        if (bytes.length > config.maxBytes()) {
            return Uni.createFrom().failure(tooLarge(bytes.length));
        }
        FileType type = FileType.of(bytes).orElse(null);
        if (type == null) {
            return Uni.createFrom().failure(new ProblemException(Problem.of("unsupported-file-type", "Unsupported file type", 415,
                            PART + ": only JPEG, PNG, WebP and PDF files are accepted (judged by the file's content, not its name)")
                    .withViolations(List.of(new Violation(PART, "must be a JPEG, PNG, WebP or PDF file")))));
        }
        Attachment attachment = new Attachment();
        attachment.id = Ids.next();
        attachment.name = sanitisedName(declaredName, type);
        attachment.contentType = type.contentType();
        attachment.size = bytes.length;
        attachment.sha256 = SigV4.sha256Hex(bytes);
        attachment.uploaderUnit = unit;
        attachment.uploaderUsername = caller.username();
        attachment.createdAt = clock.instant();
        // Flushed before the bytes: the content row refers to the metadata row.
        return Panache.withTransaction(() -> Panache.getSession()
                        .chain(session -> session.persist(attachment).call(session::flush))
                        .chain(() -> store.put(attachment.id, attachment.contentType, bytes)))
                .map(ignored -> attachment.ref(config.urlPrefix()));
    }

    private ProblemException tooLarge(long size) {
        return new ProblemException(Problem.of("file-too-large", "File too large", 413,
                        PART + ": the file has " + size + " bytes; at most " + config.maxBytes() + " are accepted")
                .withViolations(List.of(new Violation(PART, "must be at most " + config.maxBytes() + " bytes"))));
    }

    /**
     * Binds uploads to the object {@code (scope, ref)}, in the caller's transaction (call it inside the
     * transaction that writes the object, so both commit or neither). Each id must name an upload of the
     * caller's unit that is unbound, or bound to this very object already (a retry); at most
     * {@link #MAX_PER_OBJECT}, repeats counted once. Otherwise 422 naming {@code files}, and the caller's
     * transaction fails. Returns the files in the order given.
     */
    public Uni<List<FileRef>> claim(Caller caller, List<UUID> ids, String scope, UUID ref) {
        if (ids == null || ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        if (ids.stream().anyMatch(Objects::isNull)) {
            return Uni.createFrom().failure(unusable("an id is missing"));
        }
        List<UUID> wanted = List.copyOf(new LinkedHashSet<>(ids));
        if (wanted.size() > MAX_PER_OBJECT) {
            return Uni.createFrom().failure(unusable("at most " + MAX_PER_OBJECT + " files are accepted, " + wanted.size() + " were given"));
        }
        String unit = caller.unit().value();
        return Panache.getSession()
                .chain(session -> session.createSelectionQuery("from Attachment where id in :ids order by id", Attachment.class)
                        .setParameter("ids", wanted)
                        .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                        .getResultList())
                .map(found -> {
                    Map<UUID, Attachment> byId = found.stream().collect(Collectors.toMap(a -> a.id, Function.identity()));
                    List<FileRef> refs = new ArrayList<>(wanted.size());
                    for (int i = 0; i < wanted.size(); i++) {
                        UUID id = wanted.get(i);
                        Attachment a = byId.get(id);
                        boolean sameObject = a != null && a.bound() && a.boundRef.equals(ref) && a.boundScope.equals(scope);
                        if (a == null || !a.uploaderUnit.equals(unit) || (a.bound() && !sameObject)) {
                            // One answer for all three: whether another unit's upload exists is not the caller's to learn.
                            throw unusable("file " + id + " does not exist, was not uploaded by your unit, or belongs to something else");
                        }
                        a.boundScope = scope;
                        a.boundRef = ref;
                        a.boundPosition = i;
                        refs.add(a.ref(config.urlPrefix()));
                    }
                    return refs;
                });
    }

    private static ProblemException unusable(String message) {
        return ProblemException.unprocessable("unusable-files", FILES, message);
    }

    /** An attachment's metadata, or null. */
    @WithSession
    public Uni<Attachment> find(UUID id) {
        return Panache.getSession().chain(session -> session.find(Attachment.class, id));
    }

    /**
     * The files that {@code ids} name, as they would be claimed, without claiming or checking them (e.g. to
     * answer with them before the claim in the same transaction); unknown ids are left out.
     */
    @WithSession
    public Uni<Map<UUID, FileRef>> refs(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.getSession()
                .chain(session -> session.createSelectionQuery("from Attachment where id in :ids", Attachment.class)
                        .setParameter("ids", List.copyOf(new LinkedHashSet<>(ids))).getResultList())
                .map(found -> found.stream().collect(Collectors.toMap(a -> a.id, a -> a.ref(config.urlPrefix()))));
    }

    /** The files bound to {@code (scope, ref)}, in the order they were claimed. */
    public Uni<List<FileRef>> files(String scope, UUID ref) {
        return filesOf(scope, List.of(ref)).map(found -> found.getOrDefault(ref, List.of()));
    }

    /** The files bound to each of {@code refs} in {@code scope} (one query); an object without files has no entry. */
    @WithSession
    public Uni<Map<UUID, List<FileRef>>> filesOf(String scope, Collection<UUID> refs) {
        if (refs.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.getSession()
                .chain(session -> session.createSelectionQuery(
                                "from Attachment where boundScope = :scope and boundRef in :refs order by boundRef, boundPosition", Attachment.class)
                        .setParameter("scope", scope).setParameter("refs", List.copyOf(new LinkedHashSet<>(refs))).getResultList())
                .map(found -> {
                    Map<UUID, List<FileRef>> byRef = new HashMap<>();
                    for (Attachment a : found) {
                        byRef.computeIfAbsent(a.boundRef, r -> new ArrayList<>()).add(a.ref(config.urlPrefix()));
                    }
                    return byRef;
                });
    }

    /** Decides whether the caller may read a file bound to {@code (scope, ref)}: the owning service's rule. */
    @FunctionalInterface
    public interface BoundReaders {
        Uni<Boolean> mayRead(String scope, UUID ref);
    }

    /**
     * The file's bytes as an HTTP response, when the caller may read it: an unbound upload only its
     * uploader's unit, a bound one whoever {@code readers} lets. Everyone else gets the same 404 as for a
     * file that does not exist, so that existence is not revealed. The bytes are read only once allowed.
     */
    @WithSession
    public Uni<Response> serve(Caller caller, UUID id, BoundReaders readers) {
        return find(id).chain(a -> mayRead(caller, a, readers).chain(allowed -> {
            if (!allowed) {
                return Uni.createFrom().failure(ProblemException.notFound("file " + id));
            }
            return store.get(id).map(bytes -> {
                if (bytes == null) {
                    Log.errorf("attachment %s has metadata but no bytes in the %s store", id, config.store());
                    throw ProblemException.notFound("file " + id);
                }
                return response(a, bytes);
            });
        }));
    }

    private static Uni<Boolean> mayRead(Caller caller, Attachment a, BoundReaders readers) {
        if (a == null) {
            return Uni.createFrom().item(false);
        }
        if (!a.bound()) {
            return Uni.createFrom().item(caller.orgPaths().stream().anyMatch(p -> p.value().equals(a.uploaderUnit)));
        }
        return readers.mayRead(a.boundScope, a.boundRef);
    }

    /** Served inline under its own type, never sniffed as another, cached only by the user's browser. */
    static Response response(Attachment a, byte[] bytes) {
        return Response.ok(bytes, a.contentType)
                .header("Content-Disposition", "inline; filename*=UTF-8''" + rfc5987(a.name))
                .header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "private, max-age=3600")
                .header("ETag", "\"" + a.sha256 + "\"")
                .build();
    }

    /** RFC 5987 / 8187 value: UTF-8, everything but attr-chars percent-encoded. */
    static String rfc5987(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    /**
     * The name to keep: no directories, control or reserved characters, at most 200 characters, and an
     * extension that fits the type (a PNG uploaded as scan.pdf is kept as scan.png).
     */
    static String sanitisedName(String declared, FileType type) {
        String name = declared == null ? "" : Normalizer.normalize(declared, Normalizer.Form.NFC);
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = name.replaceAll("[\\p{Cntrl}\\p{Cf}\"*:<>?|]", "").replaceAll("\\s+", " ").strip();
        String base = name;
        String extension = type.extensions().get(0);
        int dot = name.lastIndexOf('.');
        if (dot >= 0) {
            String given = name.substring(dot + 1);
            if (type.extensions().contains(given.toLowerCase(Locale.ROOT))) {
                base = name.substring(0, dot);
                extension = given;
            } else if (KNOWN_EXTENSIONS.contains(given.toLowerCase(Locale.ROOT))) {
                base = name.substring(0, dot);
            }
        }
        base = base.replaceAll("^[.\\s]+", "").strip(); // no hidden files, no ".."
        if (base.isEmpty()) {
            base = "attachment";
        }
        int room = MAX_NAME_LENGTH - extension.length() - 1;
        if (base.codePointCount(0, base.length()) > room) {
            base = base.substring(0, base.offsetByCodePoints(0, room)).strip();
        }
        return base + "." + extension;
    }
}
