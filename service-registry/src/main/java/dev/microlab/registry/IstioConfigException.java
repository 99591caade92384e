package dev.microlab.registry;

/**
 * An Istio YAML file that {@link IstioConfig#load} cannot take: malformed YAML, an unknown or
 * misspelt field, a value of the wrong type or out of range, a route to an undefined place. The
 * message starts with where it is ({@code virtual-service.yml line 12}) and names the field by
 * its path ({@code spec.http[1].route[0].weight}).
 *
 * <p>Immutable; this class is threadsafe.
 */
public final class IstioConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final String field;

    /**
     * @param source  the file (or stream) name
     * @param line    the 1-based line, or 0 if unknown
     * @param field   the path of the field, e.g. {@code spec.trafficPolicy.outlierDetection.interval}; may be empty
     * @param problem what is wrong and what is allowed
     * @param cause   the parser's exception, or null
     */
    public IstioConfigException(String source, int line, String field, String problem, Throwable cause) {
        super(source + (line > 0 ? " line " + line : "") + ": " + problem, cause);
        this.source = source;
        this.line = line;
        this.field = field;
    }

    /** The file (or stream) name. */
    public String source() {
        return source;
    }

    /** The 1-based line, or 0 if unknown. */
    public int line() {
        return line;
    }

    /** The path of the field the problem is about (may be empty). */
    public String field() {
        return field;
    }
}
