package dev.secretkit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.secretkit.Secret;
import dev.secretkit.SecretClient;
import dev.secretkit.SecretFilter;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretSummary;
import dev.secretkit.access.Grant;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code secretctl get}: lists secrets, or shows one, as a table, JSON or YAML; values only with {@code --reveal}. */
@Command(
    name = "get",
    sortOptions = false,
    description = {
        "Lists the secrets of a workspace, or shows one with -n.",
        "Values are never shown unless --reveal is given, which needs ownership or a can-use grant."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:success", "1:unexpected error", "2:bad usage or configuration", "4:-n names no secret",
        "5:--reveal without the right to use a secret", "7:store unavailable",
        "8:a stored record cannot be read"})
final class GetCommand extends TargetedCommand {
  private static final List<String> HEADERS =
      List.of("NAME", "VERSION", "TYPE", "WORKSPACE", "STATUS", "OWNER", "KEYS", "UPDATED");

  @Option(names = "--owner", paramLabel = "ID", description = "Only secrets owned by this principal.")
  private String owner;

  @Option(names = "--tags", paramLabel = "TAG", split = ",", description = "Only secrets holding all these tags.")
  private List<String> tags = List.of();

  @Option(names = {"-d", "--details"}, description = "Show every field of each secret, not a table row.")
  private boolean details;

  @Option(names = "--reveal", description = "Also show the values of the latest version (needs can-use).")
  private boolean reveal;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table", converter = Format.Converter.class,
      description = "table (the default), json or yaml.")
  private Format output;

  @Override
  int run(SecretClient client) {
    List<SecretSummary> summaries = target.name != null ? List.of(client.describe(target.id()))
        : client.list(target.scope(), new SecretFilter(owner, tags, null));
    List<Secret> revealed = new ArrayList<>();
    try {
      if (reveal) {
        for (SecretSummary summary : summaries) {
          revealed.add(client.get(summary.id()));
        }
      }
      print(summaries, revealed);
    } finally {
      revealed.forEach(secret -> secret.values().values().forEach(dev.secretkit.SecretValue::destroy));
    }
    return Failures.OK;
  }

  private void print(List<SecretSummary> summaries, List<Secret> revealed) {
    PrintWriter out = spec.commandLine().getOut();
    if (output == Format.TABLE) {
      if (details || reveal) {
        for (int i = 0; i < summaries.size(); i++) {
          details(summaries.get(i), reveal ? revealed.get(i) : null, out);
        }
      } else {
        table(summaries, out);
      }
    } else {
      ArrayNode array = SecretJson.array();
      for (int i = 0; i < summaries.size(); i++) {
        array.add(SecretJson.of(summaries.get(i), reveal ? revealed.get(i) : null));
      }
      SecretJson.write(target.name != null ? array.get(0) : array, output, out);
    }
  }

  private static void table(List<SecretSummary> summaries, PrintWriter out) {
    List<List<String>> rows = new ArrayList<>();
    for (SecretSummary summary : summaries) {
      SecretMetadata m = summary.metadata();
      rows.add(List.of(summary.id().name(), m.manifestVersion(), m.kind(), summary.id().scope(), "active", m.owner(),
          String.join(",", summary.keys()), SecretView.text(m.updatedAt())));
    }
    SecretView.table(HEADERS, rows, out);
  }

  private static void details(SecretSummary summary, Secret revealed, PrintWriter out) {
    SecretMetadata m = summary.metadata();
    Map<String, String> fields = new java.util.LinkedHashMap<>();
    fields.put("id", summary.id().toString());
    fields.put("version", m.manifestVersion());
    fields.put("type", m.kind());
    fields.put("secret type", m.secretType());
    fields.put("acl", m.acl() == null ? "-" : m.acl());
    fields.put("status", "active");
    fields.put("owner", m.owner());
    fields.put("tags", String.join(", ", m.tags()));
    fields.put("description", m.description() == null ? "" : m.description());
    fields.put("layer", m.layer() == null ? "" : m.layer());
    fields.put("keys", String.join(", ", summary.keys()));
    fields.put("files", SecretView.pairs(m.fileNames()));
    fields.put("latest version", summary.latest().number() + " (" + SecretView.text(summary.latest().createdAt())
        + (summary.latest().createdBy() == null ? "" : " by " + summary.latest().createdBy()) + ")");
    fields.put("created", SecretView.text(m.createdAt()) + " by " + m.createdBy());
    fields.put("updated", SecretView.text(m.updatedAt()) + " by " + m.updatedBy());
    fields.put("grants", String.join(", ", m.grants().stream().map(Grant::toString).toList()));
    fields.put("dependents", String.join(", ", m.dependents()));
    fields.forEach((name, value) -> out.println(name + ": " + OutputFormat.printable(value)));
    if (revealed != null) {
      out.println("values (version " + revealed.version().number() + "):");
      // Escaped like every other field: a value's line breaks or terminal escapes must not forge lines.
      revealed.values().forEach((key, value) -> out.println("  " + key + ": "
          + OutputFormat.printable(SecretView.textOrBase64(value))));
    }
    out.println();
  }
}
