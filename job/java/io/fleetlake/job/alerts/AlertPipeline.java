package io.fleetlake.job.alerts;

import io.fleetlake.job.model.Breadcrumb;
import io.fleetlake.job.model.DeadLetter;
import io.fleetlake.job.model.Reading;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The alert part of the job graph: breadcrumbs and readings (with event-time watermarks) ─►
 * per-device rules ─► lake table {@code alerts}, console, MQTT, SNS. Returns the delivery failures
 * as dead letters.
 */
public final class AlertPipeline {
    public static final String UID_INPUT_BREADCRUMBS = "alerts-input-breadcrumbs";
    public static final String UID_INPUT_READINGS = "alerts-input-readings";
    public static final String UID_IDENTIFIED = "alerts-identified";
    public static final String UID_DETECT = "alerts-detect";
    public static final String UID_LAKE = "lake-alerts";
    public static final String UID_CONSOLE = "alerts-console";
    public static final String UID_MQTT = "alerts-mqtt";
    public static final String UID_SNS = "alerts-sns";

    private AlertPipeline() {}

    /**
     * Adds the alert operators; {@code lake} may be null (no table), {@code delivery} null (no
     * delivery).
     *
     * @return delivery failures as {@code alert_delivery_failed} dead letters (empty stream when
     *     none is on)
     */
    public static DataStream<DeadLetter> attach(
            DataStream<Reading> readings,
            DataStream<Breadcrumb> breadcrumbs,
            AlertSettings settings,
            Sink<Alert> lake,
            AlertDelivery delivery) {
        // Only what the rules read crosses the shuffle (and waits for the watermark).
        String[] measures = AlertDetector.keptMeasures(settings.rules());
        String[] attributes = AlertDetector.keptAttributes(settings.rules());
        DataStream<AlertInput> inputs =
                breadcrumbs
                        .map(b -> AlertInput.of(b, attributes))
                        .returns(TypeInformation.of(AlertInput.class))
                        .name("alerts: breadcrumbs")
                        .uid(UID_INPUT_BREADCRUMBS)
                        .union(
                                readings.map(r -> AlertInput.of(r, measures, attributes))
                                        .returns(TypeInformation.of(AlertInput.class))
                                        .name("alerts: readings")
                                        .uid(UID_INPUT_READINGS));
        SingleOutputStreamOperator<Alert> alerts =
                inputs
                        // A position with neither device id nor thing name belongs to no device's
                        // episode (it is in the
                        // lake as it came); keying it would fail on the null key.
                        .filter(in -> in.deviceId != null)
                        .name("alerts: identified devices")
                        .uid(UID_IDENTIFIED)
                        .keyBy(in -> in.deviceId, TypeInformation.of(String.class))
                        .process(new AlertDetector(settings))
                        .returns(TypeInformation.of(Alert.class))
                        .name("alerts: detect")
                        .uid(UID_DETECT);
        if (lake != null) {
            alerts.sinkTo(lake).name("lake: alerts").uid(UID_LAKE);
        }
        if (settings.print()) {
            alerts.sinkTo(new AlertConsoleSink())
                    .name("alerts: console")
                    .uid(UID_CONSOLE)
                    .setParallelism(1);
        }
        return delivery == null ? null : deliver(alerts, delivery);
    }

    /**
     * Sends alerts to the delivery targets that are on.
     *
     * @return the alerts that could not be delivered, as dead letters; null when no target is on
     */
    public static DataStream<DeadLetter> deliver(DataStream<Alert> alerts, AlertDelivery delivery) {
        DataStream<DeadLetter> failures = null;
        if (delivery.mqtt != null) {
            failures =
                    AsyncDataStream.unorderedWait(
                                    alerts,
                                    delivery.mqtt,
                                    delivery.mqtt.operatorTimeout().toMillis(),
                                    TimeUnit.MILLISECONDS,
                                    delivery.mqtt.maxInFlight())
                            .returns(TypeInformation.of(DeadLetter.class))
                            .name("alerts: mqtt")
                            .uid(UID_MQTT);
        }
        if (delivery.sns != null) {
            DataStream<DeadLetter> sns =
                    delivery.sns.writeTo(
                            alerts,
                            "alerts: sns",
                            UID_SNS,
                            AlertDelivery::deadLetter,
                            TypeInformation.of(DeadLetter.class));
            failures = failures == null ? sns : failures.union(sns);
        }
        return failures;
    }
}
