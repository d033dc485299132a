package dev.secretkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretkit.manifest.InvalidManifestException;
import dev.secretkit.manifest.ManifestDocument;
import dev.secretkit.manifest.ManifestReader;
import dev.secretkit.manifest.Validation;
import dev.secretkit.validation.Validator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Plants a canary value wherever a manifest may hold a secret and scans every output for it. */
class SecretLeakTest {
  private static final String CANARY = "CANARY-7f3a9c41";
  private static final String FRAGMENT = "7f3a9c41";
  private static final String HEAD = "name: leak\nversion: v1\ntype: secret\nsecret:\n  type: key-value\n  acl: r\n  data:\n";

  @TempDir
  Path directory;

  static Stream<String> manifests() {
    return Stream.of(
        HEAD + "    password: " + CANARY + "\n",
        HEAD + "    password: |\n      -----BEGIN PRIVATE KEY-----\n      " + CANARY + "\n      -----END PRIVATE KEY-----\n",
        HEAD + "    password:\n      nested: " + CANARY + "\n",
        HEAD + "    password: [" + CANARY + ", " + CANARY + "]\n",
        HEAD + "    password: " + CANARY + "$UNDEFINED_VARIABLE\n",
        HEAD + "    password: ${" + CANARY + "\n",
        HEAD + "    password: " + CANARY + "${{password}}\n",
        HEAD + "    password: \"" + CANARY + "\n",
        HEAD + "    password: '" + CANARY + "''\n",
        HEAD + "    password: " + CANARY + ": more\n",
        HEAD + "    password: " + CANARY + "\n\t  other: x\n",
        HEAD + "    password: " + CANARY + "\n    password: " + CANARY + "\n",
        HEAD + "    password: !!java.lang.Runtime " + CANARY + "\n",
        HEAD + "    password: &anchor " + CANARY + "\n    copy: *anchor\n    bad key: *anchor\n",
        HEAD + "  passwrd: " + CANARY + "\n",
        HEAD + "    password: *" + CANARY + "\n",
        HEAD + "    password: !" + CANARY + " x\n",
        HEAD + "    password: !!" + CANARY + " x\n",
        HEAD + "    password: !<" + CANARY + "> x\n",
        HEAD + "    password: &" + CANARY + "\n",
        HEAD + "    password: \"\\U" + CANARY + "\"\n",
        HEAD + "    password: \"\\u" + FRAGMENT + "\"\n",
        HEAD + "    password: \"\\q" + CANARY + "\"\n",
        HEAD + "    password: pa$" + FRAGMENT + "word\n",
        HEAD + "    password: x$" + CANARY + "\n",
        HEAD + "    password: " + CANARY + "\u2028rest\n",
        HEAD + "    password: `" + CANARY + "\n",
        HEAD + "    password: @" + CANARY + "\n",
        HEAD + "    password: %" + CANARY + "\n",
        "%" + CANARY + " directive\n---\n" + HEAD + "    password: x\n",
        "{\"name\": \"leak\", \"secret\": {\"data\": {\"password\": " + CANARY + "}}}\n",
        "{\"name\": \"leak\", \"secret\": {\"data\": {\"password\": \"\\" + FRAGMENT + "\"}}}\n",
        "[\"" + CANARY + "\" " + CANARY + "]\n",
        "name: leak\nversion: v1\ntype: secret\ntoken: " + CANARY + "\nsecret: " + CANARY + "\n",
        "name: registry\nversion: v1\ntype: secret\nsecret:\n  type: cloud-kernel-image-pull\n  acl: r\n  data:\n"
            + "    .dockerconfigjson: '{\"auths\": " + CANARY + "'\n",
        "name: sf\nversion: v1\ntype: secret\ntags: [source:snowflake-keypair]\nsecret:\n  type: key-value\n  acl: r\n"
            + "  data:\n    username: u\n    auth_mode: " + CANARY + "\n    key: " + CANARY + "\n",
        "name: sf\nversion: v1\ntype: secret\ntags: [source:snowflake]\nsecret:\n  type: key-value\n  acl: r\n"
            + "  data:\n    username: u\n    password: " + CANARY + "\n    passphrase: " + CANARY + "\n",
        "{\"name\": \"leak\", \"secret\": {\"data\": {\"password\": \"" + CANARY + "}}}\n",
        "{\"name\": \"leak\", \"secret\": {\"data\": {\"password\": \"" + CANARY + "\", \"password\": \"" + CANARY + "\"}}}\n");
  }

  @ParameterizedTest
  @MethodSource("manifests")
  void readAndValidate_nothingTheCallerCanSeeHoldsTheValue(String yaml) {
    List<String> outputs = new ArrayList<>();
    for (String origin : List.of("leak.yaml", "leak.json")) {
      for (boolean interpolation : new boolean[] {true, false}) {
        ManifestReader reader = ManifestReader.builder().environment(Map.of()).interpolation(interpolation).build();
        read(reader, yaml, origin, outputs);
      }
    }

    assertThat(outputs).isNotEmpty().noneMatch(text -> text.contains(FRAGMENT));
  }

  private void read(ManifestReader reader, String yaml, String origin, List<String> outputs) {
    try {
      for (ManifestDocument document : reader.read(yaml, origin, directory)) {
        outputs.add(document.toString());
        outputs.add(document.manifest().toString());
        for (Validator validator : List.of(Validator.standard(), Validator.forProfile("postgresql"))) {
          Validation validation = validator.validate(document);
          outputs.add(describe(validation));
          try {
            outputs.add(validation.orThrow().toString());
          } catch (InvalidManifestException e) {
            outputs.add(stackTrace(e));
          }
        }
      }
    } catch (InvalidManifestException e) {
      outputs.add(stackTrace(e));
      e.validations().forEach(v -> outputs.add(describe(v)));
    }
  }

  @Test
  void readAndValidate_fileContentNeverReachesOutput() throws IOException {
    Files.writeString(directory.resolve("key.json"), "{\"private_key\": \"" + CANARY + "\"}");
    String yaml = "name: leak\nversion: v1\ntype: instance-secret\ninstance-secret:\n  type: key-value-properties\n"
        + "  acl: rw\n  data:\n    json_keyfile: " + CANARY + "\n  files:\n    json_keyfile: key.json\n";
    ManifestDocument document = ManifestReader.builder().environment(Map.of()).build()
        .read(yaml, "leak.yaml", directory).get(0);

    Validation validation = Validator.forProfile("bigquery").validate(document);

    assertThat(document.manifest().secret().files().get("json_keyfile").content().asString()).contains(CANARY);
    assertThat(describe(validation) + document + document.manifest()).doesNotContain(FRAGMENT);
  }

  @Test
  void secretValue_toStringAndExceptions_neverShowTheValue() {
    SecretValue value = SecretValue.ofString(CANARY);

    assertThat(value.toString()).doesNotContain(FRAGMENT);
    assertThat(value.asString()).isEqualTo(CANARY);
  }

  private static String describe(Validation validation) {
    StringBuilder text = new StringBuilder(validation.toString());
    validation.violations().forEach(v -> text.append('\n').append(v).append(' ').append(v.hint()));
    return text.toString();
  }

  private static String stackTrace(Throwable thrown) {
    StringWriter out = new StringWriter();
    thrown.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
