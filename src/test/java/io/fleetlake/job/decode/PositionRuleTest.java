package io.fleetlake.job.decode;

import static io.fleetlake.job.decode.DecodeTestSupport.doc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetlake.job.model.DeadLetterReason;
import org.junit.jupiter.api.Test;

class PositionRuleTest {
    private PositionRule.Position of(String json) {
        return PositionRule.of(doc(json).body);
    }

    @Test
    void locationObjectOrLatLonFieldsWithNumericStrings() {
        assertThat(of("{\"location\":{\"lat\":45.5,\"lng\":\"-122.6\"}}").lon).isEqualTo(-122.6);
        assertThat(of("{\"latitude\":\"-90\",\"longitude\":180}").lat).isEqualTo(-90.0);
        assertThat(of("{\"location\":\"Building 4\",\"temperature\":1}"))
                .as("a place name is no position")
                .isNull();
        assertThat(of("{\"temperature\":1}")).isNull();
    }

    @Test
    void impossibleOrIncompletePositionsAreRejected() {
        for (String json :
                new String[] {
                    "{\"lat\":90.0001,\"lon\":0}",
                    "{\"lat\":0,\"lon\":-180.5}",
                    "{\"lat\":45}",
                    "{\"location\":{\"lat\":\"north\",\"lon\":5}}",
                    "{\"lat\":\"NaN\",\"lon\":1}",
                    "{\"lat\":1e400,\"lon\":1}",
                    "{\"lat\":true,\"lon\":1}"
                }) {
            assertThatThrownBy(() -> of(json))
                    .as(json)
                    .isInstanceOfSatisfying(
                            Rejected.class,
                            r -> assertThat(r.reason).isEqualTo(DeadLetterReason.BAD_POSITION));
        }
    }
}
