package dev.microlab.exercises.grading;

/**
 * Just enough JSON writing for the results file: the grading tree may only depend on
 * patterns-core and the test stack, so there is no JSON library here.
 */
final class Json {

    private Json() {
    }

    /** {@code value} as a JSON string literal, quotes included; {@code null} becomes {@code null}. */
    static String string(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    // Other control characters, and the two line separators that break JavaScript
                    // parsers reading JSON as code, are written as \\u escapes.
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
