package io.fleetlake.connectors.registry;

import io.fleetlake.connectors.aws.AwsClientDefaults;
import io.fleetlake.connectors.files.ReloadingFile;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.GroupNameAndArn;
import software.amazon.awssdk.services.iot.model.ListThingGroupsRequest;
import software.amazon.awssdk.services.iot.model.ListThingsInThingGroupRequest;
import software.amazon.awssdk.services.iot.model.ListThingsRequest;
import software.amazon.awssdk.services.iot.model.ThingAttribute;

/**
 * Reads the device registry from the AWS IoT registry with the control-plane API: every thing
 * ({@code ListThings}, paginated) with its attributes and thing type, and the thing groups it is in
 * ({@code ListThingGroups}, then {@code ListThingsInThingGroup} per group: one call per group
 * rather than one per thing). A thing is keyed by its name and by each of the key columns it has as
 * an attribute (e.g. {@code device_id}); its attributes, plus {@code thing_type} and {@code
 * thing_groups} (';'-separated, sorted), are what the enrichment adds, exactly as a file row's.
 *
 * <p>Errors (throttling after the SDK's retries, 5xx, no access) fail the read, and {@link
 * ReloadingFile} keeps the previous registry. An answer with no things after one with things is
 * suspect (an IAM change, a wrong region, a registry being rebuilt) and fails the read too with
 * {@link SuspectAnswerException}, so enrichment is never wiped by one bad answer; an empty registry
 * at start is accepted.
 */
public final class IotRegistryReader
        implements ReloadingFile.Reader<RegistrySnapshot>, AutoCloseable {
    /** Attribute holding the thing's type. */
    public static final String THING_TYPE = "thing_type";

    /** Attribute holding the thing's groups, ';'-separated and sorted. */
    public static final String THING_GROUPS = "thing_groups";

    /** ListThings' largest page. */
    public static final int MAX_PAGE_SIZE = 250;

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    /** An empty answer after a non-empty one: kept out, the previous registry stays. */
    public static final class SuspectAnswerException extends Exception {
        private static final long serialVersionUID = 1L;

        SuspectAnswerException(String message) {
            super(message);
        }
    }

    private final IotClient iot;
    private final List<String> keyColumns;
    private final String where;
    private final int pageSize;
    private int lastThings;

    /**
     * A reader on its own IoT client (closed with the reader), asking for {@code pageSize} things a
     * ListThings page (at most 250).
     */
    public IotRegistryReader(IotClient iot, List<String> keyColumns, String where, int pageSize) {
        this.iot = iot;
        this.keyColumns = List.copyOf(keyColumns);
        this.where = where;
        this.pageSize = pageSize;
    }

    static IotRegistryReader create(RegistrySettings settings) {
        var builder =
                IotClient.builder()
                        .httpClientBuilder(
                                UrlConnectionHttpClient.builder()
                                        .connectionTimeout(Duration.ofSeconds(10))
                                        .socketTimeout(CALL_TIMEOUT))
                        .credentialsProvider(credentials(settings))
                        .region(region(settings))
                        .overrideConfiguration(o -> o.apiCallTimeout(CALL_TIMEOUT));
        if (settings.endpoint() != null) {
            builder.endpointOverride(URI.create(settings.endpoint()));
        }
        return new IotRegistryReader(
                builder.build(),
                settings.keyColumns(),
                "iot:" + (settings.endpoint() != null ? settings.endpoint() : settings.region()),
                MAX_PAGE_SIZE);
    }

    private static AwsCredentialsProvider credentials(RegistrySettings settings) {
        return AwsClientDefaults.credentials(settings.accessKey(), settings.secretKey());
    }

    private static Region region(RegistrySettings settings) {
        return AwsClientDefaults.region(
                settings.region(), settings.endpoint(), "the IoT registry", "Registry.region");
    }

    @Override
    public String path() {
        return where;
    }

    /** The IoT registry has no modification time: every check reads it. */
    @Override
    public long modificationTime() {
        return Long.MIN_VALUE;
    }

    @Override
    public RegistrySnapshot read() throws SuspectAnswerException {
        Map<String, TreeSet<String>> groupsByThing = new HashMap<>();
        for (GroupNameAndArn group :
                iot.listThingGroupsPaginator(ListThingGroupsRequest.builder().build())
                        .thingGroups()) {
            for (String thing :
                    iot.listThingsInThingGroupPaginator(
                                    ListThingsInThingGroupRequest.builder()
                                            .thingGroupName(group.groupName())
                                            .build())
                            .things()) {
                groupsByThing.computeIfAbsent(thing, t -> new TreeSet<>()).add(group.groupName());
            }
        }
        Map<String, Map<String, String>> byKey = new HashMap<>();
        int things = 0;
        for (ThingAttribute thing :
                iot.listThingsPaginator(ListThingsRequest.builder().maxResults(pageSize).build())
                        .things()) {
            things++;
            Map<String, String> attributes = new LinkedHashMap<>(thing.attributes());
            attributes.keySet().removeAll(keyColumns);
            if (thing.thingTypeName() != null) {
                attributes.put(THING_TYPE, thing.thingTypeName());
            }
            TreeSet<String> groups = groupsByThing.get(thing.thingName());
            if (groups != null) {
                attributes.put(THING_GROUPS, String.join(";", groups));
            }
            byKey.put(thing.thingName(), attributes);
            for (String k : keyColumns) {
                String key = thing.attributes().get(k);
                if (key != null && !key.isEmpty()) {
                    byKey.put(key, attributes);
                }
            }
        }
        if (things == 0 && lastThings > 0) {
            throw new SuspectAnswerException(
                    "the IoT registry answered no things after "
                            + lastThings
                            + "; an empty answer is taken as suspect (restart the job to accept an "
                            + "empty registry)");
        }
        lastThings = things;
        long now = System.currentTimeMillis();
        return new RegistrySnapshot(byKey, now, now);
    }

    @Override
    public void close() {
        iot.close();
    }
}
