package io.huying.response.repository;

import io.huying.response.TaskActivity;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class TaskActivityRepository implements PanacheRepositoryBase<TaskActivity, UUID> {

    public Uni<List<TaskActivity>> ofTask(UUID taskId) {
        return list("taskId", Sort.ascending("at"), taskId);
    }
}
