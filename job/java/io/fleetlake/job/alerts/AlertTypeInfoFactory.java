package io.fleetlake.job.alerts;

import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/** Declares {@link Alert} as a POJO with a typed details map, so Flink never uses Kryo for it. */
public class AlertTypeInfoFactory extends TypeInfoFactory<Alert> {
    @Override
    public TypeInformation<Alert> createTypeInfo(
            Type t, Map<String, TypeInformation<?>> genericParameters) {
        Map<String, TypeInformation<?>> fields = new LinkedHashMap<>();
        fields.put("alertId", Types.STRING);
        fields.put("rule", Types.STRING);
        fields.put("type", Types.STRING);
        fields.put("deviceId", Types.STRING);
        fields.put("thingName", Types.STRING);
        fields.put("state", Types.STRING);
        fields.put("openedAt", Types.LONG);
        fields.put("closedAt", Types.LONG);
        fields.put("durationS", Types.DOUBLE);
        fields.put("value", Types.DOUBLE);
        fields.put("threshold", Types.DOUBLE);
        fields.put("lat", Types.DOUBLE);
        fields.put("lon", Types.DOUBLE);
        fields.put("details", Types.MAP(Types.STRING, Types.STRING));
        return Types.POJO(Alert.class, fields);
    }
}
