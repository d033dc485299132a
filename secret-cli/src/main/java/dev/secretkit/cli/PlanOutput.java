package dev.secretkit.cli;

import dev.secretkit.Plan;
import dev.secretkit.SecretException;
import dev.secretkit.manifest.InvalidManifestException;
import dev.secretkit.manifest.Validation;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Prints a {@link Plan} for {@code apply} and {@code delete}: the problems that stop it, the
 * changes a {@code --dry-run} would make, and the status line of every step when carrying it out
 * fails midway. Nothing here prints a value: plans hold ids, actions and SecretKit's messages.
 */
final class PlanOutput {
  private PlanOutput() {
  }

  /**
   * Prints every problem of {@code plan}, each with its hint; store refusals of manifests are
   * placed at their file, line and column by {@code locate}, and other problems get more detail
   * from {@code explain} (such as what a secret not found may have been). Returns the exit status of the first
   * problem in step order.
   */
  static int refuse(String command, Plan plan, UnaryOperator<InvalidManifestException> locate,
      UnaryOperator<SecretException> explain, String nothingDone, PrintWriter err) {
    List<Validation> refused = new ArrayList<>();
    for (SecretException problem : plan.problems()) {
      if (problem instanceof InvalidManifestException invalid) {
        refused.addAll(invalid.validations());
      }
    }
    if (!refused.isEmpty()) {
      List<Report.Finding> findings = new ArrayList<>();
      for (Validation validation : locate.apply(new InvalidManifestException(refused)).validations()) {
        validation.violations().forEach(v -> findings.add(new Report.Finding(validation.origin(),
            validation.document(), v)));
      }
      OutputFormat.TEXT.write(new Report(findings, refused.size(), 0), err);
    }
    for (SecretException problem : plan.problems()) {
      if (!(problem instanceof InvalidManifestException)) {
        Failures.explain(command, explain.apply(problem), err);
      }
    }
    int blocked = plan.problems().size();
    err.println(command + ": " + nothingDone + ": " + blocked + " of " + plan.steps().size()
        + (plan.steps().size() == 1 ? " secret" : " secrets") + " cannot be " + (command.endsWith("delete") ? "deleted"
        : "applied") + " as things are");
    return Failures.status(plan.problems().get(0));
  }

  /** Prints each step's warnings on {@code err}, prefixed by the command. */
  static void warnings(String command, Plan plan, PrintWriter err) {
    for (Plan.Step step : plan.steps()) {
      for (String warning : step.warnings()) {
        err.println(command + ": warning: " + step.id().map(id -> "secret " + id + ": ").orElse("")
            + OutputFormat.printable(warning));
      }
    }
  }

  /** Returns the words a dry run prints for a step, such as {@code would create} or {@code unchanged}. */
  static String wouldDo(Plan.Step step) {
    return switch (step.action()) {
      case CREATE -> "would create";
      case UPDATE -> "would update (new version)";
      case UPDATE_METADATA -> "would update (metadata only)";
      case UNCHANGED -> "unchanged";
      case DELETE -> "would delete";
    };
  }

  /**
   * Prints {@code failed ID: WHY} for the step that threw {@code failure}, then
   * {@code not attempted ID} for each later one; only a SecretKit exception's message, which holds
   * no value, is repeated.
   */
  static void stopped(Plan plan, int failedStep, RuntimeException failure, PrintWriter out) {
    String why = failure instanceof SecretException known ? OutputFormat.printable(known.getMessage())
        : "internal error (see below)";
    for (int i = failedStep; i < plan.steps().size(); i++) {
      String id = plan.steps().get(i).id().map(Object::toString).orElse("(no id)");
      out.println(i == failedStep ? "failed " + id + ": " + why : "not attempted " + id);
    }
  }
}
