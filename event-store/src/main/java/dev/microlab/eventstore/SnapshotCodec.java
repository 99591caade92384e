package dev.microlab.eventstore;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Objects;

/**
 * Turns an aggregate's state into snapshot bytes and back. {@link #jackson} covers the usual
 * case of a state record or class that Jackson can write and read.
 *
 * <pre>{@code
 * SnapshotCodec<Cart> codec = SnapshotCodec.jackson(new ObjectMapper(), Cart.class);
 * }</pre>
 *
 * <p>Implementations must be threadsafe.
 *
 * @param <S> the state type
 */
public interface SnapshotCodec<S> {

    /** The bytes of {@code state}. */
    byte[] encode(S state) throws IOException;

    /** The state in {@code bytes}; throws if they cannot be read. */
    S decode(byte[] bytes) throws IOException;

    /** JSON through {@code mapper}, as {@code type}. */
    static <S> SnapshotCodec<S> jackson(ObjectMapper mapper, Class<S> type) {
        Objects.requireNonNull(mapper, "mapper must not be null");
        Objects.requireNonNull(type, "type must not be null");
        return new SnapshotCodec<>() {
            @Override
            public byte[] encode(S state) throws IOException {
                return mapper.writeValueAsBytes(state);
            }

            @Override
            public S decode(byte[] bytes) throws IOException {
                return mapper.readValue(bytes, type);
            }
        };
    }
}
