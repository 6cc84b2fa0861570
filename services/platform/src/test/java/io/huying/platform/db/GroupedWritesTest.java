package io.huying.platform.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.Uni;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Requests written in groups, one group at a time; a failing group written again request by request. */
class GroupedWritesTest {
    private final Vertx vertx = Vertx.vertx();
    /** Every group the write was called with, in order. */
    private final List<List<Integer>> groups = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void requestsThatComeWhileAGroupIsWrittenGoTogetherInTheNextGroupsUpToTheLimit() throws Exception {
        CompletableFuture<Void> firstMayFinish = new CompletableFuture<>();
        GroupedWrites<Integer, String> writes = new GroupedWrites<>(vertx, 3, group -> {
            groups.add(group);
            Uni<Void> wait = groups.size() == 1 ? Uni.createFrom().completionStage(firstMayFinish) : Uni.createFrom().voidItem();
            return wait.replaceWith(group.stream().map(n -> "written " + n).toList());
        });

        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (int n = 0; n < 6; n++) {
            answers.add(writes.submit(n).subscribeAsCompletionStage());
        }
        firstMayFinish.complete(null);

        for (int n = 0; n < 6; n++) {
            assertThat(answers.get(n).get(5, TimeUnit.SECONDS)).isEqualTo("written " + n);
        }
        assertThat(groups).containsExactly(List.of(0), List.of(1, 2, 3), List.of(4, 5));
    }

    @Test
    void aGroupThatFailsIsWrittenAgainOneByOneSoOnlyTheBadRequestFails() throws Exception {
        CompletableFuture<Void> firstMayFinish = new CompletableFuture<>();
        GroupedWrites<Integer, String> writes = new GroupedWrites<>(vertx, 10, group -> {
            groups.add(group);
            if (group.contains(13)) {
                return Uni.createFrom().failure(new IllegalArgumentException("13 is refused"));
            }
            Uni<Void> wait = groups.size() == 1 ? Uni.createFrom().completionStage(firstMayFinish) : Uni.createFrom().voidItem();
            return wait.replaceWith(group.stream().map(n -> "written " + n).toList());
        });

        CompletableFuture<String> first = writes.submit(1).subscribeAsCompletionStage();
        CompletableFuture<String> good = writes.submit(12).subscribeAsCompletionStage();
        CompletableFuture<String> bad = writes.submit(13).subscribeAsCompletionStage();
        CompletableFuture<String> alsoGood = writes.submit(14).subscribeAsCompletionStage();
        firstMayFinish.complete(null);

        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("written 1");
        assertThat(good.get(5, TimeUnit.SECONDS)).isEqualTo("written 12");
        assertThat(alsoGood.get(5, TimeUnit.SECONDS)).isEqualTo("written 14");
        assertThat(bad).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(Exception.class)
                .havingRootCause().isInstanceOf(IllegalArgumentException.class).withMessage("13 is refused");
        assertThat(groups).containsExactly(List.of(1), List.of(12, 13, 14), List.of(12), List.of(13), List.of(14));
    }

    @Test
    void aWriteThatThrowsOrAnswersWrongFailsItsRequestsAndTheWriterGoesOn() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Function<List<Integer>, Uni<List<String>>> write = group -> switch (calls.incrementAndGet()) {
            case 1 -> throw new IllegalStateException("broken while assembling");
            case 2 -> Uni.createFrom().item(List.of());
            default -> Uni.createFrom().item(group.stream().map(n -> "written " + n).toList());
        };
        GroupedWrites<Integer, String> writes = new GroupedWrites<>(vertx, 10, write);

        assertThat(writes.submit(1).subscribeAsCompletionStage()).failsWithin(Duration.ofSeconds(5));
        assertThat(writes.submit(2).subscribeAsCompletionStage()).failsWithin(Duration.ofSeconds(5));
        assertThat(writes.submit(3).subscribeAsCompletionStage().get(5, TimeUnit.SECONDS)).isEqualTo("written 3");
    }

    @Test
    void aWriteThatNeverComesBackFailsItsWholeGroupAfterTheTimeoutAndTheWriterGoesOn() throws Exception {
        CompletableFuture<Void> firstMayFinish = new CompletableFuture<>();
        GroupedWrites<Integer, String> writes = new GroupedWrites<>(vertx, 10, Duration.ofMillis(300), group -> {
            groups.add(group);
            if (groups.size() == 1) {
                return Uni.createFrom().completionStage(firstMayFinish).replaceWith(List.of("written 1"));
            }
            if (group.contains(2)) {
                return Uni.createFrom().nothing();
            }
            return Uni.createFrom().item(group.stream().map(n -> "written " + n).toList());
        });

        CompletableFuture<String> first = writes.submit(1).subscribeAsCompletionStage();
        CompletableFuture<String> hung = writes.submit(2).subscribeAsCompletionStage();
        CompletableFuture<String> withIt = writes.submit(3).subscribeAsCompletionStage();
        firstMayFinish.complete(null);
        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("written 1");
        assertThat(hung).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(Exception.class)
                .havingRootCause().isInstanceOf(GroupedWrites.WriteTimedOut.class);
        assertThat(withIt).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(Exception.class)
                .havingRootCause().isInstanceOf(GroupedWrites.WriteTimedOut.class);

        assertThat(writes.submit(4).subscribeAsCompletionStage().get(5, TimeUnit.SECONDS)).isEqualTo("written 4");
        assertThat(groups).as("the hung group is not written again one by one").containsExactly(List.of(1), List.of(2, 3), List.of(4));
    }

    @Test
    void eachGroupIsWrittenOnAContextOfItsOwnAndEachAnswerGivenOnItsRequestsContext() throws Exception {
        CompletableFuture<Context> writtenOn = new CompletableFuture<>();
        GroupedWrites<Integer, String> writes = new GroupedWrites<>(vertx, 10, group -> {
            writtenOn.complete(Vertx.currentContext());
            return Uni.createFrom().item(group.stream().map(n -> "written " + n).toList());
        });
        Context requestContext = vertx.getOrCreateContext();
        CompletableFuture<Context> answeredOn = new CompletableFuture<>();

        requestContext.runOnContext(ignored -> writes.submit(1).subscribe().with(
                result -> answeredOn.complete(Vertx.currentContext()), answeredOn::completeExceptionally));

        assertThat(answeredOn.get(5, TimeUnit.SECONDS)).isSameAs(requestContext);
        assertThat(writtenOn.get(5, TimeUnit.SECONDS)).isNotNull().isNotSameAs(requestContext);
        assertThat(VertxContext.isDuplicatedContext(writtenOn.get())).isTrue();
    }
}
