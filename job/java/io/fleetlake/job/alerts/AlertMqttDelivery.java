package io.fleetlake.job.alerts;

import io.fleetlake.connectors.mqtt.MqttConnectionConfig;
import io.fleetlake.connectors.mqtt.MqttPublisher;
import io.fleetlake.connectors.mqtt.MqttSourceFactory;
import io.fleetlake.job.model.DeadLetter;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes each alert as JSON to its MQTT topic ({@code Alerts.Mqtt.topic-template}, QoS 1), as an
 * async I/O function: Flink's async operator keeps the alerts whose acknowledgement is outstanding
 * in its checkpointed state and sends them again after a restore, so delivery is at-least-once
 * (receivers de-duplicate on {@code alert_id} and {@code state}). A publish that is not
 * acknowledged in time, or a broker that cannot be reached, never fails the job: the alert becomes
 * a dead letter ({@code alert_delivery_failed}) and the connection is tried again for the next
 * alert (the client also reconnects by itself).
 */
public class AlertMqttDelivery extends RichAsyncFunction<Alert, DeadLetter> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AlertMqttDelivery.class);
    private static final long RECONNECT_PAUSE_MS = 5_000;

    private final MqttConnectionConfig connection;
    private final String topicTemplate;
    private final String clientIdPrefix;
    private final Duration timeout;
    private final int maxInFlight;

    private transient ExecutorService connector;
    private transient volatile MqttPublisher publisher;

    /**
     * When the last connect failed (ms): alerts within a short while fail at once instead of
     * queueing.
     */
    private transient long lastConnectFailure;

    private transient String clientId;
    private transient Counter delivered;
    private transient Counter failed;

    public AlertMqttDelivery(
            MqttConnectionConfig connection,
            String topicTemplate,
            String clientIdPrefix,
            Duration timeout,
            int maxInFlight) {
        if (maxInFlight < 1 || timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException(
                    "property group 'Alerts.Mqtt': 'max-in-flight' must be at least 1 "
                            + "and 'timeout' positive");
        }
        this.maxInFlight = maxInFlight;
        this.connection = connection;
        this.topicTemplate = topicTemplate;
        this.clientIdPrefix = clientIdPrefix;
        this.timeout = timeout;
    }

    /** The delivery the {@code Alerts.Mqtt} group describes. */
    public static AlertMqttDelivery fromConfiguration(ReadableConfig c) {
        String broker = c.get(AlertMqttOptions.BROKER);
        if (broker == null || broker.isBlank()) {
            throw new IllegalArgumentException("property group 'Alerts.Mqtt' needs 'broker'");
        }
        int qos = c.get(AlertMqttOptions.QOS);
        if (qos < 1 || qos > 2) {
            throw new IllegalArgumentException(
                    "bad value "
                            + qos
                            + " for 'qos' in property group 'Alerts.Mqtt': "
                            + "use 1 or 2 (alerts are delivered at-least-once)");
        }
        MqttConnectionConfig connection =
                MqttConnectionConfig.connection(
                                c, AlertMqttOptions.CLIENT_ID_PREFIX, AlertMqttOptions.QOS)
                        .build();
        return new AlertMqttDelivery(
                connection,
                c.get(AlertMqttOptions.TOPIC_TEMPLATE),
                c.get(AlertMqttOptions.CLIENT_ID_PREFIX),
                c.get(AlertMqttOptions.TIMEOUT),
                c.get(AlertMqttOptions.MAX_IN_FLIGHT));
    }

    /** Unacknowledged publishes per subtask (the async operator's capacity). */
    public int maxInFlight() {
        return maxInFlight;
    }

    /**
     * How long the async operator waits for one alert: the publish timeout plus room for the
     * connect.
     */
    public Duration operatorTimeout() {
        return timeout.plusSeconds(5);
    }

    /** The topic of an alert. */
    public static String topic(String template, Alert a) {
        String thing = a.thingName != null ? a.thingName : a.deviceId;
        return template.replace("{thing_name}", String.valueOf(thing))
                .replace("{device_id}", String.valueOf(a.deviceId))
                .replace("{rule}", String.valueOf(a.rule))
                .replace("{type}", String.valueOf(a.type))
                .replace("{state}", String.valueOf(a.state));
    }

    @Override
    public void open(OpenContext openContext) {
        connector =
                Executors.newSingleThreadExecutor(
                        r -> {
                            Thread t = new Thread(r, "alerts-mqtt-connect");
                            t.setDaemon(true);
                            return t;
                        });
        clientId = clientIdPrefix + "-" + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        delivered =
                getRuntimeContext()
                        .getMetricGroup()
                        .addGroup("fleetlake")
                        .counter("alertsDeliveredMqtt");
        failed =
                getRuntimeContext()
                        .getMetricGroup()
                        .addGroup("fleetlake")
                        .counter("alertsMqttFailed");
    }

    @Override
    public void asyncInvoke(Alert alert, ResultFuture<DeadLetter> result) {
        String topic = topic(topicTemplate, alert);
        byte[] payload = AlertJson.toBytes(alert);
        CompletableFuture.supplyAsync(this::connected, connector)
                .thenCompose(p -> p.publishAsync(topic, payload))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete(
                        (ok, error) -> {
                            if (error == null) {
                                delivered.inc();
                                result.complete(Collections.emptyList());
                            } else {
                                failed.inc();
                                result.complete(List.of(failure(alert, topic, error)));
                            }
                        });
    }

    @Override
    public void timeout(Alert alert, ResultFuture<DeadLetter> result) {
        failed.inc();
        result.complete(
                List.of(
                        failure(
                                alert,
                                topic(topicTemplate, alert),
                                new java.util.concurrent.TimeoutException(
                                        "no acknowledgement in " + operatorTimeout()))));
    }

    private MqttPublisher connected() {
        MqttPublisher p = publisher;
        if (p == null) {
            String broker = connection.host() + ":" + connection.port();
            if (System.currentTimeMillis() - lastConnectFailure < RECONNECT_PAUSE_MS) {
                throw new IllegalStateException(
                        "broker "
                                + broker
                                + " unreachable (last attempt failed less than "
                                + RECONNECT_PAUSE_MS / 1000
                                + " s ago)");
            }
            try {
                p = MqttSourceFactory.publisher(connection, clientId);
            } catch (Exception e) {
                lastConnectFailure = System.currentTimeMillis();
                throw new IllegalStateException("cannot connect to " + broker + ": " + e, e);
            }
            publisher = p;
        }
        return p;
    }

    private static DeadLetter failure(Alert alert, String topic, Throwable error) {
        Throwable cause =
                error instanceof java.util.concurrent.CompletionException
                                && error.getCause() != null
                        ? error.getCause()
                        : error;
        LOG.warn(
                "alert {} not delivered to MQTT topic {}: {}",
                alert.alertId,
                topic,
                cause.toString());
        return AlertDeadLetters.of(alert, "mqtt:" + topic, cause.toString());
    }

    @Override
    public void close() throws Exception {
        if (connector != null) {
            connector.shutdownNow();
        }
        if (publisher != null) {
            try {
                publisher.close();
            } catch (Exception e) {
                LOG.debug("mqtt disconnect failed", e);
            }
        }
    }
}
