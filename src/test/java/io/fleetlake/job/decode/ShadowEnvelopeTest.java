package io.fleetlake.job.decode;

import static io.fleetlake.job.decode.DecodeTestSupport.doc;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShadowEnvelopeTest {
    @Test
    void shadowDocumentBodyIsCurrentReportedStateWithCurrentVersion() {
        ShadowEnvelope d =
                doc(
                        "{\"previous\":{\"state\":{\"reported\":{\"a\":1}},\"version\":4},"
                                + "\"current\":{\"state\":{\"reported\":{\"b\":2}},\"version\":5},\"timestamp\":1}");
        assertThat(d.isEnvelope()).isTrue();
        assertThat(d.body.get("b").asInt()).isEqualTo(2);
        assertThat(d.root.get("timestamp").asInt()).isEqualTo(1);
        assertThat(d.version).isEqualTo(5L);
    }

    @Test
    void shadowUpdateAndBareReported() {
        assertThat(doc("{\"state\":{\"reported\":{\"b\":2}},\"version\":\"3\"}").version)
                .isEqualTo(3L);
        ShadowEnvelope bare = doc("{\"reported\":{\"b\":2,\"version\":7}}");
        assertThat(bare.isEnvelope()).isTrue();
        assertThat(bare.version).as("the reported state's own version").isEqualTo(7L);
    }

    @Test
    void flatObjectIsItsOwnBody() {
        ShadowEnvelope d = doc("{\"state\":\"ok\",\"version\":2,\"temperature\":1}");
        assertThat(d.isEnvelope()).isFalse();
        assertThat(d.body).isSameAs(d.root);
        assertThat(d.version).isEqualTo(2L);
        assertThat(doc("{\"temperature\":1}").version).isNull();
    }
}
