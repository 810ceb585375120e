package io.fleetlake.job.decode;

import static io.fleetlake.job.decode.DecodeTestSupport.ARRIVAL;
import static io.fleetlake.job.decode.DecodeTestSupport.NOW;
import static io.fleetlake.job.decode.DecodeTestSupport.doc;
import static io.fleetlake.job.decode.DecodeTestSupport.file;
import static io.fleetlake.job.decode.DecodeTestSupport.live;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetlake.job.model.DeadLetterReason;
import io.fleetlake.job.model.RawMessage;
import io.fleetlake.testing.CollectingOutput;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RowBuilderTest {
    private final DecodeLimits limits =
            new DecodeLimits(946684800000L, Duration.ofDays(1), 262144, 40);
    private final EventTimeRule times = new EventTimeRule(limits);
    private final RowBuilder rows = new RowBuilder(limits);
    private final TopicTemplates templates = new TopicTemplates(TopicTemplates.DEFAULTS);

    private CollectingOutput emit(RawMessage m, String json) {
        ShadowEnvelope d = doc(json);
        CollectingOutput out = new CollectingOutput();
        rows.emit(
                m,
                d,
                Identity.of(m, d, templates),
                times.messageTime(d, NOW),
                PositionRule.of(d.body),
                MeasureRule.of(d, times, NOW),
                out);
        return out;
    }

    private DeadLetterReason rejection(RawMessage m, String json) {
        try {
            emit(m, json);
            throw new AssertionError("accepted " + json);
        } catch (Rejected r) {
            return r.reason;
        }
    }

    @Test
    void liveMessagesWithoutTimeTakeTheArrivalTimeFilesDoNot() {
        assertThat(
                        emit(live("dt/a/aggregate", ""), "{\"temperature\":1}")
                                .readings
                                .get(0)
                                .eventTime)
                .isEqualTo(ARRIVAL);
        assertThat(rejection(file("/d/a.jsonl:1", ""), "{\"device_id\":\"a\",\"temperature\":1}"))
                .isEqualTo(DeadLetterReason.NO_TIMESTAMP);
        assertThat(rejection(file("/d/a.jsonl:1", ""), "{\"lat\":1,\"lon\":2,\"timestamp\":null}"))
                .isEqualTo(DeadLetterReason.NO_TIMESTAMP);
        CollectingOutput arrays =
                emit(
                        file("/d/a.jsonl:2", ""),
                        "{\"device_id\":\"a\",\"temperature\":[{\"ts\":1700000000000,\"value\":1}]}");
        assertThat(arrays.readings)
                .singleElement()
                .satisfies(r -> assertThat(r.eventTime).isEqualTo(1700000000000L));
    }

    @Test
    void breadcrumbAndReadingFromOneDocument() {
        CollectingOutput out =
                emit(
                        live("$aws/things/t1/shadow/update", ""),
                        "{\"state\":{\"reported\":{\"lat\":1,\"lon\":2,\"speed\":\"3\",\"heading\":\"N\",\"ignition\":\"on\","
                                + "\"temperature\":4}},\"version\":9,\"ts\":1700000000000}");
        assertThat(out.breadcrumbs)
                .singleElement()
                .satisfies(
                        b -> {
                            assertThat(b.thingName).isEqualTo("t1");
                            assertThat(b.speed).isEqualTo(3.0);
                            assertThat(b.ignition).isTrue();
                            assertThat(b.shadowVersion).isEqualTo(9L);
                            assertThat(b.eventTime).isEqualTo(1700000000000L);
                        });
        assertThat(out.readings)
                .singleElement()
                .satisfies(r -> assertThat(r.temperature).isEqualTo(4.0));
    }

    @Test
    void textLongerThanTheLimitIsTooLargeAndNothingIsWritten() {
        String longText = "x".repeat(41);
        assertThat(
                        rejection(
                                live("dt/a/aggregate", ""),
                                "{\"temperature\":1,\"note\":\"" + longText + "\"}"))
                .isEqualTo(DeadLetterReason.TOO_LARGE);
        assertThat(
                        rejection(
                                live("dt/a/aggregate", ""),
                                "{\"temperature\":1,\"" + longText + "\":\"v\"}"))
                .isEqualTo(DeadLetterReason.TOO_LARGE);
        assertThat(
                        rejection(
                                live("dt/a/aggregate", ""),
                                "{\"device_id\":\"" + longText + "\",\"temperature\":1}"))
                .isEqualTo(DeadLetterReason.TOO_LARGE);
        assertThat(
                        rejection(
                                live(null, ""),
                                "{\"thing_name\":\"t\",\"lat\":1,\"lon\":2,\"address\":\""
                                        + longText
                                        + "\"}"))
                .isEqualTo(DeadLetterReason.TOO_LARGE);
        assertThat(
                        emit(
                                        live("dt/a/aggregate", ""),
                                        "{\"temperature\":1,\"note\":\"" + "x".repeat(40) + "\"}")
                                .readings)
                .hasSize(1);
    }

    @Test
    void noPositionOrMeasureAndNoDeviceId() {
        assertThat(rejection(live("dt/a/aggregate", ""), "{\"status\":\"ok\"}"))
                .isEqualTo(DeadLetterReason.NO_POSITION_OR_MEASURE);
        assertThat(rejection(live("unknown", ""), "{\"temperature\":1}"))
                .isEqualTo(DeadLetterReason.NO_DEVICE_ID);
        assertThatThrownBy(() -> emit(file("/d/a.jsonl:1", ""), "{\"status\":\"ok\"}"))
                .as("no row, so no time is needed: the first reason stays")
                .isInstanceOfSatisfying(
                        Rejected.class,
                        r ->
                                assertThat(r.reason)
                                        .isEqualTo(DeadLetterReason.NO_POSITION_OR_MEASURE));
    }
}
