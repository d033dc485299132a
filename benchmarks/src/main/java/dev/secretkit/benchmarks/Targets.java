package dev.secretkit.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 14's targets for the AWS comparison, bulk resolve and the cache's footprint, and issue 16's for file store
 * writes, each judged on figures of one run: JMH's scores (by {@code Class.method}), {@link BackendCalls}' counts and
 * {@link CacheFootprint}'s heap. Prints one Markdown row per target with what was measured, the baseline beside it, and whether the target is met; a
 * target whose figures are missing (a JMH name pattern that skipped it) says so.
 */
final class Targets {
  private final Map<String, Double> scores;
  private final JsonNode calls;
  private final JsonNode footprint;

  /**
   * Judges the given figures.
   *
   * @param scores JMH's scores by {@code Class.method}
   * @param calls {@link BackendCalls}' JSON, or null when it did not run
   * @param footprint {@link CacheFootprint}'s JSON, or null when it did not run
   */
  Targets(Map<String, Double> scores, JsonNode calls, JsonNode footprint) {
    this.scores = scores;
    this.calls = calls;
    this.footprint = footprint;
  }

  /** Returns the table's lines. */
  List<String> table() {
    List<String> lines = new ArrayList<>();
    lines.add("| target | SecretKit | baseline, same run | result | goal | met |");
    lines.add("|---|---|---|---:|---|---|");
    lines.add(hitRow("cache hit vs AWS caching client, 1 thread", "secretKitResolve", "awsCachingGetSecretString",
        true));
    lines.add(hitRow("the same, 2 threads", "secretKitResolveTwoThreads", "awsCachingGetSecretStringTwoThreads",
        false));
    lines.add(stampedeRow());
    lines.add(ttlRow());
    lines.add(bulkAwsRow());
    lines.add(bulkSlowRow());
    lines.add(footprintRow());
    lines.add(fileWriteRow());
    return lines;
  }

  /** Returns the row of a hit beside the caching client's; {@code judged} false for a figure the issue sets no goal for. */
  private String hitRow(String target, String secretKit, String aws, boolean judged) {
    Double mine = scores.get("AwsCacheHitBenchmark." + secretKit);
    Double theirs = scores.get("AwsCacheHitBenchmark." + aws);
    if (mine == null || theirs == null) {
      return missing(target, "AwsCacheHitBenchmark");
    }
    double ratio = theirs / mine;
    String result = format("%.1fx its throughput", ratio);
    String mineText = format("%.1f ns/call", mine);
    String theirsText = format("caching client %.1f ns/call", theirs);
    if (!judged) {
      return "| " + target + " | " + mineText + " | " + theirsText + " | " + result + " | (no goal) | |";
    }
    return row(target, mineText, theirsText, result, "≥ 5x", ratio >= 5);
  }

  private String stampedeRow() {
    if (calls == null) {
      return missing("stampede", "BackendCalls");
    }
    String target = calls.get("threads").asInt() + " threads, one cold secret: AWS calls";
    JsonNode mine = calls.get("stampede").get("secretKit");
    JsonNode theirs = calls.get("stampede").get("awsCaching");
    boolean met = reads(mine) == 1 && total(mine) <= total(theirs);
    return row(target, describe(mine), "caching client " + describe(theirs),
        format("%d read, %d vs %d calls", reads(mine), total(mine), total(theirs)), "1 read; calls ≤ caching client's",
        met);
  }

  private String ttlRow() {
    if (calls == null) {
      return missing("after the TTL", "BackendCalls");
    }
    String target = "after the TTL (" + calls.get("ttlMillis").asInt() + " ms, both), unchanged secret: AWS calls";
    JsonNode mine = calls.get("ttl").get("secretKit");
    JsonNode theirs = calls.get("ttl").get("awsCaching");
    boolean met = mine.get("DescribeSecret").asInt() == 1 && reads(mine) == 0 && total(mine) == 1
        && total(mine) <= total(theirs);
    return row(target, describe(mine), "caching client " + describe(theirs),
        format("%d probe, %d reads", mine.get("DescribeSecret").asInt(), reads(mine)),
        "1 probe, 0 reads; calls ≤ caching client's", met);
  }

