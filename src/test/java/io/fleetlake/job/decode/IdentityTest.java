package io.fleetlake.job.decode;

import static io.fleetlake.job.decode.DecodeTestSupport.doc;
import static io.fleetlake.job.decode.DecodeTestSupport.file;
import static io.fleetlake.job.decode.DecodeTestSupport.live;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdentityTest {
    private final TopicTemplates templates = new TopicTemplates(TopicTemplates.DEFAULTS);

    private Identity of(io.fleetlake.job.model.RawMessage m, String json) {
        return Identity.of(m, doc(json), templates);
    }

    @Test
    void ruleTopicWinsOverTheMessageTopicAndFeedsTheTemplates() {
        Identity id =
                of(
                        live("other/topic", "{}"),
                        "{\"thetopic\":\"$aws/things/truck_1/shadow/update\"}");
        assertThat(id.topic).isEqualTo("$aws/things/truck_1/shadow/update");
        assertThat(id.thingName).isEqualTo("truck_1");
        assertThat(id.deviceId).as("falls back to the thing name").isEqualTo("truck_1");
    }

    @Test
    void payloadFieldsInOrderOfPreferenceThenTheDocumentAroundTheShadow() {
        assertThat(
                        of(live("dt/t/aggregate", "{}"), "{\"sensorId\":\"s\",\"device_id\":\"d\"}")
                                .deviceId)
                .isEqualTo("d");
        Identity shadow =
                of(
                        live(null, "{}"),
                        "{\"thingnm\":\"th\",\"state\":{\"reported\":{\"temperature\":1}}}");
        assertThat(shadow.thingName).isEqualTo("th");
        assertThat(shadow.deviceId).isEqualTo("th");
        assertThat(of(live("dt/x/aggregate", "{}"), "{\"device_id\":\"\"}").deviceId)
                .as("empty is absent: the topic's")
                .isEqualTo("x");
    }

    @Test
    void onlyFilesFallBackToTheFileName() {
        assertThat(of(file("/data/pump_7.csv:3", "{}"), "{\"temperature\":1}").deviceId)
                .isEqualTo("pump_7");
        assertThat(of(live("unknown/topic", "{}"), "{\"temperature\":1}").deviceId).isNull();
        assertThat(Identity.fileStem("s3://b/1/example_data_part_2.csv.gz:12"))
                .isEqualTo("example_data_part_2");
    }
}
