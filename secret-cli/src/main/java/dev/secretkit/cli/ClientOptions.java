package dev.secretkit.cli;

import dev.secretkit.SecretClient;
import dev.secretkit.SecretClientBuilder;
import dev.secretkit.access.Principal;
import dev.secretkit.access.Role;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options every command that talks to a store shares: which store, who acts, and how much to say on failure. */
final class ClientOptions {
  @Spec(Spec.Target.MIXEE)
  private CommandSpec spec;

  @Option(names = "--store", paramLabel = "URI",
      description = "The store: memory:, file:PATH, or another provider's URI (see 'secretctl stores')."
          + " Default: $SECRETKIT_STORE, else the encrypted file store in ~/.secretkit.")
  private String store;

  @Option(names = "--principal", paramLabel = "ID",
      description = "Act as this principal, with the --roles given and the grants stored with each secret."
          + " Default: the local user ($USER), who may do everything.")
  private String principal;

  @Option(names = "--roles", paramLabel = "ROLE", split = ",",
      description = "The principal's roles: tenant-admin, data-admin, data-developer, operator. Needs --principal.")
  private List<String> roles = List.of();

  @Option(names = "--debug",
      description = "On failure, also print the stack trace (still without any secret value).")
  private boolean debug;

  boolean debug() {
    return debug;
  }

  /**
   * Builds a client on the chosen store, as the chosen principal, with {@code defaultScope}.
   *
   * @throws ParameterException if --roles is given without --principal, or names an unknown role
   */
  SecretClient client(SecretCtl parent, String defaultScope) {
    SecretClientBuilder builder = SecretClient.builder().environment(parent.environment()).defaultScope(defaultScope);
    if (store != null) {
      builder.store(store);
    }
    if (principal != null) {
      builder.principal(Principal.of(checkedId(), roles()));
    } else if (!roles.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "--roles needs --principal: without it the local user acts,"
          + " who holds every right");
    }
    return builder.build();
  }

  private String checkedId() {
    try {
      return Principal.checkId(principal);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--principal: " + e.getMessage());
    }
  }

  private Set<Role> roles() {
    Set<Role> parsed = EnumSet.noneOf(Role.class);
    for (String role : roles) {
      parsed.add(Role.fromLabel(role.strip()).orElseThrow(() -> new ParameterException(spec.commandLine(),
          "unknown role '" + role + "'; known roles: "
              + String.join(", ", Arrays.stream(Role.values()).map(Role::label).toList()))));
    }
    return parsed;
  }
}
