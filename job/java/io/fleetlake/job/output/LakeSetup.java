package io.fleetlake.job.output;

import io.fleetlake.connectors.lake.LakeSinkFactory;
import io.fleetlake.job.config.FleetlakeConfig;

/**
 * The lake as an {@link OutputExtension#configureLake} sees it: the sink factory being set up, the
 * lake's own location and codec (a backfill's factory writes to a staging area, but a catalog still
 * points at the lake), and the configuration.
 */
public final class LakeSetup {
    private final LakeSinkFactory factory;
    private final String lakePath;
    private final String codec;
    private final FleetlakeConfig config;

    public LakeSetup(
            LakeSinkFactory factory, String lakePath, String codec, FleetlakeConfig config) {
        this.factory = factory;
        this.lakePath = lakePath;
        this.codec = codec;
        this.config = config;
    }

    public LakeSinkFactory factory() {
        return factory;
    }

    /** The lake's root ({@code Lake.path}), also while a backfill writes to its staging area. */
    public String lakePath() {
        return lakePath;
    }

    /** The Parquet codec's name ({@code Lake.codec}). */
    public String codec() {
        return codec;
    }

    public FleetlakeConfig config() {
        return config;
    }
}
