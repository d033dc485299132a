package dev.secretkit.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The closed-store guard every store shares. */
class OpenStateTest {

  @Test
  void anOpenStorePassesTheCheck() {
    OpenState state = new OpenState("memory:test");

    state.checkOpen();
  }

  @Test
  void closeIsTrueOnlyTheFirstTime_andEveryCheckAfterItNamesTheStore() {
    OpenState state = new OpenState("file:/tmp/fake-store");

    assertThat(state.close()).isTrue();
    assertThat(state.close()).isFalse();
    assertThatThrownBy(state::checkOpen).isInstanceOf(IllegalStateException.class)
        .hasMessage("store file:/tmp/fake-store is closed");
  }

  @Test
  void concurrentCloses_exactlyOneIsTrue() throws Exception {
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < 200; round++) {
        OpenState state = new OpenState("memory:race");
        CyclicBarrier start = new CyclicBarrier(threads);
        Callable<Boolean> close = () -> {
          start.await();
          return state.close();
        };
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
          results.add(pool.submit(close));
        }
        int firsts = 0;
        for (Future<Boolean> result : results) {
          firsts += result.get() ? 1 : 0;
        }
        assertThat(firsts).as("closes that returned true in round %d", round).isEqualTo(1);
        assertThatThrownBy(state::checkOpen).isInstanceOf(IllegalStateException.class);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
