package io.hybridgraph.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rule across modules, checked here because graph-app is the one module that sees
 * every other: adapters never depend on each other or on sync, sync never on an adapter, nothing
 * outside graph-app depends on graph-app, and neither the adapters (the SQLite and D1 stores, the
 * command line, the HTTP API, the demo) nor the ports depend on a service: adapters reach the
 * hexagon through its ports only. (The domain's own rule lives in graph-domain.)
 */
class LayeringTest {

  /** The application services: the domain's graph service and the sync services. */
  static final String[] SERVICES = {
    "io.hybridgraph.domain.service..", "io.hybridgraph.sync.service.."
  };

  /** The adapters around the hexagon, driven (stores) and driving (people's edges). */
  static final String[] ADAPTERS = {
    "io.hybridgraph.sqlite..",
    "io.hybridgraph.d1..",
    "io.hybridgraph.app.cli..",
    "io.hybridgraph.app.http..",
    "io.hybridgraph.app.view..",
    "io.hybridgraph.app.demo.."
  };

  /** The ports: the domain's incoming and outgoing ones, and sync's. */
  static final String[] PORTS = {"io.hybridgraph.domain.port..", "io.hybridgraph.sync.port.."};

  static final ArchRule ADAPTERS_DO_NOT_DEPEND_ON_SERVICES =
      noClasses()
          .that()
          .resideInAnyPackage(ADAPTERS)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(SERVICES)
          .because("adapters reach the hexagon through its ports");

  static final ArchRule PORTS_DO_NOT_DEPEND_ON_SERVICES =
      noClasses()
          .that()
          .resideInAnyPackage(PORTS)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(SERVICES)
          .because("a port is what a service offers or needs, never the service itself");

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
  void adapters_doNotDependOnServices() {
    ADAPTERS_DO_NOT_DEPEND_ON_SERVICES.check(classes);
  }

  @Test
  void ports_doNotDependOnServices() {
    PORTS_DO_NOT_DEPEND_ON_SERVICES.check(classes);
  }

  /** The two rules can fail: an HTTP route holding the graph service breaks the first. */
  @Test
  void serviceRules_reportAnAdapterThatHoldsAService() {
    JavaClasses withAViolation =
        new ClassFileImporter()
            .importClasses(
                io.hybridgraph.app.http.ServiceHoldingRoute.class,
                io.hybridgraph.domain.service.GraphService.class);

    assertThat(ADAPTERS_DO_NOT_DEPEND_ON_SERVICES.evaluate(withAViolation).hasViolation()).isTrue();
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
