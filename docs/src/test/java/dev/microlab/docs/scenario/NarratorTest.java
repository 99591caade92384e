package dev.microlab.docs.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.docs.diagram.Timeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The narrator")
class NarratorTest {

    private final List<String> printed = new ArrayList<>();
    private final Narrator narrator = new Narrator(printed::add);

    @Test
    @DisplayName("stamps each line with the virtual time elapsed, as [+mm:ss.SSS]")
    void stampsLinesWithVirtualTime() {
        // Given
        narrator.time().advance(Duration.ofMillis(1500));
        // When
        narrator.say("the failure rate crossed 50% — the breaker opens");
        // Then
        assertThat(printed).as("the line goes to the output with its virtual timestamp")
                .containsExactly("[+00:01.500] the failure rate crossed 50% — the breaker opens");
    }

    @Test
    @DisplayName("keeps counting minutes past an hour instead of rolling over")
    void stampPastAnHour() {
        assertThat(Narrator.stamp(Duration.ofMinutes(75).plusSeconds(3).plusMillis(7)))
                .as("75 minutes, 3 s and 7 ms").isEqualTo("75:03.007");
    }

    @Test
    @DisplayName("writes long lines wrapped at 100 columns, indented under the text, and keeps them whole in lines()")
    void wrapsWrittenLines() {
        // Given
        List<String> written = new ArrayList<>();
        Narrator narrator = new Narrator(written::add);
        String text = "the payment retry waits 100 ms and tries again: the load balancer picks the other instance,"
                + " which answers, so the order ships";
        // When
        narrator.say(text);
        // Then
        String[] physical = written.get(0).split("\n");
        assertThat(physical).hasSize(2).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(Narrator.WIDTH));
        assertThat(physical[0]).startsWith("[+00:00.000] the payment retry");
        assertThat(physical[1]).startsWith(" ".repeat(13) + "instance,").doesNotStartWith(" ".repeat(14));
        assertThat(narrator.lines()).containsExactly("[+00:00.000] " + text);
    }

    @Test
    @DisplayName("a word longer than a line stays whole; an indented line keeps its indent and hangs deeper")
    void wrapEdges() {
        String longWord = "x".repeat(120);
        assertThat(Narrator.wrap("[+00:00.000] ", longWord, 100)).isEqualTo("[+00:00.000] " + longWord);
        String wrapped = Narrator.wrap("[+00:00.000] ", "  └ " + "word ".repeat(30).trim(), 100);
        assertThat(wrapped.split("\n")[0]).startsWith("[+00:00.000]   └ word");
        assertThat(wrapped.split("\n")[1]).startsWith(" ".repeat(17) + "word");
    }

    @Test
    @DisplayName("records milestones with their id and virtual time, in order")
    void recordsMilestones() {
        // Given
        narrator.milestone("calls-succeed", "three calls succeed");
        narrator.time().advance(Duration.ofSeconds(2));
        // When
        narrator.milestone("breaker-opened", "the breaker opens");
        // Then
        assertThat(narrator.milestoneIds()).as("milestone ids in the order reached")
                .containsExactly("calls-succeed", "breaker-opened");
        assertThat(narrator.milestone("breaker-opened").at()).as("when the breaker opened")
                .isEqualTo(Duration.ofSeconds(2));
        assertThat(printed).as("a milestone is also narrated").hasSize(2);
    }

    @Test
    @DisplayName("a plain line is narrated but is not a milestone")
    void sayIsNotAMilestone() {
        narrator.say("just talking");

        assertThat(narrator.lines()).as("the line is recorded").hasSize(1);
        assertThat(narrator.milestones()).as("no milestone was reached").isEmpty();
    }

    @Test
    @DisplayName("asking for a milestone never reached names the ones that were")
    void missingMilestone() {
        narrator.milestone("started", "go");

        assertThatThrownBy(() -> narrator.milestone("finished"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'finished'").hasMessageContaining("[started]");
    }

    @Test
    @DisplayName("rejects a milestone id that is not kebab-case")
    void rejectsBadMilestoneId() {
        assertThatThrownBy(() -> narrator.milestone("Breaker Opened", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kebab-case").hasMessageContaining("'Breaker Opened'");
    }

    @Test
    @DisplayName("the scheduler runs tasks on the narrator's own virtual clock")
    void schedulerSharesTheClock() {
        // Given
        narrator.scheduler().schedule(Duration.ofSeconds(5), () -> narrator.say("due"));
        // When
        narrator.scheduler().advance(Duration.ofSeconds(10));
        // Then
        assertThat(printed).as("the task ran at +5 s on the narrator's clock").containsExactly("[+00:05.000] due");
        assertThat(narrator.elapsed()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    @DisplayName("keeps the diagrams a scenario draws")
    void keepsDiagrams() {
        Timeline timeline = new Timeline("t").at("+0 s", "start");

        narrator.draw(timeline);

        assertThat(narrator.diagrams()).containsExactly(timeline);
    }

    @Test
    @DisplayName("records every line and milestone when several threads narrate at once")
    void concurrentNarration() throws Exception {
        // Given
        int threads = 4;
        int perThread = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        List<String> sink = java.util.Collections.synchronizedList(new ArrayList<>());
        Narrator shared = new Narrator(sink::add);
        try {
            for (int t = 0; t < threads; t++) {
                int id = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        shared.milestone("thread-" + id, "step " + i);
                        shared.say("aside " + i);
                    }
                    return null;
                }));
            }
            // When
            start.countDown();
            for (Future<?> f : done) {
                f.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        // Then
        assertThat(shared.milestones()).as("every milestone recorded").hasSize(threads * perThread);
        assertThat(shared.lines()).as("every line recorded").hasSize(2 * threads * perThread);
        assertThat(sink).as("the output got the lines in the order they were recorded").isEqualTo(shared.lines());
    }
}
