package dev.secretkit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.secretkit.Secret;
import dev.secretkit.SecretDataException;
import dev.secretkit.SecretException;
import dev.secretkit.SecretFilter;
import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretSummary;
import dev.secretkit.SecretValue;
import dev.secretkit.access.Grant;
import dev.secretkit.client.SecretClient;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code secretctl get}: lists secrets, or shows one, as a table, JSON, YAML, manifests or
 * {@code KEY=value} lines; values only with {@code --reveal}.
 */
@Command(
    name = "get",
    sortOptions = false,
    description = {
        "Lists the secrets of a workspace (-w, default public), of the instance (-t instance-secret), or of every"
            + " workspace and the instance (-A); or shows one with -n.",
        "An empty listing says, on stderr, where there are secrets. Values are never shown unless --reveal is"
            + " given, which needs ownership or a can-use grant.",
        "-o manifest prints manifests that apply reads back: without --reveal their data values are $${{KEY}}"
            + " placeholders, which apply refuses. -o dotenv prints one secret's keys as KEY='value' lines for"
            + " eval or a .env file (see 'secretctl env')."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:success, also for an empty listing", "1:unexpected error",
        "2:bad usage or configuration, or -o dotenv of two keys that become one variable",
        "4:-n names no secret (the message names it in other workspaces, and close names)",
        "5:--reveal without the right to use a secret", "7:store unavailable",
        "8:a stored record cannot be read"})
final class GetCommand extends TargetedCommand {
  private static final List<String> HEADERS =
      List.of("NAME", "VERSION", "TYPE", "WORKSPACE", "STATUS", "OWNER", "KEYS", "UPDATED");

  @Option(names = {"-A", "--all-workspaces"},
      description = "List every workspace's secrets and the instance secrets, with their WORKSPACE (instance for"
          + " instance secrets). Takes no -n, -w or -t.")
  private boolean allWorkspaces;

  @Option(names = {"-a", "--all"},
      description = "Secrets of every owner: the default here; accepted for dataos-ctl's -a, where the default is"
          + " your own. Takes no --owner.")
  private boolean allOwners;

  @Option(names = "--owner", paramLabel = "ID",
      description = "Only secrets owned by this principal (dataos-ctl's -o; here -o is the output format).")
  private String owner;

  @Option(names = "--tags", paramLabel = "TAG", split = ",", description = "Only secrets holding all these tags.")
  private List<String> tags = List.of();

  @Option(names = {"-d", "--details"}, description = "Show every field of each secret, not a table row.")
  private boolean details;

