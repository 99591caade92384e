package dev.microlab.exercises.grading;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The project build's proof that the grading catches wrong answers, not only missing ones: each
 * {@link WrongSolution} fixture is applied to the reference answers, compiled, and graded with its
 * exercise's checks, where at least one check must fail. A wrong solution that passes every check
 * is a hole in the grading (a student with that mistake would get full marks): the build fails and
 * names it. Every exercise must have at least {@value #MIN_PER_EXERCISE} wrong solutions.
 *
 * <p>Run by the solutions module in the {@code verify} phase. Each wrong solution is loaded by a
 * class loader of its own, child-first for the exercises' classes (the fixture's compiled classes
 * first, then the reference answers and the grading tests), so one JVM grades them all. Usage:
 * {@code java -cp <solutions test classpath> dev.microlab.exercises.grading.WrongSolutionCheck
 * <solutions module dir>}.
 */
public final class WrongSolutionCheck {

    static final int MIN_PER_EXERCISE = 3;
    private static final int PARALLEL = 4;
    private static final String PREFIX = "[wrong-solution check] ";
    private static final String EXERCISES = "dev.microlab.exercises.";
    private static final String GRADING = "dev.microlab.exercises.grading.";

    /** How a wrong solution was graded: the checks it failed (none: a hole). */
    record Verdict(WrongSolution solution, List<GradedCheck> failed, int checks, double seconds) {
        boolean caught() {
            return !failed.isEmpty();
        }
    }

