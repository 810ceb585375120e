package io.fleetlake.tools.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;

/**
 * Checkpoints of in-process runs go to a temporary folder, as a cluster's go to a file system:
 * without a checkpoint directory Flink keeps them in the JobManager's memory, which refuses state
 * above 5 MB, and a backfill whose TOP-K windows stay open while one reader is hours of event time
 * behind the other has more.
 */
public final class LocalCheckpointStorage {
    private LocalCheckpointStorage() {}

    /**
     * Sets file-system checkpoint storage under a new temporary folder unless a directory is
     * configured.
     */
    public static Configuration apply(Configuration c) {
        if (!c.contains(CheckpointingOptions.CHECKPOINTS_DIRECTORY)) {
            try {
                c.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
                c.set(
                        CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                        Files.createTempDirectory("fleetlake-checkpoints").toUri().toString());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temporary checkpoint folder", e);
            }
        }
        return c;
    }
}
