package dev.microlab.registry.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * YAML documents read with Jackson's YAML format (streaming, so every node keeps the line it was
 * written on) into plain nodes: mappings, sequences and scalars. Jackson's tree model forgets
 * lines, and a config error that does not say where it is costs its reader a search.
 *
 * <p>Only {@code dev.microlab.registry.IstioConfig} uses this; it needs
 * {@code jackson-dataformat-yaml} on the class path. This class is threadsafe (stateless).
 */
public final class YamlTree {

    /** A node of a document, with the 1-based line where it starts. */
    public sealed interface Node permits Mapping, Sequence, Scalar {
        int line();
    }

    /** A key of a mapping: its name, the line of the name, and its value. */
    public record Entry(String key, int line, Node value) {
    }

    /** A mapping, keys in the order written. */
    public record Mapping(Map<String, Entry> entries, int line) implements Node {
    }

    /** A sequence. */
    public record Sequence(List<Node> items, int line) implements Node {
    }

    /** What a scalar was written as: a quoted or plain string, a number, a boolean, or nothing. */
    public enum Kind { STRING, INTEGER, DECIMAL, BOOLEAN, NULL }

    /** A scalar and how YAML typed it ({@code "true"} is a STRING, {@code true} a BOOLEAN). */
    public record Scalar(String text, Kind kind, int line) implements Node {
    }

    /** Malformed YAML, or a shape no config can have (a key twice, a document that is not a mapping). */
    public static final class SyntaxError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int line;

        SyntaxError(int line, String message, Throwable cause) {
            super(message, cause);
            this.line = line;
        }

        /** The 1-based line, or 0 if unknown. */
        public int line() {
            return line;
        }
    }

    private static final YAMLFactory FACTORY = new YAMLFactory();

    private YamlTree() {
    }

    /**
     * Every document of the stream ({@code ---} separates them), each a mapping; empty documents
     * (only comments) are left out.
     *
     * @throws SyntaxError       for malformed YAML, a duplicate key, or a document that is not a mapping
     * @throws UncheckedIOException if {@code reader} fails
     */
    public static List<Mapping> readAll(Reader reader) {
        List<Mapping> documents = new ArrayList<>();
        try (JsonParser parser = FACTORY.createParser(reader)) {
            JsonToken token;
            while ((token = next(parser)) != null) {
                Node node = read(parser, token);
                if (node instanceof Mapping mapping) {
                    documents.add(mapping);
                } else if (!(node instanceof Scalar s && s.kind() == Kind.NULL)) {
                    throw new SyntaxError(node.line(), "a document must be a mapping (apiVersion, kind, metadata, "
                            + "spec), but this one is a " + (node instanceof Sequence ? "list" : "single value"), null);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the YAML", e);
        }
        return documents;
    }

    private static JsonToken next(JsonParser parser) throws IOException {
        try {
            return parser.nextToken();
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            String message = e.getOriginalMessage() == null ? e.toString() : e.getOriginalMessage().strip();
            throw new SyntaxError(line, "malformed YAML: " + message.lines().findFirst().orElse(message), e);
        }
    }

    private static Node read(JsonParser parser, JsonToken token) throws IOException {
        int line = parser.currentTokenLocation().getLineNr();
        switch (token) {
            case START_OBJECT: {
                Map<String, Entry> entries = new LinkedHashMap<>();
                JsonToken t;
                while ((t = next(parser)) != JsonToken.END_OBJECT) {
                    String key = parser.currentName();
                    int keyLine = parser.currentTokenLocation().getLineNr();
                    Node value = read(parser, next(parser));
                    if (entries.putIfAbsent(key, new Entry(key, keyLine, value)) != null) {
                        throw new SyntaxError(keyLine, "'" + key + "' is written twice in the same mapping (first at line "
                                + entries.get(key).line() + ")", null);
                    }
                }
                return new Mapping(entries, line);
            }
            case START_ARRAY: {
                List<Node> items = new ArrayList<>();
                JsonToken t;
                while ((t = next(parser)) != JsonToken.END_ARRAY) {
                    items.add(read(parser, t));
                }
                return new Sequence(items, line);
            }
            case VALUE_STRING:
                return new Scalar(parser.getText(), Kind.STRING, line);
            case VALUE_NUMBER_INT:
                return new Scalar(parser.getText(), Kind.INTEGER, line);
            case VALUE_NUMBER_FLOAT:
                return new Scalar(parser.getText(), Kind.DECIMAL, line);
            case VALUE_TRUE:
            case VALUE_FALSE:
                return new Scalar(parser.getText(), Kind.BOOLEAN, line);
            case VALUE_NULL:
                return new Scalar(null, Kind.NULL, line);
            default:
                throw new SyntaxError(line, "unexpected YAML token " + token, null);
        }
    }
}
