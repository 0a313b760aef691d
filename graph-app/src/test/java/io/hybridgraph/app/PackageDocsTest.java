package io.hybridgraph.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every main package of every module says what it is for in a {@code package-info.java} (the folder
 * tree reads as the architecture). Run from graph-app, whose parent holds the modules.
 */
class PackageDocsTest {

  @Test
  void everyMainPackage_hasAPackageInfoWithAJavadocSentence() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent();
    List<Path> packages;
    try (Stream<Path> modules = Files.list(root)) {
      packages =
          modules
              .filter(m -> m.getFileName().toString().startsWith("graph-"))
              .map(m -> m.resolve("src/main/java"))
              .filter(Files::isDirectory)
              .flatMap(PackageDocsTest::directoriesWithJava)
              .toList();
    }

    assertThat(packages).as("main packages found").hasSizeGreaterThan(15);
    for (Path dir : packages) {
      Path info = dir.resolve("package-info.java");
      assertThat(info).as("package-info.java of " + root.relativize(dir)).exists();
      assertThat(Files.readString(info)).as(info.toString()).contains("/**").contains("package ");
    }
  }

  private static Stream<Path> directoriesWithJava(Path sources) {
    try (Stream<Path> walk = Files.walk(sources)) {
      return walk.filter(Files::isDirectory).filter(PackageDocsTest::holdsJava).toList().stream();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static boolean holdsJava(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.anyMatch(
          f -> f.toString().endsWith(".java") && !f.endsWith("package-info.java"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
