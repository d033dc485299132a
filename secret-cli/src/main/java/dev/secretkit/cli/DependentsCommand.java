package dev.secretkit.cli;

import dev.secretkit.SecretId;
import dev.secretkit.client.SecretClient;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code secretctl dependents}: lists, adds and removes the resources that depend on a secret,
 * the dependents that make {@code delete} refuse it.
 */
@Command(
    name = "dependents",
    sortOptions = false,
    description = {
        "Lists, adds or removes the dependents of a secret: the resources that use it. While it has any,"
            + " 'secretctl delete' refuses it (exit 6) unless --force is given.",
        "list prints one dependent per line, as add and remove take it. add needs ownership of the secret or can-use;"
            + " remove needs ownership, can-edit or tenant-admin, as it lets a delete go ahead."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  secretctl dependents list -n pg-r",
        "  secretctl dependents add -n pg-r depot:v2alpha:sales",
        "  secretctl dependents remove -n pg-r depot:v2alpha:sales",
        "  secretctl dependents add -n pg-r -w sales workflow:v1:load:sales"},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:listed, added or removed (also when it already was, or was not, a dependent)", "1:unexpected error",
        "2:bad usage or configuration: no ACTION, a DEPENDENT missing or malformed, or given to list",
        "4:no such secret", "5:add: not allowed to use the secret; remove: not allowed to update it",
        "6:the secret changed meanwhile: run again", "7:store unavailable", "8:the stored record cannot be read"})
final class DependentsCommand extends TargetedCommand {
  @Parameters(index = "0", paramLabel = "ACTION", converter = ActionConverter.class,
      completionCandidates = Actions.class, description = "list, add or remove.")
  private Action action;

  @Parameters(index = "1", arity = "0..1", paramLabel = "DEPENDENT",
      description = "For add and remove: the resource, written kind:version:name or kind:version:name:workspace in"
          + " lower case, as dataos-ctl names resources: depot:v2alpha:sales.")
  private String dependent;

  private SecretId id;

  /** What {@code dependents} does. */
  enum Action {
    LIST, ADD, REMOVE;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  @Override
  Integer execute() {
    if (action == Action.LIST && dependent != null) {
      throw new ParameterException(spec.commandLine(), "list takes no DEPENDENT");
    }
    if (action != Action.LIST && dependent == null) {
      throw new ParameterException(spec.commandLine(), "missing DEPENDENT: " + action.label()
          + " needs kind:version:name[:workspace], such as depot:v2alpha:sales");
    }
    id = target.id();
    return super.execute();
  }

  @Override
  int run(SecretClient client) {
    List<String> before = client.describe(id).metadata().dependents();
    PrintWriter out = spec.commandLine().getOut();
    switch (action) {
      case LIST -> {
        if (before.isEmpty()) {
          spec.commandLine().getErr().println(id + " has no dependents: nothing stops 'secretctl delete'");
        }
        before.forEach(each -> out.println(OutputFormat.printable(each)));
      }
      case ADD -> {
        change(() -> client.registerDependent(id, dependent));
        out.println(before.contains(dependent) ? dependent + " was already a dependent of " + id
            : "added dependent " + dependent + " to " + id);
      }
      case REMOVE -> {
        change(() -> client.unregisterDependent(id, dependent));
        out.println(before.contains(dependent) ? "removed dependent " + dependent + " from " + id
            : dependent + " was not a dependent of " + id + "; nothing changed");
      }
    }
    return Failures.OK;
  }

  /** Makes the change; a malformed DEPENDENT, which the client refuses before any I/O, is bad usage. */
  private void change(Runnable change) {
    try {
      change.run();
    } catch (IllegalArgumentException malformed) {
      throw new ParameterException(spec.commandLine(), "DEPENDENT: " + malformed.getMessage());
    }
  }

  /** Converts ACTION, without repeating a wrong one: it may be a value typed in the wrong place. */
  static final class ActionConverter implements ITypeConverter<Action> {
    @Override
    public Action convert(String value) {
      return Arrays.stream(Action.values()).filter(action -> action.label().equals(value)).findFirst()
          .orElseThrow(() -> new TypeConversionException("expected list, add or remove"));
    }
  }

  /** The actions, for completion. */
  static final class Actions implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Arrays.stream(Action.values()).map(Action::label).iterator();
    }
  }
}
