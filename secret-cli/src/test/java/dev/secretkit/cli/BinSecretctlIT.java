package dev.secretkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/secretctl}, the launcher the README starts with, in a copy of the checkout's layout
 * whose {@code mvn} is a stand-in that "builds" by copying the packaged jar: a run that has to
 * build says so on stderr, first or after a source changed, and records the class-data archive
 * again from the training run (CdsTraining), and every other run prints only what secretctl
 * prints.
 *
 * <p>These are the two CdsTraining runs a build shows besides the one of the process tests'
 * own archive (PackagedSecretctl): the launcher records its archive after each build, and this
 * test builds twice; so it checks that each did record one.
 */
class BinSecretctlIT {
  private static final Path SCRIPT = Path.of("../bin/secretctl");
  private static final Path JAR = Path.of(System.getProperty("secretctl.jar", "target/secretctl.jar"));

  @TempDir
  Path root;

  private Path builds;

  @BeforeEach
  void checkoutWithAStandInMaven() throws Exception {
    Files.createDirectories(root.resolve("bin"));
    Files.copy(SCRIPT, root.resolve("bin/secretctl"));
    Files.setPosixFilePermissions(root.resolve("bin/secretctl"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(root.resolve("pom.xml"), "<project/>\n");
    Files.createDirectories(root.resolve("secret-cli/src/main/java"));
    Files.createDirectories(root.resolve("tools"));
    builds = root.resolve("builds.log");
    Path target = JAR.toAbsolutePath().getParent();
    Path mvn = Files.writeString(root.resolve("tools/mvn"), """
        #!/usr/bin/env bash
        echo "stand-in maven: $*"
        echo built >> "%s"
        mkdir -p secret-cli/target
        cp "%s" secret-cli/target/secretctl.jar
        cp -R "%s" secret-cli/target/
        """.formatted(builds, target.resolve("secretctl.jar"), target.resolve("lib")));
    Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void aRunThatBuilds_saysSoOnStderr_andEveryOtherRunIsSilent() throws Exception {
    ProcessRun first = launch("--version");
    assertThat(first.exitCode()).as(first.stderr()).isZero();
    assertThat(first.stderr()).as("the announcement, then Maven's output").startsWith("secretctl: first run: building"
        + " secretctl with Maven").contains("\nstand-in maven: ");
    String version = first.out();
    assertThat(version).startsWith("secretctl ");
    Path jar = root.resolve("secret-cli/target/secretctl.jar");
    FileTime recorded = assertArchiveRecordedAfter(jar);

    ProcessRun second = launch("--version");
    assertThat(second.stderr()).isEmpty();
    assertThat(second.out()).isEqualTo(version);

    Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
    Files.writeString(root.resolve("secret-cli/src/main/java/Changed.java"), "class Changed {}\n");
    ProcessRun rebuilt = launch("--version");
    assertThat(rebuilt.stderr()).startsWith("secretctl: a source changed since the last build; rebuilding secretctl"
        + " with Maven");
    assertThat(rebuilt.out()).isEqualTo(version);
    assertThat(assertArchiveRecordedAfter(jar)).as("the archive was recorded again").isGreaterThan(recorded);

    ProcessRun last = launch("--version");
    assertThat(last.stderr()).isEmpty();
    assertThat(last.out()).isEqualTo(version);
    assertThat(Files.readAllLines(builds)).hasSize(2);
  }

  /** Checks that the launcher's archive is there and marked complete after {@code jar}; returns its time. */
  private static FileTime assertArchiveRecordedAfter(Path jar) throws Exception {
    Path archive = jar.resolveSibling("secretctl.jsa");
    assertThat(archive).as("the class-data archive").isRegularFile();
    assertThat(Files.size(archive)).as("the class-data archive's size").isPositive();
    FileTime time = Files.getLastModifiedTime(archive);
    assertThat(Files.getLastModifiedTime(jar.resolveSibling("secretctl.jsa.ok")))
        .as("the mark that the archive is complete").isGreaterThan(Files.getLastModifiedTime(jar))
        .isGreaterThanOrEqualTo(time);
    return time;
  }

  private ProcessRun launch(String... args) throws Exception {
    Map<String, String> environment = new HashMap<>(System.getenv());
    environment.put("PATH", root.resolve("tools") + File.pathSeparator + environment.getOrDefault("PATH", ""));
    environment.put("HOME", root.toString());
    List<String> command = new ArrayList<>(List.of(root.resolve("bin/secretctl").toString()));
    command.addAll(List.of(args));
    return ProcessRun.run(command, environment);
  }
}
