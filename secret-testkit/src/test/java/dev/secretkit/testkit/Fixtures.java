package dev.secretkit.testkit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** Runs fixture classes through the Jupiter engine in-process and reads the outcome. */
final class Fixtures {
  private Fixtures() {
  }

  static EngineExecutionResults run(Class<?> fixture) {
    return EngineTestKit.engine("junit-jupiter")
        .configurationParameter(FixtureCondition.ENABLED, "true")
        .selectors(selectClass(fixture))
        .execute();
  }

  static Set<String> failedTests(EngineExecutionResults results) {
    return names(results.testEvents().failed().list());
  }

  static Set<String> succeededTests(EngineExecutionResults results) {
    return names(results.testEvents().succeeded().list());
  }

  static Throwable failure(EngineExecutionResults results, String test) {
    return results.testEvents().failed().list().stream()
        .filter(event -> name(event).equals(test)).findFirst()
        .orElseThrow(() -> new AssertionError(test + " did not fail"))
        .getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
        .getThrowable().orElseThrow();
  }

  private static Set<String> names(List<Event> events) {
    return events.stream().map(Fixtures::name).collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  private static String name(Event event) {
    String display = event.getTestDescriptor().getDisplayName();
    int paren = display.indexOf('(');
    return paren < 0 ? display : display.substring(0, paren);
  }
}
