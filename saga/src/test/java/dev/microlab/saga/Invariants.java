package dev.microlab.saga;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microlab.eventstore.RecordedEvent;
import dev.microlab.eventstore.StreamName;
import java.util.ArrayList;
import java.util.List;

/** The rules every saga run must keep, checked on its log and on the participants' effects. */
final class Invariants {

    private Invariants() {
    }

    static void check(String at, SagaState state, Harness h, String sagaId) {
        List<RecordedEvent> log = h.store.readStreamForward(StreamName.of("saga-" + sagaId), 0, 1000);
        List<String> began = new ArrayList<>();
        List<String> compensated = new ArrayList<>();
        int ends = 0;
        for (RecordedEvent e : log) {
            String step = stepOf(e.dataAsString());
            switch (e.type()) {
                case "saga-step-started" -> {
                    if (!began.contains(step)) {
                        began.add(step);
                    }
                }
                case "saga-compensation-started" -> {
                    if (!compensated.contains(step)) {
                        compensated.add(step);
                    }
                }
                case "saga-ended" -> ends++;
                default -> { }
            }
        }
        assertThat(state).as(at + ": the saga reached a terminal state").isNotNull()
                .matches(SagaState::isTerminal, "is terminal");
        assertThat(ends).as(at + ": exactly one end").isEqualTo(1);
        assertThat(log.get(log.size() - 1).type()).as(at + ": nothing after the end").isEqualTo("saga-ended");
        assertThat(began).as(at + ": only steps that began are compensated").containsAll(compensated);
        assertThat(compensated).as(at + ": nothing at or after the pivot is compensated")
                .doesNotContain(Harness.PAY, Harness.SHIP);
        List<String> expectedOrder = new ArrayList<>(began);
        expectedOrder.retainAll(compensated);
        java.util.Collections.reverse(expectedOrder);
        assertThat(compensated).as(at + ": compensations in exact reverse order").containsExactlyElementsOf(expectedOrder);
        assertThat(h.effects).as(at + ": each effect at most once per key").doesNotHaveDuplicates();
        if (state == SagaState.COMPLETED) {
            assertThat(compensated).as(at + ": a completed saga compensated nothing").isEmpty();
        }
    }

    private static String stepOf(String json) {
        int i = json.indexOf("\"step\":\"");
        if (i < 0) {
            return null;
        }
        int start = i + 8;
        return json.substring(start, json.indexOf('"', start));
    }
}
