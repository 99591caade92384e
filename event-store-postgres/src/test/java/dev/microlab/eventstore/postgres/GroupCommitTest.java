package dev.microlab.eventstore.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.EventStoreException;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.StreamName;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("GroupCommit: the queue and leader of the PostgreSQL append path")
class GroupCommitTest {

    private static GroupCommit.Pending pending(EventData... events) {
        return new GroupCommit.Pending(StreamName.of("order-1"), ExpectedVersion.ANY, List.of(events));
    }

    @Test
    @DisplayName("a group whose run fails unexpectedly answers every member, so no appending thread waits forever")
    void failingGroupAnswersEveryone() {
        GroupCommit groups = new GroupCommit();
        GroupCommit.Pending mine = pending(EventData.of("a", new byte[0]));

        groups.submit(mine, group -> {
            throw new IllegalStateException("driver bug");
        });

        assertThat(mine.done).isTrue();
        assertThat(mine.failure).isInstanceOf(EventStoreException.class).hasMessageContaining("driver bug")
                .hasMessageContaining("retry with the same event ids").hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("the leader runs its own append in the group, and answers come from the runner")
    void leaderRunsItsOwnAppend() {
        GroupCommit groups = new GroupCommit();
        GroupCommit.Pending mine = pending(EventData.of("a", new byte[0]));
        List<Integer> sizes = new ArrayList<>();

        groups.submit(mine, group -> {
            sizes.add(group.size());
            group.forEach(p -> p.done = true);
        });

        assertThat(sizes).containsExactly(1);
        assertThat(mine.failure).isNull();
    }
}
