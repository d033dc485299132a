package dev.secretkit.cli;

import dev.secretkit.client.StoreRegistry;
import dev.secretkit.spi.SecretStoreProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code secretctl stores}: the store types this {@code secretctl} can open, and their URI forms. */
@Command(
    name = "stores",
    description = "Lists the store providers found on the class path and the URI forms each accepts.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:unexpected error", "2:a provider failed to load, or two share a type"})
final class StoresCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    List<List<String>> rows = new ArrayList<>();
    for (SecretStoreProvider provider : StoreRegistry.builder().build().providers()) {
      List<String> forms = provider.uriForms();
      for (int i = 0; i < forms.size(); i++) {
        rows.add(List.of(i == 0 ? provider.type() : "", forms.get(i)));
      }
    }
    SecretView.table(List.of("TYPE", "URI"), rows, spec.commandLine().getOut());
    return Failures.OK;
  }
}
