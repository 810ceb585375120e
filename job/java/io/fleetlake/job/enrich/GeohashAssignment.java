package io.fleetlake.job.enrich;

import io.fleetlake.job.model.Breadcrumb;
import org.apache.flink.api.common.functions.MapFunction;

/** Sets each breadcrumb's {@code geohash} cell (the TOP-K "trending cells" item). */
public class GeohashAssignment implements MapFunction<Breadcrumb, Breadcrumb> {
    private static final long serialVersionUID = 1L;

    private final int precision;

    public GeohashAssignment(int precision) {
        Geohash.encode(0, 0, precision); // validates the precision when the job is built
        this.precision = precision;
    }

    @Override
    public Breadcrumb map(Breadcrumb b) {
        b.geohash = Geohash.encode(b.lat, b.lon, precision);
        return b;
    }
}
