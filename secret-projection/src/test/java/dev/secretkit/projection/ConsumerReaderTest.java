package dev.secretkit.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretkit.manifest.InvalidManifestException;
import dev.secretkit.manifest.Violation;
import dev.secretkit.projection.template.TemplateType;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link ConsumerReader}: where consumers declare secrets, what each field means, and every finding at once. */
class ConsumerReaderTest {

  private static Consumer only(String yaml) {
    List<Consumer> consumers = ConsumerReader.consumers(yaml, "consumer.yaml");
    assertThat(consumers).hasSize(1);
    return consumers.get(0);
  }

  private static List<Violation> findings(String yaml) {
    return ConsumerReader.read(yaml, "consumer.yaml").stream()
        .flatMap(document -> document.validation().violations().stream()).toList();
  }

  private static List<String> errors(String yaml) {
    return findings(yaml).stream().filter(Violation::isError).map(Violation::toString).toList();
  }

  static Stream<Arguments> v1Places() {
    return Stream.of(
        Arguments.of("service", """
            name: svc
            version: v1
            type: service
            service:
              dataosSecrets:
                - name: pg
                  keys: [username, password]
            """, "service.dataosSecrets[0]"),
        Arguments.of("workflow DAG job", """
            name: wf
            version: v1
            type: workflow
            workflow:
              dag:
                - name: job-a
                  spec:
                    stack: flare
                - name: job-b
                  spec:
                    dataosSecrets:
                      - name: pg
                        keys: [username, password]
            """, "workflow.dag[1].spec.dataosSecrets[0]"),
        Arguments.of("worker", """
            name: wk
            version: v1beta
            type: worker
            worker:
              dataosSecrets:
                - {name: pg, keys: [username, password]}
            """, "worker.dataosSecrets[0]"),
        Arguments.of("cluster", """
            name: cl
            version: v1
            type: cluster
            cluster:
              dataosSecrets:
                - name: pg
                  key: username
                  keys: [password]
            """, "cluster.dataosSecrets[0]"),
        Arguments.of("top level", """
            name: job
            version: v1
            type: job
            dataosSecrets:
              - name: pg
                keys: [username, password]
            """, "dataosSecrets[0]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("v1Places")
  void v1Entries_areFoundWhereTheResourceHoldsThem(String place, String yaml, String path) {
    Consumer consumer = only(yaml);

    assertThat(consumer.dataosSecrets()).singleElement().satisfies(entry -> {
      assertThat(entry.name()).isEqualTo("pg");
      assertThat(entry.keys()).containsExactlyInAnyOrder("username", "password");
      assertThat(entry.allKeys()).isFalse();
      assertThat(entry.consumptionType()).isEqualTo(ConsumptionType.ENV_VARS);
      assertThat(entry.location().path()).isEqualTo(path);
      assertThat(entry.location().line()).isPositive();
    });
  }

  @Test
  void aV1Entry_holdsEveryField_andTheConsumerItsIdentity() {
    Consumer consumer = only("""
        name: orders-api
        version: v1
        type: service
        workspace: sales
        service:
          dataosSecrets:
            - name: pg
              workspace: finance
              key: password
              keys: [username]
              consumptionType: propFile
            - name: gcs
              allKeys: true
              consumptionType: file
        """);

    assertThat(consumer.dependent()).isEqualTo("service:v1:orders-api:sales");
    assertThat(consumer.dataosSecrets().get(0)).satisfies(entry -> {
      assertThat(entry.workspace()).contains("finance");
      assertThat(entry.keys()).containsExactly("password", "username");
      assertThat(entry.consumptionType()).isEqualTo(ConsumptionType.PROP_FILE);
      assertThat(entry.location()).isEqualTo(new Location("consumer.yaml", "service.dataosSecrets[0]", 7, 7));
    });
    assertThat(consumer.dataosSecrets().get(1)).satisfies(entry -> {
      assertThat(entry.workspace()).isEmpty();
      assertThat(entry.allKeys()).isTrue();
      assertThat(entry.keys()).isEmpty();
      assertThat(entry.consumptionType()).isEqualTo(ConsumptionType.FILE);
    });
  }

  @Test
  void theOldFormsAndTheDepotsSpellings_areRead() {
    Consumer service = only("""
        name: svc
        version: v1
        type: service
        service:
          dataosSecrets: [testing]
          secrets: [other]
        """);
    Consumer depot = only("""
        name: sales
        version: v2alpha
        type: depot
        depot:
          secrets:
            - name: sales-rw
              allkeys: true
            - name: sales-r
              keys: [json_keyfile]
              consumptionType: propfile
        """);

    assertThat(service.dataosSecrets()).extracting(DataosSecret::name).containsExactly("testing", "other");
    assertThat(service.dataosSecrets()).allSatisfy(entry -> assertThat(entry.allKeys()).isTrue());
    assertThat(depot.dataosSecrets()).extracting(DataosSecret::allKeys).containsExactly(true, false);
    assertThat(depot.dataosSecrets().get(1).consumptionType()).isEqualTo(ConsumptionType.PROP_FILE);
  }

  @Test
  void aV2Projection_atSpecUse_holdsItsInputsAndOutputs() {
    Consumer consumer = only("""
        name: vulcan-app
        version: v1alpha
        type: vulcan
        spec:
          use:
            projection:
              secrets:
                - id: engineering:trino-minerva-sec
                  contextAlias: tmsh
              projections:
                envVars:
                  - key: TRINO_CATALOG
                    template: sales-catalog
                files:
                  - name: app.conf
                    directory: conf
                    value: "catalog=sales"
                    mode: "0400"
                  - name: plain.txt
                    template: x
                args:
                  - "--catalog"
                  - template: "{{ x }}"
                    templateType: none
            templateType: none
        """);

    ProjectionSpec spec = consumer.projections().get(0);
    assertThat(spec.templateType()).isEqualTo(TemplateType.NONE);
    assertThat(spec.secrets()).singleElement().satisfies(input -> {
      assertThat(input.id()).isEqualTo("engineering:trino-minerva-sec");
      assertThat(input.contextAlias()).isEqualTo("tmsh");
    });
    assertThat(spec.envVars()).singleElement().satisfies(envVar -> {
      assertThat(envVar.key()).isEqualTo("TRINO_CATALOG");
      assertThat(envVar.template().text()).isEqualTo("sales-catalog");
      assertThat(envVar.template().location().path()).isEqualTo("spec.use.projection.projections.envVars[0].template");
    });
    assertThat(spec.files()).extracting(FileProjection::relativePath).containsExactly("conf/app.conf", "plain.txt");
    assertThat(spec.files()).extracting(FileProjection::mode).containsExactly(OptionalInt.of(0400),
        OptionalInt.empty());
    assertThat(spec.args()).extracting(TemplateText::text).containsExactly("--catalog", "{{ x }}");
    assertThat(spec.args().get(1).templateType()).contains(TemplateType.NONE);
    assertThat(consumer.workspace()).isEmpty();
    assertThat(consumer.dependent()).isEqualTo("vulcan:v1alpha:vulcan-app");
  }

  @Test
  void theEmptySkeleton_isValid_andTheDefaultEngineIsGoTemplate() {
    Consumer consumer = only("""
        name: skeleton
        version: v1alpha
        type: nilus
        spec:
          use:
            projection: {secrets: [], projections: {envVars: []}}
        """);

    assertThat(consumer.projections()).singleElement().satisfies(spec -> {
      assertThat(spec.secrets()).isEmpty();
      assertThat(spec.envVars()).isEmpty();
      assertThat(spec.templateType()).isEqualTo(TemplateType.GO_TEMPLATE);
    });
  }

  @Test
  void anAbsoluteDirectoryUnderDataosSecretDir_isTheSamePlaceUnderOurs() {
    Consumer consumer = only("""
        name: app
        version: v1
        type: service
        projection:
          templateType: none
          projections:
            files:
              - {name: a.conf, directory: /etc/dataos/secret/app/, template: x}
              - {name: b.conf, directory: /etc/dataos/secret, template: y}
              - {name: c.conf, directory: ./app//conf/, template: z}
        """);

    assertThat(consumer.projections().get(0).files()).extracting(FileProjection::relativePath)
        .containsExactly("app/a.conf", "b.conf", "app/conf/c.conf");
  }

  static Stream<Arguments> mistakes() {
    return Stream.of(
        Arguments.of("a misspelt field", "service:\n  dataosSecrets:\n    - name: pg\n      allkey: true\n",
            "4:7: error: service.dataosSecrets[0].allkey: unknown field allkey in a dataosSecrets entry"),
        Arguments.of("no key chosen", "service:\n  dataosSecrets:\n    - name: pg\n",
            "3:7: error: service.dataosSecrets[0]: the entry takes no key"),
        Arguments.of("no name", "service:\n  dataosSecrets:\n    - keys: [a]\n",
            "3:7: error: service.dataosSecrets[0]: the entry names no secret"),
        Arguments.of("an unknown consumption type", "service:\n  dataosSecrets:\n    - name: pg\n      key: a\n"
            + "      consumptionType: envVar\n",
            "5:24: error: service.dataosSecrets[0].consumptionType: unknown consumptionType envVar"),
        Arguments.of("allKeys not a boolean", "service:\n  dataosSecrets:\n    - name: pg\n      allKeys: yes\n",
            "4:16: error: service.dataosSecrets[0].allKeys: expected true or false, found yes"),
        Arguments.of("an invalid key", "service:\n  dataosSecrets:\n    - name: pg\n      key: 'pass word'\n",
            "4:12: error: service.dataosSecrets[0].key: invalid key pass…"),
        Arguments.of("an invalid workspace", "service:\n  dataosSecrets:\n    - name: pg\n      key: a\n"
            + "      workspace: Sales\n", "5:18: error: service.dataosSecrets[0].workspace: invalid workspace Sales"),
        Arguments.of("a DAG job's entries outside its spec", "workflow:\n  dag:\n    - name: j\n"
            + "      dataosSecrets: [pg]\n",
            "4:7: error: workflow.dag[0].dataosSecrets: a DAG job's dataosSecrets belong in its spec"),
        Arguments.of("an unknown templateType", "projection:\n  templateType: go-templates\n  secrets: []\n",
            "2:17: error: projection.templateType: unknown templateType go-templates"),
        Arguments.of("a duplicate alias", "projection:\n  secrets:\n    - {id: a, contextAlias: db}\n"
            + "    - {id: b, contextAlias: db}\n",
            "4:29: error: projection.secrets[1].contextAlias: the contextAlias db is declared twice; first at"
                + " projection.secrets[0].contextAlias"),
        Arguments.of("an alias that is no identifier", "projection:\n  secrets:\n    - {id: a, contextAlias: my-db}\n",
            "3:29: error: projection.secrets[0].contextAlias: invalid contextAlias my-db"),
        Arguments.of("an id with a key", "projection:\n  secrets:\n    - {id: 'a#k', contextAlias: db}\n",
            "3:12: error: projection.secrets[0].id: the id names a key: a projection reads whole secrets"),
        Arguments.of("both template and value", "projection:\n  templateType: none\n  projections:\n    envVars:\n"
            + "      - {key: A, template: x, value: y}\n",
            "5:31: error: projection.projections.envVars[0].value: both template and value are given; they mean"
                + " the same"),
        Arguments.of("a variable twice", "projection:\n  templateType: none\n  projections:\n    envVars:\n"
            + "      - {key: A, template: x}\n      - {key: A, template: y}\n",
            "6:15: error: projection.projections.envVars[1].key: the variable A is projected twice; first at"
                + " projection.projections.envVars[0]"),
        Arguments.of("an invalid variable name", "projection:\n  templateType: none\n  projections:\n    envVars:\n"
            + "      - {key: '1A B', template: x}\n",
            "5:15: error: projection.projections.envVars[0].key: invalid variable name 1A…"),
        Arguments.of("a reserved directory", "projection:\n  templateType: none\n  projections:\n    files:\n"
            + "      - {name: a, directory: config/app, template: x}\n",
            "5:30: error: projection.projections.files[0].directory: the directory config/ of the secret directory"
                + " is reserved for the runtime"),
        Arguments.of("DataOS's reserved work directory", "projection:\n  templateType: none\n  projections:\n"
            + "    files:\n      - {name: a, directory: /etc/dataos/work, template: x}\n",
            "5:30: error: projection.projections.files[0].directory: the directory /etc/dataos/work is reserved"
                + " for the runtime"),
        Arguments.of("an absolute directory", "projection:\n  templateType: none\n  projections:\n    files:\n"
            + "      - {name: a, directory: /opt/app, template: x}\n",
            "5:30: error: projection.projections.files[0].directory: the directory /opt/app is absolute"),
        Arguments.of("a directory that leaves", "projection:\n  templateType: none\n  projections:\n    files:\n"
            + "      - {name: a, directory: app/../.., template: x}\n",
            "5:30: error: projection.projections.files[0].directory: the directory app/../.. leaves the secret"
                + " directory"),
        Arguments.of("a file name with a slash", "projection:\n  templateType: none\n  projections:\n    files:\n"
            + "      - {name: a/b, template: x}\n",
            "5:16: error: projection.projections.files[0].name: invalid file name a…"),
        Arguments.of("a mode the owner cannot read", "projection:\n  templateType: none\n  projections:\n"
            + "    files:\n      - {name: a, template: x, mode: '0200'}\n",
            "5:38: error: projection.projections.files[0].mode: the mode 0200 does not let the owner read the file"),
        Arguments.of("a mode that is not octal", "projection:\n  templateType: none\n  projections:\n"
            + "    files:\n      - {name: a, template: x, mode: 'rw'}\n",
            "5:38: error: projection.projections.files[0].mode: invalid file mode rw"),
        Arguments.of("a file twice", "projection:\n  templateType: none\n  projections:\n    files:\n"
            + "      - {name: a, directory: d, template: x}\n      - {name: a, directory: d/, template: y}\n",
            "6:9: error: projection.projections.files[1]: the file d/a is projected twice; first at"
                + " projection.projections.files[0]"),
        Arguments.of("an entry without a template", "projection:\n  projections:\n    envVars:\n      - {key: A}\n",
            "4:9: error: projection.projections.envVars[0]: missing template"),
        Arguments.of("templateType twice", "projection:\n  templateType: none\n  secrets: []\ntemplateType: none\n",
            "2:3: error: projection.templateType: templateType is given both in the projection and next to it"),
        Arguments.of("nothing declared", "service:\n  replicas: 2\n",
            "1:1: error: $: the resource declares no secrets to project"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mistakes")
  void eachMistake_isAFinding_withItsPathLineAndColumn(String mistake, String body, String expected) {
    List<String> errors = errors("name: svc\nversion: v1\ntype: service\n" + body);

    assertThat(errors).anySatisfy(error -> assertThat(error).startsWith(belowIdentity(expected)));
  }

  /** Returns {@code finding} with its line moved down by the three lines of identity before the body; the root stays. */
  private static String belowIdentity(String finding) {
    int colon = finding.indexOf(':');
    int line = Integer.parseInt(finding.substring(0, colon));
    return (finding.contains(": $:") ? line : line + 3) + finding.substring(colon);
  }

  @Test
  void everyFinding_comesAtOnce_withHintsAndDidYouMean() {
    List<Violation> findings = findings("""
        name: svc
        version: v1
        type: service
        service:
          dataosSecrets:
            - name: pg
              keyss: [a]
            - name: Bad_Name
              key: a
              consumptionType: propfil
        """);

    assertThat(findings).filteredOn(Violation::isError).extracting(Violation::path).containsExactly(
        "service.dataosSecrets[0].keyss", "service.dataosSecrets[1].name", "service.dataosSecrets[1].consumptionType");
    assertThat(findings).filteredOn(v -> v.path().endsWith("keyss")).extracting(Violation::hint)
        .containsExactly("did you mean keys?");
    assertThat(findings).filteredOn(v -> v.path().endsWith("consumptionType")).extracting(Violation::hint)
        .containsExactly("did you mean propFile?");
  }

  @Test
  void warnings_doNotStopTheConsumer() {
    List<ConsumerDocument> documents = ConsumerReader.read("""
        name: svc
        version: v1
        type: service
        service:
          dataosSecrets:
            - name: pg
              allKeys: true
              keys: [a]
        projection:
          depots:
            - {name: sales, contextAlias: wh}
          secrets: []
          projections:
            dictionary: {}
        """, "consumer.yaml");

    assertThat(documents).singleElement().satisfies(document -> {
      assertThat(document.consumer()).isPresent();
      assertThat(document.validation().warnings()).extracting(Violation::message).containsExactly(
          "allKeys: true takes every key; key and keys are ignored",
          "depot inputs are not projected by SecretKit: templates cannot use them",
          "dictionary outputs are not rendered by SecretKit");
    });
  }

  @Test
  void aSecretManifest_andAResourceWithoutIdentity_areRefused() {
    assertThat(errors("name: pg\nversion: v1\ntype: secret\nsecret: {type: key-value, acl: r, data: {a: b}}\n"))
        .anySatisfy(error -> assertThat(error).contains("this is a Secret manifest, not a resource that consumes"));
    assertThat(errors("service:\n  dataosSecrets: [pg]\n")).hasSize(3).allSatisfy(error ->
        assertThat(error).contains("missing"));
    assertThat(errors("name: Orders\nversion: v1\ntype: service\nservice:\n  dataosSecrets: [pg]\n"))
        .containsExactly("1:7: error: name: invalid name Orders");
  }

  @Test
  void consumers_throwsEveryFindingOfEveryDocument() {
    assertThatThrownBy(() -> ConsumerReader.consumers("""
        name: a
        version: v1
        type: service
        service: {dataosSecrets: [{name: pg}]}
        ---
        name: b
        version: v1
        type: worker
        worker: {dataosSecrets: [{name: pg, key: '#'}]}
        """, "two.yaml"))
        .isInstanceOfSatisfying(InvalidManifestException.class, e -> assertThat(e.validations())
            .extracting(validation -> validation.document()).containsExactly(0, 1));
  }

  @Test
  void aMissingFile_orHostileYaml_failsAsAManifestDoes() {
    assertThatThrownBy(() -> ConsumerReader.consumers("a: &a [*a, *a]\n" + "b: [".repeat(30), "bad.yaml"))
        .isInstanceOf(InvalidManifestException.class);
    assertThat(Optional.of(ConsumerReader.read("", "empty.yaml"))).contains(List.of());
  }
}