  private String bulkAwsRow() {
    if (calls == null) {
      return missing("resolveAll on AWS", "BackendCalls");
    }
    String target = "resolveAll of " + calls.get("secrets").asInt() + " secrets on the AWS emulator: AWS calls";
    JsonNode mine = calls.get("resolveAll").get("secretKit");
    JsonNode theirs = calls.get("resolveAll").get("awsCaching");
    return row(target, describe(mine), "caching client, one by one: " + describe(theirs),
        format("%d calls", total(mine)), "≤ 5 calls", total(mine) <= 5);
  }

  private String bulkSlowRow() {
    String target = "resolveAll of " + BulkResolveBenchmark.SECRETS + " secrets, no bulk reads, "
        + BulkResolveBenchmark.LATENCY.toMillis() + " ms a read: wall time";
    Double all = scores.get("BulkResolveBenchmark.resolveAll");
    Double oneByOne = scores.get("BulkResolveBenchmark.oneByOne");
    if (all == null || oneByOne == null) {
      return missing(target, "BulkResolveBenchmark");
    }
    double ratio = all / oneByOne;
    return row(target, format("%.0f ms", all), format("one by one %.0f ms", oneByOne), format("%.2fx", ratio),
        "≤ 0.2x", ratio <= 0.2);
  }

  private String footprintRow() {
    String target = String.format(Locale.ROOT, "%,d cached single-key secrets (32-byte values) in -Xmx64m",
        CacheFootprint.ENTRIES);
    if (footprint == null) {
      return missing(target, "CacheFootprint");
    }
    long used = footprint.get("usedAfterBytes").asLong();
    long before = footprint.get("usedBeforeBytes").asLong();
    boolean oom = footprint.get("outOfMemory").asBoolean();
    int filled = footprint.get("filled").asInt();
    long rereads = footprint.get("secondPassReads").asLong();
    boolean met = !oom && filled == CacheFootprint.ENTRIES && rereads == 0;
    return row(target, format("heap after full GC %.1f MiB, %d bytes/entry", used / 1048576.0,
            footprint.get("bytesPerEntry").asLong()),
        format("before the fill %.1f MiB (%s)", before / 1048576.0, footprint.get("collector").asText()),
        oom ? format("out of memory after %,d", filled) : format("%,d cached, no OOM, %d re-reads", filled, rereads),
        "fits, all cached", met);
  }

  /** Issue 16's target: a file store write costs about the same however many versions the secret keeps. */
  private String fileWriteRow() {
    String target = String.format(Locale.ROOT, "file store write, %,d versions kept vs %d",
        FileStoreWriteBenchmark.MANY, FileStoreWriteBenchmark.FEW);
    Double many = scores.get("FileStoreWriteBenchmark.twoThousandVersions");
    Double few = scores.get("FileStoreWriteBenchmark.tenVersions");
    if (many == null || few == null) {
      return missing(target, "FileStoreWriteBenchmark");
    }
    double ratio = many / few;
    return row(target, format("%.0f µs", many), format("%d versions %.0f µs", FileStoreWriteBenchmark.FEW, few),
        format("%.2fx", ratio), "≤ 1.5x", ratio <= 1.5);
  }

  /** Returns the reads among {@code counts}: single and bulk. */
  private static int reads(JsonNode counts) {
    return counts.get("GetSecretValue").asInt() + counts.get("BatchGetSecretValue").asInt();
  }

  private static int total(JsonNode counts) {
    return counts.get("total").asInt();
  }

  /** Returns {@code counts} as "N: a Op + b Op". */
  private static String describe(JsonNode counts) {
    List<String> parts = new ArrayList<>();
    counts.fieldNames().forEachRemaining(operation -> {
      int count = counts.get(operation).asInt();
      if (!operation.equals("total") && count > 0) {
        parts.add(count + " " + operation);
      }
    });
    return total(counts) + (parts.isEmpty() ? "" : ": " + String.join(" + ", parts));
  }

  private static String row(String target, String mine, String baseline, String result, String goal, boolean met) {
    return "| " + target + " | " + mine + " | " + baseline + " | " + result + " | " + goal + " | "
        + (met ? "met" : "**missed**") + " |";
  }

  private static String missing(String target, String source) {
    return "| " + target + " | not measured in this run (" + source + ") | | | | |";
  }

  private static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
