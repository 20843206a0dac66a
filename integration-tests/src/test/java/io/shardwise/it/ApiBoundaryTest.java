package io.shardwise.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The end-to-end tests use shardwise as an application does: through the driver's API package
 * ({@code io.shardwise.driver}), the router's API (the {@code Router}, its plan, the shard map, the
 * ring, the errors) and the resharding tool, never the internals. Three health tests look into the
 * runtime on purpose (the replication position a primary reports, the health of each node); they
 * are named here.
 */
@AnalyzeClasses(packages = "io.shardwise.it", importOptions = ImportOption.OnlyIncludeTests.class)
class ApiBoundaryTest {

  @ArchTest
  static final ArchRule testsUseOnlyTheApi =
      noClasses()
          .that()
          .resideInAPackage("io.shardwise.it..")
          .and()
          .doNotHaveSimpleName("HealthMaps")
          .and()
          .doNotHaveSimpleName("ReadYourWritesPositionTest")
          .and()
          .doNotHaveSimpleName("UnreachableReplicaTest")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.shardwise.driver.jdbc..",
              "io.shardwise.driver.runtime..",
              "io.shardwise.driver.node..",
              "io.shardwise.driver.health..",
              "io.shardwise.driver.replication..",
              "io.shardwise.driver.merge..",
              "io.shardwise.driver.metrics..",
              "io.shardwise.router.sql..");
}
