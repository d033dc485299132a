package dev.secretkit.cli;

import picocli.CommandLine.Mixin;

/**
 * A store command that names its secrets with {@code -n NAME -w SCOPE -t TYPE}; the client's
 * default scope is the one those options name.
 */
abstract class TargetedCommand extends ClientCommand {
  @Mixin
  SecretTarget target;

  @Override
  final String defaultScope() {
    return target.scope();
  }
}
