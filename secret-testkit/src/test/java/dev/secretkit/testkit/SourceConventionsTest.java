package dev.secretkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The kit's own sources keep the house rules: a package-info, and Javadoc on every public type. */
class SourceConventionsTest {
  private static final Path SOURCES = Path.of("src/main/java");
  private static final Pattern PUBLIC_TYPE = Pattern.compile(
      "^\\s*public\\s+(final\\s+|abstract\\s+|static\\s+)*(class|interface|record|enum)\\s+(\\w+)", Pattern.MULTILINE);

  @Test
  void everyPackage_hasPackageInfo() throws IOException {
    try (Stream<Path> files = Files.walk(SOURCES)) {
      List<Path> packages = files.filter(f -> f.toString().endsWith(".java")).map(Path::getParent).distinct().toList();
      assertThat(packages).isNotEmpty().allSatisfy(dir -> assertThat(dir.resolve("package-info.java")).exists());
    }
  }

  @Test
  void everyPublicType_hasJavadoc() throws IOException {
    List<String> missing = new ArrayList<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String source = Files.readString(file);
        Matcher matcher = PUBLIC_TYPE.matcher(source);
        while (matcher.find()) {
          String before = source.substring(0, matcher.start()).stripTrailing();
          before = before.replaceAll("(\\s*@\\w+(\\([^)]*\\))?)+$", "").stripTrailing();
          if (!before.endsWith("*/")) {
            missing.add(file.getFileName() + ": " + matcher.group(3));
          }
        }
      }
    }
    assertThat(missing).isEmpty();
  }
}
