package io.fleetlake.connectors.s3;

import io.fleetlake.connectors.config.ConfigStrings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.DefaultPluginManager;
import org.apache.flink.core.plugin.DirectoryBasedPluginFinder;
import org.apache.flink.core.plugin.PluginDescriptor;
import org.apache.flink.core.plugin.PluginManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flink's S3 file system ({@code flink-s3-fs-hadoop}) for {@code s3://} lake roots and inputs.
 *
 * <p>Flink file systems are process-wide: a TaskManager initializes them once at start from its own
 * configuration and its {@code plugins/} folder. On a Flink cluster the S3 settings therefore
 * belong in the cluster's configuration ({@code s3.endpoint}, ...), on Managed Service for Apache
 * Flink the service configures S3 itself, and only where the job runs in this JVM (the local
 * launcher, tests) does {@link #initialize} apply them. The file system is loaded as a plugin,
 * exactly as a cluster does, because the plugin jar bundles Hadoop and a Jackson of its own that
 * must not meet the job's classes.
 */
public final class S3FileSystems {
    private static final Logger LOG = LoggerFactory.getLogger(S3FileSystems.class);

    /**
     * Environment variable Flink uses for its plugins folder; {@code ./fleetlake} points it at
     * target/plugins.
     */
    public static final String PLUGINS_DIR_ENV = "FLINK_PLUGINS_DIR";

    private S3FileSystems() {}

    /**
     * Settings for S3 in this JVM; every one is optional (unset: the default AWS chain and
     * endpoint).
     */
    public static final class Settings {
        private String endpoint;
        private Boolean pathStyleAccess;
        private String accessKey;
        private String secretKey;

        /** The settings the {@link S3Options} in {@code config} describe. */
        public static Settings fromConfiguration(ReadableConfig config) {
            return new Settings()
                    .endpoint(config.getOptional(S3Options.ENDPOINT).orElse(null))
                    .pathStyleAccess(config.getOptional(S3Options.PATH_STYLE_ACCESS).orElse(null))
                    .credentials(
                            config.getOptional(S3Options.ACCESS_KEY).orElse(null),
                            config.getOptional(S3Options.SECRET_KEY).orElse(null));
        }

        /** Endpoint override, e.g. {@code http://127.0.0.1:9000} for a local S3 server. */
        public Settings endpoint(String endpoint) {
            this.endpoint = ConfigStrings.trimToNull(endpoint);
            return this;
        }

        /** Path-style requests ({@code host/bucket/key}), which local S3 servers need. */
        public Settings pathStyleAccess(Boolean pathStyleAccess) {
            this.pathStyleAccess = pathStyleAccess;
            return this;
        }

        /**
         * Static credentials, for local S3 servers only; unset: the default AWS credential chain.
         */
        public Settings credentials(String accessKey, String secretKey) {
            this.accessKey = ConfigStrings.trimToNull(accessKey);
            this.secretKey = ConfigStrings.trimToNull(secretKey);
            return this;
        }

        /** The Flink configuration entries these settings become ({@code s3.endpoint}, ...). */
        public Configuration toFlinkConfiguration() {
            Configuration c = new Configuration();
            if (endpoint != null) {
                c.setString("s3.endpoint", endpoint);
                if (endpoint.toLowerCase(Locale.ROOT).startsWith("http://")) {
                    c.setString("s3.connection.ssl.enabled", "false");
                }
            }
            if (pathStyleAccess != null) {
                c.setString("s3.path.style.access", pathStyleAccess.toString());
            }
            if (accessKey != null && secretKey != null) {
                c.setString("s3.access-key", accessKey);
                c.setString("s3.secret-key", secretKey);
            }
            return c;
        }

        @Override
        public String toString() {
            // Never print the secret.
            return "S3Settings{endpoint="
                    + endpoint
                    + ", pathStyleAccess="
                    + pathStyleAccess
                    + ", staticCredentials="
                    + (accessKey != null)
                    + "}";
        }
    }

    /** True for a URI Flink resolves with the S3 plugin. */
    public static boolean isS3(String uri) {
        String u = uri.trim().toLowerCase(Locale.ROOT);
        return u.startsWith("s3://") || u.startsWith("s3a://");
    }

    /** The plugins folder named by {@value #PLUGINS_DIR_ENV}, else {@code fallback}. */
    public static Path pluginsDir(Path fallback) {
        String env = System.getenv(PLUGINS_DIR_ENV);
        return env == null || env.isBlank() ? fallback : Path.of(env);
    }

    /**
     * (Re)initializes this JVM's Flink file systems with the plugins under {@code pluginsDir} (one
     * sub-folder per plugin, as in a Flink distribution) and the given settings. Local file systems
     * are unaffected.
     *
     * @param settings S3 settings
     * @param pluginsDir Flink plugins folder; may be missing when no {@code s3://} path is used
     * @param required true when an {@code s3://} path will be used: a missing plugin is then an
     *     error here, not a late "no file system for scheme s3" inside the job
     */
    public static synchronized void initialize(
            Settings settings, Path pluginsDir, boolean required) {
        Configuration conf = settings.toFlinkConfiguration();
        PluginManager plugins = pluginManager(conf, pluginsDir);
        FileSystem.initialize(conf, plugins);
        if (required) {
            try {
                FileSystem.get(java.net.URI.create("s3://fleetlake-probe/"));
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        "no S3 file system: put flink-s3-fs-hadoop under "
                                + pluginsDir
                                + "/s3-fs-hadoop/ (mvn generate-resources does) or set "
                                + PLUGINS_DIR_ENV
                                + " ("
                                + e.getMessage()
                                + ")",
                        e);
            }
        }
        LOG.info(
                "Flink file systems initialized with plugins from {} and {}", pluginsDir, settings);
    }

    private static PluginManager pluginManager(Configuration conf, Path pluginsDir) {
        try {
            Collection<PluginDescriptor> descriptors =
                    pluginsDir != null && Files.isDirectory(pluginsDir)
                            ? new DirectoryBasedPluginFinder(pluginsDir).findPlugins()
                            : java.util.List.of();
            return new DefaultPluginManager(
                    descriptors, CoreOptions.getPluginParentFirstLoaderPatterns(conf));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read Flink plugins folder " + pluginsDir, e);
        }
    }
}
