package io.fleetlake.job.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fleetlake.job.model.Breadcrumb;
import io.fleetlake.job.model.DeadLetter;
import io.fleetlake.job.model.RawMessage;
import io.fleetlake.job.model.Reading;
import io.fleetlake.testing.CollectingOutput;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Every payload shape of the seeds, decoded by {@link MessageNormalizer}. */
class MessageNormalizerTest {
    private static final long ARRIVAL = Instant.parse("2026-03-01T10:00:00Z").toEpochMilli();
    private final MessageNormalizer normalizer =
            new MessageNormalizer(new TopicTemplates(TopicTemplates.DEFAULTS));

    private CollectingOutput decode(String topic, String json) {
        CollectingOutput out = new CollectingOutput();
        normalizer.normalize(
                RawMessage.json(
                        "mqtt", topic, topic, ARRIVAL, json.getBytes(StandardCharsets.UTF_8)),
                out);
        return out;
    }

    private CollectingOutput decodeCsv(String origin, String header, String line) {
        CollectingOutput out = new CollectingOutput();
        normalizer.normalize(
                RawMessage.fromFile(
                        origin,
                        ARRIVAL,
                        RawMessage.FORMAT_CSV,
                        header,
                        line.getBytes(StandardCharsets.UTF_8)),
                out);
        return out;
    }

    @Test
    void shadowDocumentGivesBreadcrumbWithStringNumbersConverted() {
        CollectingOutput out =
                decode(
                        "$aws/things/iotfleet_thc_121/shadow/update/documents",
                        "{\"previous\":null,\"current\":{\"state\":{\"reported\":{\"thingName\":\"iotfleet_thc_121\","
                                + "\"location\":{\"lat\":45.53404355284516,\"lon\":-122.788986789},"
                                + "\"address\":\"10895, Northwest Lost Park Drive, Cedar Mill\",\"speed\":\"45\","
                                + "\"heading\":\"S\",\"ignition\":\"1\"}},\"version\":17},\"timestamp\":1463698133}");
        assertThat(out.deadLetters).isEmpty();
        assertThat(out.readings).isEmpty();
        assertThat(out.breadcrumbs).hasSize(1);
        Breadcrumb b = out.breadcrumbs.get(0);
        assertThat(b.thingName).isEqualTo("iotfleet_thc_121");
        assertThat(b.lat).isEqualTo(45.53404355284516);
        assertThat(b.lon).isEqualTo(-122.788986789);
        assertThat(b.speed).isEqualTo(45.0);
        assertThat(b.heading).isEqualTo("S");
        assertThat(b.ignition).isTrue();
        assertThat(b.address).startsWith("10895, Northwest Lost Park Drive");
        assertThat(b.shadowVersion).isEqualTo(17L);
        assertThat(b.eventTime).isEqualTo(1463698133000L);
        assertThat(b.topic).isEqualTo("$aws/things/iotfleet_thc_121/shadow/update/documents");
    }

    @Test
    void shadowUpdateWithLatitudeLongitudeAndTemperatureGivesBothRows() {
        CollectingOutput out =
                decode(
                        "$aws/things/reefer_7/shadow/update",
                        "{\"state\":{\"reported\":{\"latitude\":\"45.5\",\"longitude\":-122.6,\"speed\":81.5,"
                                + "\"ignition\":\"0\",\"temperature\":\"-17.5\",\"door\":\"closed\"}},\"version\":3}");
        assertThat(out.deadLetters).isEmpty();
        Breadcrumb b = out.breadcrumbs.get(0);
        assertThat(b.thingName).isEqualTo("reefer_7");
        assertThat(b.deviceId).isEqualTo("reefer_7");
        assertThat(b.lat).isEqualTo(45.5);
        assertThat(b.ignition).isFalse();
        assertThat(b.shadowVersion).isEqualTo(3L);
        assertThat(b.eventTime).as("no timestamp: arrival time").isEqualTo(ARRIVAL);
        Reading r = out.readings.get(0);
        assertThat(r.deviceId).isEqualTo("reefer_7");
        assertThat(r.thingName).isEqualTo("reefer_7");
        assertThat(r.temperature).isEqualTo(-17.5);
        assertThat(r.measures).containsOnlyKeys("temperature");
        assertThat(r.attributes)
                .containsEntry("door", "closed")
                .doesNotContainKeys("speed", "ignition", "version");
    }

