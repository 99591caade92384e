package dev.microlab.exercises.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.opentest4j.AssertionFailedError;

/** The grading machinery's own tests: not graded, run by the project's build, must always pass. */
@Tag(LearningPath.INFRASTRUCTURE_TAG)
class GradingInfrastructureTest {

    @Nested
    @DisplayName("JSON strings")
    class JsonStrings {

        @Test
        @DisplayName("escapes quotes, backslashes, newlines, tabs and other control characters")
        void escapes() {
            assertThat(Json.string("say \"hi\"\\\n\tend\u0001\u2028"))
                    .isEqualTo("\"say \\\"hi\\\"\\\\\\n\\tend\\u0001\\u2028\"");
        }

        @Test
        @DisplayName("writes null as the JSON literal null and keeps non-ASCII text as it is")
        void nullAndUnicode() {
            assertThat(Json.string(null)).isEqualTo("null");
            assertThat(Json.string("✔ señal › ok")).isEqualTo("\"✔ señal › ok\"");
        }
    }

    @Nested
    @DisplayName("failure explanations")
    class Explanations {

        @Test
        @DisplayName("a TODO still in place is an error that names the TODO")
        void todo() {
            FailureExplanation why = FailureExplanation.of(new UnsupportedOperationException("TODO: return the state"));
            assertThat(why.outcome()).isEqualTo(Outcome.ERROR);
            assertThat(why.lines()).singleElement().asString().startsWith("not implemented yet: TODO: return the state");
        }

        @Test
        @DisplayName("a TODO reported inside an assertion message (assertThatThrownBy) is still named")
        void todoInsideAssertion() {
            AssertionError error = new AssertionError("\nExpecting actual throwable to be an instance of:\n"
                    + "  java.lang.IllegalArgumentException\nbut was:\n"
                    + "  java.lang.UnsupportedOperationException: TODO: validate\n\tat x.Y.z(Y.java:1)");
            FailureExplanation why = FailureExplanation.of(error);
            assertThat(why.outcome()).isEqualTo(Outcome.ERROR);
            assertThat(why.message()).isEqualTo("not implemented yet: TODO: validate");
        }

        @Test
        @DisplayName("a failed assertion shows its description as 'why', then expected and actual")
        void assertion() {
            AssertionFailedError error = new AssertionFailedError(
                    "[3 failures must open the circuit] \nexpected: OPEN\n but was: CLOSED", "OPEN", "CLOSED");
            FailureExplanation why = FailureExplanation.of(error);
            assertThat(why.outcome()).isEqualTo(Outcome.FAIL);
            assertThat(why.lines()).containsExactly("why: 3 failures must open the circuit", "expected: OPEN",
                    "but was: CLOSED");
        }

        @Test
        @DisplayName("says in plain words that an expected exception was not thrown")
        void missingException() {
            FailureExplanation why = FailureExplanation.of(new AssertionError("\nExpecting code to raise a throwable."));
            assertThat(why.outcome()).isEqualTo(Outcome.FAIL);
            assertThat(why.lines()).containsExactly("expected: an exception",
                    "but the code returned normally (nothing was thrown)");
        }

        @Test
        @DisplayName("an assertThatThrownBy whose code returned normally keeps its why and names the expected exception")
        void missingExceptionNamed() {
            String statement = "assertThatThrownBy(() -> new CircuitBreaker(0, OPEN_TIMEOUT, 1, time)) "
                    + ".as(\"failureThreshold = 0 would open the circuit before any failure\") "
                    + ".isInstanceOf(IllegalArgumentException.class) .hasMessageContaining(\"failureThreshold\");";
            FailureExplanation why = FailureExplanation.of(new AssertionError("\nExpecting code to raise a throwable."),
                    Optional.of(statement));
            assertThat(why.lines()).containsExactly("why: failureThreshold = 0 would open the circuit before any failure",
                    "expected: IllegalArgumentException to be thrown",
                    "but the code returned normally (nothing was thrown)");
        }

