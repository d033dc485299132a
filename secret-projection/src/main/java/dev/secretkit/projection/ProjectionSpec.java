package dev.secretkit.projection;

import dev.secretkit.projection.template.TemplateType;
import java.util.List;
import java.util.Objects;

/**
 * A V2 {@code projection} block: the secrets it reads, with their aliases, and the environment
 * variables, files and command arguments it renders from them.
 *
 * @param secrets the secrets read, each under its context alias
 * @param envVars the environment variables, in order
 * @param files the files, in order
 * @param args the command arguments, in order
 * @param templateType the engine of every template that names none of its own
 * @param location where the block was written
 */
public record ProjectionSpec(List<SecretInput> secrets, List<EnvVarProjection> envVars, List<FileProjection> files,
    List<TemplateText> args, TemplateType templateType, Location location) {

  /** Copies the lists and checks nothing is null. */
  public ProjectionSpec {
    secrets = List.copyOf(secrets);
    envVars = List.copyOf(envVars);
    files = List.copyOf(files);
    args = List.copyOf(args);
    Objects.requireNonNull(templateType, "templateType");
    Objects.requireNonNull(location, "location");
  }
}
