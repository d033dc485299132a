package dev.secretkit.cli;

import dev.secretkit.SecretId;
import dev.secretkit.SecretNotFoundException;
import dev.secretkit.SecretNotFoundException.Missing;
import dev.secretkit.client.CachePolicy;
import dev.secretkit.client.SecretClient;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A {@code secretctl} command that works on a store: it opens a client with the shared
 * {@link ClientOptions} (given before or after the command's name), runs, and closes the client.
 * Failures are thrown as SecretKit's exceptions and turned into exit codes and one-line messages
 * by {@link Failures}.
 */
abstract class ClientCommand implements Callable<Integer> {
  @ParentCommand
  SecretCtl parent;

  @Spec
  CommandSpec spec;

  @Override
  public final Integer call() {
    return execute();
  }

  /**
   * Opens the client and runs; a command that must do work before opening the store overrides
   * this. A store that does not exist yet is an error, unless the command may create it. A secret
   * that was not found is reported with what the user may have meant ({@link NotFoundHint}).
   */
  Integer execute() {
    try (SecretClient client = client()) {
      if (!mayCreateStore()) {
        Optional<String> absence = client.storeAbsence();
        if (absence.isPresent()) {
          throw new SecretNotFoundException(Missing.STORE, null, client.store(), absence.get());
        }
      }
      try {
        return run(client);
      } catch (SecretNotFoundException e) {
        throw NotFoundHint.explain(e, client, this::howToName);
      }
    }
  }

  /** Returns whether the command may run on a store that does not exist yet, which its first write creates; only apply does. */
  boolean mayCreateStore() {
    return false;
  }

  /** Returns how this command's user names {@code id}, for a hint: {@code engineering:pg (-w engineering)}. */
  String howToName(SecretId id) {
    return id + (id.isInstanceSecret() ? " (-t instance-secret)" : " (-w " + id.scope() + ")");
  }

  /** Opens a client on the chosen store, as the chosen principal. */
  final SecretClient client() {
    return parent.options().client(spec, parent, defaultScope(), cache());
  }

  /** Returns how the client caches what it resolves; null, the default, for no cache: each command reads once. */
  CachePolicy cache() {
    return null;
  }

  /** Returns whether the user asked for stack traces on failure. */
  final boolean debug() {
    return parent.options().debug();
  }

  /** Returns the scope for ids that name none; {@code public} unless the command has {@code -w}. */
  String defaultScope() {
    return SecretId.DEFAULT_SCOPE;
  }

  /** Does the command's work and returns its exit status. */
  abstract int run(SecretClient client);
}
