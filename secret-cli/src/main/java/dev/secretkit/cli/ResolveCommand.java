package dev.secretkit.cli;

import dev.secretkit.SecretId;
import dev.secretkit.SecretValue;
import dev.secretkit.client.SecretClient;
import java.io.PrintStream;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code secretctl resolve}: writes one value's raw bytes to stdout, with no newline, for {@code $(...)}. */
@Command(
    name = "resolve",
    description = {
        "Prints the value a reference names, byte for byte, with no trailing newline:",
        "  PGPASSWORD=\"$(secretctl resolve public:pg-r#password)\"",
        "REF is [scope:]name#key[@version]; without a scope, -w (default public) applies; without a version,"
            + " the latest. Needs ownership of the secret or a can-use grant."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:the value was printed", "1:unexpected error", "2:bad usage, configuration or REF",
        "4:no such secret, version or key", "5:not allowed to use the secret", "7:store unavailable",
        "8:the stored record cannot be read"})
final class ResolveCommand extends ClientCommand {
  @Parameters(paramLabel = "REF", description = "[scope:]name#key[@version], such as public:pg-r#password@2.")
  private String ref;

  @Option(names = {"-w", "--workspace"}, paramLabel = "SCOPE", description = "The scope of a REF that names none.")
  private String workspace;

  @Override
  String defaultScope() {
    return workspace != null ? workspace : SecretId.DEFAULT_SCOPE;
  }

  @Override
  String howToName(SecretId id) {
    return id.toString();
  }

  @Override
  int run(SecretClient client) {
    SecretValue value = client.resolve(ref);
    try {
      PrintStream out = parent.out();
      spec.commandLine().getOut().flush();
      byte[] bytes = value.bytes();
      out.writeBytes(bytes);
      out.flush();
      Arrays.fill(bytes, (byte) 0);
    } finally {
      value.destroy();
    }
    return Failures.OK;
  }
}
