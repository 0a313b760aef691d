package io.hybridgraph.domain.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.quicktheories.QuickTheory;
import org.quicktheories.api.AsString;
import org.quicktheories.core.Configuration;
import org.quicktheories.core.Reporter;

/**
 * Entry point of the property tests: a QuickTheories theory with a given number of tries, whose
 * failure names the seed and the Maven command that replays the failing property.
 *
 * <p>Each property draws a fresh seed unless the system property {@value #SEED} fixes it (Maven
 * hands {@code -DQT_SEED=...} on to the forked test JVM). A failing case is shrunk by QuickTheories
 * before it is reported; the replay with the printed seed finds and shrinks the same case.
 *
 * <p>QuickTheories skips a case whose random draws repeat an earlier case's exactly, so a property
 * over a space smaller than its tries runs fewer cases than its tries, each of them once.
 */
public final class Theories {

  /** The system property that fixes the seed of every property in the run. */
  public static final String SEED = Configuration.SEED;

  private Theories() {}

  /**
   * A theory that runs up to {@code tries} cases.
   *
   * @param tries the number of cases to generate, at least 1
   */
  public static QuickTheory tries(int tries) {
    if (tries < 1) {
      throw new IllegalArgumentException("tries must be at least 1, was " + tries);
    }
    return QuickTheory.qt().withExamples(tries).withReporter(new ReplayingReporter());
  }

  /**
   * Fails with the smallest falsifying case, the seed, and how to run the property again.
   * QuickTheories 0.26 spells its callbacks {@code falisification}.
   */
  private static final class ReplayingReporter implements Reporter {

    private static final int OTHER_CASES_SHOWN = 3;

    @Override
    public void falisification(
        long seed,
        int count,
        Object smallest,
        Throwable cause,
        List<Object> examples,
        AsString<Object> toString) {
      throw new AssertionError(message(seed, count, smallest, examples, toString), cause);
    }

    @Override
    public void falisification(
        long seed, int count, Object smallest, List<Object> examples, AsString<Object> toString) {
      throw new AssertionError(message(seed, count, smallest, examples, toString));
    }

    @Override
    public void valuesExhausted(int completedExamples) {
      throw new IllegalStateException(
          "gave up after only " + completedExamples + " case(s) met the assumptions");
    }

    private static String message(
        long seed, int count, Object smallest, List<Object> examples, AsString<Object> toString) {
      String others =
          examples.stream()
              .filter(example -> example != smallest)
              .limit(OTHER_CASES_SHOWN)
              .map(example -> String.format("  %s%n", toString.asString(example)))
              .collect(Collectors.joining());
      return String.format(
          "Property falsified after %d case(s), seed %d%n"
              + "Smallest falsifying case:%n  %s%n"
              + "%s"
              + "Replay with -D%s=%d:%n  %s",
          count,
          seed,
          toString.asString(smallest),
          others.isEmpty() ? "" : String.format("Other falsifying cases:%n") + others,
          SEED,
          seed,
          replayCommand(seed));
    }

    /** The Maven command that runs only the failing property with the same seed. */
    private static String replayCommand(long seed) {
      String module = moduleDirectory().map(name -> "-pl " + name + " -am ").orElse("");
      String test =
          StackWalker.getInstance()
              .walk(
                  frames ->
                      frames
                          .filter(frame -> isTestCode(frame.getClassName()))
                          .findFirst()
                          .map(frame -> testName(frame.getClassName(), frame.getMethodName())))
              .orElse("<TestClass#method>");
      return String.format(
          "mvn -B -ntp %sverify -Djacoco.skip=true -Dsurefire.failIfNoSpecifiedTests=false"
              + " -Dtest='%s' -D%s=%d",
          module, test, SEED, seed);
    }

    /** The Maven module under test: surefire runs the tests in the module's directory. */
    private static Optional<String> moduleDirectory() {
      Path dir = Path.of(System.getProperty("user.dir", ".")).toAbsolutePath();
      Path parent = dir.getParent();
      boolean isModule =
          Files.exists(dir.resolve("pom.xml"))
              && parent != null
              && Files.exists(parent.resolve("pom.xml"));
      return isModule ? Optional.of(dir.getFileName().toString()) : Optional.empty();
    }

    /** The first frame of this project's test code below QuickTheories is the property's. */
    private static boolean isTestCode(String className) {
      String self = Theories.class.getName();
      return className.startsWith("io.hybridgraph.")
          && !className.equals(self)
          && !className.startsWith(self + "$");
    }

    /** {@code Class#method} as surefire's {@code -Dtest} takes it, for a method or its lambda. */
    private static String testName(String className, String methodName) {
      String simpleName = className.substring(className.lastIndexOf('.') + 1);
      int nested = simpleName.indexOf('$');
      String testClass = nested < 0 ? simpleName : simpleName.substring(0, nested);
      String[] lambda = methodName.split("\\$");
      String method = lambda.length == 3 && lambda[0].equals("lambda") ? lambda[1] : methodName;
      return testClass + "#" + method;
    }
  }
}
