package io.fleetlake.job.influx;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlake.connectors.influx.InfluxLine;
import io.fleetlake.connectors.influx.InfluxRejectedLine;
import io.fleetlake.job.model.Breadcrumb;
import io.fleetlake.job.model.DeadLetter;
import io.fleetlake.job.model.Reading;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InfluxLinesTest {

    static Reading reading() {
        Reading r = new Reading();
        r.deviceId = "sensor 1";
        r.thingName = "plant,a";
        r.eventTime = 1713432275000L;
        r.temperature = 45.0;
        r.temperatureFahrenheit = 113.0;
        r.measures.put("temperature", 45.0);
        r.measures.put("humidity", 40.5);
        r.attributes.put("site", "North Plant, Bay 3");
        r.attributes.put("device_id", "spoofed");
        r.attributes.put("firmware", "v1.2");
        r.source = "file";
        r.origin = "in.jsonl:7";
        return r;
    }

    @Test
    void aReadingIsOneLineWithTagsEveryMeasureAndFahrenheit() {
        InfluxLine line =
                InfluxLines.readings("reading", List.of("site", "device_id"))
                        .apply(reading(), null);
        assertThat(line.line())
                .isEqualTo(
                        "reading,device_id=sensor\\ 1,site=North\\ Plant\\,\\ Bay\\ 3,"
                                + "thing_name=plant\\,a humidity=40.5,temperature=45.0,temperature_fahrenheit=113.0 1713432275000");
        assertThat(line.context())
                .containsEntry("source", "file")
                .containsEntry("origin", "in.jsonl:7");
    }

    @Test
    void aReadingWithoutAFiniteMeasureStillMakesAValidLine() {
        Reading r = new Reading();
        r.deviceId = "d";
        r.eventTime = 5;
        r.measures.put("x", Double.NaN);
        assertThat(InfluxLines.line("reading", List.of(), r))
                .isEqualTo("reading,device_id=d no_finite_measure=true 5");
    }

    @Test
    void aBreadcrumbIsLatLonSpeed() {
        Breadcrumb c = new Breadcrumb();
        c.thingName = "iotfleet_thc_121";
        c.eventTime = 1713432275000L;
        c.lat = 45.5;
        c.lon = -122.7;
        c.speed = 45.0;
        assertThat(InfluxLines.breadcrumbs("position", List.of("fleet")).apply(c, null).line())
                .isEqualTo(
                        "position,thing_name=iotfleet_thc_121 lat=45.5,lon=-122.7,speed=45.0 1713432275000");
    }

    @Test
    void aRejectedLineIsAnInfluxRejectedDeadLetterWithTheLineAsPayload() {
        InfluxLine line =
                new InfluxLine(
                        "reading,device_id=d v=oops 1",
                        Map.of("source", "kinesis", "origin", "s/1"));
        DeadLetter d =
                InfluxLines.deadLetters("database \"fleet\"")
                        .convert(
                                new InfluxRejectedLine(
                                        line, "HTTP 400: unable to parse: invalid boolean", 42L));
        assertThat(d.reasonCode).isEqualTo("influx_rejected");
        assertThat(d.reason)
                .isEqualTo(
                        "influx_rejected: database \"fleet\": HTTP 400: unable to parse: invalid boolean");
        assertThat(d.payload).isEqualTo("reading,device_id=d v=oops 1");
        assertThat(d.source).isEqualTo("kinesis");
        assertThat(d.origin).isEqualTo("s/1");
        assertThat(d.receivedAt).isEqualTo(42L);
    }
}
