package io.fleetlake.connectors.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlake.testing.MotoServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.AttributePayload;

/**
 * The IoT registry reader against moto's IoT registry: things with their type, attributes and
 * groups, pagination, and the previous registry kept on an error and on a suspect empty answer.
 */
class IotRegistryReaderTest {
    @RegisterExtension static final MotoServer MOTO = new MotoServer().resetBeforeEachTest();

    private final List<String> events = new ArrayList<>();
    private final ReloadingRegistry.Listener listener =
            new ReloadingRegistry.Listener() {
                @Override
                public void reloaded(RegistrySnapshot snapshot) {
                    events.add("reloaded " + snapshot.size());
                }

                @Override
                public void reloadFailed(Exception error) {
                    events.add("failed " + error.getClass().getSimpleName());
                }
            };

    static RegistrySettings settings(String endpoint) {
        Configuration c = new Configuration();
        c.setString("source", "iot");
        c.setString("endpoint", endpoint);
        c.setString("region", MotoServer.REGION);
        c.setString("access-key-id", MotoServer.ACCESS_KEY);
        c.setString("secret-access-key", MotoServer.SECRET_KEY);
        c.setString("reload-interval", "0 s");
        return RegistrySettings.fromConfiguration(c);
    }

    static void thing(IotClient iot, String name, String type, Map<String, String> attributes) {
        iot.createThing(
                b ->
                        b.thingName(name)
                                .thingTypeName(type)
                                .attributePayload(
                                        AttributePayload.builder().attributes(attributes).build()));
    }

    @Test
    void readsThingsWithTypeAttributesAndGroupsKeyedByNameAndKeyAttributes() throws Exception {
        try (IotClient iot = MOTO.client(IotClient.builder())) {
            iot.createThingType(b -> b.thingTypeName("reefer"));
            iot.createThingType(b -> b.thingTypeName("truck"));
            // Three ListThings pages of 10.
            for (int i = 0; i < 25; i++) {
                thing(iot, String.format("truck_%03d", i), "truck", Map.of("driver", "d" + i));
            }
            thing(
                    iot,
                    "reefer_1",
                    "reefer",
                    Map.of("device_id", "r-1", "max_temperature_c", "-18"));
            iot.createThingGroup(b -> b.thingGroupName("north"));
            iot.createThingGroup(b -> b.thingGroupName("cold-chain"));
            iot.addThingToThingGroup(b -> b.thingGroupName("north").thingName("reefer_1"));
            iot.addThingToThingGroup(b -> b.thingGroupName("cold-chain").thingName("reefer_1"));
            iot.addThingToThingGroup(b -> b.thingGroupName("north").thingName("truck_007"));
        }
        try (IotRegistryReader reader = (IotRegistryReader) settings(MOTO.endpoint()).reader()) {
            RegistrySnapshot s = reader.read();
            assertThat(s.attributesOf("truck_024")).containsEntry("driver", "d24");
            assertThat(s.attributesOf("truck_007"))
                    .containsExactlyInAnyOrderEntriesOf(
                            Map.of("driver", "d7", "thing_type", "truck", "thing_groups", "north"));
            assertThat(s.attributesOf("reefer_1"))
                    .as("key columns are keys, not attributes")
                    .containsExactlyInAnyOrderEntriesOf(
                            Map.of(
                                    "max_temperature_c",
                                    "-18",
                                    "thing_type",
                                    "reefer",
                                    "thing_groups",
                                    "cold-chain;north"));
            assertThat(s.attributesOf("r-1")).isSameAs(s.attributesOf("reefer_1"));
            assertThat(s.size()).isEqualTo(27);
        }
    }

    @Test
    void anErrorAndASuspectEmptyAnswerKeepThePreviousRegistry() throws Exception {
        try (IotClient iot = MOTO.client(IotClient.builder())) {
            thing(iot, "truck_1", null, Map.of("speed_limit_kmh", "80"));
            thing(iot, "truck_2", null, Map.of("speed_limit_kmh", "70"));
        }
        try (ReloadingRegistry r =
                new ReloadingRegistry(settings(MOTO.endpoint()).reader(), listener)) {
            r.start(Duration.ZERO);
            assertThat(r.current().attributesOf("truck_1")).containsEntry("speed_limit_kmh", "80");

            try (IotClient iot = MOTO.client(IotClient.builder())) {
                // UpdateThing is a PATCH, which the URL-connection client cannot send.
                iot.deleteThing(b -> b.thingName("truck_1"));
                thing(iot, "truck_1", null, Map.of("speed_limit_kmh", "60"));
            }
            r.reloadIfChanged();
            assertThat(r.current().attributesOf("truck_1"))
                    .as("every check reads the registry")
                    .containsEntry("speed_limit_kmh", "60");

            MOTO.reset();
            r.reloadIfChanged();
            assertThat(r.current().attributesOf("truck_2"))
                    .as("an empty answer after a non-empty one is not taken")
                    .containsEntry("speed_limit_kmh", "70");
            assertThat(events)
                    .containsExactly("reloaded 2", "reloaded 2", "failed SuspectAnswerException");
        }

        events.clear();
        try (IotClient iot = MOTO.client(IotClient.builder())) {
            thing(iot, "truck_9", null, Map.of("driver", "x"));
        }
        try (ReloadingRegistry r =
                new ReloadingRegistry(settings(MOTO.endpoint()).reader(), listener)) {
            r.start(Duration.ZERO);
            MOTO.refuseRequests(true);
            r.reloadIfChanged();
            assertThat(r.current().attributesOf("truck_9"))
                    .as("a registry that refuses keeps the previous one")
                    .containsEntry("driver", "x");
            assertThat(events).containsExactly("reloaded 1", "failed IotException");
        } finally {
            MOTO.refuseRequests(false);
        }
    }

    @Test
    void anEmptyRegistryAtStartIsAccepted() throws Exception {
        try (IotRegistryReader reader = (IotRegistryReader) settings(MOTO.endpoint()).reader()) {
            assertThat(reader.read().size()).isZero();
        }
    }
}