        @Test
        @DisplayName("a catchThrowable check that caught nothing never says 'Expecting actual not to be null'")
        void catchThrowableCaughtNothing() {
            AssertionError error = new AssertionError("[an open circuit fails fast] \nExpecting actual not to be null");
            FailureExplanation why = FailureExplanation.of(error, Optional.of("assertThat(thrown)"
                    + ".as(\"an open circuit fails fast\") .isInstanceOf(CircuitBreakerOpenException.class);"));
            assertThat(why.lines()).containsExactly("why: an open circuit fails fast",
                    "expected: CircuitBreakerOpenException to be thrown",
                    "but the code returned normally (nothing was thrown)");
            assertThat(FailureExplanation.of(new AssertionError("[a value] \nExpecting actual not to be null")).lines())
                    .containsExactly("why: a value", "expected a value, but got null");
        }

        @Test
        @DisplayName("durations read as people read them: 1 min, 7 min 30 s, not 1M, 7M30S")
        void durations() {
            FailureExplanation why = FailureExplanation.of(new AssertionError("[wait] \nexpected: 7M30S\n but was: 1M"));
            assertThat(why.lines()).containsExactly("why: wait", "expected: 7 min 30 s", "but was: 1 min");
            assertThat(FailureExplanation.humanDurations("expected: 0.000000001S")).isEqualTo("expected: 1 ns");
            assertThat(FailureExplanation.humanDurations("expected: 1H0.5S")).isEqualTo("expected: 1 h 500 ms");
            assertThat(FailureExplanation.humanDurations("expected: OPEN")).isEqualTo("expected: OPEN");
            assertThat(FailureExplanation.humanDurations("but was: MS")).isEqualTo("but was: MS");
        }

