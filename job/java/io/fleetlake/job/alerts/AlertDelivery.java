package io.fleetlake.job.alerts;

import io.fleetlake.connectors.sns.SnsEntry;
import io.fleetlake.connectors.sns.SnsSettings;
import io.fleetlake.connectors.sns.SnsSink;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.job.model.DeadLetter;

/**
 * Where alerts are delivered besides the lake: an MQTT broker and/or an SNS topic, each off unless
 * its property group ({@code Alerts.Mqtt}, {@code Alerts.Sns}) is present.
 */
public final class AlertDelivery {
    /** Null when MQTT delivery is off. */
    public final AlertMqttDelivery mqtt;

    /** Null when SNS delivery is off. */
    public final SnsSink<Alert> sns;

    public AlertDelivery(AlertMqttDelivery mqtt, SnsSink<Alert> sns) {
        this.mqtt = mqtt;
        this.sns = sns;
    }

    /** The targets the configuration enables. */
    public static AlertDelivery fromConfig(FleetlakeConfig config) {
        AlertMqttDelivery mqtt =
                config.has(AlertsOutput.MQTT_GROUP)
                        ? AlertMqttDelivery.fromConfiguration(
                                config.section(AlertsOutput.MQTT_GROUP))
                        : null;
        SnsSink<Alert> sns =
                config.has(AlertsOutput.SNS_GROUP)
                        ? sns(SnsSettings.fromConfiguration(config.section(AlertsOutput.SNS_GROUP)))
                        : null;
        return new AlertDelivery(mqtt, sns);
    }

    /**
     * The SNS sink for alerts: the alert JSON as message, its summary as subject, id and device for
     * FIFO.
     */
    public static SnsSink<Alert> sns(SnsSettings settings) {
        return new SnsSink<>(
                (alert, context) ->
                        new SnsEntry(
                                AlertJson.toJson(alert),
                                subject(alert),
                                alert.alertId + "-" + alert.state,
                                alert.deviceId),
                settings);
    }

    /** SNS subjects are at most 100 printable ASCII characters. */
    static String subject(Alert a) {
        String s = AlertJson.summary(a).replaceAll("[^\\x20-\\x7E]", "?");
        return s.length() > 100 ? s.substring(0, 100) : s;
    }

    /** The dead letter of a message SNS did not take. */
    static DeadLetter deadLetter(
            io.fleetlake.connectors.sns.SnsFailures.Failure f, String topicArn) {
        return AlertDeadLetters.of(
                f.entry().deduplicationId(), f.entry().message(), "sns:" + topicArn, f.reason());
    }
}
