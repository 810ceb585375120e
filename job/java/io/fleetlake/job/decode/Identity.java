package io.fleetlake.job.decode;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetlake.job.model.Delivery;
import io.fleetlake.job.model.RawMessage;
import java.util.List;
import java.util.Map;

/**
 * Who sent a document and on which topic: the IoT rule's {@code thetopic} over the message's topic;
 * thing name and device id from the reported state, then the document, then the topic templates;
 * the device id falls back to the thing name, and for a file with neither to the file's name
 * (historian exports without a device column).
 */
final class Identity {
    final String topic;
    final String thingName;
    final String deviceId;

    Identity(String topic, String thingName, String deviceId) {
        this.topic = topic;
        this.thingName = thingName;
        this.deviceId = deviceId;
    }

    static Identity of(RawMessage message, ShadowEnvelope doc, TopicTemplates templates) {
        String topic = message.topic;
        JsonNode ruleTopic = doc.root.get(FieldNames.RULE_TOPIC);
        if (ruleTopic != null && ruleTopic.isTextual() && !ruleTopic.asText().isEmpty()) {
            topic = ruleTopic.asText();
        }
        Map<String, String> topicVars = templates.match(topic);
        String thingName = firstText(doc, FieldNames.THING_NAME);
        if (thingName == null) {
            thingName = topicVars.get("thing_name");
        }
        String deviceId = firstText(doc, FieldNames.DEVICE_ID);
        if (deviceId == null) {
            deviceId = topicVars.get("device_id");
        }
        if (deviceId == null) {
            deviceId = thingName;
        }
        if (deviceId == null && message.delivery == Delivery.FILE) {
            deviceId = fileStem(message.origin);
        }
        return new Identity(topic, thingName, deviceId);
    }

    /**
     * The first non-empty scalar among {@code names}, each looked up in the body and then the
     * document.
     */
    private static String firstText(ShadowEnvelope doc, List<String> names) {
        for (String n : names) {
            JsonNode v = doc.body.get(n);
            if ((v == null || v.isNull()) && doc.isEnvelope()) {
                v = doc.root.get(n);
            }
            if (v != null && v.isValueNode() && !v.isNull() && !v.asText().isEmpty()) {
                return v.asText();
            }
        }
        return null;
    }

    /**
     * The file name without directories and extensions: the device id of a historian export without
     * one.
     */
    static String fileStem(String origin) {
        if (origin == null) {
            return null;
        }
        String path = origin;
        int colon = path.lastIndexOf(':');
        if (colon > 0 && colon < path.length() - 1 && Character.isDigit(path.charAt(colon + 1))) {
            path = path.substring(0, colon);
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
