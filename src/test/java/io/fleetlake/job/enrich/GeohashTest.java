package io.fleetlake.job.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GeohashTest {
    @Test
    void knownValues() {
        // Reference values from geohash.org / Wikipedia.
        assertThat(Geohash.encode(57.64911, 10.40744, 11)).isEqualTo("u4pruydqqvj");
        assertThat(Geohash.encode(42.6, -5.6, 5)).isEqualTo("ezs42");
        assertThat(Geohash.encode(-90, -180, 3)).isEqualTo("000");
    }

    @Test
    void precisionIsChecked() {
        assertThatThrownBy(() -> Geohash.encode(0, 0, 0)).hasMessageContaining("1..12");
        assertThatThrownBy(() -> new GeohashAssignment(13)).hasMessageContaining("1..12");
    }
}
