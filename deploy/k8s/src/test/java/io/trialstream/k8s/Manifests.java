package io.trialstream.k8s;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The objects of one rendered overlay, typed, with look-ups for the checks. */
final class Manifests {
    private final String overlay;
    private final List<ObjectNode> objects;
    private final String renderer;
    private final List<HasMetadata> typed = new ArrayList<>();
    private final Map<String, String> invalid = new LinkedHashMap<>();

    Manifests(String overlay, List<ObjectNode> objects, String renderer) {
        this.overlay = overlay;
        this.objects = List.copyOf(objects);
        this.renderer = renderer;
        for (ObjectNode object : objects) {
            try {
                typed.add(TypedModel.read(object));
            } catch (IllegalArgumentException e) {
                invalid.put(Kustomize.id(object), e.getMessage());
            }
        }
    }

    String overlay() {
        return overlay;
    }

    /** Which renderer produced these objects, for assertion messages. */
    String renderer() {
        return renderer;
    }

    List<ObjectNode> objects() {
        return objects;
    }

    /** Objects that do not fit their typed model, with the reason. */
    Map<String, String> invalid() {
        return Collections.unmodifiableMap(invalid);
    }

    List<HasMetadata> all() {
        return Collections.unmodifiableList(typed);
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return typed.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(object -> name.equals(object.getMetadata().getName())).findFirst();
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError(
                overlay + " (" + renderer + "): no " + type.getSimpleName() + " named " + name));
    }

    /** Whether a label selector (matchLabels and matchExpressions) selects objects with these labels. */
    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        Map<String, String> actual = labels == null ? Map.of() : labels;
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> entry : selector.getMatchLabels().entrySet()) {
                if (!entry.getValue().equals(actual.get(entry.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
                String value = actual.get(requirement.getKey());
                List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
                boolean ok = switch (requirement.getOperator()) {
                    case "In" -> value != null && values.contains(value);
                    case "NotIn" -> value == null || !values.contains(value);
                    case "Exists" -> value != null;
                    case "DoesNotExist" -> value == null;
                    default -> throw new AssertionError("unknown selector operator " + requirement.getOperator());
                };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether a selector selects nothing-in-particular, i.e. every pod ({@code podSelector: {}}). */
    static boolean selectsEverything(LabelSelector selector) {
        return selector != null
                && (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
    }
}
