package io.shardwise.driver;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The driver's side of the seam: it reaches the router only through the router's API packages (the
 * {@code Router}, the plan it returns, the merge plan, the shard map and the errors), never the SQL
 * analysis or the ring; and its own internal packages form no cycle.
 */
@AnalyzeClasses(
    packages = "io.shardwise.driver",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule theDriverUsesOnlyTheRoutersApi =
      noClasses()
          .that()
          .resideInAPackage("io.shardwise.driver..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.shardwise.router.sql..", "io.shardwise.router.ring..");

  /**
   * The internal packages form no cycle. The API package {@code io.shardwise.driver} sits on top
   * and also holds the interfaces its implementations below fill in ({@code ShardwiseConnection},
   * {@code RouteTrace}, {@code NodeMetrics}): it is not one of the slices.
   */
  @ArchTest
  static final ArchRule internalPackagesHaveNoCycles =
      slices().matching("io.shardwise.driver.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule theMergeEngineKnowsNoConnection =
      noClasses()
          .that()
          .resideInAPackage("io.shardwise.driver.merge..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.shardwise.driver.jdbc..",
              "io.shardwise.driver.runtime..",
              "io.shardwise.driver.node..");

  /** The JDBC layer shows one type to the driver's entry points: the connection they create. */
  @ArchTest
  static final ArchRule jdbcTypesAreInternal =
      classes()
          .that()
          .resideInAPackage("io.shardwise.driver.jdbc..")
          .and()
          .doNotHaveSimpleName("LogicalConnection")
          .should()
          .notBePublic();
}
