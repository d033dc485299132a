import dev.secretkit.SecretClient;
import dev.secretkit.SecretFilter;
import dev.secretkit.SecretSummary;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * A stand-in for {@code secretctl get} until it ships, for benchmarks/startup.sh only: parses its
 * options with picocli, builds a SecretClient on --store (else SECRETKIT_STORE, else file:),
 * lists one scope and prints the names, which is the code path {@code get} will take. With
 * {@code --apply FILE...} it applies manifests instead, to fill a store for the benchmark.
 */
@Command(name = "get-stand-in", mixinStandardHelpOptions = true)
public final class GetStandIn implements Callable<Integer> {
  @Option(names = "--store", paramLabel = "URI")
  private String store;

  @Option(names = "--scope", defaultValue = "public")
  private String scope;

  @Option(names = "--apply", arity = "1..*", paramLabel = "FILE")
  private List<Path> manifests;

  @Override
  public Integer call() {
    var builder = SecretClient.builder();
    if (store != null) {
      builder.store(store);
    }
    try (SecretClient client = builder.build()) {
      if (manifests != null) {
        manifests.forEach(client::apply);
        return 0;
      }
      System.out.printf("%-24s %-8s %s%n", "NAME", "VERSION", "TYPE");
      for (SecretSummary summary : client.list(scope, SecretFilter.ALL)) {
        System.out.printf("%-24s %-8d %s%n", summary.id().name(), summary.latest().number(),
            summary.metadata().secretType());
      }
    }
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new GetStandIn()).execute(args));
  }
}
