package dev.microlab.cqrs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * A {@link ProjectionStore} in one file, so that a read model survives a restart without a
 * full replay: the model, its checkpoint and its dead letters are written together, by writing
 * a new file, forcing it to disk and renaming it over the old one (an atomic rename). A crash
 * at any moment leaves either the previous file or the new one, never a mix, so after a restart
 * the projection resumes exactly after the last event the saved model includes.
 *
 * <pre>{@code
 * FileProjectionStore<OrderSummaries> saved = FileProjectionStore
 *         .builder(dir.resolve("order-summaries.projection"), OrderSummaries.class, OrderSummaries.EMPTY)
 *         .flushEvery(100)
 *         .open();
 * Projection<OrderSummaries> summaries = Projection.builder("order-summaries", store, serializer, factory)
 *         .resumeFrom(saved)   // continues after saved.current().position()
 *         .build();
 * }</pre>
 *
 * <p><b>Serialization contract.</b> The model is written with the builder's Jackson
 * {@code ObjectMapper} and read back as the model type: it must survive
 * {@code mapper.readValue(mapper.writeValueAsBytes(model), type)} unchanged (records of
 * strings, numbers, lists, maps and nested records do; give the mapper the modules your types
 * need). The file is {@code microlab-projection 1 <length> <crc32>} on one line, then a JSON
 * object with {@code position}, {@code deadLetters} and {@code model}. A file whose checksum or
 * JSON does not match is reported with a {@link ProjectionStoreCorruptedException} naming it,
 * never replaced by an empty model.
 *
 * <p><b>Durability may lag, consistency may not.</b> With {@code flushEvery(n)} the file is
 * rewritten after every {@code n}-th commit (and on {@link #flush()} and {@link #close()}); a
 * crash then loses up to {@code n - 1} commits, which the projection simply applies again from
 * the older checkpoint: the saved model and checkpoint always belong together. Each write costs
 * O(model size), so large models want a larger {@code n}.
 *
 * <p><b>What {@link #commit} compares.</b> {@code expected} is compared by identity with the
 * state {@link #current()} returned (the object, not its contents), as
 * {@link InMemoryProjectionStore} does: a writer must pass the very state it read.
 *
 * <p>This class is threadsafe: one projection writes, any number of threads read without
 * locking.
 *
 * @param <S> the read model type
 */
public final class FileProjectionStore<S> implements ProjectionStore<S>, AutoCloseable {

    private static final String MAGIC = "microlab-projection";
    private static final Pattern HEADER = Pattern.compile(MAGIC + " 1 (\\d+) ([0-9a-f]{8})");

    private final Path file;
    private final Class<S> modelType;
    private final ObjectMapper mapper;
    private final int flushEvery;
    private final AtomicReference<ProjectionState<S>> state;
    private final Object writeLock = new Object();
    private ProjectionState<S> written;
    private long commitsSinceWrite;

    private FileProjectionStore(Builder<S> b) {
        this.file = b.file;
        this.modelType = b.modelType;
        this.mapper = b.mapper;
        this.flushEvery = b.flushEvery;
        ProjectionState<S> loaded = read();
        this.state = new AtomicReference<>(loaded != null ? loaded : ProjectionState.initial(b.initialModel));
        this.written = loaded;
    }

    /**
     * A builder for the store in {@code file} (created on the first write).
     *
     * @param modelType    the class the model is read back as
     * @param initialModel the model when the file does not exist yet
     */
    public static <S> Builder<S> builder(Path file, Class<S> modelType, S initialModel) {
        return new Builder<>(file, modelType, initialModel);
    }

    /**
     * A factory for rebuilds: each call opens a store in a new file {@code <name>-<n>.projection}
     * of {@code directory} ({@code n} one more than any there), holding {@code initialModel}.
     * After a swap, {@code projection.store()} is the store to resume from at the next start.
     */
    public static <S> Supplier<ProjectionStore<S>> factory(Path directory, String name, Class<S> modelType,
            S initialModel) {
        Objects.requireNonNull(directory, "directory must not be null");
        Objects.requireNonNull(name, "name must not be null");
        Objects.requireNonNull(modelType, "modelType must not be null");
        Objects.requireNonNull(initialModel, "initialModel must not be null");
        AtomicInteger next = new AtomicInteger(highestGeneration(directory, name));
        return () -> builder(directory.resolve(name + "-" + next.incrementAndGet() + ".projection"), modelType,
                initialModel).open();
    }

    private static int highestGeneration(Path directory, String name) {
        Pattern generation = Pattern.compile(Pattern.quote(name) + "-(\\d+)\\.projection");
        int highest = 0;
        try (var files = Files.list(directory)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Matcher m = generation.matcher(p.getFileName().toString());
                if (m.matches()) {
                    highest = Math.max(highest, Integer.parseInt(m.group(1)));
                }
            }
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
        return highest;
    }

    /** The file this store writes. */
    public Path path() {
        return file;
    }

    @Override
    public ProjectionState<S> current() {
        return state.get();
    }

    /**
     * Replaces {@code expected} (compared by identity) with {@code next}, and rewrites the file
     * if this is the {@code flushEvery}-th commit since the last write. If the write fails,
     * nothing changes and the exception is thrown: the projection stops before the event.
     *
     * @throws UncheckedIOException if the file cannot be written
     */
    @Override
    public boolean commit(ProjectionState<S> expected, ProjectionState<S> next) {
        Objects.requireNonNull(expected, "expected must not be null");
        Objects.requireNonNull(next, "next must not be null");
        if (next.position() <= expected.position()) {
            throw new IllegalArgumentException("the checkpoint only moves forward: next position must be > "
                    + expected.position() + ", but was " + next.position());
        }
        synchronized (writeLock) {
            if (state.get() != expected) {
                return false;
            }
            if (commitsSinceWrite + 1 >= flushEvery) {
                write(next);
            } else {
                commitsSinceWrite++;
            }
            state.set(next);
            return true;
        }
    }

    /**
     * Writes the current state to the file now, if it changed since the last write.
     *
     * @throws UncheckedIOException if the file cannot be written
     */
    public void flush() {
        synchronized (writeLock) {
            ProjectionState<S> now = state.get();
            if (now != written) {
                write(now);
            }
        }
    }

    /** Flushes. The store stays readable; commits after close are written as before. */
    @Override
    public void close() {
        flush();
    }

    private void write(ProjectionState<S> s) {
        byte[] body = encode(s);
        CRC32 crc = new CRC32();
        crc.update(body);
        byte[] header = String.format("%s 1 %d %08x%n", MAGIC, body.length, crc.getValue())
                .getBytes(StandardCharsets.US_ASCII);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.allocate(header.length + body.length).put(header).put(body).flip();
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the projection store " + file + " at position "
                    + s.position() + ": " + e.getMessage(), e);
        }
        written = s;
        commitsSinceWrite = 0;
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // some platforms cannot open a directory; the rename is still atomic there
        }
    }

    private byte[] encode(ProjectionState<S> s) {
        ObjectNode root = mapper.createObjectNode();
        root.put("position", s.position());
        ArrayNode letters = root.putArray("deadLetters");
        for (DeadLetter d : s.deadLetters()) {
            ObjectNode n = letters.addObject();
            n.put("position", d.position());
            n.put("stream", d.stream());
            n.put("version", d.version());
            n.put("eventId", d.eventId().toString());
            n.put("type", d.type());
            n.put("error", d.error());
            n.put("parkedAt", d.parkedAt().toString());
        }
        try {
            root.set("model", mapper.valueToTree(s.model()));
            return mapper.writeValueAsBytes(root);
        } catch (IllegalArgumentException | JsonProcessingException e) {
            throw new IllegalArgumentException("the read model (" + s.model().getClass().getName()
                    + ") cannot be written as JSON with the store's ObjectMapper: " + e.getMessage(), e);
        }
    }

    private ProjectionState<S> read() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the projection store " + file, e);
        }
        int newline = indexOf(bytes, (byte) '\n');
        String header = new String(bytes, 0, Math.max(newline, 0), StandardCharsets.US_ASCII).strip();
        Matcher m = HEADER.matcher(header);
        if (newline < 0 || !m.matches()) {
            throw new ProjectionStoreCorruptedException(file, "its first line is not a '" + MAGIC + " 1' header");
        }
        int length = Integer.parseInt(m.group(1));
        if (bytes.length - newline - 1 != length) {
            throw new ProjectionStoreCorruptedException(file, "the header announces " + length + " bytes, but "
                    + (bytes.length - newline - 1) + " follow");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, newline + 1, length);
        if (!String.format("%08x", crc.getValue()).equals(m.group(2))) {
            throw new ProjectionStoreCorruptedException(file, "its checksum does not match its content");
        }
        try {
            JsonNode root = mapper.readTree(new String(bytes, newline + 1, length, StandardCharsets.UTF_8));
            List<DeadLetter> letters = new ArrayList<>();
            for (JsonNode n : root.path("deadLetters")) {
                letters.add(new DeadLetter(n.get("position").asLong(), n.get("stream").asText(),
                        n.get("version").asLong(), UUID.fromString(n.get("eventId").asText()), n.get("type").asText(),
                        n.get("error").asText(), Instant.parse(n.get("parkedAt").asText())));
            }
            S model = mapper.treeToValue(root.get("model"), modelType);
            return new ProjectionState<>(Objects.requireNonNull(model, "model"), root.get("position").asLong(),
                    letters);
        } catch (IOException | RuntimeException e) {
            throw new ProjectionStoreCorruptedException(file, "its content cannot be read as a " + modelType.getName()
                    + " model (" + e.getMessage() + ")");
        }
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < Math.min(bytes.length, 200); i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return "FileProjectionStore[" + file + ", position=" + state.get().position() + "]";
    }

    /** Configures a {@link FileProjectionStore}. Not threadsafe; build once. */
    public static final class Builder<S> {
        private final Path file;
        private final Class<S> modelType;
        private final S initialModel;
        private ObjectMapper mapper = new ObjectMapper();
        private int flushEvery = 1;

        private Builder(Path file, Class<S> modelType, S initialModel) {
            this.file = Objects.requireNonNull(file, "file must not be null");
            this.modelType = Objects.requireNonNull(modelType, "modelType must not be null");
            this.initialModel = Objects.requireNonNull(initialModel, "initialModel must not be null");
        }

        /** Writes and reads the model (default: a plain {@code ObjectMapper}). */
        public Builder<S> objectMapper(ObjectMapper objectMapper) {
            this.mapper = Objects.requireNonNull(objectMapper, "objectMapper must not be null");
            return this;
        }

        /**
         * Rewrites the file after every {@code commits}-th commit (default 1: every commit).
         *
         * @throws IllegalArgumentException if not in [1, 1000000]
         */
        public Builder<S> flushEvery(int commits) {
            if (commits < 1 || commits > 1_000_000) {
                throw new IllegalArgumentException("flushEvery must be in [1, 1000000], but was " + commits);
            }
            this.flushEvery = commits;
            return this;
        }

        /**
         * Opens the store: reads the file if it exists.
         *
         * @throws ProjectionStoreCorruptedException if the file exists but cannot be read back
         * @throws UncheckedIOException if the file cannot be read
         */
        public FileProjectionStore<S> open() {
            return new FileProjectionStore<>(this);
        }
    }
}
