package dev.microlab.cqrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.cqrs.ProjectionCrashChild.Totals;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("FileProjectionStore")
class FileProjectionStoreTest {

    @TempDir
    Path dir;

    private FileProjectionStore<Totals> open(Path file, int flushEvery) {
        return FileProjectionStore.builder(file, Totals.class, Totals.ZERO).flushEvery(flushEvery).open();
    }

    @Test
    @DisplayName("model, checkpoint and dead letters are read back together after a reopen")
    void roundTrip() {
        Path file = dir.resolve("t.projection");
        FileProjectionStore<Totals> store = open(file, 1);
        DeadLetter letter = new DeadLetter(2, "order-1", 0, UUID.randomUUID(), "order-item-added",
                "IllegalStateException: bad", Instant.parse("2026-01-01T00:00:00Z"));
        ProjectionState<Totals> first = store.current().applied(new Totals(1, 3), 1);
        assertThat(store.commit(store.current(), first)).isTrue();
        assertThat(store.commit(first, first.parked(letter))).isTrue();

        ProjectionState<Totals> reopened = open(file, 1).current();

        assertThat(reopened.model()).isEqualTo(new Totals(1, 3));
        assertThat(reopened.position()).isEqualTo(2);
        assertThat(reopened.deadLetters()).containsExactly(letter);
    }

    @Test
    @DisplayName("commit compares the expected state by identity: an equal copy of it is not the current state")
    void commitComparesIdentity() {
        FileProjectionStore<Totals> store = open(dir.resolve("t.projection"), 1);
        ProjectionState<Totals> current = store.current();
        ProjectionState<Totals> equalCopy = new ProjectionState<>(current.model(), current.position(), List.of());
        assertThat(store.commit(equalCopy, current.applied(new Totals(1, 1), 1))).as("not the object read").isFalse();
        assertThat(store.commit(current, current.applied(new Totals(1, 1), 1))).isTrue();
        assertThatThrownBy(() -> store.commit(store.current(), store.current().applied(Totals.ZERO, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only moves forward");
    }

    @Test
    @DisplayName("with flushEvery(3) the file lags by at most two commits, and always holds a model with its own checkpoint")
    void flushEveryLags() {
        Path file = dir.resolve("t.projection");
        FileProjectionStore<Totals> store = open(file, 3);
        for (int i = 1; i <= 5; i++) {
            ProjectionState<Totals> s = store.current();
            store.commit(s, s.applied(new Totals(i, i), i));
        }
        assertThat(open(file, 3).current().position()).as("written at the 3rd commit").isEqualTo(3);
        assertThat(open(file, 3).current().model()).isEqualTo(new Totals(3, 3));
        store.flush();
        assertThat(open(file, 3).current().position()).as("flushed").isEqualTo(5);
    }

    @Test
    @DisplayName("a damaged file is reported with its name and left as it is, never replaced by an empty model")
    void corruptedFileReported() throws Exception {
        Path file = dir.resolve("t.projection");
        FileProjectionStore<Totals> store = open(file, 1);
        store.commit(store.current(), store.current().applied(new Totals(1, 1), 1));
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 3] ^= 0x01;
        Files.write(file, bytes);
        assertThatThrownBy(() -> open(file, 1)).isInstanceOf(ProjectionStoreCorruptedException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("checksum");
        assertThat(Files.readAllBytes(file)).as("nothing replaced").isEqualTo(bytes);
        Files.write(file, "not a projection".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> open(file, 1)).isInstanceOf(ProjectionStoreCorruptedException.class)
                .hasMessageContaining("header");
    }

    @Test
    @DisplayName("the rebuild factory opens a new file per generation, after the ones already in the directory")
    void factoryGenerations() {
        var factory = FileProjectionStore.factory(dir, "totals", Totals.class, Totals.ZERO);
        FileProjectionStore<Totals> first = (FileProjectionStore<Totals>) factory.get();
        first.commit(first.current(), first.current().applied(new Totals(1, 1), 1));
        assertThat(first.path().getFileName().toString()).isEqualTo("totals-1.projection");
        var afterRestart = FileProjectionStore.factory(dir, "totals", Totals.class, Totals.ZERO);
        assertThat(((FileProjectionStore<Totals>) afterRestart.get()).path().getFileName().toString())
                .isEqualTo("totals-2.projection");
    }

    @Test
    @DisplayName("bad builder values are refused naming the field")
    void builderValidation() {
        assertThatThrownBy(() -> FileProjectionStore.builder(dir.resolve("x"), Totals.class, Totals.ZERO).flushEvery(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("flushEvery must be in [1, 1000000], but was 0");
        assertThatThrownBy(() -> FileProjectionStore.builder(null, Totals.class, Totals.ZERO))
                .isInstanceOf(NullPointerException.class).hasMessage("file must not be null");
    }
}
