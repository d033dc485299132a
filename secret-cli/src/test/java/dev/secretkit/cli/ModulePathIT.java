package dev.secretkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code secretctl} runs on the module path too ({@code java -p secretctl.jar:JARS -cp GCP_JARS -m
 * dev.secretkit.cli/dev.secretkit.cli.SecretCtl}): picocli reaches the commands through the
 * module's {@code opens}; projections render with both template engines (liqp is an automatic
 * module); core finds the stores through {@code uses}/{@code provides}, and the gcp-sm store on
 * the class path through its {@code META-INF/services}. The gcp-sm store's jars of
 * {@code lib/} (Google's client, gRPC and the rest) split packages between them, so they cannot be
 * modules: the build names the other jars of {@code lib/} ({@code secretctl.modulePath}), and the
 * rest go on the class path. The JVM gets the launcher's options (C1 only), which change nothing
 * secretctl does; the class-path archive of the other process tests does not apply here.
 */
class ModulePathIT {
  private static final String PASSWORD = "fake-module-path-password";

  @TempDir
  Path home;

  @Test
  void storesApplyGetResolveAndDelete_onTheModulePath() throws Exception {
    PgManifest.write(home, PASSWORD);
    String store = "file:" + home.resolve("store");

    ProcessRun stores = secretctl("stores");
    assertThat(stores.exitCode()).as(stores.stderr()).isZero();
    assertThat(stores.out()).contains("aws-sm", "file", "gcp-sm", "memory", "vault");

    ProcessRun apply = secretctl("apply", "-f", home.resolve("pg.yaml").toString(), "--store", store);
    assertThat(apply.exitCode()).as(apply.stderr()).isZero();
    assertThat(apply.out()).isEqualTo("created public:pg-r (secret v1, version 1)\n");
    assertThat(home.resolve("store/secrets/public/pg-r.sk")).isRegularFile();
    ProcessRun get = secretctl("get", "-n", "pg-r", "-o", "json", "--store", store);
    assertThat(get.exitCode()).as(get.stderr()).isZero();
    assertThat(get.out()).contains("\"public:pg-r\"").doesNotContain(PASSWORD);
    ProcessRun resolve = secretctl("resolve", "pg-r#password", "--store", store);
    assertThat(resolve.exitCode()).as(resolve.stderr()).isZero();
    assertThat(resolve.out()).isEqualTo(PASSWORD);
    Files.writeString(home.resolve("job.yaml"), """
        name: job
        version: v1alpha
        type: nilus
        spec:
          use:
            projection:
              secrets: [{id: pg-r, contextAlias: db}]
              projections:
                envVars:
                  - {key: GO, template: "{{ .secrets.db.password }}"}
                  - {key: LIQUID, template: "{{ secrets['db'].password | base64_decode }}", templateType: liquid}
        """);
    ProcessRun project = secretctl("project", "-f", home.resolve("job.yaml").toString(), "-o", "env", "--reveal",
        "--no-register", "--store", store);
    assertThat(project.exitCode()).as(project.stderr()).isZero();
    assertThat(project.out()).isEqualTo("GO=" + PASSWORD + "\nLIQUID=" + PASSWORD + "\n");
    ProcessRun delete = secretctl("delete", "-n", "pg-r", "--store", store);
    assertThat(delete.exitCode()).as(delete.stderr()).isZero();
    assertThat(delete.out()).isEqualTo("deleted public:pg-r\n");
    assertThat(home.resolve("store/secrets/public/pg-r.sk")).doesNotExist();
  }

  private ProcessRun secretctl(String... args) throws Exception {
    Path jar = PackagedSecretctl.JAR.toAbsolutePath();
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(PackagedSecretctl.launcherFlags());
    List<String> modules = List.of(System.getProperty("secretctl.modulePath").split(File.pathSeparator));
    List<String> classPath;
    try (Stream<Path> jars = Files.list(jar.resolveSibling("lib"))) {
      classPath = jars.map(Path::toString).filter(path -> !modules.contains(path)).sorted().toList();
    }
    command.addAll(List.of("-p", jar + File.pathSeparator + String.join(File.pathSeparator, modules),
        "-cp", String.join(File.pathSeparator, classPath), "-m", "dev.secretkit.cli/dev.secretkit.cli.SecretCtl"));
    command.addAll(Arrays.asList(args));
    Map<String, String> environment = new HashMap<>(System.getenv());
    environment.keySet().removeIf(name -> name.startsWith("SECRETKIT_") || name.startsWith("AWS_")
        || name.startsWith("VAULT_"));
    environment.put("HOME", home.toString());
    environment.put("USER", "tester");
    return ProcessRun.run(command, environment);
  }
}
