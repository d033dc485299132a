/**
 * {@code secretctl}, the command line of SecretKit. It exports nothing: run it with
 * {@code java -jar secretctl.jar} or {@code java -m dev.secretkit.cli/dev.secretkit.cli.SecretCtl};
 * picocli reads the commands' options reflectively, so the package is open to it.
 */
module dev.secretkit.cli {
  requires dev.secretkit.core;
  requires dev.secretkit.projection;
  requires info.picocli;
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.yaml;
  // exec passes signals on to its command through sun.misc.Signal, reached by reflection.
  requires java.logging;
  requires jdk.unsupported;

  opens dev.secretkit.cli to info.picocli;
}
