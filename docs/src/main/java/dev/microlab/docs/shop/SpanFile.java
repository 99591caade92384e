package dev.microlab.docs.shop;

import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Where each process of the shop over HTTP writes its finished spans, one JSON line each, so that
 * the process that started them all can put one order's trace back together: a stand-in for an
 * OpenTelemetry collector (which the shop does not run) that needs nothing but a directory.
 *
 * <pre>{@code
 * SdkTracerProvider provider = SdkTracerProvider.builder()
 *         .addSpanProcessor(SimpleSpanProcessor.create(new SpanFile(logs.resolve("order.spans.jsonl"), "order-service")))
 *         .build();
 * List<String> tree = SpanFile.tree(SpanFile.read(logs, traceId));
 * }</pre>
 *
 * <p>This class is threadsafe.
 */
public final class SpanFile implements SpanExporter {

    /** The suffix of span files. */
    public static final String SUFFIX = ".spans.jsonl";

    /**
     * One finished span as a line of a span file. This class is threadsafe (an immutable record).
     *
     * @param service      the process that recorded it
     * @param traceId      its trace
     * @param spanId       its id
     * @param parentSpanId its parent's id, or the invalid id for a root
     * @param name         its name
     * @param kind         server, client, internal, ...
     * @param startNanos   when it started (epoch nanoseconds)
     * @param endNanos     when it ended
     * @param error        the error description, or empty
     */
    public record Line(String service, String traceId, String spanId, String parentSpanId, String name, String kind,
            long startNanos, long endNanos, String error) {
    }

    private final Path file;
    private final String service;

    /** Appends the spans of {@code service} to {@code file}. */
    public SpanFile(Path file, String service) {
        this.file = Objects.requireNonNull(file, "file must not be null");
        this.service = Objects.requireNonNull(service, "service must not be null");
    }

    @Override
    public synchronized CompletableResultCode export(Collection<SpanData> spans) {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            for (SpanData s : spans) {
                Line line = new Line(service, s.getTraceId(), s.getSpanId(),
                        s.getParentSpanContext().isValid() ? s.getParentSpanId() : SpanId.getInvalid(), s.getName(),
                        s.getKind().name().toLowerCase(java.util.Locale.ROOT), s.getStartEpochNanos(), s.getEndEpochNanos(),
                        s.getStatus().getStatusCode() == StatusCode.ERROR ? String.valueOf(s.getStatus().getDescription()) : "");
                out.write(ShopHttp.JSON.writeValueAsString(line));
                out.newLine();
            }
            return CompletableResultCode.ofSuccess();
        } catch (IOException e) {
            return CompletableResultCode.ofFailure();
        }
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }

    /** The spans of {@code traceId} in every span file of {@code directory}. */
    public static List<Line> read(Path directory, String traceId) {
        Objects.requireNonNull(traceId, "traceId must not be null");
        List<Line> lines = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path f : files) {
                for (String text : Files.readAllLines(f)) {
                    if (text.isBlank()) {
                        continue;
                    }
                    Line line = ShopHttp.JSON.readValue(text, Line.class);
                    if (line.traceId().equals(traceId)) {
                        lines.add(line);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the span files in " + directory, e);
        }
        return lines;
    }

    /**
     * The spans as an indented tree under {@code rootParent} (the caller's own span id, or the
     * invalid id), children in start order: {@code └ service: name (kind, 12 ms)}.
     */
    public static List<String> tree(List<Line> trace, String rootParent) {
        Map<String, List<Line>> children = trace.stream().collect(Collectors.groupingBy(Line::parentSpanId));
        List<String> out = new ArrayList<>();
        walk(children, rootParent, 0, out);
        return out;
    }

    private static void walk(Map<String, List<Line>> children, String parent, int depth, List<String> out) {
        List<Line> kids = new ArrayList<>(children.getOrDefault(parent, List.of()));
        kids.sort(Comparator.comparingLong(Line::startNanos).thenComparing(Line::name));
        for (Line span : kids) {
            out.add("  ".repeat(depth) + "└ " + span.service() + ": " + span.name() + " (" + span.kind() + ", "
                    + Math.max(0, (span.endNanos() - span.startNanos()) / 1_000_000) + " ms"
                    + (span.error().isEmpty() ? "" : ", ERROR: " + span.error()) + ")");
            walk(children, span.spanId(), depth + 1, out);
        }
    }
}
