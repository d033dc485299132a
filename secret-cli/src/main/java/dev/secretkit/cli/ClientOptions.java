package dev.secretkit.cli;

import dev.secretkit.access.Principal;
import dev.secretkit.access.Role;
import dev.secretkit.client.CachePolicy;
import dev.secretkit.client.SecretClient;
import dev.secretkit.client.SecretClientBuilder;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/**
 * The options every command shares: which store, who acts, and how much to say on failure. They
 * are declared once, on {@code secretctl} itself, and inherited by every command, so each may be
 * written before the command's name or after it ({@code secretctl --store memory: get} or
 * {@code secretctl get --store memory:}); either way the value lands here. Commands that open no
 * store ({@code validate}, {@code stores}, ...) accept and ignore {@code --store},
 * {@code --principal} and {@code --roles}.
 */
final class ClientOptions {
  @Option(names = "--store", paramLabel = "URI", scope = ScopeType.INHERIT,
      description = "The store: memory:, file:PATH, or another provider's URI (see 'secretctl stores')."
          + " Default: $SECRETKIT_STORE, else the encrypted file store in ~/.secretkit. A URI never carries"
          + " credentials (ps and shell history see it): each store reads them from its usual environment variables"
          + " or files (AWS_ACCESS_KEY_ID or AWS_PROFILE, VAULT_TOKEN, GOOGLE_APPLICATION_CREDENTIALS).")
  private String store;

  @Option(names = "--principal", paramLabel = "ID", scope = ScopeType.INHERIT,
      description = "Act as this principal, with the --roles given and the grants stored with each secret."
          + " Default: the local user ($USER), who may do everything.")
  private String principal;

  @Option(names = "--roles", paramLabel = "ROLE", split = ",", scope = ScopeType.INHERIT,
      completionCandidates = RoleNames.class,
      description = "The principal's roles: ${COMPLETION-CANDIDATES}. Needs --principal.")
  private List<String> roles = List.of();

  @Option(names = "--debug", scope = ScopeType.INHERIT,
      description = "On failure, also print the stack trace (still without any secret value).")
  private boolean debug;

  boolean debug() {
    return debug;
  }

  /**
   * Refuses a shared option given both before and after the command's name, as picocli refuses
   * one given twice in the same place: which of the two was meant cannot be known.
   *
   * @throws ParameterException naming the option and the command
   */
  static void checkGivenOnce(ParseResult parsed) {
    for (OptionSpec option : parsed.commandSpec().options()) {
      if (option.scopeType() != ScopeType.INHERIT || option.usageHelp() || option.versionHelp()) {
        continue;
      }
      ParseResult first = null;
      for (ParseResult level = parsed; level != null; level = level.subcommand()) {
        if (!level.hasMatchedOption(option.longestName())) {
          continue;
        }
        if (first != null) {
          throw new ParameterException(level.commandSpec().commandLine(), option.longestName() + " is given both"
              + " before and after '" + level.commandSpec().name() + "'; give it once");
        }
        first = level;
      }
    }
  }

  /** Returns the store URI given with {@code --store}, or null. */
  String store() {
    return store;
  }

  /**
   * Builds a client on the chosen store, as the chosen principal, with {@code defaultScope} and
   * {@code cache} (null: none), for {@code command}, which bad options are reported against.
   *
   * @throws ParameterException if --roles is given without --principal, or names an unknown role
   */
  SecretClient client(CommandSpec command, SecretCtl parent, String defaultScope, CachePolicy cache) {
    SecretClientBuilder builder = SecretClient.builder().environment(parent.environment()).defaultScope(defaultScope);
    if (cache != null) {
      builder.cache(cache);
    }
    if (store != null) {
      builder.store(store);
    }
    if (principal != null) {
      builder.principal(Principal.of(checkedId(command), roles(command)));
    } else if (!roles.isEmpty()) {
      throw new ParameterException(command.commandLine(), "--roles needs --principal: without it the local user"
          + " acts, who holds every right");
    }
    return builder.build();
  }

  private String checkedId(CommandSpec command) {
    try {
      return Principal.checkId(principal);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(command.commandLine(), "--principal: " + e.getMessage());
    }
  }

  private Set<Role> roles(CommandSpec command) {
    Set<Role> parsed = EnumSet.noneOf(Role.class);
    for (String role : roles) {
      parsed.add(Role.fromLabel(role.strip()).orElseThrow(() -> new ParameterException(command.commandLine(),
          "unknown role '" + role + "'; known roles: " + String.join(", ", new RoleNames().labels()))));
    }
    return parsed;
  }

  /** The roles' labels, for {@code --roles}' help and completion. */
  static final class RoleNames implements Iterable<String> {
    List<String> labels() {
      return Arrays.stream(Role.values()).map(Role::label).toList();
    }

    @Override
    public Iterator<String> iterator() {
      return labels().iterator();
    }
  }
}
