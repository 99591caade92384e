package dev.microlab.gateway;

import java.util.List;

/**
 * A declarative config that cannot be applied. {@link #errors()} holds every problem found (the
 * whole file is validated before anything is applied), each naming the line, the field and what
 * is allowed, e.g. {@code line 14: services[0].routes[0]: unknown field 'pahts' (allowed: ...)}.
 */
public final class KongConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<String> errors;

    KongConfigException(String source, List<String> errors) {
        super(source + ": " + errors.size() + (errors.size() == 1 ? " error" : " errors") + "\n  "
                + String.join("\n  ", errors));
        this.errors = List.copyOf(errors);
    }

    /** Every problem found, in file order. */
    public List<String> errors() {
        return errors;
    }
}