        @Test
        @DisplayName("a check stuck in an endless loop names where the student's code was stuck")
        void stuckFrames() {
            Exception stuck = new Exception("execution timed out");
            stuck.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("java.util.HashMap", "get", "HashMap.java", 1),
                new StackTraceElement("dev.microlab.exercises.circuitbreaker.CircuitBreaker", "onFailure",
                        "CircuitBreaker.java", 120),
                new StackTraceElement("dev.microlab.exercises.circuitbreaker.CircuitBreaker", "call",
                        "CircuitBreaker.java", 80),
                new StackTraceElement("dev.microlab.exercises.circuitbreaker.CircuitBreakerTest", "x",
                        "CircuitBreakerTest.java", 9)});
            java.util.concurrent.TimeoutException timeout =
                    new java.util.concurrent.TimeoutException("opens() timed out after 10 seconds");
            timeout.initCause(stuck);
            FailureExplanation why = FailureExplanation.of(timeout);
            assertThat(why.lines()).last().isEqualTo("stuck at CircuitBreaker.onFailure(CircuitBreaker.java:120)"
                    + " ← CircuitBreaker.call(CircuitBreaker.java:80)");
        }

        @Test
        @DisplayName("drops the exercises' package names, which add length and no meaning")
        void shortensClassNames() {
            FailureExplanation why = FailureExplanation.of(new AssertionError(
                    "Field <dev.microlab.exercises.boundaries.orders.internal.OrderService.stock> has type"));
            assertThat(why.message()).isEqualTo("Field <OrderService.stock> has type");
        }

        @Test
        @DisplayName("keeps at most a few short lines of a long assertion message")
        void clips() {
            String message = "x".repeat(500) + "\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12";
            FailureExplanation why = FailureExplanation.of(new AssertionError(message));
            assertThat(why.lines()).hasSize(FailureExplanation.MAX_LINES).last().isEqualTo("…");
            assertThat(why.lines().get(0)).hasSize(FailureExplanation.MAX_LINE_LENGTH).endsWith("…");
        }

        @Test
        @DisplayName("keeps a collection diff's expected part and drops AssertJ's 'remaining lines' noise")
        void diffs() {
            String message = "[only order-1 was placed] \nExpecting actual:\n  [\"order-1\", \"order-2\"]\n"
                    + "to contain exactly (and in same order):\n  [\"order-1\"]\nbut some elements were not expected:\n"
                    + "  [\"order-2\"]\n\tat x.Y.z(Y.java:1)\n...(70 remaining lines not displayed - this can be changed"
                    + " with Assertions.setMaxStackTraceElementsDisplayed)";
            assertThat(FailureExplanation.of(new AssertionError(message)).lines()).containsExactly(
                    "why: only order-1 was placed", "Expecting actual:", "[\"order-1\", \"order-2\"]",
                    "to contain exactly (and in same order):", "[\"order-1\"]", "but some elements were not expected:",
                    "[\"order-2\"]");
        }

        @Test
        @DisplayName("a check that ran out of time suggests an endless loop")
        void timeout() {
            FailureExplanation why = FailureExplanation.of(
                    new java.util.concurrent.TimeoutException("call() timed out after 10 seconds"));
            assertThat(why.outcome()).isEqualTo(Outcome.ERROR);
            assertThat(why.message()).startsWith("did not finish in time (call() timed out after 10 seconds)")
                    .contains("endless loop");
        }

        @Test
        @DisplayName("any other exception is an error naming its type and message")
        void otherException() {
            FailureExplanation why = FailureExplanation.of(new IllegalStateException("boom\nmore"));
            assertThat(why.outcome()).isEqualTo(Outcome.ERROR);
            assertThat(why.message()).isEqualTo("threw IllegalStateException: boom");
        }
    }

    @Nested
    @DisplayName("test source")
    class Source {

        private static final String SOURCE = """
                package p;
                class ATest {
                    @Test
                    void first() {
                        String s = "}"; char c = '}'; // }
                        /* } */ run(() -> { });
                    }
                    @Nested
                    class Inner {
                        @Test
                        void first() {
                            inner();
                        }
                    }
                }
                """;

        @Test
        @DisplayName("finds a test method's line and code, ignoring braces in strings, chars and comments")
        void findsMethod() {
            Optional<TestSourceFile.Method> method = TestSourceFile.find(SOURCE, "p.ATest", "first");
            assertThat(method).get().extracting(TestSourceFile.Method::line).isEqualTo(4);
            assertThat(method.get().code()).isEqualTo("""
                    void first() {
                        String s = "}"; char c = '}'; // }
                        /* } */ run(() -> { });
                    }""");
        }

        @Test
        @DisplayName("finds a method of a nested class by its binary name")
        void findsNestedMethod() {
            Optional<TestSourceFile.Method> method = TestSourceFile.find(SOURCE, "p.ATest$Inner", "first");
            assertThat(method).get().extracting(TestSourceFile.Method::line).isEqualTo(11);
            assertThat(method.get().code()).contains("inner();");
        }

        @Test
        @DisplayName("finds nothing for an unknown method or file")
        void unknown(@TempDir Path dir) {
            assertThat(TestSourceFile.find(SOURCE, "p.ATest", "second")).isEmpty();
            assertThat(new TestSourceFile(dir).find("p.Missing", "first")).isEmpty();
        }
    }

    @Nested
    @DisplayName("report")
    class Report {

        private final GradingReport report = new GradingReport(List.of(
                GradedCheck.notPassed(LearningPath.CIRCUIT_BREAKER, "closed › opens",
                        new FailureExplanation(Outcome.FAIL, List.of("why: must open", "expected: OPEN")), "p.BTest", 20,
                        Optional.of("void opens() {\n}")),
                GradedCheck.passed(LearningPath.CIRCUIT_BREAKER, "closed › starts closed", "p.BTest", 10, Optional.empty()),
                GradedCheck.passed(LearningPath.CIRCUIT_BREAKER, "a › first class", "p.ATest", 99, Optional.empty())));

        @Test
        @DisplayName("lists checks in source order (classes by name) with ✔/✘ and explanations, then the score line")
        void text() {
            assertThat(report.text()).isEqualTo("""
                    Exercise 1 · Circuit breaker  (circuit-breaker)
                      ✔ a › first class
                      ✔ closed › starts closed
                      ✘ closed › opens
                          why: must open
                          expected: OPEN

                    circuit-breaker: 2/3 checks
                    """);
            assertThat(report.allPassed()).isFalse();
        }

        @Test
        @DisplayName("writes results.json in Exercism's v3 shape")
        void json() {
            assertThat(report.resultsJson(LearningPath.CIRCUIT_BREAKER)).isEqualTo("""
                    {
                      "version": 3,
                      "status": "fail",
                      "message": null,
                      "tests": [
                        {
                          "name": "Circuit breaker › a › first class",
                          "status": "pass",
                          "message": null,
                          "test_code": null
                        },
                        {
                          "name": "Circuit breaker › closed › starts closed",
                          "status": "pass",
                          "message": null,
                          "test_code": null
                        },
                        {
                          "name": "Circuit breaker › closed › opens",
                          "status": "fail",
                          "message": "why: must open\\nexpected: OPEN",
                          "test_code": "void opens() {\\n}"
                        }
                      ]
                    }
                    """);
        }

        @Test
        @DisplayName("shows what a failing check's code printed (first 500 characters), and task_id only for tasks")
        void outputAndTasks() {
            GradedCheck printed = GradedCheck.notPassed(LearningPath.CIRCUIT_BREAKER, "closed › opens",
                    new FailureExplanation(Outcome.FAIL, List.of("why: must open")), "p.BTest", 20, Optional.empty())
                    .withOutput(Optional.of("failures = 2\n" + "x".repeat(600))).withTaskId(Optional.of(2));
            GradingReport withOutput = new GradingReport(List.of(printed));

            assertThat(printed.output()).get().asString().hasSize(GradedCheck.MAX_OUTPUT).endsWith("…");
            assertThat(withOutput.text()).contains("      why: must open\n      your code printed:\n"
                    + "        | failures = 2\n");
            assertThat(withOutput.resultsJson()).contains("\"output\": \"failures = 2\\nxxx")
                    .contains("\"task_id\": 2");
            assertThat(report.resultsJson()).doesNotContain("task_id").doesNotContain("\"output\"");
        }

        @Test
        @DisplayName("an exercise that does not compile is reported with the compiler's words; the others are graded")
        void compileErrors(@TempDir Path dir) throws IOException {
            Files.writeString(dir.resolve("event-store.txt"),
                    "exercises/src/main/java/dev/microlab/exercises/eventstore/InMemoryEventStore.java:[42,9] ';' expected\n");
            GradingReport mixed = new GradingReport(report.allChecks(), GradingReportListener.compileErrors(dir.toString()));

            assertThat(mixed.text()).contains("""
                    Exercise 7 · In-memory event store  (event-store)
                      ✘ your code does not compile, so none of its checks ran:
                          exercises/src/main/java/dev/microlab/exercises/eventstore/InMemoryEventStore.java:[42,9] ';' expected
                    """).contains("circuit-breaker: 2/3 checks\nevent-store: does not compile\n");
            assertThat(mixed.resultsJson(LearningPath.EVENT_STORE)).contains("\"status\": \"error\"")
                    .contains("InMemoryEventStore.java:[42,9] ';' expected\"").contains("\"tests\": []");
            assertThat(mixed.resultsJson()).contains("\"status\": \"error\"").contains("event-store does not compile")
                    .contains("Circuit breaker › closed › opens");
            assertThat(mixed.allPassed()).isFalse();
        }

        @Test
        @DisplayName("an empty run is not a pass")
        void empty() {
            GradingReport none = new GradingReport(List.of());
            assertThat(none.allPassed()).isFalse();
            assertThat(none.resultsJson()).contains("\"status\": \"fail\"").contains("\"tests\": []");
            assertThat(none.text()).isEqualTo("no graded checks ran\n");
        }

        @Test
        @DisplayName("writes report.txt, results.json and one results.json per exercise")
        void files(@TempDir Path dir) throws IOException {
            GradingReportListener.write(report, dir);
            assertThat(dir.resolve("report.txt")).content().isEqualTo(report.text());
            assertThat(dir.resolve("results.json")).content().isEqualTo(report.resultsJson());
            assertThat(dir.resolve("circuit-breaker/results.json")).content()
                    .isEqualTo(report.resultsJson(LearningPath.CIRCUIT_BREAKER));
            assertThat(Files.list(dir)).hasSize(3);
        }
    }

    @Nested
    @DisplayName("skeleton check")
    class SkeletonCheckCatches {

        /** Runs the fixtures of {@code dev.microlab.gradingfixture} (normally disabled) through the launcher. */
        private CheckCollector run(DiscoverySelector selector) {
            String previous = System.setProperty("grading.fixture", "true");
            try {
                CheckCollector collector = new CheckCollector(null);
                LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selector).build(),
                        collector);
                return collector;
            } finally {
                if (previous == null) {
                    System.clearProperty("grading.fixture");
                } else {
                    System.setProperty("grading.fixture", previous);
                }
            }
        }

        @Test
        @DisplayName("names a graded check that passes against the skeletons, and a test that belongs to no exercise")
        void catchesVacuousAndUntaggedChecks() {
            List<String> problems = SkeletonCheck.checkProblems(run(selectPackage("dev.microlab.gradingfixture")));
            assertThat(problems)
                    .anySatisfy(p -> assertThat(p).startsWith("1 graded check(s) PASSED"))
                    .anySatisfy(p -> assertThat(p).isEqualTo("  - circuit-breaker: a check that passes before anything is written"))
                    .anySatisfy(p -> assertThat(p).startsWith("test without a known exercise tag")
                            .contains("a check nobody will ever see in a report"))
                    .noneSatisfy(p -> assertThat(p).contains("as it should"));
        }

        @Test
        @DisplayName("finds nothing wrong when every graded check fails against the skeletons")
        void acceptsHonestChecks() {
            CheckCollector collector = run(selectMethod("dev.microlab.gradingfixture.VacuousCheckFixture#honest"));
            assertThat(collector.checks()).as("the honest fixture ran as a circuit-breaker check").hasSize(1);
            assertThat(SkeletonCheck.checkProblems(collector)).isEmpty();
        }
    }

    @Nested
    @DisplayName("wrong solutions")
    class WrongSolutions {

        private static final String FIXTURE = """
                # Off by one: opens one failure late.
                # (a second line of the mistake)
                --- circuitbreaker/CircuitBreaker.java
                         failureCount++;
                -        if (failureCount >= failureThreshold) {
                +        if (failureCount > failureThreshold) {
                @@
                -    private int successCount;
                """;

        @Test
        @DisplayName("reads the mistake and the hunks, and applies them to the reference source")
        void parsesAndApplies() {
            WrongSolution wrong = WrongSolution.parse(LearningPath.CIRCUIT_BREAKER, "late", FIXTURE);
            String reference = "class C {\n    private int successCount;\n    void f() {\n        failureCount++;\n"
                    + "        if (failureCount >= failureThreshold) {\n        }\n    }\n}\n";

            assertThat(wrong.mistake()).isEqualTo("Off by one: opens one failure late. (a second line of the mistake)");
            assertThat(wrong.apply("circuitbreaker/CircuitBreaker.java", reference)).isEqualTo("class C {\n"
                    + "    void f() {\n        failureCount++;\n        if (failureCount > failureThreshold) {\n"
                    + "        }\n    }\n}\n");
        }

        @Test
        @DisplayName("a fixture that no longer fits the reference fails loudly instead of testing nothing")
        void misfit() {
            WrongSolution wrong = WrongSolution.parse(LearningPath.CIRCUIT_BREAKER, "late", FIXTURE);
            assertThatThrownBy(() -> wrong.apply("circuitbreaker/CircuitBreaker.java", "class C {}\n"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("late.wrong no longer fits")
                    .hasMessageContaining("this text is not in it");
            assertThatThrownBy(() -> WrongSolution.parse(LearningPath.CIRCUIT_BREAKER, "bare", "--- a/B.java\n-x\n"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("# the mistake");
        }

        @Test
        @DisplayName("every exercise has at least 3 wrong solutions, and each parses")
        void everyExerciseHasThree() {
            Path root = Path.of(System.getProperty("user.dir")).resolveSibling("solutions").resolve("src/wrong-solutions");
            List<WrongSolution> all = WrongSolution.readAll(root);
            for (LearningPath exercise : LearningPath.values()) {
                assertThat(all).as("wrong solutions of %s", exercise.slug()).filteredOn(w -> w.exercise() == exercise)
                        .hasSizeGreaterThanOrEqualTo(WrongSolutionCheck.MIN_PER_EXERCISE);
            }
        }
    }

    @Nested
    @DisplayName("Spanish")
    class InSpanish {

        @Test
        @DisplayName("translates a why from the catalog, arguments included, and the report's own words")
        void translates() {
            Spanish es = Spanish.instance();
            assertThat(es.line("why: 3 failures in a row with failureThreshold = 3 must open the circuit"))
                    .isEqualTo("por qué: 3 fallos seguidos con failureThreshold = 3 deben abrir el circuito");
            assertThat(es.line("why: failure 2 of 3 should reach the caller as the operation's exception"))
                    .isEqualTo("por qué: el fallo 2 de 3 debería llegar a quien llama como la excepción de la operación");
            assertThat(es.line("expected: IllegalArgumentException to be thrown"))
                    .isEqualTo("esperado: que se lance IllegalArgumentException");
            assertThat(es.line("but was: CLOSED")).isEqualTo("pero fue: CLOSED");
            assertThat(es.line("why: not in the catalog")).isEqualTo("por qué: not in the catalog");

            GradingReport report = new GradingReport(List.of(GradedCheck.notPassed(LearningPath.CIRCUIT_BREAKER,
                    "closed › opens", new FailureExplanation(Outcome.FAIL, List.of("why: a new breaker is CLOSED",
                            "expected: CLOSED", "but was: OPEN")), "p.BTest", 20, Optional.empty()))).inSpanish();
            assertThat(report.text()).isEqualTo("""
                    Ejercicio 1 · Circuit breaker  (circuit-breaker)
                      ✘ closed › opens
                          por qué: un interruptor nuevo está CLOSED
                          esperado: CLOSED
                          pero fue: OPEN

                    circuit-breaker: 0/1 comprobaciones
                    """);
        }

        @Test
        @DisplayName("the build names a check description that has no Spanish version")
        void missingTranslation(@TempDir Path dir) throws IOException {
            Path test = Files.createDirectories(dir.resolve("dev/microlab/exercises/x")).resolve("XTest.java");
            Files.writeString(test, "assertThat(a).as(\"known \" + \"words\").isTrue();\n"
                    + "assertThat(b).as(\"%d new words\", 3).isTrue();\n");

            assertThat(SkeletonCheck.spanishProblems(dir, java.util.Map.of("known words", "palabras conocidas")))
                    .containsExactly("1 check description(s) have no Spanish version in exercises/src/test/resources"
                            + "/grading/why.es.txt (add 'en: <description>' and 'es: <descripción>'):", "  en: %d new words");
            assertThat(SkeletonCheck.spanishProblems(dir, java.util.Map.of("known words", "palabras conocidas",
                    "%d new words", "%d palabras nuevas"))).isEmpty();
        }
    }

    @Nested
    @DisplayName("exercise deadline")
    class Deadline {

        @Test
        @DisplayName("stops a check stuck in an endless loop and fails the exercise's later checks at once")
        void stopsStuckChecks() {
            String previous = System.setProperty("grading.fixture", "stuck");
            try {
                CheckCollector collector = new CheckCollector(null);
                LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                        .selectors(selectClass("dev.microlab.gradingfixture.StuckCheckFixture"))
                        .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                        .configurationParameter(ExerciseDeadline.PARAMETER, "1")
                        .build(), collector);

                assertThat(collector.checks()).extracting(GradedCheck::name, c -> c.explanation().orElseThrow().message())
                        .containsExactly(
                                tuple("an endless loop", "did not finish in time (endless() was still running when the"
                                        + " 1 s of its exercise ran out) — an endless loop, or a wait that never ends?"),
                                tuple("a check after the deadline", "not run: the checks of retry used up their 1 s"
                                        + " (an earlier check was stuck)"));
            } finally {
                if (previous == null) {
                    System.clearProperty("grading.fixture");
                } else {
                    System.setProperty("grading.fixture", previous);
                }
            }
        }
    }

    @Nested
    @DisplayName("instructions check")
    class Instructions {

        @Test
        @DisplayName("accepts English and Spanish instructions that link to the guide and give hints")
        void complete(@TempDir Path dir) throws IOException {
            Files.writeString(dir.resolve("README.md"), "[guide](../../../docs/x.md)\nHint 1");
            Files.writeString(dir.resolve("README.es.md"), "[guía](../../../docs/x.md)\nPista 1");
            assertThat(SkeletonCheck.instructionProblems(LearningPath.CIRCUIT_BREAKER, dir)).isEmpty();
        }

        @Test
        @DisplayName("names a missing translation, a missing guide link and missing hints")
        void incomplete(@TempDir Path dir) throws IOException {
            Files.writeString(dir.resolve("README.md"), "no link, no hints");
            assertThat(SkeletonCheck.instructionProblems(LearningPath.CIRCUIT_BREAKER, dir)).hasSize(3)
                    .anySatisfy(p -> assertThat(p).contains("missing instructions").contains("README.es.md"))
                    .anySatisfy(p -> assertThat(p).contains("guide"))
                    .anySatisfy(p -> assertThat(p).contains("hints"));
        }

        @Test
        @DisplayName("refuses a last hint that quotes the reference answer instead of nudging")
        void lastHintGivesTheAnswerAway(@TempDir Path dir) throws IOException {
            Files.writeString(dir.resolve("README.md"), "<details><summary>Hint 3 — x</summary>\n\n```java\n"
                    + "    List<OrderEvent> pulled = List.copyOf(events);\n```\n</details>\n");
            Files.writeString(dir.resolve("README.es.md"), "<details><summary>Pista 3 — x</summary>\n\n"
                    + "Devuelve una copia que quien llama no pueda cambiar.\n</details>\n");
            java.util.Set<String> answer = java.util.Set.of("List<OrderEvent> pulled = List.copyOf(events);");

            assertThat(SkeletonCheck.lastHintProblems(LearningPath.ORDER_AGGREGATE, dir, answer)).singleElement()
                    .asString().contains("README.md Hint 3 quotes the reference answer")
                    .contains("List<OrderEvent> pulled = List.copyOf(events);");
        }

        @Test
        @DisplayName("refuses Spanish instructions that call a circuit breaker a short circuit (cortocircuito)")
        void mistranslation(@TempDir Path dir) throws IOException {
            Files.writeString(dir.resolve("README.md"), "[guide](../../../docs/x.md)\nHint 1");
            Files.writeString(dir.resolve("README.es.md"), "# Cortocircuito\n[guía](../../../docs/x.md)\nPista 1");
            assertThat(SkeletonCheck.instructionProblems(LearningPath.CIRCUIT_BREAKER, dir)).singleElement()
                    .asString().contains("cortocircuito").contains("interruptor automático");
        }
    }
}
