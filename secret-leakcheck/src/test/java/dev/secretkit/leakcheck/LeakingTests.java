package dev.secretkit.leakcheck;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Tests that leak a planted value in each form and through each channel {@link LeakCheck} watches; disabled outside
 * {@link LeakCheckTest}, which runs them with extension autodetection on (no {@code @ExtendWith(LeakCheck.class)}
 * here) and expects each leak to fail.
 */
final class LeakingTests {
  /** A chosen value with characters that URL-encoding and JSON-escaping change. */
  static final String SPECIAL = "pa\"ss w/rd&x=1\\n\u00e9";

  /** Every value the fixtures planted, for LeakCheckTest to make sure no verdict repeats one. */
  static final List<String> PLANTED = new CopyOnWriteArrayList<>();

  private LeakingTests() {
  }

  private static String plant(PlantedValues planted) {
    String value = planted.plant();
    PLANTED.add(value);
    return value;
  }

  private static String plant(PlantedValues planted, String value) {
    PLANTED.add(value);
    return planted.plant(value);
  }

  private static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  @ExtendWith(FixtureCondition.class)
  static final class Encodings {
    @Test
    void base64(PlantedValues planted) {
      System.out.println("value " + Base64.getEncoder().encodeToString(utf8(plant(planted))));
    }

    @Test
    void base64UrlSafeWithoutPadding(PlantedValues planted) {
      String value = plant(planted);
      System.out.println(Base64.getUrlEncoder().withoutPadding().encodeToString(utf8("\u00ff\u00fe" + value)));
    }

    @Test
    void base64InsideALongerValueAtEachAlignment(PlantedValues planted) {
      String value = plant(planted);
      System.out.println(Base64.getEncoder().encodeToString(utf8("user:" + value)));
    }

    @Test
    void base64Window(PlantedValues planted) {
      String encoded = Base64.getEncoder().encodeToString(utf8("{\"token\":\"" + plant(planted) + "\"}"));
      System.out.println(encoded.substring(20, 30));
    }

    @Test
    void hexLowerCase(PlantedValues planted) {
      System.out.println(HexFormat.of().formatHex(utf8(plant(planted))));
    }

    @Test
    void hexUpperCaseWindow(PlantedValues planted) {
      System.out.println(HexFormat.of().withUpperCase().formatHex(utf8(plant(planted))).substring(11, 28));
    }

    @Test
    void urlEncoded(PlantedValues planted) {
      System.out.println("?password=" + URLEncoder.encode(plant(planted, SPECIAL), StandardCharsets.UTF_8));
    }

    @Test
    void jsonEscaped(PlantedValues planted) {
      plant(planted, SPECIAL);
      System.out.println("{\"password\":\"pa\\\"ss w/rd&x=1\\\\n\u00e9\"}");
    }

    @Test
    void eightCharacters(PlantedValues planted) {
      System.out.println("token starts with " + plant(planted).substring(3, 11));
    }

    @Test
    void fifteenHexDigits(PlantedValues planted) {
      System.out.println(HexFormat.of().formatHex(utf8(plant(planted))).substring(0, 15));
    }

    @Test
    void sevenCharacters(PlantedValues planted) {
      System.out.println("token starts with " + plant(planted).substring(0, 7));
    }

    @Test
    void eightCharactersOfAChosenValue(PlantedValues planted) {
      String value = planted.plant("password-chosen-by-the-test");
      System.out.println("wrong password for user " + value.substring(0, 8));
    }
  }

  @ExtendWith(FixtureCondition.class)
  static final class Channels {
    @TempDir
    Path directory;

    @Test
    void stdout(PlantedValues planted) {
      System.out.print(plant(planted));
    }

    @Test
    void stderr(PlantedValues planted) {
      System.err.println(plant(planted));
    }

    @Test
    void slf4jDebug(PlantedValues planted) {
      LoggerFactory.getLogger("leaky.sdk").debug("sending {}", plant(planted));
    }

    @Test
    void slf4jKeyValue(PlantedValues planted) {
      String token = plant(planted);
      LoggerFactory.getLogger("leaky.sdk").atTrace().addKeyValue("token", token).log("sending");
    }

    @Test
    void systemLoggerTrace(PlantedValues planted) {
      System.getLogger("leaky.component").log(System.Logger.Level.TRACE, "retrying with {0}", plant(planted));
    }

    @Test
    void julFiner(PlantedValues planted) {
      Logger.getLogger("leaky.component").log(Level.FINER, "retrying with " + plant(planted));
    }

    @Test
    void exceptionMessage(PlantedValues planted) {
      throw new IllegalStateException("bad password " + Base64.getEncoder().encodeToString(utf8(plant(planted))));
    }

    @Test
    void exceptionToString(PlantedValues planted) {
      String value = plant(planted);
      throw new IllegalStateException("no value here") {
        private static final long serialVersionUID = 1L;

        @Override
        public String toString() {
          return "Leaky: " + value;
        }
      };
    }

    @Test
    void fileInADirectoryInTheTemporaryDirectory(PlantedValues planted) throws Exception {
      String value = plant(planted);
      Path spool = Files.createTempDirectory("leaky-spool-");
      LeakCheckTest.LEFT_BEHIND.add(spool);
      Files.writeString(Files.createDirectories(spool.resolve("out")).resolve("debug.log"), "token=" + value);
    }

    @Test
    void fileInTheTemporaryDirectory(PlantedValues planted) throws Exception {
      String value = plant(planted);
      Path file = Files.createTempFile("leaky-", ".json");
      LeakCheckTest.LEFT_BEHIND.add(file);
      Files.writeString(file, HexFormat.of().formatHex(utf8(value)));
    }

    @Test
    void fileThatWasThereBeforeTheFirstPlant(PlantedValues planted) throws Exception {
      Path file = Files.createTempFile("other-process-", ".log");
      LeakCheckTest.LEFT_BEHIND.add(file);
      Files.writeString(file, plant(planted));
    }

    @Test
    void wireLoggersTempDirStoresProjectionsAndInputs(PlantedValues planted) throws Exception {
      String value = plant(planted);
      LoggerFactory.getLogger("org.apache.http.wire").debug(">> \"{}\"", value);
      Logger.getLogger("sun.net.www.protocol.http.HttpURLConnection").finest("X-Vault-Token: " + value);
      Files.writeString(directory.resolve("manifest.yaml"), "password: " + value);
      Path home = Files.createTempDirectory("leaky-home-");
      LeakCheckTest.LEFT_BEHIND.add(home);
      Path projection = Files.createDirectories(home.resolve("projected"));
      Files.writeString(projection.resolve("..lock"), "");
      Files.writeString(projection.resolve("password"), value);
      Path store = Files.createDirectories(home.resolve("store"));
      Files.writeString(store.resolve("key.id"), "");
      Files.writeString(store.resolve("notes"), value);
      Files.writeString(home.resolve("record.sk"), value);
      Files.writeString(planted.input(home.resolve("credentials")), value);
    }

    @Test
    void nothingLeaks(PlantedValues planted) {
      String value = plant(planted);
      System.out.println("a password of " + value.length() + " characters");
      LoggerFactory.getLogger("careful.sdk").debug("fingerprint {}", PlantedValues.fingerprint(value));
    }

    @Test
    void plantsNothing() {
      System.out.println("nothing planted, nothing scanned");
    }
  }
}
