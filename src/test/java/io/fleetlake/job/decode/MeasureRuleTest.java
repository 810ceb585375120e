package io.fleetlake.job.decode;

import static io.fleetlake.job.decode.DecodeTestSupport.NOW;
import static io.fleetlake.job.decode.DecodeTestSupport.doc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetlake.job.model.DeadLetterReason;
import org.junit.jupiter.api.Test;

class MeasureRuleTest {
    private final EventTimeRule times = new EventTimeRule(DecodeLimits.defaults());

    private MeasureRule of(String json) {
        return MeasureRule.of(doc(json), times, NOW);
    }

    @Test
    void numbersAndNumericStringsAreMeasuresTheRestAttributes() {
        MeasureRule m =
                of(
                        "{\"device_id\":\"d\",\"temperature\":\"21.5\",\"rssi\":-88,\"door\":\"closed\","
                                + "\"rowid\":575,\"location\":\"hall 2\",\"meta\":{\"a\":1},\"speed\":3,\"timestamp\":1700000000,"
                                + "\"nothing\":null,\"huge\":1e400}");
        assertThat(m.measures).containsOnlyKeys("temperature", "rssi");
        assertThat(m.attributes)
                .containsEntry("door", "closed")
                .containsEntry("rowid", "575")
                .containsEntry("location", "hall 2")
                .containsEntry("meta", "{\"a\":1}")
                .containsEntry("huge", "Infinity")
                .doesNotContainKeys("device_id", "speed", "timestamp", "nothing");
        assertThat(m.hasMeasures()).isTrue();
    }

    @Test
    void rootContextBesideAShadowDocumentIsAnAttribute() {
        MeasureRule m =
                of(
                        "{\"gateway\":\"gw1\",\"clientToken\":\"x\",\"state\":{\"reported\":{\"temperature\":1,"
                                + "\"gateway\":\"own\"}}}");
        assertThat(m.attributes).containsEntry("gateway", "own").doesNotContainKey("clientToken");
    }

    @Test
    void tsValueArraysBecomeElementsAndTheirTimesMustBePlausible() {
        MeasureRule m =
                of(
                        "{\"temperature\":[{\"ts\":1700000000000,\"value\":1},{\"time\":\"2024-01-01 00:00:00\","
                                + "\"value\":\"2\"}]}");
        assertThat(m.elements).extracting(e -> e.value).containsExactly(1.0, 2.0);
        assertThat(m.measures).isEmpty();
        assertThat(m.hasMeasures()).isTrue();
        assertThatThrownBy(
                        () ->
                                of(
                                        "{\"temperature\":[{\"ts\":1700000000000,\"value\":1},{\"value\":2}]}"))
                .isInstanceOfSatisfying(
                        Rejected.class,
                        r -> assertThat(r.reason).isEqualTo(DeadLetterReason.BAD_ARRAY_ELEMENT));
        assertThatThrownBy(() -> of("{\"temperature\":[{\"ts\":1,\"value\":1}]}"))
                .isInstanceOfSatisfying(
                        Rejected.class,
                        r -> assertThat(r.reason).isEqualTo(DeadLetterReason.IMPLAUSIBLE_TIME));
    }
}
