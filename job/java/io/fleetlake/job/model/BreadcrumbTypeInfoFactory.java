package io.fleetlake.job.model;

import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * Declares {@link Breadcrumb} as a POJO with a typed attribute map, so Flink never uses Kryo for
 * it.
 */
public class BreadcrumbTypeInfoFactory extends TypeInfoFactory<Breadcrumb> {
    @Override
    public TypeInformation<Breadcrumb> createTypeInfo(
            Type t, Map<String, TypeInformation<?>> genericParameters) {
        Map<String, TypeInformation<?>> fields = new LinkedHashMap<>();
        fields.put("thingName", Types.STRING);
        fields.put("deviceId", Types.STRING);
        fields.put("topic", Types.STRING);
        fields.put("eventTime", Types.LONG);
        fields.put("lat", Types.DOUBLE);
        fields.put("lon", Types.DOUBLE);
        fields.put("speed", Types.DOUBLE);
        fields.put("heading", Types.STRING);
        fields.put("ignition", Types.BOOLEAN);
        fields.put("address", Types.STRING);
        fields.put("shadowVersion", Types.LONG);
        fields.put("geohash", Types.STRING);
        fields.put("attributes", Types.MAP(Types.STRING, Types.STRING));
        fields.put("source", Types.STRING);
        fields.put("origin", Types.STRING);
        return Types.POJO(Breadcrumb.class, fields);
    }
}
