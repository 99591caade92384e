package dev.microlab.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A set of conditions on request attributes that must <em>all</em> hold (AND), like one entry of
 * an Istio {@code VirtualService}'s {@code match} list. A {@link Route} matches when any of its
 * matches does (OR).
 *
 * <pre>{@code
 * RouteMatch canary = RouteMatch.header("canary", "true");                 // exact
 * RouteMatch betaEu = RouteMatch.header("x-beta", "yes").andPrefix("x-region", "eu-");
 * }</pre>
 *
 * <p>This class is immutable and threadsafe.
 */
public final class RouteMatch {

    private final List<Condition> conditions;

    private RouteMatch(List<Condition> conditions) {
        this.conditions = List.copyOf(conditions);
    }

    /** Attribute {@code name} equals {@code value} (Istio's {@code exact}). */
    public static RouteMatch header(String name, String value) {
        return new RouteMatch(List.of()).and(name, value);
    }

    /** Attribute {@code name} starts with {@code prefix}. */
    public static RouteMatch headerPrefix(String name, String prefix) {
        return new RouteMatch(List.of()).andPrefix(name, prefix);
    }

    /** Attribute {@code name} matches the whole of {@code regex}. */
    public static RouteMatch headerRegex(String name, String regex) {
        return new RouteMatch(List.of()).andRegex(name, regex);
    }

    /** Attribute {@code name} is present, whatever its value. */
    public static RouteMatch headerPresent(String name) {
        return new RouteMatch(List.of()).andPresent(name);
    }

    /** This match AND attribute {@code name} equals {@code value}. */
    public RouteMatch and(String name, String value) {
        Objects.requireNonNull(value, "value must not be null");
        return with(new Condition(name, "exact " + value, value::equals));
    }

    /** This match AND attribute {@code name} starts with {@code prefix}. */
    public RouteMatch andPrefix(String name, String prefix) {
        Objects.requireNonNull(prefix, "prefix must not be null");
        return with(new Condition(name, "prefix " + prefix, v -> v.startsWith(prefix)));
    }

    /** This match AND attribute {@code name} matches the whole of {@code regex}. */
    public RouteMatch andRegex(String name, String regex) {
        Pattern pattern = Pattern.compile(Objects.requireNonNull(regex, "regex must not be null"));
        return with(new Condition(name, "regex " + regex, v -> pattern.matcher(v).matches()));
    }

    /** This match AND attribute {@code name} is present. */
    public RouteMatch andPresent(String name) {
        return with(new Condition(name, "present", v -> true));
    }

    /** Whether every condition holds for {@code attributes}. */
    public boolean matches(RequestAttributes attributes) {
        Objects.requireNonNull(attributes, "attributes must not be null");
        for (Condition condition : conditions) {
            String value = attributes.get(condition.name);
            if (value == null || !condition.test.test(value)) {
                return false;
            }
        }
        return true;
    }

    private RouteMatch with(Condition condition) {
        List<Condition> more = new ArrayList<>(conditions);
        more.add(condition);
        return new RouteMatch(more);
    }

    @Override
    public String toString() {
        return conditions.toString();
    }

    private static final class Condition {
        final String name;
        final String description;
        final java.util.function.Predicate<String> test;

        Condition(String name, String description, java.util.function.Predicate<String> test) {
            this.name = ServiceInstance.requireName(name, "name").toLowerCase(Locale.ROOT);
            this.description = description;
            this.test = test;
        }

        @Override
        public String toString() {
            return name + " " + description;
        }
    }
}
