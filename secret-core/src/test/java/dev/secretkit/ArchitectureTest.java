package dev.secretkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The package and dependency rules of ARCHITECTURE.md, checked on secret-core's compiled classes. */
@AnalyzeClasses(packages = "dev.secretkit", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  /** The JDK's part includes javax.crypto, where the file store's AES-GCM and HMAC live. */
  @ArchTest
  static final ArchRule coreDependsOnJacksonSnakeYamlAndTheJdkOnly = classes()
      .should().onlyDependOnClassesThat()
      .resideInAnyPackage("dev.secretkit..", "java..", "javax.crypto..", "com.fasterxml.jackson..",
          "org.yaml.snakeyaml..");

  @ArchTest
  static final ArchRule onlyTheTreeBuilderTouchesYaml = noClasses()
      .that().doNotHaveSimpleName("YamlTreeBuilder").and().doNotHaveSimpleName("YamlTreeBuilder$TreeException")
      .should().dependOnClassesThat().resideInAPackage("org.yaml.snakeyaml..");

  /**
   * What users and backend authors program against (the SPI, its support and the access rules)
   * never reaches into {@code internal}; {@link ArchitectureRulesTest} shows the rule failing on a
   * planted violation. (That no other module uses {@code internal} is each module's own rule.)
   */
  @ArchTest
  static final ArchRule theSpiAndAccessRulesDoNotReachInternal = noClasses()
      .that().resideInAnyPackage("dev.secretkit.spi..", "dev.secretkit.access..")
      .should().dependOnClassesThat().resideInAPackage("dev.secretkit.internal..");

  @ArchTest
  static final ArchRule exceptionsShareOneRoot = classes()
      .that().areAssignableTo(RuntimeException.class).and().arePublic()
      .should().beAssignableTo(SecretException.class);

  @ArchTest
  static final ArchRule theSpiNeedsOnlyTheApi = classes()
      .that().resideInAPackage("dev.secretkit.spi")
      .should().onlyDependOnClassesThat()
      .resideInAnyPackage("dev.secretkit", "dev.secretkit.spi", "dev.secretkit.spi.support", "dev.secretkit.access",
          "java..");

  @ArchTest
  static final ArchRule theSpiSupportNeedsOnlyTheApiAndJackson = classes()
      .that().resideInAPackage("dev.secretkit.spi.support")
      .should().onlyDependOnClassesThat()
      .resideInAnyPackage("dev.secretkit", "dev.secretkit.spi.support", "dev.secretkit.access", "java..",
          "com.fasterxml.jackson..");

  @ArchTest
  static final ArchRule theApiKnowsNoStoreImplementation = noClasses()
      .that().resideInAnyPackage("dev.secretkit", "dev.secretkit.spi", "dev.secretkit.access",
          "dev.secretkit.manifest", "dev.secretkit.validation", "dev.secretkit.internal")
      .should().dependOnClassesThat().resideInAPackage("dev.secretkit.store..");

  @ArchTest
  static final ArchRule storesShowOnlyTheirProvider = classes()
      .that().resideInAPackage("dev.secretkit.store..").and().arePublic()
      .should().haveSimpleNameEndingWith("SecretStoreProvider");

  @ArchTest
  static final ArchRule storesDoNotKnowEachOther = noClasses()
      .that().resideInAPackage("dev.secretkit.store.memory")
      .should().dependOnClassesThat().resideInAPackage("dev.secretkit.store.file");
}
