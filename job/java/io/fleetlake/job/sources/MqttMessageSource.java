package io.fleetlake.job.sources;

import io.fleetlake.connectors.mqtt.MqttConnectionConfig;
import io.fleetlake.connectors.mqtt.MqttDeserializer;
import io.fleetlake.connectors.mqtt.MqttMessage;
import io.fleetlake.connectors.mqtt.MqttSourceFactory;
import io.fleetlake.job.JobSettings;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.job.config.FleetlakeOptions;
import io.fleetlake.job.decode.DecodeAndRoute;
import io.fleetlake.job.decode.TopicTemplates;
import io.fleetlake.job.model.RawMessage;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Devices over MQTT (AWS IoT Core or any broker): every message becomes a {@link RawMessage} with
 * source {@code mqtt}, the topic as both {@code topic} and {@code origin} (so dead letters name
 * it), the receive time as arrival time, and the payload bytes untouched. Thing name and device id
 * come later from the topic templates.
 *
 * <p>Optional rule-style filter: with thing-name prefixes configured, a message whose topic names a
 * thing that starts with none of them is not this job's data (the seed's {@code
 * startswith(topic(3), 'iotfleet_')}). It is acknowledged like any other message, counted in {@code
 * fleetlake.mqttFilteredByThingName}, and not emitted. MQTT topic filters cannot match a prefix
 * within a level, so the filter sits here, at the adapter.
 */
public final class MqttMessageSource implements MessageSource {
    public static final String UID = "source-mqtt";

    private final MqttConnectionConfig connection;
    private final TopicTemplates templates;
    private final List<String> thingNamePrefixes;

    public MqttMessageSource(
            MqttConnectionConfig connection,
            TopicTemplates templates,
            List<String> thingNamePrefixes) {
        this.connection = connection;
        this.templates = templates;
        this.thingNamePrefixes = new ArrayList<>(thingNamePrefixes);
    }

    /**
     * The source the {@code Source.Mqtt} group describes, with the {@code Job} group's topic
     * templates.
     */
    public static MqttMessageSource fromConfig(FleetlakeConfig config) {
        Configuration mqtt = config.section(FleetlakeOptions.MQTT);
        return new MqttMessageSource(
                MqttConnectionConfig.fromConfiguration(mqtt),
                JobSettings.fromConfiguration(config.section(FleetlakeOptions.JOB))
                        .topicTemplates(),
                MqttConnectionConfig.thingNamePrefixes(mqtt));
    }

    @Override
    public DataStream<RawMessage> attach(StreamExecutionEnvironment env) {
        // Watermarks are assigned after decoding, from the payload's event time.
        DataStreamSource<RawMessage> source =
                env.fromSource(
                        MqttSourceFactory.source(
                                connection, new ToRawMessage(templates, thingNamePrefixes)),
                        WatermarkStrategy.noWatermarks(),
                        "source: mqtt");
        if (connection.sharedGroup() == null) {
            // Plain subscriptions: every subtask would receive every message. One subtask, no
            // duplicates.
            source.setParallelism(1);
        }
        return source.uid(UID);
    }

    @Override
    public boolean isBounded() {
        return false;
    }

    /** An MQTT message as a raw message, after the thing-name filter. */
    static final class ToRawMessage implements MqttDeserializer<RawMessage> {
        private static final long serialVersionUID = 1L;
        private static final Logger LOG = LoggerFactory.getLogger(ToRawMessage.class);
        static final String FILTERED_METRIC = "mqttFilteredByThingName";

        private final TopicTemplates templates;
        private final List<String> prefixes;
        private transient Counter filtered;

        ToRawMessage(TopicTemplates templates, List<String> prefixes) {
            this.templates = templates;
            this.prefixes = new ArrayList<>(prefixes);
        }

        @Override
        public void open(MetricGroup metrics) {
            filtered = metrics.addGroup(DecodeAndRoute.METRIC_GROUP).counter(FILTERED_METRIC);
        }

        @Override
        public void deserialize(MqttMessage message, Collector<RawMessage> out) {
            if (!accepts(message.topic())) {
                if (filtered.getCount() == 0) {
                    LOG.info(
                            "mqtt: skipping messages of things not starting with {} (first: topic {}); counted in "
                                    + "{}",
                            prefixes,
                            message.topic(),
                            FILTERED_METRIC);
                }
                filtered.inc();
                return;
            }
            out.collect(
                    RawMessage.json(
                            "mqtt",
                            message.topic(),
                            message.topic(),
                            message.receivedAt(),
                            message.payload()));
        }

        /** True unless the topic names a thing outside the configured prefixes. */
        boolean accepts(String topic) {
            if (prefixes.isEmpty()) {
                return true;
            }
            String thing = templates.match(topic).get("thing_name");
            if (thing == null) {
                return true;
            }
            for (String p : prefixes) {
                if (thing.startsWith(p)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public TypeInformation<RawMessage> getProducedType() {
            return TypeInformation.of(RawMessage.class);
        }
    }
}