    private WrongSolutionCheck() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: WrongSolutionCheck <solutions module directory> [exercise]");
            System.exit(2);
        }
        long started = System.nanoTime();
        Path module = Path.of(args[0]);
        // The optional exercise (its slug) narrows the run while writing wrong solutions.
        List<WrongSolution> solutions = WrongSolution.readAll(module.resolve("src/wrong-solutions")).stream()
                .filter(s -> args.length < 2 || s.exercise().slug().equals(args[1])).toList();
        Setup setup = new Setup(module.resolve("src/main/java/dev/microlab/exercises"),
                module.resolve("src/main/resources/dev/microlab/exercises"), module.resolve("target/classes"), module.resolve("target/test-classes"),
                module.resolve("target/wrong-solutions"));
        List<String> problems = new ArrayList<>();
        for (LearningPath exercise : LearningPath.values()) {
            if (args.length == 2 && !exercise.slug().equals(args[1])) {
                continue;
            }
            long count = solutions.stream().filter(s -> s.exercise() == exercise).count();
            if (count < MIN_PER_EXERCISE) {
                problems.add(exercise.slug() + ": " + count + " wrong solution(s) in src/wrong-solutions/"
                        + exercise.instructionsFolder() + ", at least " + MIN_PER_EXERCISE + " needed");
            }
        }
        // Wrong solutions mostly wait (a check's bounded wait for something that never happens), so
        // grading a few at once costs little CPU and saves most of the time.
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        List<Future<Verdict>> verdicts = new ArrayList<>();
        for (WrongSolution solution : solutions) {
            verdicts.add(pool.submit(() -> grade(solution, setup)));
        }
        for (int i = 0; i < solutions.size(); i++) {
            WrongSolution solution = solutions.get(i);
            Verdict verdict;
            try {
                verdict = verdicts.get(i).get();
            } catch (ExecutionException e) {
                problems.add(solution.exercise().slug() + "/" + solution.name() + ": " + e.getCause().getMessage());
                continue;
            }
            if (verdict.caught()) {
                System.out.printf("%s%2d %-20s %-34s caught by %d of %d checks (%.1f s): %s%n", PREFIX,
                        solution.exercise().number(), solution.exercise().slug(), solution.name(),
                        verdict.failed().size(), verdict.checks(), verdict.seconds(), verdict.failed().get(0).name());
            } else {
                problems.add(solution.exercise().slug() + "/" + solution.name() + " PASSED all " + verdict.checks()
                        + " checks, so a student with this mistake gets full marks: " + solution.mistake());
            }
        }
        pool.shutdownNow();
        if (problems.isEmpty()) {
            System.out.printf("%severy one of the %d wrong solutions fails a check (%.0f s)%n", PREFIX, solutions.size(),
                    (System.nanoTime() - started) / 1e9);
            return;
        }
        System.err.println(PREFIX + "FAILED:");
        problems.forEach(p -> System.err.println(PREFIX + "  " + p));
        System.exit(1);
    }

    /**
     * Where the reference sources, resources (exercise 3's YAML) and classes are, and where wrong
     * solutions are built.
     */
    record Setup(Path referenceSources, Path referenceResources, Path classes, Path testClasses, Path work) {
    }

    /** Applies, compiles and grades one wrong solution. */
    static Verdict grade(WrongSolution solution, Setup setup) throws IOException {
        long started = System.nanoTime();
        Path root = setup.work().resolve(solution.exercise().instructionsFolder()).resolve(solution.name());
        deleteTree(root); // what an earlier build left
        Path sources = root.resolve("src/dev/microlab/exercises");
        Path classes = root.resolve("classes");
        // A full copy of the reference classes, without the classes of the files the fixture
        // changes: the wrong solution is then a complete build of its own, as a student's would be
        // (a class the fixture moves to another package does not linger in its old one).
        copyTree(setup.classes(), classes);
        List<String> files = new ArrayList<>();
        for (Map.Entry<String, List<WrongSolution.Hunk>> edit : solution.edits().entrySet()) {
            if (!edit.getKey().endsWith(".java")) {
                // A resource (a YAML file of exercise 3): the changed copy replaces the reference's
                // in the wrong solution's classes, where the checks load it from.
                String reference = Files.readString(setup.referenceResources().resolve(edit.getKey()),
                        StandardCharsets.UTF_8);
                Files.writeString(classes.resolve("dev/microlab/exercises").resolve(edit.getKey()),
                        solution.apply(edit.getKey(), reference), StandardCharsets.UTF_8);
                continue;
            }
            String reference = Files.readString(setup.referenceSources().resolve(edit.getKey()), StandardCharsets.UTF_8);
            Path file = sources.resolve(edit.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, solution.apply(edit.getKey(), reference), StandardCharsets.UTF_8);
            files.add(file.toString());
            deleteClassesOf(classes.resolve("dev/microlab/exercises").resolve(edit.getKey()));
        }
        if (!files.isEmpty()) {
            compile(solution, files, classes);
        }

        GradeLoader loader = new GradeLoader(new URL[] {url(classes), url(setup.testClasses())});
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            List<DiscoverySelector> selectors = new ArrayList<>();
            for (String className : testClasses(setup.testClasses())) {
                selectors.add(selectClass(loader.loadClass(className)));
            }
            LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectors)
                    .filters(TagFilter.includeTags(solution.exercise().slug()),
                            TagFilter.excludeTags(LearningPath.INFRASTRUCTURE_TAG, LearningPath.FIXTURE_TAG))
                    // A wrong solution may loop forever or wait for ever: that is a failed check too.
                    .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                    .configurationParameter(ExerciseDeadline.PARAMETER, "15")
                    .build();
            CheckCollector collector = new CheckCollector(null);
            LauncherFactory.create().execute(request, collector);
            List<GradedCheck> checks = collector.report().checks(solution.exercise());
            if (checks.isEmpty()) {
                throw new IllegalStateException("no check of " + solution.exercise().slug() + " ran");
            }
            return new Verdict(solution, checks.stream().filter(c -> !c.passed()).toList(), checks.size(),
                    (System.nanoTime() - started) / 1e9);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("cannot load a grading test: " + e.getMessage(), e);
        } finally {
            thread.setContextClassLoader(previous);
            loader.close();
        }
    }

    private static void compile(WrongSolution solution, List<String> files, Path classes) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no Java compiler in this runtime; run the build with a JDK");
        }
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-proc:none", "-nowarn",
                "-encoding", "UTF-8", "--release", "17",
                "-classpath", classes + File.pathSeparator + System.getProperty("java.class.path")));
        args.addAll(files);
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javac.run(null, null, errors, args.toArray(String[]::new));
        if (status != 0) {
            throw new IllegalStateException("does not compile (a wrong solution must compile, or it tests "
                    + "the compiler instead of the checks):\n" + errors.toString(StandardCharsets.UTF_8));
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Deletes {@code Name.class} and {@code Name$*.class} of the source file {@code .../Name.java}. */
    private static void deleteClassesOf(Path sourceInClasses) throws IOException {
        String name = sourceInClasses.getFileName().toString().replaceFirst("\\.java$", "");
        Path folder = sourceInClasses.getParent();
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> list = Files.list(folder)) {
            for (Path file : list.toList()) {
                String fileName = file.getFileName().toString();
                if (fileName.equals(name + ".class") || fileName.startsWith(name + "$")) {
                    Files.delete(file);
                }
            }
        }
    }

    /** The top-level grading test classes (binary names) under {@code testClasses}. */
    private static List<String> testClasses(Path testClasses) throws IOException {
        try (Stream<Path> walk = Files.walk(testClasses.resolve("dev/microlab/exercises"))) {
            return walk.map(p -> testClasses.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> p.endsWith("Test.class") && !p.contains("$") && !p.contains("/grading/"))
                    .map(p -> p.substring(0, p.length() - ".class".length()).replace('/', '.'))
                    .sorted().toList();
        }
    }

    private static URL url(Path path) {
        try {
            return path.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Only its own (the wrong solution's full build and the grading tests) for the exercises'
     * classes and their class files, so ArchUnit and reflection see the wrong solution too; parent-first for everything else (JUnit, AssertJ, patterns-core and
     * the grading machinery, which must be the very classes the launcher uses).
     */
    static final class GradeLoader extends URLClassLoader {

        GradeLoader(URL[] urls) {
            super("wrong-solution", urls, WrongSolutionCheck.class.getClassLoader());
        }

        private static boolean ours(String className) {
            return className.startsWith(EXERCISES) && !className.startsWith(GRADING);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!ours(name)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    loaded = findClass(name); // never the reference's class: not found is not found
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }

        @Override
        public URL getResource(String name) {
            if (ours(name.replace('/', '.'))) {
                URL own = findResource(name);
                if (own != null) {
                    return own;
                }
            }
            return super.getResource(name);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            if (!ours(name.replace('/', '.'))) {
                return super.getResources(name);
            }
            List<URL> own = Collections.list(findResources(name));
            return Collections.enumeration(own.isEmpty() ? Collections.list(super.getResources(name)) : own);
        }
    }
}
