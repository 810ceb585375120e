package io.fleetlake.connectors.timestream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.RequestEntryWrapper;
import org.junit.jupiter.api.Test;

/**
 * Round trips of the sink's checkpointed forms: buffered writer state and rejected-record
 * committables.
 */
class TimestreamSerializersTest {

    static TimestreamRecord record(long t) {
        return TimestreamRecord.builder("reading", t, t)
                .dimension("device_id", "pump-" + t)
                .dimension("thing_name", "Kühlschrank ❄ " + "x".repeat(70_000))
                .dimension("empty", "")
                .measure("temperature", 21.5)
                .measure("skipped", (Double) null)
                .measure("count", "42", TimestreamRecord.MeasureType.BIGINT)
                .measure("label", "a|b", TimestreamRecord.MeasureType.VARCHAR)
                .measure("on", "true", TimestreamRecord.MeasureType.BOOLEAN)
                .context("origin", "file:/data/x.jsonl:7")
                .build();
    }

    @Test
    void writerStateRoundTripKeepsEveryRecordVersionAndSize() throws IOException {
        Deque<RequestEntryWrapper<TimestreamRecord>> buffer = new ArrayDeque<>();
        for (long t = 1; t <= 3; t++) {
            TimestreamRecord r = record(1713430800000L + t);
            buffer.add(new RequestEntryWrapper<>(r, r.sizeInBytes()));
        }
        TimestreamWriterStateSerializer serializer = new TimestreamWriterStateSerializer();
        byte[] bytes = serializer.serialize(new BufferedRequestState<>(buffer));
        BufferedRequestState<TimestreamRecord> back =
                serializer.deserialize(serializer.getVersion(), bytes);

        List<TimestreamRecord> original =
                buffer.stream()
                        .map(RequestEntryWrapper::getRequestEntry)
                        .collect(Collectors.toList());
        List<TimestreamRecord> restored =
                back.getBufferedRequestEntries().stream()
                        .map(RequestEntryWrapper::getRequestEntry)
                        .collect(Collectors.toList());
        assertThat(restored).isEqualTo(original);
        assertThat(restored.get(0).version()).isEqualTo(1713430800001L);
        assertThat(restored.get(0).dimensions()).doesNotContainKey("empty");
        assertThat(restored.get(0).measures())
                .extracting(TimestreamRecord.Measure::name)
                .containsExactly("temperature", "count", "label", "on");
        assertThat(back.getBufferedRequestEntries())
                .extracting(RequestEntryWrapper::getSize)
                .containsExactlyElementsOf(
                        buffer.stream()
                                .map(RequestEntryWrapper::getSize)
                                .collect(Collectors.toList()));
    }

    @Test
    void emptyWriterStateRoundTrips() throws IOException {
        TimestreamWriterStateSerializer serializer = new TimestreamWriterStateSerializer();
        byte[] bytes = serializer.serialize(BufferedRequestState.emptyState());
        assertThat(
                        serializer
                                .deserialize(serializer.getVersion(), bytes)
                                .getBufferedRequestEntries())
                .isEmpty();
    }

    @Test
    void rejectsRoundTripWithAndWithoutExistingVersion() throws IOException {
        TimestreamRejects rejects =
                new TimestreamRejects(
                        List.of(
                                new RejectedRecord(
                                        record(1),
                                        "The record timestamp is outside the time range",
                                        null,
                                        99L),
                                new RejectedRecord(record(2), "version conflict", 7L, 100L)));
        TimestreamRejects.Serializer serializer = new TimestreamRejects.Serializer();
        TimestreamRejects back =
                serializer.deserialize(serializer.getVersion(), serializer.serialize(rejects));
        assertThat(back).isEqualTo(rejects);
        assertThat(back.records().get(0).existingVersion()).isNull();
        assertThat(back.records().get(1).existingVersion()).isEqualTo(7L);
    }

    @Test
    void anUnknownRejectsVersionIsRefused() {
        TimestreamRejects.Serializer serializer = new TimestreamRejects.Serializer();
        assertThatThrownBy(() -> serializer.deserialize(99, new byte[0]))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("unknown version 99");
    }

    @Test
    void doublesAreSentAsPlainDecimals() {
        TimestreamRecord r =
                TimestreamRecord.builder("m", 1, 1)
                        .measure("big", 1.0e10)
                        .measure("small", 1.0e-7)
                        .build();
        assertThat(r.measures())
                .extracting(TimestreamRecord.Measure::value)
                .containsExactly("10000000000", "0.00000010");
    }
}
