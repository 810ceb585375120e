package io.fleetlake.job.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The alert operator with Flink's keyed operator harness: state, event-time timers, snapshot and
 * restore.
 */
class AlertDetectorTest {
    private static final long T0 = 1_700_000_000_000L;

    @TempDir Path dir;

    private static KeyedOneInputStreamOperatorTestHarness<String, AlertInput, Alert> harness(
            AlertRule... rules) throws Exception {
        return harness(AlertEvaluation.ON_ARRIVAL, rules);
    }

    static KeyedOneInputStreamOperatorTestHarness<String, AlertInput, Alert> harness(
            AlertEvaluation evaluation, AlertRule... rules) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, AlertInput, Alert> h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new AlertDetector(
                                        List.of(rules),
                                        Duration.ZERO,
                                        evaluation,
                                        Duration.ofHours(24),
                                        Duration.ZERO)),
                        in -> in.deviceId,
                        TypeInformation.of(String.class));
        h.open();
        return h;
    }

    private static AlertInput speed(String device, long t, double kmh) {
        AlertInput in = new AlertInput();
        in.deviceId = device;
        in.thingName = device;
        in.eventTime = t;
        in.speed = kmh;
        in.lat = 45.5;
        in.lon = -122.6;
        return in;
    }

    private static AlertInput temp(String device, long t, double c) {
        AlertInput in = new AlertInput();
        in.deviceId = device;
        in.thingName = device;
        in.eventTime = t;
        in.measures.put("temperature", c);
        return in;
    }

    private static AlertInput at(String device, long t, double lat, double lon) {
        AlertInput in = new AlertInput();
        in.deviceId = device;
        in.eventTime = t;
        in.lat = lat;
        in.lon = lon;
        return in;
    }

    private static void send(
            KeyedOneInputStreamOperatorTestHarness<String, AlertInput, Alert> h, AlertInput in)
            throws Exception {
        h.processElement(new StreamRecord<>(in, in.eventTime));
    }

    private static List<Alert> alerts(
            KeyedOneInputStreamOperatorTestHarness<String, AlertInput, Alert> h) {
        List<Alert> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord) {
                out.add((Alert) ((StreamRecord<?>) o).getValue());
            }
        }
        return out;
    }

    private static final AlertRule SPEEDING =
            AlertRule.speeding("speeding", 90.0, Duration.ofSeconds(10));

    @ParameterizedTest
    @EnumSource(AlertEvaluation.class)
    void speedingEpisodeOpensAfterMinDurationOnceAndClosesOnce(AlertEvaluation evaluation)
            throws Exception {
        try (var h = harness(evaluation, SPEEDING)) {
            send(h, speed("truck", T0, 80));
            send(h, speed("truck", T0 + 2_000, 100));
            send(h, speed("truck", T0 + 6_000, 120));
            send(h, speed("truck", T0 + 12_000, 110));
            send(h, speed("truck", T0 + 14_000, 105));
            send(h, speed("truck", T0 + 20_000, 90));
            send(h, speed("truck", T0 + 22_000, 84));
            if (evaluation == AlertEvaluation.EVENT_TIME) {
                assertThat(alerts(h)).as("nothing before the watermark").isEmpty();
            } else {
                assertThat(alerts(h))
                        .as("on arrival: opened by the sample that proves it, closed by the next")
                        .extracting(a -> a.state)
                        .containsExactly(Alert.OPEN, Alert.CLOSED);
            }
            h.processWatermark(new Watermark(T0 + 30_000));
            List<Alert> out = alerts(h);
            assertThat(out).hasSize(2);
            Alert open = out.get(0);
            Alert closed = out.get(1);
            assertThat(open.state).isEqualTo(Alert.OPEN);
            assertThat(open.openedAt).isEqualTo(T0 + 2_000);
            assertThat(open.value).isEqualTo(120.0);
            assertThat(open.threshold).isEqualTo(90.0);
            assertThat(open.alertId).isEqualTo(Alert.idOf("speeding", "truck", T0 + 2_000));
            assertThat(closed.state).isEqualTo(Alert.CLOSED);
            assertThat(closed.alertId).isEqualTo(open.alertId);
            assertThat(closed.closedAt).isEqualTo(T0 + 20_000);
            assertThat(closed.durationS).isEqualTo(18.0);
            assertThat(closed.value).isEqualTo(120.0);
            assertThat(closed.details).containsEntry("threshold_source", "rule");
        }
    }

    @Test
    void anEpisodeShorterThanMinDurationIsNoAlert() throws Exception {
        try (var h = harness(SPEEDING)) {
            send(h, speed("truck", T0, 100));
            send(h, speed("truck", T0 + 9_000, 130));
            send(h, speed("truck", T0 + 9_500, 60));
            send(h, speed("truck", T0 + 12_000, 100));
            send(h, speed("truck", T0 + 15_000, 70));
            h.processWatermark(new Watermark(T0 + 60_000));
            assertThat(alerts(h)).isEmpty();
        }
    }

    @Test
    void outOfOrderArrivalWithinTheWatermarkGivesTheSameEpisode() throws Exception {
        try (var h = harness(AlertEvaluation.EVENT_TIME, SPEEDING)) {
            send(h, speed("truck", T0 + 12_000, 110));
            send(h, speed("truck", T0 + 20_000, 85));
            send(h, speed("truck", T0 + 2_000, 100));
            send(h, speed("truck", T0, 80));
            h.processWatermark(new Watermark(T0 + 30_000));
            assertThat(alerts(h))
                    .extracting(a -> a.state, a -> a.openedAt, a -> a.closedAt)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(Alert.OPEN, T0 + 2_000, null),
                            org.assertj.core.groups.Tuple.tuple(
                                    Alert.CLOSED, T0 + 2_000, T0 + 20_000));
        }
    }

    @Test
    void onArrivalSkipsAndCountsInputsOlderThanTheDevicesNewest() throws Exception {
        try (var h = harness(SPEEDING)) {
            send(h, speed("truck", T0, 100));
            send(h, speed("truck", T0 + 5_000, 100));
            send(h, speed("truck", T0 + 3_000, 10)); // older than the newest: skipped
            send(h, speed("truck", T0 + 10_000, 100));
            assertThat(alerts(h))
                    .singleElement()
                    .as("the older sample below the limit did not end the episode")
                    .satisfies(a -> assertThat(a.openedAt).isEqualTo(T0));
        }
    }

    @Test
    void theRegistryLimitWinsOverTheRulesLimit() throws Exception {
        try (var h = harness(SPEEDING)) {
            AlertInput a = speed("van", T0, 85);
            a.attributes.put("speed_limit_kmh", "80");
            AlertInput b = speed("van", T0 + 11_000, 86);
            b.attributes.put("speed_limit_kmh", "80");
            send(h, a);
            send(h, b);
            send(h, speed("other", T0, 85));
            send(h, speed("other", T0 + 11_000, 86));
            h.processWatermark(new Watermark(T0 + 20_000));
            assertThat(alerts(h))
                    .singleElement()
                    .satisfies(
                            x -> {
                                assertThat(x.deviceId).isEqualTo("van");
                                assertThat(x.threshold).isEqualTo(80.0);
                                assertThat(x.details)
                                        .containsEntry(
                                                "threshold_source", "registry:speed_limit_kmh");
                            });
        }
    }

    @Test
    void temperatureClosesOnlyBelowThresholdMinusHysteresis() throws Exception {
        AlertRule rule =
                AlertRule.temperature("reefer", "temperature", -15.0, 1.0, Duration.ofSeconds(30));
        try (var h = harness(rule)) {
            send(h, temp("reefer1", T0, -16));
            send(h, temp("reefer1", T0 + 10_000, -14.5));
            send(h, temp("reefer1", T0 + 40_000, -13));
            send(
                    h,
                    temp(
                            "reefer1",
                            T0 + 50_000,
                            -15.5)); // below threshold, above threshold - hysteresis
            send(h, temp("reefer1", T0 + 60_000, -14.8));
            send(h, temp("reefer1", T0 + 70_000, -15.9)); // still within the band
            send(h, temp("reefer1", T0 + 80_000, -16.2)); // below -16: closes
            h.processWatermark(new Watermark(T0 + 100_000));
            List<Alert> out = alerts(h);
            assertThat(out).extracting(a -> a.state).containsExactly(Alert.OPEN, Alert.CLOSED);
            assertThat(out.get(0).openedAt).isEqualTo(T0 + 10_000);
            assertThat(out.get(1).closedAt).isEqualTo(T0 + 80_000);
            assertThat(out.get(1).value).isEqualTo(-13.0);
            assertThat(out.get(1).details)
                    .containsEntry("measure", "temperature")
                    .containsEntry("hysteresis", "1.0");
        }
    }

    @Test
    void temperatureUsesTheRegistryThresholdAndSkipsDevicesWithoutOne() throws Exception {
        AlertRule rule =
                AlertRule.temperature("reefer", "temperature", null, 1.0, Duration.ofSeconds(0));
        try (var h = harness(rule)) {
            AlertInput a = temp("reefer1", T0, -5);
            a.attributes.put("max_temperature_c", "-10");
            send(h, a);
            send(h, temp("sensor", T0, 40));
            h.processWatermark(new Watermark(T0 + 1_000));
            assertThat(alerts(h))
                    .singleElement()
                    .satisfies(
                            x -> {
                                assertThat(x.deviceId).isEqualTo("reefer1");
                                assertThat(x.threshold).isEqualTo(-10.0);
                            });
        }
    }

    @Test
    void aSilentDeviceOpensAfterTheTimeoutAndClosesWhenItSendsAgain() throws Exception {
        AlertRule rule = AlertRule.silent("silent", Duration.ofMinutes(15));
        try (var h = harness(rule)) {
            send(h, temp("sensor", T0, 20));
            send(h, temp("sensor", T0 + 60_000, 20));
            h.processWatermark(new Watermark(T0 + 15 * 60_000));
            assertThat(alerts(h)).as("15 min after the first, 14 after the last").isEmpty();
            h.processWatermark(new Watermark(T0 + 16 * 60_000));
            assertThat(alerts(h))
                    .singleElement()
                    .satisfies(
                            a -> {
                                assertThat(a.state).isEqualTo(Alert.OPEN);
                                assertThat(a.openedAt).isEqualTo(T0 + 16 * 60_000);
                                assertThat(a.details).containsKey("last_seen");
                            });
            h.processWatermark(new Watermark(T0 + 40 * 60_000));
            assertThat(alerts(h)).as("opens once").hasSize(1);
            send(h, temp("sensor", T0 + 41 * 60_000, 21));
            h.processWatermark(new Watermark(T0 + 42 * 60_000));
            List<Alert> out = alerts(h);
            assertThat(out).hasSize(2);
            assertThat(out.get(1).state).isEqualTo(Alert.CLOSED);
            assertThat(out.get(1).closedAt).isEqualTo(T0 + 41 * 60_000);
            assertThat(out.get(1).alertId).isEqualTo(out.get(0).alertId);
            assertThat(out.get(1).durationS).isEqualTo(25 * 60.0);
        }
    }

    @Test
    void theEndOfABoundedInputIsNotSilence() throws Exception {
        try (var h = harness(AlertRule.silent("silent", Duration.ofMinutes(15)))) {
            send(h, temp("sensor", T0, 20));
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(alerts(h)).isEmpty();
        }
    }

    @Test
    void geofenceEnterAndExit() throws Exception {
        Path file = dir.resolve("fences.geojson");
        Files.writeString(
                file,
                "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
                        + "\"properties\":{\"name\":\"yard\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[-122.7,"
                        + "45.5],[-122.6,45.5],[-122.6,45.6],[-122.7,45.6],[-122.7,45.5]]]}}]}");
        try (var h = harness(AlertRule.geofence("fence", file.toString()))) {
            send(h, at("truck", T0, 45.4, -122.65));
            send(h, at("truck", T0 + 1_000, 45.55, -122.65));
            send(h, at("truck", T0 + 2_000, 45.56, -122.65));
            send(h, at("truck", T0 + 3_000, 45.7, -122.65));
            h.processWatermark(new Watermark(T0 + 5_000));
            List<Alert> out = alerts(h);
            assertThat(out).extracting(a -> a.state).containsExactly(Alert.OPEN, Alert.CLOSED);
            assertThat(out.get(0).rule).isEqualTo("fence/yard");
            assertThat(out.get(0).details).containsEntry("fence", "yard");
            assertThat(out.get(0).openedAt).isEqualTo(T0 + 1_000);
            assertThat(out.get(1).closedAt).isEqualTo(T0 + 3_000);
            assertThat(out.get(0).lat).isEqualTo(45.55);
        }
    }

    @Test
    void lateEventsNeverReopenAClosedEpisode() throws Exception {
        try (var h = harness(SPEEDING)) {
            send(h, speed("truck", T0, 100));
            send(h, speed("truck", T0 + 11_000, 100));
            send(h, speed("truck", T0 + 12_000, 50));
            h.processWatermark(new Watermark(T0 + 20_000));
            assertThat(alerts(h)).hasSize(2);
            // Behind the watermark: an over-limit sample inside and after the closed episode.
            send(h, speed("truck", T0 + 12_500, 140));
            send(h, speed("truck", T0 + 19_000, 140));
            send(h, speed("truck", T0 + 19_999, 140));
            h.processWatermark(new Watermark(T0 + 60_000));
            assertThat(alerts(h)).hasSize(2);
        }
    }

    @Test
    void restoreMidEpisodeKeepsTheIdAndDoesNotOpenAgain() throws Exception {
        OperatorSubtaskState snapshot;
        Alert open;
        try (var h = harness(SPEEDING)) {
            send(h, speed("truck", T0, 100));
            send(h, speed("truck", T0 + 11_000, 110));
            h.processWatermark(new Watermark(T0 + 11_000));
            open = alerts(h).get(0);
            // Buffered, not yet evaluated: must survive the restore as well.
            send(h, speed("truck", T0 + 13_000, 125));
            snapshot = h.snapshot(1L, T0);
        }
        KeyedOneInputStreamOperatorTestHarness<String, AlertInput, Alert> restored =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new AlertDetector(List.of(SPEEDING), Duration.ZERO)),
                        in -> in.deviceId,
                        TypeInformation.of(String.class));
        try (var h = restored) {
            h.initializeState(snapshot);
            h.open();
            send(h, speed("truck", T0 + 15_000, 105));
            send(h, speed("truck", T0 + 17_000, 60));
            h.processWatermark(new Watermark(T0 + 30_000));
            List<Alert> out = alerts(h);
            assertThat(out)
                    .singleElement()
                    .satisfies(
                            a -> {
                                assertThat(a.state).isEqualTo(Alert.CLOSED);
                                assertThat(a.alertId).isEqualTo(open.alertId);
                                assertThat(a.openedAt).isEqualTo(T0);
                                assertThat(a.value)
                                        .as("peak includes the buffered sample")
                                        .isEqualTo(125.0);
                                assertThat(a.durationS).isEqualTo(17.0);
                            });
        }
    }

    @Test
    void rulesParseWithDefaultsAndFailNamingTheKey() {
        List<AlertRule> rules = AlertRule.parseList(AlertRule.DEFAULTS_JSON);
        assertThat(rules)
                .extracting(r -> r.type)
                .containsExactly(
                        AlertRule.Type.SPEEDING,
                        AlertRule.Type.TEMPERATURE,
                        AlertRule.Type.SILENT,
                        AlertRule.Type.GEOFENCE);
        assertThat(rules.get(0).minDurationMs).isEqualTo(10_000);
        assertThat(rules.get(2).timeoutMs).isEqualTo(15 * 60_000);
        assertThat(rules.get(1).appliesTo("iotfleet_thc_100", null)).isTrue();
        assertThat(rules.get(1).appliesTo("sensor01", null)).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () ->
                                AlertRule.parseList(
                                        "[{\"name\":\"s\",\"type\":\"speeding\",\"limit\":90}]"))
                .hasMessageContaining("alert rule 's'")
                .hasMessageContaining("unknown key 'limit'");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () ->
                                AlertRule.parseList(
                                        "[{\"name\":\"s\",\"type\":\"speeding\",\"min-duration\":\"soon\"}]"))
                .hasMessageContaining("'min-duration'");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () ->
                                AlertSettings.fromConfiguration(
                                        org.apache.flink.configuration.Configuration.fromMap(
                                                Map.of(
                                                        "rules",
                                                        "[{\"name\":\"g\",\"type\":\"geofence\"}]"))))
                .hasMessageContaining("'g'")
                .hasMessageContaining("geofences");
        assertThat(
                        AlertSettings.fromConfiguration(
                                        new org.apache.flink.configuration.Configuration())
                                .rules())
                .as("the default geofence rule is off without a geofence file")
                .hasSize(3);
    }
}
