package io.fleetlake.job.enrich;

import io.fleetlake.connectors.registry.IotRegistryReader;
import io.fleetlake.connectors.registry.RegistrySettings;
import io.fleetlake.connectors.registry.RegistrySnapshot;
import io.fleetlake.connectors.registry.ReloadingRegistry;
import io.fleetlake.job.decode.DecodeAndRoute;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Adds device registry attributes (model, owner, vehicle_type, speed_limit_kmh, …) to each record,
 * looked up by device id, then thing name. The registry (a file or the AWS IoT registry) is re-read
 * in the background while the job runs; a broken new version, an error or a suspect empty answer
 * keeps the previous one. Counts {@code registryUnknownDevices}, {@code registryReloads}, {@code
 * registryReloadFailures} and, of those, {@code registrySuspectAnswers}. Registry attributes win
 * over same-named message fields: the registry is the curated truth about a device, a message field
 * is whatever the device sent.
 *
 * @param <T> the record type
 */
public abstract class RegistryEnrichment<T> extends RichMapFunction<T, T> {
    private static final long serialVersionUID = 1L;

    private final RegistrySettings settings;

    private transient ReloadingRegistry registry;
    private transient Counter unknownDevices;

    protected RegistryEnrichment(RegistrySettings settings) {
        this.settings = settings;
    }

    protected RegistryEnrichment(String path, List<String> keyColumns, Duration reloadInterval) {
        this(RegistrySettings.file(path, keyColumns, reloadInterval));
    }

    /** The record's device id (first lookup key). */
    protected abstract String deviceId(T record);

    /** The record's thing name (second lookup key). */
    protected abstract String thingName(T record);

    /** The record's attribute map, to add to. */
    protected abstract Map<String, String> attributes(T record);

    @Override
    public void open(OpenContext openContext) throws Exception {
        MetricGroup metrics =
                getRuntimeContext().getMetricGroup().addGroup(DecodeAndRoute.METRIC_GROUP);
        unknownDevices = metrics.counter("registryUnknownDevices");
        Counter reloads = metrics.counter("registryReloads");
        Counter failures = metrics.counter("registryReloadFailures");
        Counter suspect = metrics.counter("registrySuspectAnswers");
        metrics.gauge("registryDevices", () -> registry == null ? 0 : registry.current().size());
        registry =
                new ReloadingRegistry(
                        settings.reader(),
                        new ReloadingRegistry.Listener() {
                            @Override
                            public void reloaded(RegistrySnapshot snapshot) {
                                reloads.inc();
                            }

                            @Override
                            public void reloadFailed(Exception error) {
                                failures.inc();
                                if (error instanceof IotRegistryReader.SuspectAnswerException) {
                                    suspect.inc();
                                }
                            }
                        });
        registry.start(settings.reloadInterval());
    }

    @Override
    public T map(T record) {
        RegistrySnapshot snapshot = registry.current();
        Map<String, String> attrs = snapshot.attributesOf(deviceId(record));
        if (attrs == null) {
            attrs = snapshot.attributesOf(thingName(record));
        }
        if (attrs == null) {
            unknownDevices.inc();
        } else {
            attributes(record).putAll(attrs);
        }
        return record;
    }

    /** For tests: re-read the registry now (a file only if it changed). */
    void reloadNow() {
        registry.reloadIfChanged();
    }

    @Override
    public void close() {
        if (registry != null) {
            registry.close();
        }
    }
}
