package dev.secretkit.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Prints JMH's JSON results as a Markdown table with each benchmark's score as a ratio to the baseline of its class
 * measured in the same run ({@code mapGet}, {@code oneByOne} for bulk resolves, {@code tenVersions} for file store
 * writes), so figures from machines of different speeds can be compared; then, given the files of
 * {@link BackendCalls} and {@link CacheFootprint}, the table of {@link Targets}.
 */
public final class BenchmarkTable {
  private static final Set<String> BASELINES = Set.of("mapGet", "oneByOne", "tenVersions");

  private BenchmarkTable() {
  }

  /**
   * Reads the JSON results file {@code args[0]} and prints the table on standard output; with {@code args[1]} (the
   * call counts) and {@code args[2]} (the footprint), files that may be missing, prints the targets' table after it.
   */
  public static void main(String[] args) throws IOException {
    ObjectMapper json = new ObjectMapper();
    JsonNode results = json.readTree(new File(args[0]));
    Map<String, Double> baselines = new LinkedHashMap<>();
    Map<String, Double> scores = new LinkedHashMap<>();
    for (JsonNode result : results) {
      String[] name = split(result.get("benchmark").asText());
      double score = result.get("primaryMetric").get("score").asDouble();
      scores.put(name[0] + "." + name[1], score);
      if (BASELINES.contains(name[1])) {
        baselines.put(name[0], score);
      }
    }
    System.out.println("| benchmark | score | error | unit | ratio to its class's baseline |");
    System.out.println("|---|---:|---:|---|---:|");
    for (JsonNode result : results) {
      String[] name = split(result.get("benchmark").asText());
      JsonNode metric = result.get("primaryMetric");
      double score = metric.get("score").asDouble();
      Double baseline = baselines.get(name[0]);
      System.out.println(String.format(Locale.ROOT, "| %s.%s | %.1f | ±%.1f | %s | %s |", name[0], name[1], score,
          metric.get("scoreError").asDouble(), metric.get("scoreUnit").asText(),
          baseline == null ? "" : String.format(Locale.ROOT, "%.2fx%s", score / baseline,
              BASELINES.contains(name[1]) ? " (baseline)" : "")));
    }
    if (args.length > 1) {
      System.out.println();
      new Targets(scores, optional(json, args[1]), args.length > 2 ? optional(json, args[2]) : null).table()
          .forEach(System.out::println);
    }
  }

  /** Returns the JSON of {@code path}, or null when there is no such file. */
  private static JsonNode optional(ObjectMapper json, String path) throws IOException {
    File file = new File(path);
    return file.isFile() ? json.readTree(file) : null;
  }

  /** Returns the simple class name and the method of a benchmark's full name. */
  private static String[] split(String benchmark) {
    String[] parts = benchmark.split("\\.");
    return new String[] {parts[parts.length - 2], parts[parts.length - 1]};
  }
}
