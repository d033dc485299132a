package dev.secretkit.cli;

import dev.secretkit.InvalidReferenceException;
import dev.secretkit.SecretId;
import dev.secretkit.manifest.SecretManifest;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code -n NAME -w SCOPE -t TYPE} options that name one secret, as {@code dataos-ctl} spells them. */
final class SecretTarget {
  @Spec(Spec.Target.MIXEE)
  private CommandSpec spec;

  @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "The secret's name.")
  String name;

  @Option(names = {"-w", "--workspace"}, paramLabel = "SCOPE",
      description = "The workspace (V1) or tenant (V2) the secret lives in. Default: public.")
  String workspace;

  @Option(names = {"-t", "--type"}, paramLabel = "TYPE",
      description = "secret (the default) or instance-secret, which lives in the scope 'instance'.")
  String type;

  /** Returns the scope the options name: {@code instance} for instance secrets, else -w, else {@code public}. */
  String scope() {
    if (type != null && !type.equals(SecretManifest.TYPE_SECRET) && !type.equals(SecretManifest.TYPE_INSTANCE_SECRET)) {
      throw new ParameterException(spec.commandLine(), "-t must be secret or instance-secret, not '"
          + OutputFormat.printable(type) + "'" + meant(type));
    }
    if (SecretManifest.TYPE_INSTANCE_SECRET.equals(type)) {
      if (workspace != null && !workspace.equals(SecretId.INSTANCE_SCOPE)) {
        throw new ParameterException(spec.commandLine(), "-t instance-secret takes no -w: instance secrets live in"
            + " every workspace");
      }
      return SecretId.INSTANCE_SCOPE;
    }
    String scope = workspace != null ? workspace : SecretId.DEFAULT_SCOPE;
    try {
      return SecretId.checkScope(scope);
    } catch (InvalidReferenceException e) {
      throw new ParameterException(spec.commandLine(), "-w: " + e.getMessage());
    }
  }

  /**
   * Returns a "did you mean" for a {@code -t} that is neither type: the type it spells in another
   * case, with {@code _}, in the plural, or shortened ({@code instance}, {@code Secrets}).
   */
  private static String meant(String type) {
    String spelt = type.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    String singular = spelt.endsWith("s") ? spelt.substring(0, spelt.length() - 1) : spelt;
    for (String known : List.of(SecretManifest.TYPE_INSTANCE_SECRET, SecretManifest.TYPE_SECRET)) {
      if (singular.equals(known) || (singular.length() >= 3 && known.startsWith(singular))) {
        return " (did you mean -t " + known + "?)";
      }
    }
    return "; secretctl manages these two resource types only";
  }

  /**
   * Returns the id the options name.
   *
   * @throws ParameterException if -n is missing or invalid
   */
  SecretId id() {
    if (name == null) {
      throw new ParameterException(spec.commandLine(), "missing -n NAME");
    }
    int colon = name.indexOf(':');
    if (colon > 0) {
      // A name written as every message writes ids, scope:name, says its scope itself.
      String named = name.substring(0, colon);
      String scope = scope();
      if ((workspace != null || type != null) && !named.equals(scope)) {
        throw new ParameterException(spec.commandLine(), "the name " + OutputFormat.printable(name)
            + " is in scope " + named + ", but the options name scope " + scope + "; give the scope once");
      }
      if (type == null && SecretId.INSTANCE_SCOPE.equals(named)) {
        type = SecretManifest.TYPE_INSTANCE_SECRET;
      } else if (type == null) {
        workspace = named;
      }
      name = name.substring(colon + 1);
    }
    try {
      return SecretId.of(scope(), name);
    } catch (InvalidReferenceException e) {
      throw new ParameterException(spec.commandLine(), "-n: " + e.getMessage());
    }
  }
}