    @Test
    void ruleOutputFieldsFillTopicAndThingNameAndAreNotAttributes() {
        CollectingOutput out =
                decode(
                        null,
                        "{\"thingnm\":\"iotfleet_thc_200\",\"thetopic\":\"$aws/things/iotfleet_thc_200/shadow/update/documents\","
                                + "\"current\":{\"state\":{\"reported\":{\"location\":{\"lat\":45.1,\"lon\":-122.1},"
                                + "\"temperature\":4.5}},\"version\":9},\"timestamp\":1700000000}");
        Breadcrumb b = out.breadcrumbs.get(0);
        assertThat(b.thingName).isEqualTo("iotfleet_thc_200");
        assertThat(b.topic).isEqualTo("$aws/things/iotfleet_thc_200/shadow/update/documents");
        Reading r = out.readings.get(0);
        assertThat(r.thingName).isEqualTo("iotfleet_thc_200");
        assertThat(r.deviceId).isEqualTo("iotfleet_thc_200");
        assertThat(r.topic).isEqualTo("$aws/things/iotfleet_thc_200/shadow/update/documents");
        assertThat(r.attributes).doesNotContainKeys("thingnm", "thetopic");
        assertThat(r.eventTime).isEqualTo(1700000000000L);
    }

    @Test
    void telemetryOnDtAggregate() {
        CollectingOutput out =
                decode(
                        "dt/sensor3/aggregate",
                        "{\"device_id\":\"sensor3\",\"temperature\":45,\"humidity\":62,\"timestamp\":\"2018-04-18 19:04:35\"}");
        assertThat(out.deadLetters).isEmpty();
        assertThat(out.breadcrumbs).isEmpty();
        Reading r = out.readings.get(0);
        assertThat(r.deviceId).isEqualTo("sensor3");
        assertThat(r.thingName).isNull();
        assertThat(r.temperature).isEqualTo(45.0);
        assertThat(r.humidity).isEqualTo(62.0);
        assertThat(r.pressure).isNull();
        assertThat(r.eventTime).isEqualTo(Instant.parse("2018-04-18T19:04:35Z").toEpochMilli());
        assertThat(r.measures).containsOnlyKeys("temperature", "humidity");
    }

    @Test
    void measuresObjectTakesDeviceIdFromTopic() {
        CollectingOutput out =
                decode(
                        "dt/ruuvi_42/measures",
                        "{\"dataFormat\":5,\"rssi\":-88,\"temperature\":24.04,\"humidity\":43.605,\"pressure\":101082,"
                                + "\"accelerationX\":40,\"accelerationY\":-20,\"accelerationZ\":1016,\"battery\":3007,"
                                + "\"txPower\":4,\"movementCounter\":219,\"measurementSequenceNumber\":46216}");
        Reading r = out.readings.get(0);
        assertThat(r.deviceId).isEqualTo("ruuvi_42");
        assertThat(r.pressure).isEqualTo(101082.0);
        assertThat(r.measures)
                .hasSize(12)
                .containsEntry("rssi", -88.0)
                .containsEntry("accelerationZ", 1016.0)
                .containsEntry("measurementSequenceNumber", 46216.0);
        assertThat(r.attributes).isEmpty();
    }

    @Test
    void siteTopicTemplate() {
        CollectingOutput out = decode("dt/plant1/dev_n/temp", "{\"temperature\":\"21.5\"}");
        assertThat(out.readings.get(0).deviceId).isEqualTo("dev_n");
        assertThat(out.readings.get(0).temperature).isEqualTo(21.5);
    }

    @Test
    void aggregatedArrayGivesOneReadingPerElement() {
        CollectingOutput out =
                decode(
                        "dt/plant1/AAABB/temp",
                        "{\"sensor-id\":\"AAABB\",\"temperature\":[{\"ts\":1700000000000,\"value\":24.0},"
                                + "{\"ts\":1700000001000,\"value\":24.2},{\"ts\":1700000002000,\"value\":24.3},"
                                + "{\"ts\":1700000003000,\"value\":24.3},{\"ts\":1700000004000,\"value\":24.1}]}");
        assertThat(out.deadLetters).isEmpty();
        assertThat(out.readings).hasSize(5);
        assertThat(out.readings).extracting(r -> r.deviceId).containsOnly("AAABB");
        assertThat(out.readings)
                .extracting(r -> r.eventTime)
                .containsExactly(
                        1700000000000L,
                        1700000001000L,
                        1700000002000L,
                        1700000003000L,
                        1700000004000L);
        assertThat(out.readings)
                .extracting(r -> r.temperature)
                .containsExactly(24.0, 24.2, 24.3, 24.3, 24.1);
        assertThat(out.readings.get(1).measures).containsOnlyKeys("temperature");
    }

