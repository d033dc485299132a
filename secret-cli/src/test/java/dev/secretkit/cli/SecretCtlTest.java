package dev.secretkit.cli;

import static dev.secretkit.cli.CliRun.secretctl;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

class SecretCtlTest {

  @Test
  void help_listsTheCommands() {
    CliRun run = secretctl("--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("Usage: secretctl [-hV] [--debug] [--principal=ID] [--store=URI]")
        .contains("before or after the command's name").contains("validate", "dependents", "version", "completion");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void help_ofAStoreCommand_listsTheSharedOptions() {
    CliRun run = secretctl("get", "--help");

    assertThat(run.out()).contains("--store=URI", "--principal=ID", "--roles=ROLE", "--debug");
  }

  @Test
  void versionCommand_printsWhatVersionOptionPrints_andTheJavaRuntime() {
    CliRun run = secretctl("version");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith(secretctl("--version").out())
        .contains("Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")");
    assertThat(run.out().lines()).hasSize(2);
  }

  @Test
  void completion_bashAndZsh_printTheSameScript_coveringEveryCommand() {
    CliRun bash = secretctl("completion", "bash");
    CliRun zsh = secretctl("completion", "zsh");

    assertThat(bash.exitCode()).isZero();
    assertThat(bash.out()).startsWith("#!/usr/bin/env bash").contains("bashcompinit")
        .contains("complete -F _complete_secretctl")
        .contains("local commands=\"apply get env resolve history delete grant revoke dependents project exec store"
            + " stores validate version completion\"")
        .contains("'--store'", "'--principal'", "'--roles'", "'--debug'");
    assertThat(zsh.out()).isEqualTo(bash.out());
    assertThat(secretctl("completion", "fish").exitCode()).isEqualTo(Failures.USAGE);
    assertThat(secretctl("completion").err()).startsWith("secretctl completion: Missing required parameter: 'SHELL'");
  }

  @Test
  void applyHelp_listsTheExitCodes() {
    CliRun run = secretctl("apply", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Exit codes:")
        .contains("3   a manifest has errors, or breaks the store's limits: nothing was")
        .contains("8   a stored record cannot be read");
  }

  @Test
  void validateHelp_describesOutputExitCodesAndProfiles() {
    CliRun run = secretctl("validate", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .startsWith("Usage: secretctl validate [-hRV] [--debug] [--disable-interpolation]")
        .contains("FILE:LINE:COL: error|warning: PATH: message", "-o json", "\"findings\"")
        .contains("Exit codes:", "  0   no errors", "  2   bad usage", "  3   at least one error")
        .contains("postgresql", "snowflake-keypair", "git");
  }

  @Test
  void version_printsTheProjectVersion() {
    CliRun run = secretctl("--version");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).matches("secretctl \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R");
  }

  @Test
  void run_withoutCommand_isUsageError() {
    CliRun run = secretctl();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualToNormalizingNewlines("""
        secretctl: Missing required subcommand
        Try 'secretctl --help' for more information.
        """);
  }

  @Test
  void run_withAStrayArgument_neverRepeatsIt() {
    CliRun run = secretctl("resolve", "pg#password", "Hunter2-fake-value");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("secretctl resolve: 1 unexpected argument(s), not repeated here")
        .doesNotContain("Hunter2");
  }

  @Test
  void resolve_ofAValueTypedInPlaceOfAReference_neverRepeatsIt() {
    CliRun run = secretctl("resolve", "fake-password-7d1e9c", "--store", "memory:");

    assertThat(run.exitCode()).isEqualTo(Failures.USAGE);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualToNormalizingNewlines("secretctl resolve: the reference names no key; write it as"
        + " [scope:]name#key[@version]\n    hint: write a reference as [scope:]name[#key][@version], for example"
        + " public:pg-r#password@2\n");
  }

  @Test
  void resolve_ofAMalformedReference_isBadUsage_withTheReferenceHint() {
    CliRun run = secretctl("resolve", "pg-r@x", "--store", "memory:");

    assertThat(run.exitCode()).isEqualTo(Failures.USAGE);
    assertThat(run.err()).startsWith("secretctl resolve: invalid secret reference:")
        .contains("hint: write a reference as [scope:]name[#key][@version]");
  }

  @Test
  void anUnknownStoreType_isBadUsage_namingTheKnownTypes() {
    CliRun run = secretctl("get", "--store", "nosuch:x");

    assertThat(run.exitCode()).isEqualTo(Failures.USAGE);
    assertThat(run.err()).startsWith("secretctl get: unknown store type 'nosuch'; known types: aws-sm, file, gcp-sm,"
        + " memory, vault");
  }

  @Test
  void run_withMistypedCommand_suggestsTheClosest() {
    CliRun run = secretctl("validat", "x.yaml");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualToNormalizingNewlines("""
        secretctl: unknown command 'validat'
        Did you mean: secretctl validate?
        Try 'secretctl --help' for more information.
        """);
  }

  @Test
  void aRunThatNamesACommand_saysWhatAFullRunSays_whenTheArgumentsDoNotParse() {
    // A run builds only the commands its arguments name (here get), and hands a usage error to a run with all of
    // them: the suggestion is resolve, which this run's arguments do not name.
    CliRun mistyped = secretctl("resolv", "get");

    assertThat(mistyped.exitCode()).isEqualTo(2);
    assertThat(mistyped.err()).isEqualToNormalizingNewlines("""
        secretctl: unknown command 'resolv'
        Did you mean: secretctl resolve or secretctl stores or secretctl store?
        Try 'secretctl --help' for more information.
        """);
    assertThat(secretctl("--help", "get").out()).as("help before a command's name is secretctl's own")
        .contains("validate", "dependents", "version", "completion");
    // --version alone builds no command, and says what a run with every command says, a stray word or not.
    assertThat(secretctl("--version").out()).startsWith("secretctl ");
    assertThat(secretctl("--version", "resolv").out()).isEqualTo(secretctl("--version").out());
  }

  @Test
  void eachCommandsName_isTheOneItsAnnotationGives() {
    assertThat(SecretCtl.COMMANDS).hasSize(16).allSatisfy(command -> assertThat(SecretCtl.name(command))
        .isEqualTo(command.getAnnotation(Command.class).name()));
  }
}
