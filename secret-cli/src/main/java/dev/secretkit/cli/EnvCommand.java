package dev.secretkit.cli;

import dev.secretkit.Secret;
import dev.secretkit.SecretSummary;
import dev.secretkit.SecretValue;
import dev.secretkit.client.SecretClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code secretctl env}: one secret's keys as {@code KEY='value'} lines for {@code eval} or a .env file. */
@Command(
    name = "env",
    sortOptions = false,
    description = {
        "Prints the keys of a secret as shell variables, one KEY='value' line each, single-quoted for a POSIX"
            + " shell:",
        "  eval \"$(secretctl env pg-r --reveal)\"",
        "  set -a; eval \"$(secretctl env pg-r --reveal)\"; set +a      (exported)",
        "  secretctl env pg-r --reveal > .env",
        "A variable is its key with each character outside A-Z a-z 0-9 _ made _, and _ before a leading digit"
            + " (tls.crt: tls_crt). Values appear only with --reveal (needs ownership or a can-use grant), even"
            + " when stdout is not a terminal: CI logs and pipes are not terminals either. Without it each line is"
            + " a comment, so eval sets nothing. Same as get -n NAME -o dotenv."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:printed", "1:unexpected error", "2:bad usage or configuration, or two keys that become one variable",
        "4:no such secret", "5:--reveal without the right to use it", "7:store unavailable",
        "8:the stored record cannot be read"})
final class EnvCommand extends TargetedCommand {
  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The secret's name (or use -n).")
  private String name;

  @Option(names = "--reveal", description = "Print the values of the latest version (needs can-use).")
  private boolean reveal;

  @Override
  Integer execute() {
    if ((name == null) == (target.name == null)) {
      throw new ParameterException(spec.commandLine(), "name the secret once: secretctl env NAME, or -n NAME");
    }
    if (name != null) {
      target.name = name;
    }
    return super.execute();
  }

  @Override
  int run(SecretClient client) {
    SecretSummary summary = client.describe(target.id());
    Secret revealed = reveal ? client.get(summary.id()) : null;
    try {
      DotenvView.print(summary, revealed, spec.qualifiedName(), spec.commandLine().getOut(),
          spec.commandLine().getErr());
    } finally {
      if (revealed != null) {
        revealed.values().values().forEach(SecretValue::destroy);
      }
    }
    return Failures.OK;
  }
}