    @Test
    void aggregatedArraysSharingTimestampsMergeIntoOneReadingEach() {
        CollectingOutput out =
                decode(
                        "dt/s1/aggregate",
                        "{\"device_id\":\"s1\",\"temperature\":[{\"ts\":\"2024-01-01T00:00:00Z\",\"value\":\"1.5\"},"
                                + "{\"ts\":\"2024-01-01T00:00:01Z\",\"value\":2}],"
                                + "\"humidity\":[{\"ts\":\"2024-01-01T00:00:00Z\",\"value\":40}]}");
        assertThat(out.readings).hasSize(2);
        assertThat(out.readings.get(0).measures)
                .containsEntry("temperature", 1.5)
                .containsEntry("humidity", 40.0);
        assertThat(out.readings.get(1).measures).containsOnlyKeys("temperature");
    }

    @Test
    void csvHistorianRowValuesAreStrings() {
        CollectingOutput out =
                decodeCsv(
                        "/data/historian.csv:7",
                        "rowid,location,device_id,temperature,timestamp",
                        "575,\"Building 4, north\",pump7,41.5,2018-04-18 19:04:35");
        assertThat(out.deadLetters).isEmpty();
        Reading r = out.readings.get(0);
        assertThat(r.deviceId).isEqualTo("pump7");
        assertThat(r.temperature).isEqualTo(41.5);
        assertThat(r.measures).containsOnlyKeys("temperature");
        assertThat(r.attributes)
                .containsEntry("rowid", "575")
                .containsEntry("location", "Building 4, north");
        assertThat(r.eventTime).isEqualTo(Instant.parse("2018-04-18T19:04:35Z").toEpochMilli());
        assertThat(r.origin).isEqualTo("/data/historian.csv:7");
    }

    @Test
    void csvWithoutDeviceIdUsesTheFileName() {
        CollectingOutput out =
                decodeCsv(
                        "/data/1/example_data_part_2.csv:3",
                        "rowid,location,temp,timestamp",
                        "12,site-a,10,2018-04-18 19:04:35");
        assertThat(out.readings.get(0).deviceId).isEqualTo("example_data_part_2");
        assertThat(out.readings.get(0).measures).containsEntry("temp", 10.0);
    }

