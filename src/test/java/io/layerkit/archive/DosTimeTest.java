package io.layerkit.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class DosTimeTest {

  @Test
  void holdsTheUtcWallClockInTheZipFieldLayout() {
    DosTime time = DosTime.of(Instant.parse("2024-05-06T07:08:10Z"));

    assertThat(time.wallClock()).isEqualTo(LocalDateTime.of(2024, 5, 6, 7, 8, 10));
    // date: (2024-1980)<<9 | 5<<5 | 6; time: 7<<11 | 8<<5 | 10/2
    assertThat(time.fields()).isEqualTo(((44L << 9 | 5 << 5 | 6) << 16) | (7 << 11 | 8 << 5 | 5));
    assertThat(DosTime.of(ArchiveSettings.DEFAULT_TIMESTAMP).fields()).isEqualTo(0x00210000L);
  }

  @Test
  void truncatesToTheEvenSecondADosTimeCanHold() {
    assertThat(DosTime.of(Instant.parse("2024-05-06T07:08:11.900Z")).wallClock())
        .isEqualTo(LocalDateTime.of(2024, 5, 6, 7, 8, 10));
  }

  @Test
  void refusesTimesOutsideWhatTheDosFieldsHold() {
    assertThatThrownBy(() -> DosTime.of(Instant.parse("1979-12-31T23:59:59Z")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DosTime.of(Instant.parse("2108-01-01T00:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("between 1980-01-01 and 2107-12-31");
    assertThat(DosTime.of(DosTime.LATEST).wallClock().getYear()).isEqualTo(2107);
  }
}
