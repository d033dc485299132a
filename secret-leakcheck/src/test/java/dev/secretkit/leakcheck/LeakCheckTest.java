package dev.secretkit.leakcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * LeakCheck, registered by autodetection alone, fails a test for a planted value in each form and through each
 * channel, says which form and where, never repeats the value, and leaves alone what holds values by design.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeakCheckTest {
  static final List<Path> LEFT_BEHIND = new CopyOnWriteArrayList<>();

  private EngineExecutionResults encodings;
  private EngineExecutionResults channels;

  @BeforeAll
  void runTheLeakingTests() {
    encodings = run(LeakingTests.Encodings.class);
    channels = run(LeakingTests.Channels.class);
  }

  @AfterAll
  void removeWhatTheyLeftBehind() throws IOException {
    for (Path left : LEFT_BEHIND) {
      try (Stream<Path> tree = Files.walk(left)) {
        for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
  }

  @Test
  void encodings_eachFormOfAValue_failsNamingTheForm() {
    assertLeak(encodings, "base64", "(Base64) in System.out");
    assertLeak(encodings, "base64UrlSafeWithoutPadding", "inside a longer value)) in System.out");
    assertLeak(encodings, "base64InsideALongerValueAtEachAlignment", "(Base64 (inside a longer value)) in System.out");
    assertLeak(encodings, "base64Window", "(8 characters of it, Base64");
    assertLeak(encodings, "hexLowerCase", "(hex (lower case)) in System.out");
    // Upper case, or lower when all 16 hex digits are decimal ones.
    assertLeak(encodings, "hexUpperCaseWindow", "(8 characters of it, hex (");
    assertLeak(encodings, "urlEncoded", "(URL-encoded) in System.out");
    assertLeak(encodings, "jsonEscaped", "(JSON-escaped) in System.out");
    assertLeak(encodings, "eightCharacters", "(8 characters of it, as is) in System.out");
  }

  @Test
  void encodings_fewerThanEightCharactersOrPartOfAChosenValue_pass() {
    // 15 hex digits are 7.5 characters.
    assertThat(names(encodings.testEvents().succeeded().list()))
        .containsExactly("eightCharactersOfAChosenValue", "fifteenHexDigits", "sevenCharacters");
  }

  @Test
  void channels_eachChannel_failsNamingIt() {
    assertLeak(channels, "stdout", "in System.out");
    assertLeak(channels, "stderr", "in System.err");
    assertLeak(channels, "slf4jDebug", "in an SLF4J event of logger 'leaky.sdk' at level DEBUG");
    assertLeak(channels, "slf4jKeyValue", "in an SLF4J event of logger 'leaky.sdk' at level TRACE");
    assertLeak(channels, "systemLoggerTrace",
        "in a java.util.logging record of logger 'leaky.component' at level FINER");
    assertLeak(channels, "julFiner", "in a java.util.logging record of logger 'leaky.component' at level FINER");
    assertLeak(channels, "exceptionMessage",
        "(Base64) in the message of the exception the test threw (java.lang.IllegalStateException)");
    assertLeak(channels, "exceptionToString", "in the toString of the exception the test threw");
    assertLeak(channels, "fileInADirectoryInTheTemporaryDirectory", "debug.log");
    assertLeak(channels, "fileInTheTemporaryDirectory", "(hex (lower case)) in the file ");
  }

  @Test
  void channels_wireLoggersOlderFilesTempDirStoresProjectionsInputsAndUnplantedTests_pass() {
    assertThat(names(channels.testEvents().succeeded().list()))
        .containsExactly("fileThatWasThereBeforeTheFirstPlant", "nothingLeaks", "plantsNothing",
            "wireLoggersTempDirStoresProjectionsAndInputs");
  }

  @Test
  void leakedException_isReplacedByARedactedCopy() {
    Throwable failure = failure(channels, "exceptionMessage");
    assertThat(failure.getCause()).hasMessageStartingWith("java.lang.IllegalStateException: bad password <canary#");
    assertThat(failure.getCause().getStackTrace()).isNotEmpty();
  }

  @Test
  void forms_base64InsideALongerValue_isFoundAtEveryOffset() {
    PlantedValues planted = new PlantedValues();
    String value = planted.plant();
    for (int prefix = 0; prefix < 7; prefix++) {
      for (int suffix = 0; suffix < 4; suffix++) {
        String longer = "x".repeat(prefix) + value + "y".repeat(suffix);
        String encoded = Base64.getEncoder().encodeToString(longer.getBytes(StandardCharsets.UTF_8));
        assertThat(planted.foundIn(encoded)).as("prefix %d, suffix %d", prefix, suffix).hasSize(1);
      }
    }
  }

  @Test
  void redact_replacesEveryFormWithTheFingerprint() {
    PlantedValues planted = new PlantedValues();
    String value = planted.plant();
    String hex = HexFormat.of().formatHex(value.getBytes(StandardCharsets.UTF_8));
    String fingerprint = PlantedValues.fingerprint(value);
    assertThat(planted.redact("a " + value + " b " + hex.substring(4, 20) + " c"))
        .isEqualTo("a <" + fingerprint + "> b <" + fingerprint + "> c");
  }

  @Test
  void plant_makesDistinctRandomValues_andRefusesShortOnes() {
    PlantedValues planted = new PlantedValues();
    assertThat(planted.plant()).hasSize(PlantedValues.RANDOM_LENGTH).matches("[A-Za-z0-9]+")
        .isNotEqualTo(planted.plant());
    assertThat(planted).hasToString("PlantedValues[2 planted]");
    assertThatThrownBy(() -> planted.plant("abc"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("abc");
  }

  private static EngineExecutionResults run(Class<?> fixture) {
    return EngineTestKit.engine("junit-jupiter")
        .configurationParameter(FixtureCondition.ENABLED, "true")
        .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
        .selectors(selectClass(fixture))
        .execute();
  }

  private static void assertLeak(EngineExecutionResults results, String test, String where) {
    Throwable failure = failure(results, test);
    assertThat(failure).as(test).isInstanceOf(AssertionError.class).hasMessageContaining("LeakScanner")
        .hasMessageContaining("canary#").hasMessageContaining(where);
    StringWriter trace = new StringWriter();
    failure.printStackTrace(new PrintWriter(trace));
    PlantedValues everyValue = new PlantedValues();
    LeakingTests.PLANTED.forEach(everyValue::plant);
    assertThat(LeakingTests.PLANTED).isNotEmpty();
    assertThat(everyValue.foundIn(trace.toString())).as("planted values in the whole failure report of " + test)
        .isEmpty();
  }

  private static Throwable failure(EngineExecutionResults results, String test) {
    return results.testEvents().failed().list().stream()
        .filter(event -> name(event).equals(test)).findFirst()
        .orElseThrow(() -> new AssertionError(test + " did not fail"))
        .getPayload(TestExecutionResult.class).orElseThrow()
        .getThrowable().orElseThrow();
  }

  private static Set<String> names(List<Event> events) {
    return events.stream().map(LeakCheckTest::name).collect(Collectors.toCollection(TreeSet::new));
  }

  private static String name(Event event) {
    String display = event.getTestDescriptor().getDisplayName();
    int paren = display.indexOf('(');
    return paren < 0 ? display : display.substring(0, paren);
  }
}
