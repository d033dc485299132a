package dev.secretkit.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code secretctl version}: what {@code --version} prints, and the Java runtime that runs it. */
@Command(
    name = "version",
    description = "Prints secretctl's version (as --version does) and the Java runtime it runs on.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:unexpected error", "2:bad usage"})
final class VersionCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    for (String line : new SecretCtl.Version().getVersion()) {
      out.println(line);
    }
    out.println("Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ") at "
        + System.getProperty("java.home"));
    return Failures.OK;
  }
}
