package io.fleetlake.job.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The columns of waiting alert inputs: order, what is kept, growth, and their serializer. */
class PendingInputsTest {
    private static final String[] MEASURES = {"temperature"};
    private static final String[] ATTRIBUTES = {"max_temperature_c"};

    @Test
    void pollsInEventTimeOrderAndEqualTimesInArrivalOrder() {
        Random rnd = new Random(42);
        PendingInputs p = PendingInputs.create(MEASURES, ATTRIBUTES);
        List<AlertInput> added = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            AlertInput in = reading(1_000L * rnd.nextInt(200), i);
            added.add(in);
            p.add(in);
            if (i % 7 == 0) {
                // Draining some on the way exercises the compaction of the arrays' front.
                AlertInput first = p.poll("dev");
                added.sort(Comparator.comparingLong((AlertInput a) -> a.eventTime));
                assertThat(first.measures.get("temperature"))
                        .isEqualTo(added.remove(0).measures.get("temperature"));
            }
        }
        added.sort(Comparator.comparingLong((AlertInput a) -> a.eventTime));
        List<Double> polled = new ArrayList<>();
        long previous = Long.MIN_VALUE;
        while (!p.isEmpty()) {
            AlertInput in = p.poll("dev");
            assertThat(in.eventTime).isGreaterThanOrEqualTo(previous);
            previous = in.eventTime;
            polled.add(in.measures.get("temperature"));
        }
        assertThat(polled)
                .containsExactlyElementsOf(
                        added.stream()
                                .map(a -> a.measures.get("temperature"))
                                .collect(Collectors.toList()));
    }

    @Test
    void keepsWhatTheRulesReadAndNothingElse() {
        PendingInputs p = PendingInputs.create(MEASURES, ATTRIBUTES);
        AlertInput crumb = new AlertInput();
        crumb.deviceId = "truck-1";
        crumb.thingName = "truck-1";
        crumb.eventTime = 5;
        crumb.lat = 45.5;
        crumb.lon = -122.6;
        crumb.speed = 101.0;
        crumb.attributes = Map.of("speed_limit_kmh", "80");
        p.add(crumb);
        p.add(reading(7, 3));

        AlertInput a = p.poll("truck-1");
        assertThat(a.deviceId).isEqualTo("truck-1");
        assertThat(a.thingName).isEqualTo("truck-1");
        assertThat(a.speed).isEqualTo(101.0);
        assertThat(a.lat).isEqualTo(45.5);
        assertThat(a.lon).isEqualTo(-122.6);
        assertThat(a.measures).isEmpty();
        assertThat(a.attributes).as("not named by a rule").isEmpty();
        AlertInput r = p.poll("truck-1");
        assertThat(r.speed).isNull();
        assertThat(r.lat).isNull();
        assertThat(r.measures).containsExactly(Map.entry("temperature", 3.0));
        assertThat(r.attributes).containsExactly(Map.entry("max_temperature_c", "-18"));
        assertThat(p.isEmpty()).isTrue();
    }

    @Test
    void roundTripsThroughItsPojoSerializer() throws Exception {
        TypeInformation<PendingInputs> type = TypeInformation.of(PendingInputs.class);
        assertThat(type).isInstanceOf(PojoTypeInfo.class);
        TypeSerializer<PendingInputs> serializer =
                type.createSerializer(new ExecutionConfig().getSerializerConfig());
        PendingInputs p = PendingInputs.create(MEASURES, ATTRIBUTES);
        for (int i = 0; i < 20; i++) {
            p.add(reading(100 - i, i));
        }
        p.poll("dev");
        p.timer = 81;
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(serializer.copy(p), out);
        PendingInputs back =
                serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(back.timer).isEqualTo(81);
        assertThat(back.count()).isEqualTo(19);
        assertThat(back.keeps(MEASURES, ATTRIBUTES)).isTrue();
        for (int t = 82; t <= 100; t++) {
            assertThat(back.poll("dev").eventTime).isEqualTo(t);
        }
    }

    @Test
    void refusesMoreMeasuresThanItsPresenceBits() {
        String[] many = new String[PendingInputs.MAX_MEASURES + 1];
        for (int i = 0; i < many.length; i++) {
            many[i] = "m" + i;
        }
        assertThatThrownBy(() -> PendingInputs.create(many, new String[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most " + PendingInputs.MAX_MEASURES);
    }

    private static AlertInput reading(long time, double temperature) {
        AlertInput in = new AlertInput();
        in.deviceId = "dev";
        in.eventTime = time;
        in.measures = Map.of("temperature", temperature, "humidity", 50.0);
        in.attributes = Map.of("max_temperature_c", "-18", "firmware", "1.2");
        return in;
    }
}
