package dev.secretkit.projection.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import liqp.Insertion;
import liqp.TemplateParser;
import liqp.filters.Filter;
import liqp.parser.Flavor;
import org.junit.jupiter.api.Test;

/** LIQUID.md, what template authors read, names every filter and tag the engine has. */
class LiquidDocsTest {
  @Test
  void liquidMd_namesEveryFilterAndTag() throws Exception {
    String docs = Files.readString(Path.of("LIQUID.md"));
    Set<String> names = new TreeSet<>();
    LiquidFilters.all().stream().map(Filter::getName).forEach(names::add);
    TemplateParser parser = new TemplateParser.Builder().withFlavor(Flavor.LIQUID).build();
    parser.insertions.values().stream().map(Insertion::getName).forEach(names::add);

    assertThat(names).hasSizeGreaterThan(60).allSatisfy(name -> assertThat(docs).contains("`" + name + "`"));
  }
}
