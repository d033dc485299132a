package dev.secretkit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.secretkit.SecretVersion;
import dev.secretkit.client.SecretClient;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code secretctl history}: the versions of one secret, when and by whom each was written; never values. */
@Command(
    name = "history",
    sortOptions = false,
    description = "Lists the versions of a secret the store keeps, oldest first: number, time and author.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:unexpected error", "2:bad usage or configuration", "4:no such secret",
        "7:store unavailable", "8:the stored record cannot be read"})
final class HistoryCommand extends TargetedCommand {
  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table", converter = Format.Converter.class,
      description = "table (the default), json or yaml.")
  private Format output;

  @Override
  int run(SecretClient client) {
    List<SecretVersion> versions = client.versions(target.id());
    PrintWriter out = spec.commandLine().getOut();
    if (output == Format.TABLE) {
      List<List<String>> rows = new ArrayList<>();
      for (SecretVersion version : versions) {
        rows.add(List.of(Long.toString(version.number()), SecretView.text(version.createdAt()),
            version.createdBy() == null ? "-" : version.createdBy()));
      }
      SecretView.table(List.of("VERSION", "CREATED", "BY"), rows, out);
      return Failures.OK;
    }
    ArrayNode array = SecretJson.array();
    versions.forEach(version -> array.add(SecretJson.of(version)));
    SecretJson.write(array, output, out);
    return Failures.OK;
  }
}
