package io.fleetlake.connectors.sns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** The Alerts.Sns settings and the SNS sink's checkpointed forms. */
class SnsSettingsTest {
    @Test
    void theRegionComesFromTheArnAndBadValuesNameTheKey() {
        SnsSettings s =
                SnsSettings.fromConfiguration(
                        Configuration.fromMap(
                                Map.of(
                                        "topic-arn",
                                        "arn:aws:sns:eu-west-1:111122223333:fleet-alerts.fifo")));
        assertThat(s.region).isEqualTo("eu-west-1");
        assertThat(s.fifo()).isTrue();
        assertThat(s.maxBatchSize).isEqualTo(10);
        assertThatThrownBy(
                        () ->
                                SnsSettings.fromConfiguration(
                                        Configuration.fromMap(Map.of("topic-arn", "fleet-alerts"))))
                .hasMessageContaining("'topic-arn'")
                .hasMessageContaining("Alerts.Sns");
        assertThatThrownBy(
                        () ->
                                SnsSettings.fromConfiguration(
                                        Configuration.fromMap(
                                                Map.of(
                                                        "topic-arn",
                                                        "arn:aws:sns:eu-west-1:1:t",
                                                        "max-batch-size",
                                                        "11"))))
                .hasMessageContaining("'max-batch-size'");
        assertThatThrownBy(() -> SnsSettings.fromConfiguration(new Configuration()))
                .hasMessageContaining("needs 'topic-arn'");
    }

    @Test
    void entriesAndFailuresSurviveTheirBinaryForms() throws Exception {
        SnsEntry e =
                new SnsEntry("{\"alert_id\":\"x\"}", "OPEN speeding", "x-open", "truck1").retried();
        SnsEntry bare = new SnsEntry("m", null, null, null);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            e.write(out);
            bare.write(out);
        }
        try (DataInputStream in =
                new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(SnsEntry.read(in)).isEqualTo(e);
            assertThat(SnsEntry.read(in)).isEqualTo(bare);
        }
        assertThat(e.attempts()).isEqualTo(1);
        SnsFailures.Serializer serializer = new SnsFailures.Serializer();
        SnsFailures back =
                serializer.deserialize(
                        serializer.getVersion(),
                        serializer.serialize(
                                new SnsFailures(
                                        List.of(
                                                new SnsFailures.Failure(
                                                        e, "Throttling (after 5 attempt(s))")))));
        assertThat(back.failures())
                .singleElement()
                .satisfies(
                        f -> {
                            assertThat(f.entry()).isEqualTo(e);
                            assertThat(f.reason()).isEqualTo("Throttling (after 5 attempt(s))");
                        });
    }
}
