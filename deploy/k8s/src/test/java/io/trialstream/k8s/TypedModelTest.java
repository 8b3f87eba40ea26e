package io.trialstream.k8s;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The typed validation rejects what Kubernetes or Strimzi would reject or silently drop. */
class TypedModelTest {

    private static ObjectNode yaml(String text) {
        return (ObjectNode) Kustomize.Yaml.documents(text).get(0);
    }

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: app
            spec:
              replicas: 2
              selector:
                matchLabels: {app: app}
              template:
                metadata:
                  labels: {app: app}
                spec:
                  containers:
                    - name: app
                      image: app:1
                      resources:
                        limits: {memory: 512Mi}
                      readinessProbe:
                        httpGet: {path: /q/health/ready, port: http}
            """;

    @Test
    void readsAValidObjectIntoItsClass() {
        assertThat(TypedModel.read(yaml(DEPLOYMENT))).isInstanceOf(Deployment.class);
        assertThat(TypedModel.read(yaml("""
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: trials.v1, labels: {strimzi.io/cluster: trialstream}}
                spec: {partitions: 3, replicas: 3, config: {cleanup.policy: compact}}
                """))).isInstanceOf(KafkaTopic.class);
    }

    @Test
    void reportsAMisspeltFieldWithItsPath() {
        assertThatThrownBy(() -> TypedModel.read(yaml(DEPLOYMENT.replace("readinessProbe:", "readinesProbe:"))))
                .hasMessageContaining("Deployment.spec.template.spec.containers[0]: unknown field(s) [readinesProbe]");
        assertThatThrownBy(() -> TypedModel.read(yaml(DEPLOYMENT.replace("  replicas: 2", "  replicas: 2\n  replica: 2"))))
                .hasMessageContaining("unknown field(s) [replica]");
    }

    @Test
    void rejectsAStringWhereANumberBelongsAndAMalformedQuantity() {
        assertThatThrownBy(() -> TypedModel.read(yaml(DEPLOYMENT.replace("replicas: 2", "replicas: \"2\""))))
                .hasMessageContaining("does not fit");
        assertThatThrownBy(() -> TypedModel.read(yaml(DEPLOYMENT.replace("512Mi", "512MB"))))
                .hasMessageContaining("not a Kubernetes quantity");
    }

    @Test
    void rejectsStrimziFieldsTheV1ApiDroppedAndInvalidEnumValues() {
        String user = """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaUser
                metadata: {name: app, labels: {strimzi.io/cluster: trialstream}}
                spec:
                  authentication: {type: scram-sha-512}
                  authorization:
                    type: simple
                    acls:
                      - resource: {type: topic, name: trials.v1, patternType: literal}
                        operations: [Read]
                """;
        assertThat(TypedModel.read(yaml(user))).isNotNull();
        assertThatThrownBy(() -> TypedModel.read(yaml(user.replace("operations: [Read]", "operation: Read"))))
                .hasMessageContaining("spec.authorization.acls[].operation is not part of kafka.strimzi.io/v1");
        assertThatThrownBy(() -> TypedModel.read(yaml(user.replace("operations: [Read]", "operations: [Reed]"))))
                .hasMessageContaining("spec.authorization.acls[0].operations[0]: \"Reed\" was not understood");
        assertThatThrownBy(() -> TypedModel.read(yaml(user.replace("scram-sha-512", "scram-sha-256"))))
                .hasMessageContaining("does not fit");
    }

    @Test
    void rejectsKindsWithoutAModel() {
        assertThatThrownBy(() -> TypedModel.read(yaml("apiVersion: apps/v1beta1\nkind: Deployment\nmetadata: {name: x}\n")))
                .hasMessageContaining("no typed model for apps/v1beta1/Deployment");
    }
}
