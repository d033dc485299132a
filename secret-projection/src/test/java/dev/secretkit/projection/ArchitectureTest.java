package dev.secretkit.projection;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The module's dependency rules, checked on its compiled classes. */
@AnalyzeClasses(packages = "dev.secretkit.projection", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  /** The module uses core's exported API, liqp (with the ANTLR runtime it bundles) and the JDK; never core's internals. */
  @ArchTest
  static final ArchRule projectionDependsOnCoreLiqpAndTheJdkOnly = classes()
      .should().onlyDependOnClassesThat()
      .resideInAnyPackage("dev.secretkit", "dev.secretkit.client", "dev.secretkit.manifest", "dev.secretkit.access",
          "dev.secretkit.spi.support", "dev.secretkit.projection..", "java..", "liqp..", "liquid.parser..");

  /** The engines know nothing of consumers: templates render against a context, whoever built it. */
  @ArchTest
  static final ArchRule templatesDoNotUseTheConsumerModel = noClasses()
      .that().resideInAPackage("dev.secretkit.projection.template")
      .should().dependOnClassesThat().resideInAPackage("dev.secretkit.projection");

  /** Only the liquid engine's classes touch liqp, so that an upgrade of it is one place to look. */
  @ArchTest
  static final ArchRule onlyTheLiquidEngineTouchesLiqp = noClasses()
      .that().haveNameNotMatching(".*\\.Liquid[^.]*")
      .should().dependOnClassesThat().resideInAnyPackage("liqp..", "liquid.parser..");

  @ArchTest
  static final ArchRule packagesFormADag = slices().matching("dev.secretkit.projection.(**)").should()
      .beFreeOfCycles();
}
