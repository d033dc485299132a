package dev.secretkit.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** HKDF-SHA256 against the test vectors of RFC 5869, appendix A. */
class HkdfTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void rfc5869_testCase1() {
    byte[] ikm = HEX.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
    byte[] salt = HEX.parseHex("000102030405060708090a0b0c");
    byte[] info = HEX.parseHex("f0f1f2f3f4f5f6f7f8f9");

    byte[] prk = Hkdf.extract(salt, ikm);

    assertThat(HEX.formatHex(prk)).isEqualTo("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
    assertThat(HEX.formatHex(Hkdf.expand(prk, info, 42))).isEqualTo("3cb25f25faacd57a90434f64d0362f2a"
        + "2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
  }

  @Test
  void rfc5869_testCase3_emptySaltAndInfo() {
    byte[] ikm = HEX.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");

    byte[] prk = Hkdf.extract(new byte[0], ikm);

    assertThat(HEX.formatHex(prk)).isEqualTo("19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04");
    assertThat(HEX.formatHex(Hkdf.expand(prk, new byte[0], 42))).isEqualTo("8da4e775a563c18f715f802a063c5a31"
        + "b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
  }

  @Test
  void masterKey_derivesAnIdAndARecordKeyPerStore_noneOfThemTheKeyItself() {
    byte[] raw = new byte[MasterKey.LENGTH];
    raw[0] = 1;
    MasterKey key = new MasterKey(raw);

    assertThat(key.id()).hasSize(MasterKey.ID_LENGTH).isNotEqualTo(key.legacyId());
    assertThat(key.recordKey("a").getEncoded()).isNotEqualTo(key.recordKey("b").getEncoded())
        .isNotEqualTo(raw);
    assertThat(key.recordKey("a").getEncoded()).isEqualTo(new MasterKey(raw).recordKey("a").getEncoded());
  }
}
