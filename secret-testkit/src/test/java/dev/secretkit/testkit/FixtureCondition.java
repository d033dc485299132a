package dev.secretkit.testkit;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Disables deliberately failing fixture tests unless the engine run that executes them sets
 * {@value #ENABLED}, as the EngineTestKit runs in this module do; the normal build never runs them.
 */
final class FixtureCondition implements ExecutionCondition {
  static final String ENABLED = "secretkit.testkit.fixtures";

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    return context.getConfigurationParameter(ENABLED).filter("true"::equals).isPresent()
        ? ConditionEvaluationResult.enabled("run as a fixture")
        : ConditionEvaluationResult.disabled("a deliberately failing fixture; runs only under EngineTestKit");
  }
}
