package io.fleetlake.job.enrich;

import io.fleetlake.connectors.registry.RegistrySettings;
import io.fleetlake.job.model.Breadcrumb;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Registry enrichment of breadcrumbs: attributes go into {@code breadcrumbs.attributes}. */
public class BreadcrumbEnrichment extends RegistryEnrichment<Breadcrumb> {
    private static final long serialVersionUID = 1L;

    public BreadcrumbEnrichment(RegistrySettings settings) {
        super(settings);
    }

    public BreadcrumbEnrichment(String path, List<String> keyColumns, Duration reloadInterval) {
        super(path, keyColumns, reloadInterval);
    }

    @Override
    protected String deviceId(Breadcrumb b) {
        return b.deviceId;
    }

    @Override
    protected String thingName(Breadcrumb b) {
        return b.thingName;
    }

    @Override
    protected Map<String, String> attributes(Breadcrumb b) {
        return b.attributes;
    }
}
