package dev.secretkit.cli;

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

/**
 * The house rules on every module's main sources: each package says what it holds in a
 * package-info, and each public type states its contract in Javadoc. It runs here because
 * secret-cli is built after every module it checks.
 */
class SourceConventionsTest {
  private static final Path ROOT = Path.of("..");
  private static final Pattern PUBLIC_TYPE = Pattern.compile(
      "^\\s*public\\s+(final\\s+|abstract\\s+|sealed\\s+|static\\s+)*(class|interface|record|enum)\\s+(\\w+)",
      Pattern.MULTILINE);

  private static List<Path> sourceRoots() throws IOException {
    List<Path> roots = new ArrayList<>();
    try (Stream<Path> modules = Files.list(ROOT)) {
      modules.map(module -> module.resolve("src/main/java")).filter(Files::isDirectory).forEach(roots::add);
    }
    try (Stream<Path> examples = Files.list(ROOT.resolve("examples"))) {
      examples.map(example -> example.resolve("src/main/java")).filter(Files::isDirectory).forEach(roots::add);
    }
    return roots;
  }

  private static List<Path> javaFiles() throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path root : sourceRoots()) {
      try (Stream<Path> walk = Files.walk(root)) {
        walk.filter(f -> f.toString().endsWith(".java") && !f.endsWith("module-info.java")).forEach(files::add);
      }
    }
    return files;
  }

  @Test
  void theCheck_seesEveryModule() throws IOException {
    assertThat(sourceRoots()).extracting(root -> root.normalize().toString())
        .anyMatch(root -> root.contains("secret-core")).anyMatch(root -> root.contains("secret-testkit"))
        .anyMatch(root -> root.contains("secret-backend-aws")).anyMatch(root -> root.contains("secret-cli"))
        .anyMatch(root -> root.contains("modular"));
  }

  @Test
  void everyPackage_hasPackageInfo() throws IOException {
    List<Path> packages = javaFiles().stream().map(Path::getParent).distinct().toList();

    assertThat(packages).isNotEmpty().allSatisfy(dir -> assertThat(dir.resolve("package-info.java")).exists());
  }

  @Test
  void everyPublicType_hasJavadoc() throws IOException {
    List<String> missing = new ArrayList<>();
    for (Path file : javaFiles()) {
      String source = Files.readString(file);
      Matcher matcher = PUBLIC_TYPE.matcher(source);
      while (matcher.find()) {
        // Only annotations may stand between the Javadoc and the type: no statement ends there.
        int javadocEnd = source.lastIndexOf("*/", matcher.start());
        String between = javadocEnd < 0 ? ";" : source.substring(javadocEnd + 2, matcher.start()).strip();
        boolean annotationsOnly = between.isEmpty()
            || between.startsWith("@") && between.lines().noneMatch(line -> line.stripTrailing().endsWith(";"));
        if (!annotationsOnly) {
          missing.add(file.getFileName() + ": " + matcher.group(3));
        }
      }
    }
    assertThat(missing).isEmpty();
  }
}
