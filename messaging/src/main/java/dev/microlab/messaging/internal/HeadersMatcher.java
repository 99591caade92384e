package dev.microlab.messaging.internal;

import java.util.Map;

/**
 * RabbitMQ's headers-exchange matching: a binding's arguments against a message's headers.
 * {@code x-match} is {@code all} (default: every argument must match) or {@code any} (one
 * is enough); arguments whose name starts with {@code x-} are not compared. A binding with no
 * argument to compare matches every message under {@code all} and none under {@code any}.
 * Numbers compare by value whatever their width (an Integer 5 equals a Long 5).
 */
public final class HeadersMatcher {

    private HeadersMatcher() {
    }

    /** Whether the message headers satisfy the binding arguments. */
    public static boolean matches(Map<String, ?> bindingArguments, Map<String, ?> headers) {
        Object mode = bindingArguments.get("x-match");
        boolean any = "any".equals(mode == null ? null : mode.toString());
        for (Map.Entry<String, ?> arg : bindingArguments.entrySet()) {
            if (arg.getKey().startsWith("x-")) {
                continue;
            }
            boolean match = headers.containsKey(arg.getKey()) && same(arg.getValue(), headers.get(arg.getKey()));
            if (any && match) {
                return true;
            }
            if (!any && !match) {
                return false;
            }
        }
        return !any;
    }

    /** Checks an x-match value. */
    public static void validate(Map<String, ?> bindingArguments) {
        Object mode = bindingArguments.get("x-match");
        if (mode != null && !"all".equals(mode.toString()) && !"any".equals(mode.toString())) {
            throw new IllegalArgumentException("x-match must be 'all' or 'any', but was '" + mode + "'");
        }
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y
                && !(a instanceof Double) && !(b instanceof Double)) {
            return x.longValue() == y.longValue();
        }
        return a == null ? b == null : a.equals(b);
    }
}
