package dev.secretkit.leakcheck;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Runs the deliberately leaking fixture tests only when {@link LeakCheckTest} runs them through the engine kit. */
final class FixtureCondition implements ExecutionCondition {
  static final String ENABLED = "dev.secretkit.leakcheck.fixtures";

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    return context.getConfigurationParameter(ENABLED).isPresent()
        ? ConditionEvaluationResult.enabled("run as a fixture")
        : ConditionEvaluationResult.disabled("a fixture, run by LeakCheckTest");
  }
}
