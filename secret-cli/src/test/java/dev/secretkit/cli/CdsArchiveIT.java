package dev.secretkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The class-data archive, recorded as {@code bin/secretctl} records its own after a build (a training run with the
 * backends, BackendTraining, then {@code -Xshare:dump}), holds picocli's classes, which only a static archive can
 * hold (they are compiled for Java 5) unless a lambda links them, and the classes a read through each backend
 * loads.
 */
class CdsArchiveIT {

  @Test
  void theArchive_holdsPicocli_andWhatAReadThroughEachBackendLoads() throws Exception {
    List<String> command = List.of("java", "-XX:SharedArchiveFile=" + PackagedSecretctl.archive(),
        "-XX:+PrintSharedArchiveAndExit", "-XX:+PrintSharedDictionary", "-cp", PackagedSecretctl.JAR.toString());
    ProcessRun run = ProcessRun.run(command, System.getenv());

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.out()).as("the archive's classes, one a line as 'N: NAME LOADER'").contains(
        archived("picocli.CommandLine"), archived("picocli.CommandLine$Model$CommandSpec"),
        archived("dev.secretkit.cli.ResolveCommand"),
        archived("software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse"),
        archived("dev.secretkit.backend.aws.AwsSecretsManagerStore"),
        archived("io.github.jopenlibs.vault.api.Logical"), archived("dev.secretkit.backend.vault.VaultSecretStore"),
        archived("com.google.cloud.secretmanager.v1.AccessSecretVersionResponse"),
        archived("io.grpc.netty.shaded.io.grpc.netty.NettyClientTransport"));
  }

  private static String archived(String className) {
    return ": " + className + " app_loader";
  }
}
