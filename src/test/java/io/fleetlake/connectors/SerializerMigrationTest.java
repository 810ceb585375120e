package io.fleetlake.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlake.connectors.influx.InfluxLine;
import io.fleetlake.connectors.influx.InfluxRejectedLine;
import io.fleetlake.connectors.influx.InfluxRejects;
import io.fleetlake.connectors.lake.BackfillRunCheckpoint;
import io.fleetlake.connectors.lake.BackfillRunCheckpointSerializer;
import io.fleetlake.connectors.sns.SnsEntry;
import io.fleetlake.connectors.sns.SnsFailures;
import io.fleetlake.connectors.timestream.RejectedRecord;
import io.fleetlake.connectors.timestream.TimestreamRecord;
import io.fleetlake.connectors.timestream.TimestreamRejects;
import io.fleetlake.testing.SerializerSnapshots;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.FileSourceSplitSerializer;
import org.apache.flink.connector.file.src.PendingSplitsCheckpoint;
import org.apache.flink.connector.file.src.PendingSplitsCheckpointSerializer;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;

/**
 * Every {@code SimpleVersionedSerializer} of Fleetlake's connectors (checkpointed committables and
 * enumerator state) reads back the committed bytes of each of its versions ({@link
 * SerializerSnapshots}). The MQTT source's are in {@code MqttSerializerMigrationTest}.
 */
class SerializerMigrationTest {

    @Test
    void backfillRunCheckpoint() throws Exception {
        FileSourceSplit split =
                new FileSourceSplit(
                        "0000000001", new Path("file:///data/in/a.jsonl"), 0, 1234, 1L, 1234L);
        BackfillRunCheckpointSerializer<PendingSplitsCheckpoint<FileSourceSplit>> serializer =
                new BackfillRunCheckpointSerializer<>(
                        new PendingSplitsCheckpointSerializer<>(
                                FileSourceSplitSerializer.INSTANCE));
        SerializerSnapshots.check(
                "backfill-run-checkpoint",
                serializer,
                new BackfillRunCheckpoint<>(
                        "20261202T0630001a2b",
                        PendingSplitsCheckpoint.fromCollectionSnapshot(List.of(split))),
                (expected, restored) -> {
                    assertThat(restored.runId()).isEqualTo(expected.runId());
                    assertThat(restored.enumeratorState().getSplits())
                            .extracting(FileSourceSplit::toString)
                            .containsExactlyElementsOf(
                                    expected.enumeratorState().getSplits().stream()
                                            .map(FileSourceSplit::toString)
                                            .collect(java.util.stream.Collectors.toList()));
                });
    }

    @Test
    void snsFailures() throws Exception {
        SerializerSnapshots.check(
                "sns-failures",
                new SnsFailures.Serializer(),
                new SnsFailures(
                        List.of(
                                new SnsFailures.Failure(
                                        new SnsEntry(
                                                "{\"alert_id\":\"a1\"}", "speeding", "a1", "fleet"),
                                        "throttled 5 times"))),
                (expected, restored) -> {
                    assertThat(restored.failures()).hasSize(1);
                    assertThat(restored.failures().get(0).entry())
                            .isEqualTo(expected.failures().get(0).entry());
                    assertThat(restored.failures().get(0).reason())
                            .isEqualTo(expected.failures().get(0).reason());
                });
    }

    @Test
    void timestreamRejects() throws Exception {
        TimestreamRecord record =
                TimestreamRecord.builder("reading", 1_713_427_200_000L, 1_713_427_200_000L)
                        .dimension("device_id", "pump1")
                        .measure("temperature", 21.5)
                        .build();
        SerializerSnapshots.check(
                "timestream-rejects",
                new TimestreamRejects.Serializer(),
                new TimestreamRejects(
                        List.of(
                                new RejectedRecord(
                                        record, "version conflict", 7L, 1_713_427_201_000L),
                                new RejectedRecord(record, "too old", null, 1_713_427_202_000L))),
                (expected, restored) -> assertThat(restored).isEqualTo(expected));
    }

    @Test
    void influxRejects() throws Exception {
        SerializerSnapshots.check(
                "influx-rejects",
                new InfluxRejects.Serializer(),
                new InfluxRejects(
                        List.of(
                                new InfluxRejectedLine(
                                        new InfluxLine(
                                                "reading,device_id=pump1 temperature=21.5 1713427200000",
                                                Map.of("device_id", "pump1")),
                                        "field type conflict",
                                        1_713_427_201_000L))),
                (expected, restored) -> assertThat(restored).isEqualTo(expected));
    }
}