  @Option(names = "--reveal", description = "Also show the values of the latest version (needs can-use).")
  private boolean reveal;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
      converter = Format.AllConverter.class,
      description = "table (the default), json, yaml, manifest or dotenv (one secret, with -n).")
  private Format output;

  @Override
  Integer execute() {
    checkOptions();
    return super.execute();
  }

  @Override
  int run(SecretClient client) {
    List<SecretDataException> unreadable = new ArrayList<>();
    List<SecretSummary> summaries = target.name != null ? List.of(client.describe(target.id()))
        : allWorkspaces ? client.listAll(filter(), unreadable::add)
        : client.list(target.scope(), filter(), unreadable::add);
    List<Secret> revealed = new ArrayList<>();
    try {
      if (reveal) {
        for (SecretSummary summary : summaries) {
          revealed.add(client.get(summary.id()));
        }
      }
      print(summaries, revealed, client.store());
    } finally {
      revealed.forEach(secret -> secret.values().values().forEach(SecretValue::destroy));
    }
    if (summaries.isEmpty() && unreadable.isEmpty() && output == Format.TABLE) {
      spec.commandLine().getErr().println(emptyListing(client));
    }
    // The secrets that could be read are listed; each that could not is named after them, and the status says so.
    unreadable.forEach(e -> Failures.explain("get", e, spec.commandLine().getErr()));
    return unreadable.isEmpty() ? Failures.OK : Failures.DATA_ERROR;
  }

  private void checkOptions() {
    if (allWorkspaces && (target.name != null || target.workspace != null || target.type != null)) {
      throw new ParameterException(spec.commandLine(), "-A lists every workspace and the instance secrets: it takes"
          + " no -n, -w or -t (a -n that finds nothing names the workspaces that hold the name)");
    }
    if (allOwners && owner != null) {
      throw new ParameterException(spec.commandLine(), "-a (every owner) contradicts --owner "
          + OutputFormat.printable(owner));
    }
    if (output == Format.DOTENV && target.name == null) {
      throw new ParameterException(spec.commandLine(), "-o dotenv prints the keys of one secret: name it with -n");
    }
  }

  private SecretFilter filter() {
    return new SecretFilter(owner, tags, null);
  }

  private void print(List<SecretSummary> summaries, List<Secret> revealed, String store) {
    PrintWriter out = spec.commandLine().getOut();
    switch (output) {
      case TABLE -> {
        if (details || reveal) {
          for (int i = 0; i < summaries.size(); i++) {
            details(summaries.get(i), reveal ? revealed.get(i) : null, out);
          }
        } else if (!summaries.isEmpty()) {
          table(summaries, out);
        }
      }
      case MANIFEST -> {
        for (int i = 0; i < summaries.size(); i++) {
          ManifestView.print(summaries.get(i), reveal ? revealed.get(i) : null, store, summaries.size() > 1, out);
        }
      }
      case DOTENV -> DotenvView.print(summaries.get(0), reveal ? revealed.get(0) : null,
          spec.qualifiedName(), out, spec.commandLine().getErr());
      default -> {
        ArrayNode array = SecretJson.array();
        for (int i = 0; i < summaries.size(); i++) {
          array.add(SecretJson.of(summaries.get(i), reveal ? revealed.get(i) : null));
        }
        SecretJson.write(target.name != null ? array.get(0) : array, output, out);
      }
    }
  }

  /**
   * Returns what an empty listing says: where there are secrets, by one listing of names
   * ({@link SecretClient#ids()}), or how many the filters left out.
   */
  private String emptyListing(SecretClient client) {
    String command = spec.qualifiedName() + ": ";
    String scope = allWorkspaces ? null : target.scope();
    String where = scope == null ? "no secret in any workspace"
        : scope.equals(SecretId.INSTANCE_SCOPE) ? "no instance secrets" : "no secrets in workspace " + scope;
    Map<String, Integer> counts = new TreeMap<>();
    try {
      client.ids().forEach(id -> counts.merge(id.scope(), 1, Integer::sum));
    } catch (SecretException e) {
      // The listing itself succeeded; a hint that cannot be had must not turn it into a failure.
      return command + where;
    }
    int here = scope == null ? counts.values().stream().mapToInt(Integer::intValue).sum()
        : counts.getOrDefault(scope, 0);
    String there = scope == null ? " in the store" : " there";
    if (here > 0 && (owner != null || !tags.isEmpty())) {
      return command + where + (scope == null ? " matches" : " match")
          + OutputFormat.printable((owner != null ? " --owner " + owner : "")
          + (tags.isEmpty() ? "" : " --tags " + String.join(",", tags))) + "; " + here
          + (here == 1 ? " secret" : " secrets") + there + (here == 1 ? " does" : " do") + " not";
    }
    if (here > 0) {
      // Only the names of another tool's secrets, which a listing leaves out (aws-sm), are there.
      return command + where + " that SecretKit wrote; " + here + (here == 1 ? " name" : " names") + there
          + " belong to another tool's secrets";
    }
    if (scope != null) {
      counts.remove(scope);
    }
    if (counts.isEmpty()) {
      return command + where + "; the store holds none yet: secretctl apply -f FILE adds some";
    }
    List<String> elsewhere = new ArrayList<>();
    counts.forEach((other, count) -> elsewhere.add(other + " (" + count + ")"));
    List<String> options = new ArrayList<>();
    if (counts.keySet().stream().anyMatch(other -> !other.equals(SecretId.INSTANCE_SCOPE))) {
      options.add("-w WORKSPACE");
    }
    if (counts.containsKey(SecretId.INSTANCE_SCOPE)) {
      options.add("-t instance-secret");
    }
    options.add("-A");
    return command + where + "; there are secrets in: " + String.join(", ", elsewhere) + "; use "
        + String.join(", ", options.subList(0, options.size() - 1)) + " or -A";
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
