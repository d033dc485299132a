package dev.secretkit.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Prints JMH's JSON results as a Markdown table with each benchmark's score as a ratio to the baseline of its class
 * measured in the same run ({@code mapGet}), so figures from machines of different speeds can be compared.
 */
public final class BenchmarkTable {
  private static final String BASELINE = "mapGet";

  private BenchmarkTable() {
  }

  /** Reads the JSON results file {@code args[0]} and prints the table on standard output. */
  public static void main(String[] args) throws IOException {
    JsonNode results = new ObjectMapper().readTree(Path.of(args[0]).toFile());
    Map<String, Double> baselines = new LinkedHashMap<>();
    for (JsonNode result : results) {
      String[] name = split(result.get("benchmark").asText());
      if (name[1].equals(BASELINE)) {
        baselines.put(name[0], result.get("primaryMetric").get("score").asDouble());
      }
    }
    System.out.println("| benchmark | score | error | unit | ratio to " + BASELINE + " |");
    System.out.println("|---|---:|---:|---|---:|");
    for (JsonNode result : results) {
      String[] name = split(result.get("benchmark").asText());
      JsonNode metric = result.get("primaryMetric");
      double score = metric.get("score").asDouble();
      Double baseline = baselines.get(name[0]);
      System.out.println(String.format(Locale.ROOT, "| %s.%s | %.1f | ±%.1f | %s | %s |", name[0], name[1], score,
          metric.get("scoreError").asDouble(), metric.get("scoreUnit").asText(),
          baseline == null ? "" : String.format(Locale.ROOT, "%.1fx", score / baseline)));
    }
  }

  /** Returns the simple class name and the method of a benchmark's full name. */
  private static String[] split(String benchmark) {
    String[] parts = benchmark.split("\\.");
    return new String[] {parts[parts.length - 2], parts[parts.length - 1]};
  }
}
