package io.huying.dispatch.repository;

import io.huying.dispatch.Task;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class TaskRepository implements PanacheRepositoryBase<Task, UUID> {

    public Uni<List<Task>> ofCall(UUID callId) {
        return list("callId", Sort.ascending("dispatchedAt").and("role"), callId);
    }
}
