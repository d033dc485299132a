package dev.secretkit.cli;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code secretctl completion}: prints the shell completion script picocli generates from the
 * commands themselves, so it always knows every command and option of this {@code secretctl}.
 */
@Command(
    name = "completion",
    description = {
        "Prints a script that completes secretctl's commands and options in bash or zsh.",
        "bash, in ~/.bashrc:  source <(secretctl completion bash)",
        "zsh, in ~/.zshrc:    source <(secretctl completion zsh)",
        "The script is a bash script; in zsh it turns on zsh's bash completion (bashcompinit) itself,"
            + " so both shells get the same script. It completes the command named secretctl, found on the PATH."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the script was printed", "1:unexpected error", "2:bad usage: a SHELL other than bash or zsh"})
final class CompletionCommand implements Callable<Integer> {
  private static final List<String> SHELLS = List.of("bash", "zsh");

  @Spec
  private CommandSpec spec;

  @Parameters(paramLabel = "SHELL", completionCandidates = Shells.class, description = "bash or zsh.")
  private String shell;

  @Override
  public Integer call() {
    if (!SHELLS.contains(shell)) {
      throw new ParameterException(spec.commandLine(), "SHELL must be bash or zsh");
    }
    spec.commandLine().getOut().print(AutoComplete.bash(spec.root().name(), spec.root().commandLine()));
    spec.commandLine().getOut().flush();
    return Failures.OK;
  }

  /** The shells there is a script for, for completion. */
  static final class Shells implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return SHELLS.iterator();
    }
  }
}
