package io.shardwise.router;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The router's package structure, as docs/architecture.md draws it: {@code io.shardwise.router}
 * (the {@code Router}) on top; below it the SQL analysis ({@code sql}, internal), the plan the
 * driver runs ({@code route}, {@code merge}), the ring, the shard map ({@code config}) and the
 * errors. No package reaches back up.
 */
@AnalyzeClasses(
    packages = "io.shardwise.router",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule packagesHaveNoCycles =
      slices().matching("io.shardwise.(**)").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule onlyTheRouterUsesTheSqlAnalysis =
      classes()
          .that()
          .resideInAPackage("io.shardwise.router.sql..")
          .should()
          .onlyBeAccessed()
          .byClassesThat()
          .resideInAnyPackage("io.shardwise.router", "io.shardwise.router.sql..");

  @ArchTest
  static final ArchRule thePlanDependsOnlyOnTheMergePlan =
      noClasses()
          .that()
          .resideInAnyPackage("io.shardwise.router.route..", "io.shardwise.router.merge..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.shardwise.router",
              "io.shardwise.router.sql..",
              "io.shardwise.router.ring..",
              "io.shardwise.router.config..");

  @ArchTest
  static final ArchRule theMapAndTheRingKnowNoSql =
      noClasses()
          .that()
          .resideInAnyPackage("io.shardwise.router.config..", "io.shardwise.router.ring..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.shardwise.router",
              "io.shardwise.router.sql..",
              "io.shardwise.router.route..",
              "io.shardwise.router.merge..");
}
