package dev.microlab.saga;

import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.RecordedEvent;
import dev.microlab.eventstore.StreamName;
import dev.microlab.eventstore.WrongExpectedVersionException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * A participant whose effect and fence are one event in its own stream
 * {@code fence-<sagaId>-<step>}, written with an exact expected version: the effect and the
 * record that it happened are one atomic write, as a service's local transaction would be.
 * It survives the death of the process, which the in-memory {@link IdempotentParticipant}
 * cannot. Used by the child-JVM crash test.
 */
final class DurableParticipant {

    static final String APPLIED = "applied";
    static final String COMPENSATED = "compensated";
    static final String NULL_COMPENSATED = "null-compensated";

    private final EventStore store;

    DurableParticipant(EventStore store) {
        this.store = store;
    }

    static StreamName fenceOf(String sagaId, String step) {
        return StreamName.of("fence-" + sagaId + "-" + step);
    }

    OrderData act(StepContext<OrderData> ctx) {
        StreamName fence = fenceOf(ctx.sagaId(), ctx.step());
        while (true) {
            List<RecordedEvent> seen = store.readStreamForward(fence, 0, 10);
            if (!seen.isEmpty()) {
                if (seen.get(0).type().equals(APPLIED) && seen.size() == 1) {
                    return ctx.data().note(ctx.step());   // duplicate: already applied
                }
                throw new ActionRefusedException(ctx.idempotencyKey());
            }
            try {
                store.append(fence, ExpectedVersion.NO_STREAM, event(ctx, APPLIED));
                return ctx.data().note(ctx.step());
            } catch (WrongExpectedVersionException raced) {
                // another delivery won; decide again from what it wrote
            }
        }
    }

    OrderData undo(StepContext<OrderData> ctx) {
        StreamName fence = fenceOf(ctx.sagaId(), ctx.step());
        while (true) {
            List<RecordedEvent> seen = store.readStreamForward(fence, 0, 10);
            try {
                if (seen.isEmpty()) {
                    store.append(fence, ExpectedVersion.NO_STREAM, event(ctx, NULL_COMPENSATED));
                } else if (seen.size() == 1 && seen.get(0).type().equals(APPLIED)) {
                    store.append(fence, ExpectedVersion.exact(0), event(ctx, COMPENSATED));
                }
                return ctx.data().note("undo " + ctx.step());
            } catch (WrongExpectedVersionException raced) {
                // decide again
            }
        }
    }

    private static EventData event(StepContext<OrderData> ctx, String type) {
        UUID id = UUID.nameUUIDFromBytes((ctx.idempotencyKey() + ":" + type).getBytes(StandardCharsets.UTF_8));
        return EventData.of(id, type, ctx.idempotencyKey().toString().getBytes(StandardCharsets.UTF_8));
    }
}
