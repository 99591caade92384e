package dev.microlab.gateway.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML value with the line it starts on, so that every error of the config loader can name
 * the line of the offending field. Jackson's tree model drops locations; this tree keeps them.
 *
 * <p>{@code value} is a {@code Map<String, YamlNode>} (insertion order), a {@code List<YamlNode>},
 * a {@code String}, a {@code Number}, a {@code Boolean} or null.
 */
public record YamlNode(Object value, int line) {

    /** Parses one YAML document; a syntax error is reported with its line. */
    public static YamlNode parse(String yaml) throws IOException {
        try (JsonParser parser = new YAMLFactory().createParser(yaml)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return new YamlNode(null, 1);
            }
            return read(parser);
        }
    }

    private static YamlNode read(JsonParser p) throws IOException {
        int line = p.currentTokenLocation().getLineNr();
        JsonToken token = p.currentToken();
        switch (token) {
            case START_OBJECT: {
                Map<String, YamlNode> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    int fieldLine = p.currentTokenLocation().getLineNr();
                    p.nextToken();
                    YamlNode child = read(p);
                    if (map.containsKey(name)) {
                        throw new IOException("line " + fieldLine + ": field '" + name + "' appears twice");
                    }
                    // the field's own line, not its value's (a block list starts on the next line)
                    map.put(name, new YamlNode(child.value(), fieldLine));
                }
                return new YamlNode(Collections.unmodifiableMap(map), line);
            }
            case START_ARRAY: {
                List<YamlNode> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(read(p));
                }
                return new YamlNode(Collections.unmodifiableList(list), line);
            }
            case VALUE_STRING:
                return new YamlNode(p.getText(), line);
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return new YamlNode(p.getNumberValue(), line);
            case VALUE_TRUE:
                return new YamlNode(Boolean.TRUE, line);
            case VALUE_FALSE:
                return new YamlNode(Boolean.FALSE, line);
            case VALUE_NULL:
                return new YamlNode(null, line);
            default:
                throw new IOException("line " + line + ": unexpected YAML token " + token);
        }
    }

    /** This node as a map, or null when it is not one. */
    @SuppressWarnings("unchecked")
    public Map<String, YamlNode> asMap() {
        return value instanceof Map ? (Map<String, YamlNode>) value : null;
    }

    /** This node as a list, or null when it is not one. */
    @SuppressWarnings("unchecked")
    public List<YamlNode> asList() {
        return value instanceof List ? (List<YamlNode>) value : null;
    }
}
