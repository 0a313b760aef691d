package io.hybridgraph.domain;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/** The domain is pure JDK: it depends on {@code java..} and on itself, nothing else. */
@AnalyzeClasses(
    packages = "io.hybridgraph.domain",
    importOptions = ImportOption.DoNotIncludeTests.class)
class DomainArchitectureTest {

  @ArchTest
  static final ArchRule domainDependsOnlyOnTheJdk =
      classes()
          .that()
          .resideInAPackage("io.hybridgraph.domain..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage("java..", "io.hybridgraph.domain..");

  /** The rule can fail: this test class itself depends on ArchUnit and AssertJ. */
  @Test
  void rule_reportsADependencyOutsideTheJdk() {
    JavaClasses withATestClass =
        new ClassFileImporter().importClasses(DomainArchitectureTest.class);

    assertThat(domainDependsOnlyOnTheJdk.evaluate(withATestClass).hasViolation()).isTrue();
  }
}
