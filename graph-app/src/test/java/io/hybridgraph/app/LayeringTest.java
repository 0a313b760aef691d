package io.hybridgraph.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rule across modules, checked here because graph-app is the one module that sees
 * every other: adapters never depend on each other or on sync, sync never on an adapter, and
 * nothing outside graph-app depends on graph-app. (The domain's own rule lives in graph-domain.)
 */
class LayeringTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importProductionClasses() {
    ImportOption productionOnly =
        location ->
            !location.contains("/test-classes/")
                && !location.contains("-tests.jar")
                && !location.contains("/graph-benchmarks/");
    classes =
        new ClassFileImporter().withImportOption(productionOnly).importPackages("io.hybridgraph");
  }

  @Test
  void adapters_doNotDependOnEachOther_orOnSync() {
    noClasses()
        .that()
        .resideInAPackage("io.hybridgraph.sqlite..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.hybridgraph.d1..", "io.hybridgraph.sync..", "io.hybridgraph.app..")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("io.hybridgraph.d1..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.hybridgraph.sqlite..", "io.hybridgraph.sync..", "io.hybridgraph.app..")
        .check(classes);
  }

  @Test
  void sync_dependsOnTheDomainOnly_notOnAnAdapter() {
    noClasses()
        .that()
        .resideInAPackage("io.hybridgraph.sync..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.hybridgraph.sqlite..", "io.hybridgraph.d1..", "io.hybridgraph.app..")
        .check(classes);
  }

  @Test
  void nothingOutsideTheApp_dependsOnTheApp() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.hybridgraph.app..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.hybridgraph.app..")
        .check(classes);
  }

  @Test
  void theHttpAndCliEdges_doNotReachIntoAdapters() {
    noClasses()
        .that()
        .resideInAnyPackage("io.hybridgraph.app.http..", "io.hybridgraph.app.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.hybridgraph.sqlite..", "io.hybridgraph.d1..")
        .check(classes);
  }
}
