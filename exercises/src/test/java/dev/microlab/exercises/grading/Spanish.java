package dev.microlab.exercises.grading;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The report in Spanish ({@code ./grade --lang es}, or a Spanish locale): the words of the report
 * itself, and every check's "why" (its {@code .as(...)} description) from the catalog
 * {@code grading/why.es.txt}, a test resource of blocks
 *
 * <pre>
 * en: 3 failures in a row with failureThreshold = 3 must open the circuit
 * es: 3 fallos seguidos con failureThreshold = 3 deben abrir el circuito
 * </pre>
 *
 * <p>An English "why" with format arguments ({@code %d}, {@code %s}) matches its rendered text, and
 * the arguments go into the Spanish text in the same order. {@link SkeletonCheck} fails the build
 * when a description in the grading tests has no Spanish version. AssertJ's own lines ("Expecting
 * actual:") stay as AssertJ writes them.
 *
 * <p>This class is threadsafe: the catalog is read once and never changed.
 */
final class Spanish {

    static final String CATALOG = "/grading/why.es.txt";
    private static final Pattern FORMAT = Pattern.compile("%(%|[-#+ 0,(]*\\d*(?:\\.\\d+)?[dsfx])");

    private final Map<String, String> exact = new LinkedHashMap<>();
    private final List<Map.Entry<Pattern, String>> templates = new ArrayList<>();

    private Spanish(Map<String, String> catalog) {
        catalog.forEach((en, es) -> {
            if (FORMAT.matcher(en.replace("%%", "")).find()) {
                templates.add(Map.entry(pattern(en), es));
            } else {
                exact.put(en.replace("%%", "%"), es.replace("%%", "%"));
            }
        });
    }

    private static final class Holder {
        static final Spanish INSTANCE = new Spanish(read());
    }

    static Spanish instance() {
        return Holder.INSTANCE;
    }

    /** The catalog as English description → Spanish description (templates as written in the tests). */
    static Map<String, String> read() {
        try (InputStream in = Spanish.class.getResourceAsStream(CATALOG)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + CATALOG);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + CATALOG, e);
        }
    }

    static Map<String, String> parse(String text) {
        Map<String, String> catalog = new LinkedHashMap<>();
        String en = null;
        for (String line : text.split("\\R")) {
            if (line.startsWith("en: ")) {
                en = line.substring(4);
            } else if (line.startsWith("es: ") && en != null) {
                catalog.put(en, line.substring(4));
                en = null;
            }
        }
        return catalog;
    }

    /** A rendered English description → its Spanish text, when the catalog has it. */
    Optional<String> why(String english) {
        String found = exact.get(english);
        if (found != null) {
            return Optional.of(found);
        }
        for (Map.Entry<Pattern, String> template : templates) {
            Matcher m = template.getKey().matcher(english);
            if (m.matches()) {
                StringBuilder out = new StringBuilder();
                Matcher spec = FORMAT.matcher(template.getValue());
                int group = 1;
                while (spec.find()) {
                    spec.appendReplacement(out, Matcher.quoteReplacement(spec.group(1).equals("%") ? "%"
                            : group <= m.groupCount() ? m.group(group++) : ""));
                }
                spec.appendTail(out);
                return Optional.of(out.toString());
            }
        }
        return Optional.empty();
    }

    private static Pattern pattern(String template) {
        StringBuilder regex = new StringBuilder();
        Matcher spec = FORMAT.matcher(template);
        int at = 0;
        while (spec.find()) {
            regex.append(Pattern.quote(template.substring(at, spec.start())));
            regex.append(spec.group(1).equals("%") ? "%" : "(.+?)");
            at = spec.end();
        }
        regex.append(Pattern.quote(template.substring(at)));
        return Pattern.compile(regex.toString());
    }

    /** One explanation line in Spanish: the report's own words, and the "why" from the catalog. */
    String line(String line) {
        if (line.startsWith("why: ")) {
            String english = line.substring(5);
            return "por qué: " + why(english).orElse(english);
        }
        Matcher thrown = EXPECTED_THROWN.matcher(line);
        if (thrown.matches()) {
            return "esperado: que se lance " + thrown.group(1);
        }
        Matcher stuck = DID_NOT_FINISH.matcher(line);
        if (stuck.matches()) {
            Matcher running = STILL_RUNNING.matcher(stuck.group(1));
            String what = running.matches() ? running.group(1) + " seguía ejecutándose cuando se agotaron los "
                    + running.group(2) + " s de su ejercicio" : stuck.group(1);
            return "no terminó a tiempo (" + what + "): ¿un bucle infinito, o una espera que no acaba nunca?";
        }
        Matcher notRun = NOT_RUN.matcher(line);
        if (notRun.matches()) {
            return "no se ejecutó: las comprobaciones de " + notRun.group(1) + " agotaron sus " + notRun.group(2)
                    + " s (una anterior se quedó atascada)";
        }
        for (String[] words : LINES) {
            if (line.startsWith(words[0])) {
                return words[1] + line.substring(words[0].length());
            }
        }
        return line;
    }

    private static final Pattern STILL_RUNNING =
            Pattern.compile("(\\S+\\(\\)) was still running when the (\\d+) s of its exercise ran out");

    private static final Pattern EXPECTED_THROWN = Pattern.compile("expected: (.+) to be thrown");
    private static final Pattern DID_NOT_FINISH =
            Pattern.compile("did not finish in time \\((.*)\\) — an endless loop, or a wait that never ends\\?");
    private static final Pattern NOT_RUN =
            Pattern.compile("not run: the checks of (\\S+) used up their (\\d+) s \\(an earlier check was stuck\\)");

    /** Fixed beginnings of explanation lines and their Spanish words. */
    private static final String[][] LINES = {
        {"expected: an exception", "esperado: una excepción"},
        {"but the code returned normally (nothing was thrown)", "pero el código terminó normalmente (no se lanzó nada)"},
        {"expected a value, but got null", "se esperaba un valor, pero llegó null"},
        {"expected: ", "esperado: "},
        {"but was: ", "pero fue: "},
        {"not implemented yet: ", "sin implementar todavía: "},
        {"stuck at ", "atascado en "},
        {"threw ", "lanzó "},
        {"skipped: ", "omitida: "},
        {"an assertion failed (no message)", "una aserción falló (sin mensaje)"},
    };
}
