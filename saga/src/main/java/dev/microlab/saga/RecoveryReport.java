package dev.microlab.saga;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * What {@link SagaOrchestrator#recover()} found: the sagas it resumed (with a stage per saga
 * that completes with its outcome), and the unfinished sagas it could not resume because
 * their definition is not registered with this orchestrator.
 *
 * <p>This class is threadsafe (immutable).
 *
 * @param scanned            how many sagas the index lists
 * @param resumed            the outcome stage of every resumed saga, by saga id, in index order
 * @param unknownDefinitions ids of unfinished sagas whose definition is not registered
 */
public record RecoveryReport(int scanned, Map<String, CompletionStage<SagaOutcome<?>>> resumed,
        List<String> unknownDefinitions) {

    /** Validates and copies. */
    public RecoveryReport {
        resumed = Collections.unmodifiableMap(new LinkedHashMap<>(
                Objects.requireNonNull(resumed, "resumed must not be null")));
        unknownDefinitions = List.copyOf(unknownDefinitions);
    }
}
