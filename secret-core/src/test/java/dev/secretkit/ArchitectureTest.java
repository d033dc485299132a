package dev.secretkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/** The package and dependency rules of ARCHITECTURE.md, checked on secret-core's compiled classes. */
@AnalyzeClasses(packages = "dev.secretkit", importOptions = {ImportOption.DoNotIncludeTests.class,
    ArchitectureTest.CoreOnly.class})
class ArchitectureTest {
  /** secret-core's classes, not those of secret-leakcheck, the tests' leak check, whose package shares the prefix. */
  public static final class CoreOnly implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("secret-leakcheck");
    }
  }

  private static final SliceAssignment EACH_PACKAGE = new SliceAssignment() {
    @Override
    public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
      return SliceIdentifier.of(javaClass.getPackageName());
    }

    @Override
    public String getDescription() {
      return "each package";
    }
  };

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
   * Every package of secret-core is a slice, and the slices form a DAG; {@link ArchitectureRulesTest}
   * shows the rule failing on a planted cycle.
   */
  @ArchTest
  static final ArchRule packagesFormADag = slices().assignedFrom(EACH_PACKAGE).should().beFreeOfCycles();

  /**
   * The layers of the package overview of {@code dev.secretkit}, each using only the ones below it:
   * applications' {@code client} on top; the stores; the SPI and validation; the manifest model;
   * the support helpers; the shared vocabulary; access values; and {@code internal}, reached only
   * from inside core's implementation layers, never from what backend authors program against.
   * Every class is in a layer, so a new package must take its place here before it is used.
   * {@link ArchitectureRulesTest} shows the rule failing on planted violations.
   */
  @ArchTest
  static final ArchRule layersUseOnlyTheLayersBelow = layeredArchitecture()
      .consideringOnlyDependenciesInLayers().withOptionalLayers(true).ensureAllClassesAreContainedInArchitecture()
      .layer("client").definedBy("dev.secretkit.client")
      .layer("stores").definedBy("dev.secretkit.store..")
      .layer("spi").definedBy("dev.secretkit.spi")
      .layer("validation").definedBy("dev.secretkit.validation")
      .layer("manifest").definedBy("dev.secretkit.manifest")
      .layer("support").definedBy("dev.secretkit.spi.support")
      .layer("vocabulary").definedBy("dev.secretkit")
      .layer("access").definedBy("dev.secretkit.access")
      .layer("internal").definedBy("dev.secretkit.internal")
      .whereLayer("client").mayNotBeAccessedByAnyLayer()
      .whereLayer("stores").mayOnlyBeAccessedByLayers("stores")
      .whereLayer("spi").mayOnlyBeAccessedByLayers("stores", "client")
      .whereLayer("validation").mayOnlyBeAccessedByLayers("client")
      .whereLayer("manifest").mayOnlyBeAccessedByLayers("validation", "spi", "stores", "client")
      .whereLayer("support").mayOnlyBeAccessedByLayers("manifest", "validation", "spi", "stores", "client")
      .whereLayer("vocabulary").mayOnlyBeAccessedByLayers("support", "manifest", "validation", "spi", "stores",
          "client")
      .whereLayer("access").mayOnlyBeAccessedByLayers("vocabulary", "support", "manifest", "validation", "spi",
          "stores", "client")
      .whereLayer("internal").mayOnlyBeAccessedByLayers("manifest", "validation", "stores", "client");

  @ArchTest
  static final ArchRule exceptionsShareOneRoot = classes()
      .that().areAssignableTo(RuntimeException.class).and().arePublic()
      .should().beAssignableTo(SecretException.class);

  @ArchTest
  static final ArchRule storesShowOnlyTheirProvider = classes()
      .that().resideInAPackage("dev.secretkit.store..").and().arePublic().and().areTopLevelClasses()
      .should().haveSimpleNameEndingWith("SecretStoreProvider");

  @ArchTest
  static final ArchRule storesDoNotKnowEachOther = noClasses()
      .that().resideInAPackage("dev.secretkit.store.memory")
      .should().dependOnClassesThat().resideInAPackage("dev.secretkit.store.file");
}
