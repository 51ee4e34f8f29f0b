package io.loanofficer.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EditDistanceTest {

  @Test
  void charactersOneEditEach() {
    assertThat(EditDistance.of("john", "john")).isZero();
    assertThat(EditDistance.of("jon", "john")).isEqualTo(1);      // insertion
    assertThat(EditDistance.of("muller", "miller")).isEqualTo(1); // substitution
    assertThat(EditDistance.of("jonh", "john")).isEqualTo(1);     // neighbours swapped
    assertThat(EditDistance.of("smith", "")).isEqualTo(5);
    assertThat(EditDistance.of("jane", "john")).isEqualTo(3);
  }

  @Test
  void words() {
    assertThat(EditDistance.of(List.of("show", "me", "loan", "zloanid"), List.of("show", "loan", "zloanid")))
        .isEqualTo(1);
    assertThat(EditDistance.of(List.of("is", "it", "late"), List.of("was", "it", "paid", "late"))).isEqualTo(2);
  }
}
