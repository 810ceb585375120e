package io.fleetlake.job.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopicTemplatesTest {
    private final TopicTemplates defaults = new TopicTemplates(TopicTemplates.DEFAULTS);

    @Test
    void awsShadowTopicGivesThingNameAsTopic3() {
        assertThat(defaults.match("$aws/things/iotfleet_thc_121/shadow/update/documents"))
                .containsEntry("thing_name", "iotfleet_thc_121")
                .hasSize(1);
    }

    @Test
    void telemetryTopics() {
        assertThat(defaults.match("dt/plant1/dev_3/temp"))
                .containsEntry("site", "plant1")
                .containsEntry("device_id", "dev_3")
                .containsEntry("type", "temp");
        assertThat(defaults.match("dt/sensor1/aggregate"))
                .containsEntry("device_id", "sensor1")
                .containsEntry("type", "aggregate");
    }

    @Test
    void noMatch() {
        assertThat(defaults.match("cmd/sensor1")).isEmpty();
        assertThat(defaults.match("dt/a/b/c/d")).isEmpty();
        assertThat(defaults.match(null)).isEmpty();
        assertThat(defaults.match("dt//aggregate")).isEmpty();
    }

    @Test
    void wildcards() {
        TopicTemplates t = new TopicTemplates(List.of("fleet/+/{device_id}/#"));
        assertThat(t.match("fleet/eu/truck9")).containsEntry("device_id", "truck9");
        assertThat(t.match("fleet/eu/truck9/gps/raw")).containsEntry("device_id", "truck9");
    }

    @Test
    void badTemplatesFailFast() {
        assertThatThrownBy(() -> new TopicTemplates(List.of("a/#/b")))
                .hasMessageContaining("'#' must be the last");
        assertThatThrownBy(() -> new TopicTemplates(List.of("a/{x")))
                .hasMessageContaining("bad variable level");
    }
}
