package io.huying.intake.service;

import io.huying.contracts.reference.OrgPath;
import io.huying.intake.Call;
import io.huying.intake.CallHandling;
import io.huying.intake.Open311Client;
import io.huying.intake.RaiseCall;
import io.huying.intake.ServiceRequest;
import io.huying.intake.ServiceRequestFilter;
import io.huying.intake.config.Open311Config;
import io.huying.intake.repository.CallRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Open311 GeoReport v2's use cases on calls: who a client is by its api_key, a client raising a call
 * (through {@link CallIntake}, as its bound unit), and the service requests a reader may see.
 */
@ApplicationScoped
public class Open311Requests {
    /** The most service requests one GET returns, newest first (the spec's suggested limit). */
    public static final int LIMIT = 1000;

    private final CallRepository calls;
    private final CallIntake intake;
    private final List<KeyedClient> clients;

    public Open311Requests(CallRepository calls, CallIntake intake, Open311Config config) {
        this.calls = calls;
        this.intake = intake;
        List<KeyedClient> known = new ArrayList<>();
        config.clients().forEach((name, c) -> {
            if (!c.keySha256().matches("[0-9a-fA-F]{64}")) {
                throw new IllegalStateException("huying.open311.clients." + name + ".key-sha256 must be 64 hex digits (a SHA-256)");
            }
            if (!OrgPath.isWellFormed(c.unit())) {
                throw new IllegalStateException("huying.open311.clients." + name + ".unit is not an org path: " + c.unit());
            }
            known.add(new KeyedClient(HexFormat.of().parseHex(c.keySha256()), new Open311Client(name, OrgPath.of(c.unit()), c.channel())));
        });
        this.clients = List.copyOf(known);
    }

    private record KeyedClient(byte[] keySha256, Open311Client client) {
    }

    /** The client whose api_key this is; empty for an unknown key. The comparison takes the same time whatever matches. */
    public Optional<Open311Client> client(String apiKey) {
        if (apiKey == null || apiKey.isEmpty()) {
            return Optional.empty();
        }
        byte[] digest = sha256(apiKey);
        Open311Client found = null;
        for (KeyedClient c : clients) {
            if (MessageDigest.isEqual(c.keySha256(), digest)) {
                found = c.client();
            }
        }
        return Optional.ofNullable(found);
    }

    /** {@code client} raises {@code request} (no Idempotency-Key: Open311 has none); the audit entry goes in with the call. */
    public Uni<CallIntake.RaiseResult> raise(Open311Client client, RaiseCall request, JsonObject audit) {
        return intake.raise(client.caller(), request, null, audit);
    }

    /** The service requests matching {@code filter}, newest first, at most {@link #LIMIT}. */
    @WithSession
    public Uni<List<ServiceRequest>> find(ServiceRequestFilter filter) {
        return calls.open311(filter).page(Page.ofSize(LIMIT)).list()
                .chain(found -> calls.handling(found.stream().map(call -> call.id).toList()).map(handling -> {
                    Map<UUID, CallHandling> byCall = handling.stream().collect(Collectors.toMap(CallHandling::callId, Function.identity()));
                    List<ServiceRequest> requests = new ArrayList<>(found.size());
                    for (Call call : found) {
                        requests.add(new ServiceRequest(call, byCall.getOrDefault(call.id, new CallHandling(call.id, null, null, null))));
                    }
                    return requests;
                }));
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