    @Test
    void csvRowWithWrongColumnCountIsDeadLettered() {
        CollectingOutput out = decodeCsv("/d/x.csv:4", "a,b,c", "1,2");
        assertThat(out.deadLetters)
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.reasonCode).isEqualTo("bad_csv");
                            assertThat(d.reason).contains("2 values for 3 header columns");
                            assertThat(d.payload).isEqualTo("1,2");
                            assertThat(d.origin).isEqualTo("/d/x.csv:4");
                        });
    }

    @Test
    void severalJsonMessagesInOnePayload() {
        CollectingOutput out =
                decode(
                        "dt/a/aggregate",
                        "{\"device_id\":\"a\",\"temperature\":1}\n{\"device_id\":\"b\",\"temperature\":2}\n");
        assertThat(out.readings).extracting(r -> r.deviceId).containsExactly("a", "b");
    }

    @Test
    void multiLinePayloadWithOneBadLineKeepsTheGoodOnes() {
        CollectingOutput out =
                decode(
                        "dt/a/aggregate",
                        "{\"device_id\":\"a\",\"temperature\":1}\n{\"device_id\":\"b\",\"temp\n{\"device_id\":\"c\",\"temperature\":3}");
        assertThat(out.readings).extracting(r -> r.deviceId).containsExactly("a", "c");
        assertThat(out.deadLetters)
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.reasonCode).isEqualTo("not_json");
                            assertThat(d.payload).isEqualTo("{\"device_id\":\"b\",\"temp");
                        });
    }

    @Test
    void badInputBecomesDeadLettersWithReasons() {
        assertThat(reasonOf("dt/x/aggregate", "this is not json")).isEqualTo("not_json");
        assertThat(reasonOf("dt/x/aggregate", "{\"device_id\":\"x\",\"temperature\":2"))
                .isEqualTo("not_json");
        assertThat(reasonOf("dt/x/aggregate", "[1,2,3]")).isEqualTo("not_an_object");
        assertThat(reasonOf("dt/x/aggregate", "42")).isEqualTo("not_an_object");
        assertThat(reasonOf("dt/x/aggregate", "{\"status\":\"ok\"}"))
                .isEqualTo("no_position_or_measure");
        assertThat(reasonOf("dt/x/aggregate", "{\"temperature\":1,\"timestamp\":\"yesterday\"}"))
                .isEqualTo("bad_timestamp");
        assertThat(reasonOf("dt/x/aggregate", "{\"lat\":123,\"lon\":5}")).isEqualTo("bad_position");
        assertThat(reasonOf("dt/x/aggregate", "{\"location\":{\"lat\":\"north\",\"lon\":5}}"))
                .isEqualTo("bad_position");
        assertThat(reasonOf("dt/x/aggregate", "{\"temperature\":[{\"ts\":1,\"value\":\"hot\"}]}"))
                .isEqualTo("bad_array_element");
        assertThat(reasonOf("unknown/topic", "{\"temperature\":1}")).isEqualTo("no_device_id");
        assertThat(reasonOf("dt/x/aggregate", "   ")).isEqualTo("empty");
    }

    @Test
    void deadLetterKeepsOriginReasonAndBinaryPayloadAsBase64() {
        CollectingOutput out = new CollectingOutput();
        byte[] bytes = {(byte) 0xff, (byte) 0xfe, 0x01, 0x02};
        normalizer.normalize(
                RawMessage.json("kinesis", "fleet/shardId-000000000001/4959", null, ARRIVAL, bytes),
                out);
        DeadLetter d = out.deadLetters.get(0);
        assertThat(d.reasonCode).isEqualTo("not_json");
        assertThat(d.reason).startsWith("not_json: ");
        assertThat(d.payloadEncoding).isEqualTo("base64");
        assertThat(d.payload).isEqualTo("//4BAg==");
        assertThat(d.origin).isEqualTo("fleet/shardId-000000000001/4959");
        assertThat(d.source).isEqualTo("kinesis");
        assertThat(d.receivedAt).isEqualTo(ARRIVAL);
    }

    @Test
    void everyTimestampForm() {
        long expected = Instant.parse("2024-05-06T07:08:09Z").toEpochMilli();
        for (String ts :
                new String[] {
                    "1714979289",
                    "1714979289000",
                    "1714979289000000",
                    "\"1714979289\"",
                    "\"2024-05-06T07:08:09Z\"",
                    "\"2024-05-06T09:08:09+02:00\"",
                    "\"2024-05-06T07:08:09\"",
                    "\"2024-05-06 07:08:09\"",
                    "\"2024-05-06T07:08:09.000Z\"",
                    "1714979289.0"
                }) {
            CollectingOutput out =
                    decode("dt/d/aggregate", "{\"temperature\":1,\"timestamp\":" + ts + "}");
            assertThat(out.readings).as(ts).hasSize(1);
            assertThat(out.readings.get(0).eventTime).as(ts).isEqualTo(expected);
        }
        assertThat(
                        decode("dt/d/aggregate", "{\"temperature\":1,\"time\":1714979289123}")
                                .readings
                                .get(0)
                                .eventTime)
                .isEqualTo(expected + 123);
        assertThat(
                        decode(
                                        "dt/d/aggregate",
                                        "{\"temperature\":1,\"ts\":\"2024-05-06 07:08:09.5\"}")
                                .readings
                                .get(0)
                                .eventTime)
                .isEqualTo(expected + 500);
    }

    @Test
    void fahrenheitIsDoubleArithmetic() {
        assertThat(FahrenheitConversion.toFahrenheit(45)).isEqualTo(113.0);
        assertThat(FahrenheitConversion.toFahrenheit(-40)).isEqualTo(-40.0);
        assertThat(FahrenheitConversion.toFahrenheit(24.04)).isCloseTo(75.272, within(1e-9));
        Reading r = decode("dt/s/aggregate", "{\"temperature\":37}").readings.get(0);
        assertThat(new FahrenheitConversion().map(r).temperatureFahrenheit)
                .isEqualTo(98.6, within(1e-9));
        Reading noTemp = decode("dt/s/aggregate", "{\"humidity\":37}").readings.get(0);
        assertThat(new FahrenheitConversion().map(noTemp).temperatureFahrenheit).isNull();
    }

    private String reasonOf(String topic, String json) {
        CollectingOutput out = decode(topic, json);
        assertThat(out.readings).as(json).isEmpty();
        assertThat(out.breadcrumbs).as(json).isEmpty();
        assertThat(out.deadLetters).as(json).hasSize(1);
        return out.deadLetters.get(0).reasonCode;
    }
}
