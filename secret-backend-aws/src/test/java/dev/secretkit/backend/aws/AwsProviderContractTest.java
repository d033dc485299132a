package dev.secretkit.backend.aws;

import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.spi.SecretStoreProvider;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.testkit.StoreProviderContract;
import java.util.List;
import java.util.Map;

/** The aws-sm provider passes the provider contract; opening a store makes no call to AWS. */
class AwsProviderContractTest extends StoreProviderContract {

  @Override
  protected SecretStoreProvider newProvider() {
    return new AwsSecretsManagerStoreProvider();
  }

  @Override
  protected StoreConfig goodConfig() {
    return StoreConfig.parse("aws-sm://eu-west-1?endpoint=http://127.0.0.1:1", TestStores.CREDENTIALS,
        new ManualClock());
  }

  @Override
  protected StoreConfig badConfig() {
    return StoreConfig.parse("aws-sm://Europe?endpoint=ftp://x&accessKeyId=AKIDFAKE&prefix=/x&colour=red",
        Map.of(), new ManualClock());
  }

  @Override
  protected List<String> badConfigProblems() {
    return List.of("//REGION", "endpoint must be", "parameter accessKeyId would put a credential in the store URI",
        "prefix must be", "unknown parameter colour");
  }
}
