package dev.microlab.exercises.grading;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Listens to a JUnit Platform run and sorts what ran into graded checks (tests tagged with an
 * exercise of the {@link LearningPath}), the grading infrastructure's own tests, and tests that
 * are neither (a grading test that forgot its tag: an error of the test tree, not of the student).
 *
 * <p>Used by {@link GradingReportListener} for a student's run and by {@link SkeletonCheck} for
 * the project's build. Results arrive on the thread that runs the tests; the lists are
 * synchronized in case a run is parallel.
 */
class CheckCollector implements TestExecutionListener {

    /** A non-graded test and whether it passed. */
    record OtherTest(String name, boolean passed, String detail) {
    }

    private final Optional<TestSourceFile> sources;
    private final List<GradedCheck> checks = Collections.synchronizedList(new ArrayList<>());
    private final List<OtherTest> infrastructure = Collections.synchronizedList(new ArrayList<>());
    private final List<OtherTest> untagged = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, String> output = new ConcurrentHashMap<>();
    private volatile TestPlan plan;

    /** @param testSourceDir the grading tests' source root, to order checks and quote them; may be null */
    CheckCollector(Path testSourceDir) {
        this.sources = Optional.ofNullable(testSourceDir).map(TestSourceFile::new);
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        this.plan = testPlan;
    }

    /**
     * What a test printed, published by the JUnit Platform when {@code junit.platform.output.capture.stdout}
     * is on (the student profile turns it on): a student's debugging output, shown under the check.
     */
    @Override
    public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
        entry.getKeyValuePairs().forEach((key, value) -> {
            if (key.equals("stdout") || key.equals("stderr")) {
                output.merge(id.getUniqueId(), value, String::concat);
            }
        });
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        if (id.isTest()) {
            record(id, new FailureExplanation(Outcome.FAIL, List.of("skipped: " + reason)), false);
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        boolean successful = result.getStatus() == TestExecutionResult.Status.SUCCESSFUL;
        if (id.isTest() || !successful) {
            // A container that fails (a class that cannot even be set up) hides its checks:
            // it is reported as one failed check so that nothing disappears silently.
            FailureExplanation why = successful ? null : result.getThrowable()
                    .map(failure -> FailureExplanation.of(failure, failingStatement(id, failure)))
                    .orElseGet(() -> new FailureExplanation(Outcome.ERROR, List.of("aborted: " + result.getStatus())));
            record(id, why, successful);
        }
    }

    private void record(TestIdentifier id, FailureExplanation why, boolean passed) {
        Set<String> tags = tags(id);
        String name = name(id);
        if (tags.contains(LearningPath.INFRASTRUCTURE_TAG)) {
            infrastructure.add(new OtherTest(name, passed, why == null ? "" : why.message()));
            return;
        }
        Optional<LearningPath> exercise = tags.stream().map(LearningPath::bySlug)
                .flatMap(Optional::stream).findFirst();
        if (exercise.isEmpty()) {
            untagged.add(new OtherTest(qualifiedName(id, name), passed, "tags " + tags));
            return;
        }
        Optional<TestSourceFile.Method> method = method(id);
        int line = method.map(TestSourceFile.Method::line).orElse(Integer.MAX_VALUE);
        Optional<String> code = method.map(TestSourceFile.Method::body);
        String testClass = testClass(id);
        Optional<Integer> task = tags.stream().filter(t -> t.matches("task:\\d+"))
                .map(t -> Integer.valueOf(t.substring("task:".length()))).findFirst();
        checks.add((passed ? GradedCheck.passed(exercise.get(), name, testClass, line, code)
                : GradedCheck.notPassed(exercise.get(), name, why, testClass, line, code))
                .withOutput(Optional.ofNullable(output.remove(id.getUniqueId()))).withTaskId(task));
    }

    /** The test's statement that failed (the last frame in the test class), for what the message leaves out. */
    private Optional<String> failingStatement(TestIdentifier id, Throwable failure) {
        Optional<TestSource> source = id.getSource();
        if (sources.isEmpty() || source.isEmpty() || !(source.get() instanceof MethodSource m)) {
            return Optional.empty();
        }
        String testClass = topLevel(m.getClassName());
        for (StackTraceElement frame : failure.getStackTrace()) {
            if (frame.getClassName().equals(testClass) || frame.getClassName().startsWith(testClass + "$")) {
                return sources.get().statementAt(testClass, frame.getLineNumber());
            }
        }
        return Optional.empty();
    }

    private Optional<TestSourceFile.Method> method(TestIdentifier id) {
        if (sources.isEmpty()) {
            return Optional.empty();
        }
        Optional<TestSource> source = id.getSource();
        if (source.isPresent() && source.get() instanceof MethodSource m) {
            return sources.get().find(m.getClassName(), m.getMethodName());
        }
        return Optional.empty();
    }

    /** The top-level test class of {@code id} (binary name without {@code $Nested}), or "" if none. */
    private String testClass(TestIdentifier id) {
        for (TestIdentifier at = id; at != null; at = parent(at)) {
            Optional<TestSource> source = at.getSource();
            if (source.isPresent() && source.get() instanceof MethodSource m) {
                return topLevel(m.getClassName());
            }
            if (source.isPresent() && source.get() instanceof ClassSource c) {
                return topLevel(c.getClassName());
            }
        }
        return "";
    }

    private static String topLevel(String className) {
        int nested = className.indexOf('$');
        return nested < 0 ? className : className.substring(0, nested);
    }

    private Set<String> tags(TestIdentifier id) {
        Set<String> tags = new TreeSet<>();
        for (TestIdentifier at = id; at != null; at = parent(at)) {
            at.getTags().stream().map(TestTag::getName).forEach(tags::add);
        }
        return tags;
    }

    /** The display names from below the top-level test class down to the test, joined by " › ". */
    private String name(TestIdentifier id) {
        List<String> names = new ArrayList<>();
        for (TestIdentifier at = id; at != null && !isTopLevelClass(at); at = parent(at)) {
            names.add(at.getDisplayName());
        }
        if (names.isEmpty()) {
            names.add(id.getDisplayName());
        }
        Collections.reverse(names);
        return String.join(" › ", names);
    }

    private String qualifiedName(TestIdentifier id, String name) {
        return id.getSource().map(Object::toString).map(s -> name + " [" + s + "]").orElse(name);
    }

    private static boolean isTopLevelClass(TestIdentifier id) {
        Optional<TestSource> source = id.getSource();
        return source.isPresent() && source.get() instanceof ClassSource c && !c.getClassName().contains("$");
    }

    private TestIdentifier parent(TestIdentifier id) {
        TestPlan current = plan;
        return current == null ? null : current.getParent(id).orElse(null);
    }

    List<GradedCheck> checks() {
        return List.copyOf(checks);
    }

    List<OtherTest> infrastructureTests() {
        return List.copyOf(infrastructure);
    }

    List<OtherTest> untaggedTests() {
        return List.copyOf(untagged);
    }

    GradingReport report() {
        return new GradingReport(checks());
    }
}
