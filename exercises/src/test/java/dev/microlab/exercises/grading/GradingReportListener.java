package dev.microlab.exercises.grading;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Writes the grading report of a student's run: {@code report.txt} (what {@code ./grade}
 * prints), {@code results.json} for every exercise that ran, and {@code <slug>/results.json}
 * per exercise — both in Exercism's results.json v3 shape.
 *
 * <p>Registered with the JUnit Platform through {@code META-INF/services}; it does nothing
 * unless the system property {@code grading.reportDir} names the output folder (the exercises
 * module's {@code student} profile sets it, next to {@code grading.testSourceDir}).
 */
public final class GradingReportListener implements TestExecutionListener {

    public static final String REPORT_DIR = "grading.reportDir";
    public static final String TEST_SOURCE_DIR = "grading.testSourceDir";
    public static final String COMPILE_ERRORS_DIR = "grading.compileErrorsDir";
    /** "es" for the report in Spanish ({@code ./grade --lang es}); anything else is English. */
    public static final String LANGUAGE = "grading.lang";

    private volatile CheckCollector collector;
    private volatile Path reportDir;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        String dir = System.getProperty(REPORT_DIR);
        if (dir == null || dir.isBlank()) {
            return;
        }
        String sources = System.getProperty(TEST_SOURCE_DIR);
        reportDir = Path.of(dir);
        collector = new CheckCollector(sources == null || sources.isBlank() ? null : Path.of(sources));
        collector.testPlanExecutionStarted(testPlan);
    }

    @Override
    public void reportingEntryPublished(TestIdentifier testIdentifier, ReportEntry entry) {
        CheckCollector current = collector;
        if (current != null) {
            current.reportingEntryPublished(testIdentifier, entry);
        }
    }

    @Override
    public void executionSkipped(TestIdentifier testIdentifier, String reason) {
        CheckCollector current = collector;
        if (current != null) {
            current.executionSkipped(testIdentifier, reason);
        }
    }

    @Override
    public void executionFinished(TestIdentifier testIdentifier, TestExecutionResult result) {
        CheckCollector current = collector;
        if (current != null) {
            current.executionFinished(testIdentifier, result);
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        CheckCollector current = collector;
        if (current == null) {
            return;
        }
        GradingReport report = new GradingReport(current.checks(), compileErrors(System.getProperty(COMPILE_ERRORS_DIR)));
        write("es".equals(System.getProperty(LANGUAGE)) ? report.inSpanish() : report, reportDir);
    }

    /** The compile errors ./grade left in {@code dir}: one {@code <exercise>.txt} per exercise that did not compile. */
    static Map<LearningPath, String> compileErrors(String dir) {
        Map<LearningPath, String> errors = new EnumMap<>(LearningPath.class);
        if (dir == null || dir.isBlank() || !Files.isDirectory(Path.of(dir))) {
            return errors;
        }
        for (LearningPath exercise : LearningPath.values()) {
            Path file = Path.of(dir).resolve(exercise.slug() + ".txt");
            if (Files.isRegularFile(file)) {
                try {
                    errors.put(exercise, Files.readString(file, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + file, e);
                }
            }
        }
        return errors;
    }

    /** Writes {@code report}'s files into {@code dir}. */
    static void write(GradingReport report, Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("report.txt"), report.text(), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("results.json"), report.resultsJson(), StandardCharsets.UTF_8);
            for (LearningPath exercise : report.exercises()) {
                Path folder = Files.createDirectories(dir.resolve(exercise.slug()));
                Files.writeString(folder.resolve("results.json"), report.resultsJson(exercise), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the grading report to " + dir, e);
        }
    }
}
