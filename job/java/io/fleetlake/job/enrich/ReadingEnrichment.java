package io.fleetlake.job.enrich;

import io.fleetlake.connectors.registry.RegistrySettings;
import io.fleetlake.job.model.Reading;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Registry enrichment of readings: attributes go into {@code readings.attributes}. */
public class ReadingEnrichment extends RegistryEnrichment<Reading> {
    private static final long serialVersionUID = 1L;

    public ReadingEnrichment(RegistrySettings settings) {
        super(settings);
    }

    public ReadingEnrichment(String path, List<String> keyColumns, Duration reloadInterval) {
        super(path, keyColumns, reloadInterval);
    }

    @Override
    protected String deviceId(Reading r) {
        return r.deviceId;
    }

    @Override
    protected String thingName(Reading r) {
        return r.thingName;
    }

    @Override
    protected Map<String, String> attributes(Reading r) {
        return r.attributes;
    }
}
